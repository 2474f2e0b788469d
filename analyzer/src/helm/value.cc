#include "value.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <type_traits>
#include <vector>

namespace policycheck::helm {
namespace {

const List& EmptyList() {
  static const List* l = new List();
  return *l;
}
const Map& EmptyMap() {
  static const Map* m = new Map();
  return *m;
}

// Decimal digits of |f| (no trailing zeros) and the decimal point position:
// value = 0.d1d2d3... * 10^dp. `sig` < 0 means shortest round-trip digits.
struct Digits {
  std::string d;
  int dp = 0;
};

Digits ToDigits(double f, int sig) {
  Digits out;
  f = std::fabs(f);
  if (f == 0) return out;  // nd = 0, dp = 0
  char buf[64];
  std::to_chars_result r = sig < 0 ? std::to_chars(buf, buf + sizeof buf, f, std::chars_format::scientific)
                                   : std::to_chars(buf, buf + sizeof buf, f, std::chars_format::scientific,
                                                   sig > 0 ? sig - 1 : 0);
  std::string_view s(buf, r.ptr - buf);
  size_t e = s.find('e');
  std::string_view mant = s.substr(0, e);
  int exp = 0;
  std::from_chars(s.data() + e + (s[e + 1] == '+' ? 2 : 1), s.data() + s.size(), exp);
  for (char c : mant)
    if (c != '.') out.d.push_back(c);
  while (out.d.size() > 1 && out.d.back() == '0') out.d.pop_back();
  out.dp = exp + 1;
  return out;
}

void AppendExp(std::string* out, int exp, char e) {
  out->push_back(e);
  out->push_back(exp < 0 ? '-' : '+');
  exp = std::abs(exp);
  if (exp < 10) out->push_back('0');
  out->append(std::to_string(exp));
}

void FmtE(std::string* out, const Digits& d, int prec, char e) {
  out->push_back(d.d.empty() ? '0' : d.d[0]);
  if (prec > 0) {
    out->push_back('.');
    for (int i = 1; i <= prec; ++i) out->push_back(i < static_cast<int>(d.d.size()) ? d.d[i] : '0');
  }
  int exp = d.d.empty() ? 0 : d.dp - 1;
  AppendExp(out, exp, e);
}

void FmtF(std::string* out, const Digits& d, int prec) {
  int nd = static_cast<int>(d.d.size());
  if (d.dp > 0) {
    for (int i = 0; i < d.dp; ++i) out->push_back(i < nd ? d.d[i] : '0');
  } else {
    out->push_back('0');
  }
  if (prec > 0) {
    out->push_back('.');
    for (int i = 1; i <= prec; ++i) {
      int j = d.dp + i - 1;
      out->push_back(j >= 0 && j < nd ? d.d[j] : '0');
    }
  }
}

}  // namespace

std::string FormatFloat(double f, char fmt, int prec) {
  if (std::isnan(f)) return "NaN";
  if (std::isinf(f)) return f > 0 ? "+Inf" : "-Inf";
  std::string out;
  if (std::signbit(f)) out.push_back('-');
  bool shortest = prec < 0;
  switch (fmt) {
    case 'f':
    case 'F': {
      char buf[400];
      auto r = shortest ? std::to_chars(buf, buf + sizeof buf, std::fabs(f), std::chars_format::fixed)
                        : std::to_chars(buf, buf + sizeof buf, std::fabs(f), std::chars_format::fixed, prec);
      out.append(buf, r.ptr - buf);
      return out;
    }
    case 'e':
    case 'E': {
      Digits d = ToDigits(f, shortest ? -1 : prec + 1);
      FmtE(&out, d, shortest ? std::max<int>(0, static_cast<int>(d.d.size()) - 1) : prec, fmt);
      return out;
    }
    default: {  // 'g', 'G'
      char e = fmt == 'G' ? 'E' : 'e';
      if (prec == 0) prec = 1;
      Digits d = ToDigits(f, shortest ? -1 : prec);
      int nd = static_cast<int>(d.d.size());
      if (shortest) prec = nd;
      int eprec = prec;
      if (eprec > nd && nd >= d.dp) eprec = nd;
      if (shortest) eprec = 6;
      int exp = d.dp - 1;
      if (f == 0) exp = 0;
      if (exp < -4 || exp >= eprec) {
        if (prec > nd) prec = nd;
        FmtE(&out, d, prec - 1, e);
        return out;
      }
      if (prec > d.dp) prec = nd;
      FmtF(&out, d, std::max(prec - d.dp, 0));
      return out;
    }
  }
}

std::string GoQuote(std::string_view s) {
  std::string out = "\"";
  static const char* kHex = "0123456789abcdef";
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        case '\a': out += "\\a"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\v': out += "\\v"; break;
        default:
          if (c < 0x20 || c == 0x7f) {
            out += "\\x";
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
          } else {
            out.push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    // Multi-byte UTF-8: validate and copy; invalid bytes become \x escapes.
    int len = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = len > 0 && i + len <= s.size();
    for (int k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
      ++i;
    }
  }
  out.push_back('"');
  return out;
}

const List& Value::AsList() const {
  if (kind_ == Kind::kList) return *std::get<std::shared_ptr<List>>(data_);
  if (kind_ == Kind::kObject) {
    const List* l = ObjectPtr()->AsList();
    if (l) return *l;
  }
  return EmptyList();
}

const Map& Value::AsMap() const {
  if (kind_ == Kind::kMap) return *std::get<std::shared_ptr<Map>>(data_);
  if (kind_ == Kind::kObject) {
    const Map* m = ObjectPtr()->AsMap();
    if (m) return *m;
  }
  return EmptyMap();
}

bool Value::IsListLike() const {
  return kind_ == Kind::kList || (kind_ == Kind::kObject && ObjectPtr()->AsList());
}
bool Value::IsMapLike() const {
  return kind_ == Kind::kMap || (kind_ == Kind::kObject && ObjectPtr()->AsMap());
}

std::string Value::TypeName() const {
  switch (kind_) {
    case Kind::kInvalid:
    case Kind::kNil: return "<nil>";
    case Kind::kBool: return "bool";
    case Kind::kInt:
      return int_type_ == IntType::kInt ? "int" : int_type_ == IntType::kInt64 ? "int64" : "uint8";
    case Kind::kFloat: return "float64";
    case Kind::kString: return "string";
    case Kind::kList: return "[]interface {}";
    case Kind::kMap: return "map[string]interface {}";
    case Kind::kObject: return ObjectPtr()->TypeName();
  }
  return "";
}

std::string Value::KindName() const {
  switch (kind_) {
    case Kind::kInvalid:
    case Kind::kNil: return "invalid";
    case Kind::kList: return "slice";
    case Kind::kMap: return "map";
    case Kind::kObject: return IsListLike() ? "slice" : IsMapLike() ? "map" : "struct";
    default: return TypeName();
  }
}

bool IsTrue(const Value& v) {
  switch (v.kind()) {
    case Kind::kInvalid:
    case Kind::kNil: return false;
    case Kind::kBool: return v.AsBool();
    case Kind::kInt: return v.AsInt() != 0;
    case Kind::kFloat: return v.AsFloat() != 0;
    case Kind::kString: return !v.AsString().empty();
    case Kind::kList: return !v.AsList().empty();
    case Kind::kMap: return !v.AsMap().empty();
    case Kind::kObject:
      if (v.IsListLike()) return !v.AsList().empty();
      if (v.IsMapLike()) return !v.AsMap().empty();
      return true;
  }
  return false;
}

bool IsEmpty(const Value& v) { return !IsTrue(v); }


namespace {
// Children of containers being destroyed on this thread, while an outer ~Value drains them.
thread_local std::vector<Value>* pending_children = nullptr;
}  // namespace

void Value::ReleaseNested() noexcept {
  // Only the last owner takes the children out; a shared container dies with its other owners.
  auto take = [](std::vector<Value>* out, auto& ptr) {
    if (!ptr || ptr.use_count() != 1) return;
    if constexpr (std::is_same_v<std::decay_t<decltype(*ptr)>, List>) {
      for (Value& v : *ptr)
        if (v.kind_ == Kind::kList || v.kind_ == Kind::kMap) out->push_back(std::move(v));
    } else {
      for (auto& [key, v] : *ptr)
        if (v.kind_ == Kind::kList || v.kind_ == Kind::kMap) out->push_back(std::move(v));
    }
  };
  auto take_children = [&](std::vector<Value>* out) {
    if (kind_ == Kind::kList) {
      if (auto* p = std::get_if<std::shared_ptr<List>>(&data_)) take(out, *p);
    } else if (auto* p = std::get_if<std::shared_ptr<Map>>(&data_)) {
      take(out, *p);
    }
  };
  if (pending_children) {  // an outer ~Value is draining: hand the children to it
    take_children(pending_children);
    return;
  }
  std::vector<Value> pending;
  pending_children = &pending;
  take_children(&pending);
  while (!pending.empty()) {
    Value last = std::move(pending.back());
    pending.pop_back();
    // `last` is destroyed here and hands its own children to `pending`.
  }
  pending_children = nullptr;
}

void AppendGoValue(std::string* out, const Value& v) {
  NestingGuard guard;
  switch (v.kind()) {
    case Kind::kInvalid:
    case Kind::kNil: *out += "<nil>"; return;
    case Kind::kBool: *out += v.AsBool() ? "true" : "false"; return;
    case Kind::kInt: *out += std::to_string(v.AsInt()); return;
    case Kind::kFloat: *out += FormatFloat(v.AsFloat(), 'g', -1); return;
    case Kind::kString: *out += v.AsString(); return;
    case Kind::kList: {
      out->push_back('[');
      bool first = true;
      for (const Value& e : v.AsList()) {
        if (!first) out->push_back(' ');
        first = false;
        AppendGoValue(out, e);
      }
      out->push_back(']');
      return;
    }
    case Kind::kMap: {
      *out += "map[";
      bool first = true;
      for (const auto& [k, e] : v.AsMap()) {
        if (!first) out->push_back(' ');
        first = false;
        *out += k;
        out->push_back(':');
        AppendGoValue(out, e);
      }
      out->push_back(']');
      return;
    }
    case Kind::kObject:
      if (v.IsListLike()) {
        Value l(v.AsList());
        AppendGoValue(out, l);
      } else if (v.IsMapLike()) {
        Value m(v.AsMap());
        AppendGoValue(out, m);
      } else {
        *out += "{" + v.TypeName() + "}";
      }
      return;
  }
}

std::string GoString(const Value& v) {
  std::string s;
  AppendGoValue(&s, v);
  return s;
}

std::string GoSprint(std::span<const Value> args) {
  std::string out;
  bool prev_string = false;
  for (size_t i = 0; i < args.size(); ++i) {
    bool is_string = args[i].is_string();
    if (i > 0 && !is_string && !prev_string) out.push_back(' ');
    AppendGoValue(&out, args[i]);
    prev_string = is_string;
  }
  return out;
}

std::string GoSprintln(std::span<const Value> args) {
  std::string out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out.push_back(' ');
    AppendGoValue(&out, args[i]);
  }
  out.push_back('\n');
  return out;
}

namespace {

struct FmtFlags {
  bool minus = false, plus = false, sharp = false, space = false, zero = false;
  int width = -1;
  int prec = -1;
};

void AppendUtf8(std::string* out, uint32_t r) {
  if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
  if (r < 0x80) {
    out->push_back(static_cast<char>(r));
  } else if (r < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (r >> 6)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  } else if (r < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (r >> 12)));
    out->push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (r >> 18)));
    out->push_back(static_cast<char>(0x80 | ((r >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  }
}

size_t RuneCount(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// Pads `body` to the width. Numbers pad with zeros after the sign when asked.
void Pad(std::string* out, std::string body, const FmtFlags& f, bool numeric) {
  size_t n = RuneCount(body);
  if (f.width < 0 || n >= static_cast<size_t>(f.width)) {
    *out += body;
    return;
  }
  size_t pad = f.width - n;
  if (f.minus) {
    *out += body;
    out->append(pad, ' ');
  } else if (f.zero && numeric) {
    size_t sign = (!body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' ')) ? 1 : 0;
    out->append(body, 0, sign);
    out->append(pad, '0');
    out->append(body, sign, std::string::npos);
  } else if (f.zero && !numeric) {
    out->append(pad, '0');
    *out += body;
  } else {
    out->append(pad, ' ');
    *out += body;
  }
}

std::string IntInBase(int64_t v, int base, bool upper, const FmtFlags& f) {
  bool neg = v < 0;
  uint64_t u = neg ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string s;
  do {
    s.push_back(digits[u % base]);
    u /= base;
  } while (u);
  if (f.prec >= 0) {
    while (static_cast<int>(s.size()) < f.prec) s.push_back('0');
    if (f.prec == 0 && v == 0) s.clear();
  }
  if (f.sharp) {
    if (base == 16) s += upper ? "X0" : "x0";
    if (base == 8 && (s.empty() || s.back() != '0')) s += "0";
    if (base == 2) s += "b0";
  }
  if (neg) s.push_back('-');
  else if (f.plus) s.push_back('+');
  else if (f.space) s.push_back(' ');
  return std::string(s.rbegin(), s.rend());
}

void BadVerb(std::string* out, char verb, const Value& v) {
  *out += "%!";
  out->push_back(verb);
  out->push_back('(');
  if (v.is_nil()) {
    *out += "<nil>";
  } else {
    *out += v.TypeName();
    out->push_back('=');
    AppendGoValue(out, v);
  }
  out->push_back(')');
}

void FormatOne(std::string* out, const Value& v, char verb, const FmtFlags& f);

void FormatFloatVerb(std::string* out, double d, char verb, const FmtFlags& f) {
  char fmt = verb == 'v' ? 'g' : verb;
  int prec = f.prec;
  if (prec < 0 && (fmt == 'e' || fmt == 'E' || fmt == 'f' || fmt == 'F')) prec = 6;  // fmt's default
  std::string s = FormatFloat(d, fmt, prec);
  if (f.plus && s[0] != '-') s = "+" + s;
  else if (f.space && s[0] != '-') s = " " + s;
  if (std::isinf(d) || std::isnan(d)) {
    FmtFlags g = f;
    g.zero = false;
    Pad(out, s, g, false);
    return;
  }
  Pad(out, s, f, true);
}

void FormatOne(std::string* out, const Value& v, char verb, const FmtFlags& f) {
  NestingGuard guard;
  if (verb == 'T') {
    Pad(out, v.TypeName(), f, false);
    return;
  }
  switch (v.kind()) {
    case Kind::kInvalid:
    case Kind::kNil:
      if (verb == 'v') Pad(out, "<nil>", f, false);
      else BadVerb(out, verb, v);
      return;
    case Kind::kBool:
      if (verb == 'v' || verb == 't') Pad(out, v.AsBool() ? "true" : "false", f, false);
      else BadVerb(out, verb, v);
      return;
    case Kind::kInt: {
      int64_t i = v.AsInt();
      switch (verb) {
        case 'v':
        case 'd': Pad(out, IntInBase(i, 10, false, f), f, f.prec < 0); return;
        case 'x': Pad(out, IntInBase(i, 16, false, f), f, f.prec < 0); return;
        case 'X': Pad(out, IntInBase(i, 16, true, f), f, f.prec < 0); return;
        case 'o': Pad(out, IntInBase(i, 8, false, f), f, f.prec < 0); return;
        case 'O': {
          FmtFlags g = f;
          g.sharp = false;
          std::string s = IntInBase(i, 8, false, g);
          s.insert(s[0] == '-' ? 1 : 0, "0o");
          Pad(out, s, f, true);
          return;
        }
        case 'b': Pad(out, IntInBase(i, 2, false, f), f, f.prec < 0); return;
        case 'c': {
          std::string s;
          AppendUtf8(&s, static_cast<uint32_t>(i));
          Pad(out, s, f, false);
          return;
        }
        case 'q': {
          std::string s;
          AppendUtf8(&s, static_cast<uint32_t>(i));
          std::string q = GoQuote(s);
          q.front() = '\'';
          q.back() = '\'';
          if (s == "'") q = "'\\''";
          Pad(out, q, f, false);
          return;
        }
        case 'U': {
          char buf[32];
          std::snprintf(buf, sizeof buf, "U+%04llX", static_cast<unsigned long long>(i));
          Pad(out, buf, f, false);
          return;
        }
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
        default: BadVerb(out, verb, v); return;
      }
    }
    case Kind::kFloat:
      switch (verb) {
        case 'v': case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
          FormatFloatVerb(out, v.AsFloat(), verb, f);
          return;
        default: BadVerb(out, verb, v); return;
      }
    case Kind::kString: {
      const std::string& s = v.AsString();
      switch (verb) {
        case 'v':
        case 's': {
          if (f.prec >= 0) {
            // Truncate to prec runes.
            size_t runes = 0, i = 0;
            while (i < s.size() && runes < static_cast<size_t>(f.prec)) {
              ++i;
              while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
              ++runes;
            }
            Pad(out, s.substr(0, i), f, false);
          } else {
            Pad(out, s, f, false);
          }
          return;
        }
        case 'q': {
          if (f.sharp && s.find('`') == std::string::npos && s.find('\n') == std::string::npos) {
            Pad(out, "`" + s + "`", f, false);
          } else {
            Pad(out, GoQuote(s), f, false);
          }
          return;
        }
        case 'x':
        case 'X': {
          const char* digits = verb == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
          std::string h;
          for (unsigned char c : s) {
            if (f.space && !h.empty()) h.push_back(' ');
            h.push_back(digits[c >> 4]);
            h.push_back(digits[c & 15]);
          }
          Pad(out, h, f, false);
          return;
        }
        default: BadVerb(out, verb, v); return;
      }
    }
    case Kind::kList:
    case Kind::kMap:
    case Kind::kObject:
      if (v.IsListLike()) {
        if (verb == 's' && false) return;
        out->push_back('[');
        bool first = true;
        for (const Value& e : v.AsList()) {
          if (!first) out->push_back(' ');
          first = false;
          FormatOne(out, e, verb, f);
        }
        out->push_back(']');
        return;
      }
      if (v.IsMapLike()) {
        *out += "map[";
        bool first = true;
        for (const auto& [k, e] : v.AsMap()) {
          if (!first) out->push_back(' ');
          first = false;
          FormatOne(out, Value(k), verb, f);
          out->push_back(':');
          FormatOne(out, e, verb, f);
        }
        out->push_back(']');
        return;
      }
      if (verb == 'v' || verb == 's') Pad(out, GoString(v), f, false);
      else BadVerb(out, verb, v);
      return;
  }
}

}  // namespace

std::string GoSprintf(std::string_view format, std::span<const Value> args) {
  std::string out;
  size_t argi = 0;
  size_t i = 0;
  const size_t n = format.size();
  while (i < n) {
    size_t pct = format.find('%', i);
    if (pct == std::string_view::npos) {
      out.append(format.substr(i));
      break;
    }
    out.append(format.substr(i, pct - i));
    i = pct + 1;
    FmtFlags f;
    for (; i < n; ++i) {
      char c = format[i];
      if (c == '-') { f.minus = true; f.zero = false; }
      else if (c == '+') f.plus = true;
      else if (c == '#') f.sharp = true;
      else if (c == ' ') f.space = true;
      else if (c == '0') f.zero = !f.minus;
      else break;
    }
    auto read_num = [&](int* dst) {
      if (i < n && format[i] == '*') {
        ++i;
        if (argi < args.size() && args[argi].kind() == Kind::kInt) {
          *dst = static_cast<int>(args[argi].AsInt());
          if (*dst < 0 && dst == &f.width) { f.minus = true; *dst = -*dst; }
        } else {
          out += "%!(BADWIDTH)";
        }
        ++argi;
        return;
      }
      int v = -1;
      while (i < n && format[i] >= '0' && format[i] <= '9') {
        v = (v < 0 ? 0 : v * 10) + (format[i] - '0');
        if (v > 1000000) v = 1000000;
        ++i;
      }
      *dst = v;
    };
    read_num(&f.width);
    if (i < n && format[i] == '.') {
      ++i;
      read_num(&f.prec);
      if (f.prec < 0) f.prec = 0;
    }
    if (i >= n) {
      out += "%!(NOVERB)";
      break;
    }
    // Verbs are runes; we only handle ASCII verbs specially.
    char verb = format[i++];
    if (verb == '%') {
      out.push_back('%');
      continue;
    }
    if (argi >= args.size()) {
      out += "%!";
      out.push_back(verb);
      out += "(MISSING)";
      continue;
    }
    const Value& v = args[argi++];
    if (std::strchr("vsdqxXobcUeEfFgGtTO", verb) == nullptr) {
      BadVerb(&out, verb, v);
      continue;
    }
    FormatOne(&out, v, verb, f);
  }
  if (argi < args.size()) {
    out += "%!(EXTRA ";
    for (size_t k = argi; k < args.size(); ++k) {
      if (k > argi) out += ", ";
      if (args[k].is_nil()) {
        out += "<nil>";
      } else {
        out += args[k].TypeName();
        out.push_back('=');
        AppendGoValue(&out, args[k]);
      }
    }
    out.push_back(')');
  }
  return out;
}

Value DeepCopy(const Value& v) {
  NestingGuard guard;
  if (v.kind() == Kind::kList) {
    List l;
    l.reserve(v.AsList().size());
    for (const Value& e : v.AsList()) l.push_back(DeepCopy(e));
    return Value(std::move(l));
  }
  if (v.kind() == Kind::kMap) {
    Map m;
    for (const auto& [k, e] : v.AsMap()) m.emplace(k, DeepCopy(e));
    return Value(std::move(m));
  }
  return v;
}

}  // namespace policycheck::helm
