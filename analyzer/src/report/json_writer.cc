#include "json_writer.h"

namespace policycheck::report {

namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the UTF-8 sequence that lead byte `b` starts, and the range its first continuation
// byte must be in (Unicode Table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF).
// 0: `b` cannot start a sequence.
int SequenceLength(unsigned char b, unsigned char* lo, unsigned char* hi) {
  *lo = 0x80;
  *hi = 0xBF;
  if (b >= 0xC2 && b <= 0xDF) return 2;
  if (b == 0xE0) {
    *lo = 0xA0;
    return 3;
  }
  if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) return 3;
  if (b == 0xED) {
    *hi = 0x9F;
    return 3;
  }
  if (b == 0xF0) {
    *lo = 0x90;
    return 4;
  }
  if (b >= 0xF1 && b <= 0xF3) return 4;
  if (b == 0xF4) {
    *hi = 0x8F;
    return 4;
  }
  return 0;
}

void AppendEscapedAscii(unsigned char c, std::string* out) {
  switch (c) {
    case '\b':
      *out += "\\b";
      return;
    case '\t':
      *out += "\\t";
      return;
    case '\n':
      *out += "\\n";
      return;
    case '\f':
      *out += "\\f";
      return;
    case '\r':
      *out += "\\r";
      return;
    case '"':
      *out += "\\\"";
      return;
    case '\\':
      *out += "\\\\";
      return;
    default:
      break;
  }
  if (c <= 0x1F) {
    *out += "\\u00";
    *out += kHex[c >> 4];
    *out += kHex[c & 0xF];
  } else {
    *out += static_cast<char>(c);
  }
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  out->reserve(out->size() + s.size() + 2);
  *out += '"';
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      AppendEscapedAscii(b, out);
      ++i;
      continue;
    }
    unsigned char lo, hi;
    int len = SequenceLength(b, &lo, &hi);
    if (len == 0) {  // a byte that starts nothing: replaced, and the next byte is read fresh
      *out += kReplacement;
      ++i;
      continue;
    }
    int k = 1;
    for (; k < len && i + k < n; ++k) {
      auto c = static_cast<unsigned char>(s[i + k]);
      if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) break;
    }
    if (k == len) {
      out->append(s.data() + i, static_cast<size_t>(len));
      i += static_cast<size_t>(len);
    } else {
      // A sequence cut short (by a byte that does not continue it, or by the end of the string):
      // one replacement character, and the byte that broke it is read again on its own.
      *out += kReplacement;
      i += static_cast<size_t>(k);
    }
  }
  *out += '"';
}

void JsonWriter::Indent(size_t depth) { out_->append(2 * depth, ' '); }

void JsonWriter::Prefix() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (stack_.empty()) return;
  Level& level = stack_.back();
  *out_ += level.empty ? "\n" : ",\n";
  level.empty = false;
  Indent(stack_.size());
}

void JsonWriter::Key(std::string_view key) {
  Prefix();
  AppendJsonString(key, out_);
  *out_ += ": ";
  after_key_ = true;
}

void JsonWriter::Open(char c) {
  Prefix();
  *out_ += c;
  stack_.push_back(Level{});
}

void JsonWriter::Close(char c) {
  bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) {
    *out_ += '\n';
    Indent(stack_.size());
  }
  *out_ += c;
}

void JsonWriter::Double(double v) {
  Prefix();
  *out_ += nlohmann::ordered_json(v).dump();  // Go-like shortest form, exactly as nlohmann prints it
}

void JsonWriter::Value(const nlohmann::ordered_json& v) {
  Prefix();
  std::string text = v.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  std::string pad(2 * stack_.size(), ' ');
  for (char c : text) {
    *out_ += c;
    if (c == '\n') *out_ += pad;  // strings hold no raw newline: every one is the pretty printer's
  }
}

}  // namespace policycheck::report
