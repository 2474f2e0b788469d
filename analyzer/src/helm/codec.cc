#include "codec.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <re2/re2.h>

namespace policycheck::helm {
namespace {

// ---------- go-yaml v2 resolve ----------

enum class Resolved { kStr, kNull, kBool, kInt, kFloat, kTimestamp };

const RE2& FloatRe() {
  static const RE2* re = new RE2(R"(^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$)");
  return *re;
}
const RE2& Base60Re() {
  static const RE2* re = new RE2(R"(^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$)");
  return *re;
}
const RE2& TimestampRe() {
  static const RE2* re = new RE2(
      R"(^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?)?$)");
  return *re;
}

// Go's strconv.ParseInt(s, 0, 64) / ParseUint acceptance.
bool GoParseInt(std::string_view s, int64_t* out, bool* is_uint, uint64_t* uout) {
  bool neg = false;
  std::string_view b = s;
  if (!b.empty() && (b[0] == '+' || b[0] == '-')) {
    neg = b[0] == '-';
    b.remove_prefix(1);
  }
  if (b.empty()) return false;
  int base = 10;
  if (b.size() > 1 && b[0] == '0') {
    char c = static_cast<char>(std::tolower(b[1]));
    if (c == 'x') { base = 16; b.remove_prefix(2); }
    else if (c == 'o') { base = 8; b.remove_prefix(2); }
    else if (c == 'b') { base = 2; b.remove_prefix(2); }
    else { base = 8; b.remove_prefix(1); }
  }
  if (b.empty()) return false;
  uint64_t u = 0;
  auto r = std::from_chars(b.data(), b.data() + b.size(), u, base);
  if (r.ec != std::errc() || r.ptr != b.data() + b.size()) return false;
  *is_uint = false;
  if (neg) {
    if (u > static_cast<uint64_t>(INT64_MAX) + 1) return false;
    *out = static_cast<int64_t>(0 - u);
  } else if (u > static_cast<uint64_t>(INT64_MAX)) {
    *is_uint = true;
    *uout = u;
  } else {
    *out = static_cast<int64_t>(u);
  }
  return true;
}

Resolved Resolve(std::string_view in, double* f, int64_t* i, bool* b) {
  if (in.empty()) return Resolved::kNull;
  char c = in[0];
  static const char* kTrue[] = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"};
  static const char* kFalse[] = {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"};
  for (const char* t : kTrue)
    if (in == t) { *b = true; return Resolved::kBool; }
  for (const char* t : kFalse)
    if (in == t) { *b = false; return Resolved::kBool; }
  if (in == "~" || in == "null" || in == "Null" || in == "NULL") return Resolved::kNull;
  if (in == ".nan" || in == ".NaN" || in == ".NAN") { *f = NAN; return Resolved::kFloat; }
  if (in == ".inf" || in == ".Inf" || in == ".INF" || in == "+.inf" || in == "+.Inf" || in == "+.INF") {
    *f = INFINITY;
    return Resolved::kFloat;
  }
  if (in == "-.inf" || in == "-.Inf" || in == "-.INF") { *f = -INFINITY; return Resolved::kFloat; }
  if (c == '.') {
    std::string s(in);
    char* end;
    double d = std::strtod(s.c_str(), &end);
    if (end == s.c_str() + s.size() && FloatRe().ok() && RE2::FullMatch(s, FloatRe())) {
      *f = d;
      return Resolved::kFloat;
    }
    return Resolved::kStr;
  }
  if (c == '+' || c == '-' || (c >= '0' && c <= '9')) {
    if (RE2::FullMatch(in, TimestampRe())) return Resolved::kTimestamp;
    std::string plain;
    for (char ch : in)
      if (ch != '_') plain.push_back(ch);
    bool is_uint = false;
    uint64_t u = 0;
    if (GoParseInt(plain, i, &is_uint, &u)) {
      if (is_uint) *i = static_cast<int64_t>(u);
      *f = is_uint ? static_cast<double>(u) : static_cast<double>(*i);
      return Resolved::kInt;
    }
    if (RE2::FullMatch(plain, FloatRe())) {
      *f = std::strtod(plain.c_str(), nullptr);
      return Resolved::kFloat;
    }
  }
  return Resolved::kStr;
}

// ---------- YAML -> Value ----------

struct Loader {
  const Limits& limits;
  std::shared_ptr<const std::string> origin_file;
  int64_t nodes = 0;
  int depth = 0;

  Value Convert(const YAML::Node& n) {
    Value v = ConvertNode(n);
    if (origin_file && !v.is_invalid()) {
      v.set_origin(std::make_shared<const ValueOrigin>(
          ValueOrigin{origin_file, n.Mark().line + 1, n.Mark().column + 1}));
    }
    return v;
  }

  Value ConvertNode(const YAML::Node& n) {
    if (++nodes > limits.max_yaml_alias_nodes) throw YamlError{"too many YAML nodes (aliases?)", n.Mark().line + 1, n.Mark().column + 1};
    if (depth > limits.max_yaml_depth) throw YamlError{"YAML nesting too deep", n.Mark().line + 1, n.Mark().column + 1};
    switch (n.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null: return Value::Nil();
      case YAML::NodeType::Scalar: return Scalar(n);
      case YAML::NodeType::Sequence: {
        ++depth;
        List l;
        l.reserve(n.size());
        for (const auto& e : n) l.push_back(Convert(e));
        --depth;
        return Value(std::move(l));
      }
      case YAML::NodeType::Map: {
        ++depth;
        Map m;
        std::vector<Value> merges;
        for (const auto& kv : n) {
          std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
          if (kv.first.IsNull()) key = "null";
          if (key == "<<" && kv.first.Tag() == "?") {
            merges.push_back(Convert(kv.second));
            continue;
          }
          if (kv.first.IsScalar() && kv.first.Tag() == "?") {
            // Non-string keys print through fmt in sigs.k8s.io/yaml.
            double f; int64_t i; bool b;
            Resolved r = Resolve(key, &f, &i, &b);
            if (r == Resolved::kBool) key = b ? "true" : "false";
            else if (r == Resolved::kFloat) key = FormatFloat(f, 'g', -1);
            else if (r == Resolved::kNull) key = "null";
          }
          m.insert_or_assign(key, Convert(kv.second));
        }
        for (const Value& mv : merges) {
          auto merge_one = [&](const Value& src) {
            if (!src.IsMapLike()) return;
            for (const auto& [k, v] : src.AsMap()) m.emplace(k, v);
          };
          if (mv.IsListLike()) for (const Value& e : mv.AsList()) merge_one(e);
          else merge_one(mv);
        }
        --depth;
        return Value(std::move(m));
      }
    }
    return Value::Nil();
  }

  Value Scalar(const YAML::Node& n) {
    const std::string& s = n.Scalar();
    const std::string& tag = n.Tag();
    if (tag == "!" || tag == "tag:yaml.org,2002:str" || tag == "!!str") return Value(s);
    if (tag == "?" || tag.empty()) {
      double f = 0; int64_t i = 0; bool b = false;
      switch (Resolve(s, &f, &i, &b)) {
        case Resolved::kNull: return Value::Nil();
        case Resolved::kBool: return Value(b);
        case Resolved::kInt:
        case Resolved::kFloat: return Value(f);
        default: return Value(s);
      }
    }
    if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float") {
      double f = 0; int64_t i = 0; bool b = false;
      Resolved r = Resolve(s, &f, &i, &b);
      if (r == Resolved::kInt || r == Resolved::kFloat) return Value(f);
    }
    if (tag == "tag:yaml.org,2002:bool") {
      double f = 0; int64_t i = 0; bool b = false;
      if (Resolve(s, &f, &i, &b) == Resolved::kBool) return Value(b);
    }
    if (tag == "tag:yaml.org,2002:null") return Value::Nil();
    return Value(s);
  }
};

// ---------- go-yaml v2 emitter ----------

bool IsPrintable(uint32_t r) {
  return r == 0x0A || (r >= 0x20 && r <= 0x7E) || r == 0x85 || (r >= 0xA0 && r <= 0xD7FF) ||
         (r >= 0xE000 && r <= 0xFFFD && r != 0xFEFF) || (r >= 0x10000 && r <= 0x10FFFF);
}

// Decodes the rune at s[i]; returns its width (invalid bytes decode as width 1, 0xFFFD).
int DecodeRune(std::string_view s, size_t i, uint32_t* r) {
  unsigned char c = s[i];
  if (c < 0x80) { *r = c; return 1; }
  int len = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) { *r = 0xFFFD; return 1; }
  uint32_t v = c & (0xFF >> (len + 1));
  for (int k = 1; k < len; ++k) {
    unsigned char cc = s[i + k];
    if ((cc & 0xC0) != 0x80) { *r = 0xFFFD; return 1; }
    v = (v << 6) | (cc & 0x3F);
  }
  *r = v;
  return len;
}

bool IsBreakRune(uint32_t r) { return r == '\r' || r == '\n' || r == 0x85 || r == 0x2028 || r == 0x2029; }
bool IsSpaceRune(uint32_t r) { return r == ' '; }
bool IsBlankRune(uint32_t r) { return r == ' ' || r == '\t'; }

struct ScalarAnalysis {
  bool multiline = false, flow_plain = true, block_plain = true, single_quoted = true, block = true;
};

ScalarAnalysis Analyze(std::string_view v) {
  ScalarAnalysis a;
  if (v.empty()) {
    a.flow_plain = false;
    a.block_plain = true;
    a.single_quoted = true;
    a.block = false;
    return a;
  }
  bool block_ind = false, flow_ind = false, line_breaks = false, special = false;
  bool leading_space = false, leading_break = false, trailing_space = false, trailing_break = false;
  bool break_space = false, space_break = false, prev_space = false, prev_break = false;
  if (v.size() >= 3 && (v.substr(0, 3) == "---" || v.substr(0, 3) == "...")) block_ind = flow_ind = true;
  bool preceded_ws = true;
  for (size_t i = 0; i < v.size();) {
    uint32_t r;
    int w = DecodeRune(v, i, &r);
    uint32_t next = 0;
    bool followed_ws = i + w >= v.size();
    if (!followed_ws) {
      DecodeRune(v, i + w, &next);
      followed_ws = IsBlankRune(next) || IsBreakRune(next);
    }
    if (i == 0) {
      switch (r) {
        case '#': case ',': case '[': case ']': case '{': case '}': case '&': case '*': case '!':
        case '|': case '>': case '\'': case '"': case '%': case '@': case '`':
          flow_ind = block_ind = true;
          break;
        case '?': case ':':
          flow_ind = true;
          if (followed_ws) block_ind = true;
          break;
        case '-':
          if (followed_ws) flow_ind = block_ind = true;
          break;
        default: break;
      }
    } else {
      switch (r) {
        case ',': case '?': case '[': case ']': case '{': case '}': flow_ind = true; break;
        case ':':
          flow_ind = true;
          if (followed_ws) block_ind = true;
          break;
        case '#':
          if (preceded_ws) flow_ind = block_ind = true;
          break;
        default: break;
      }
    }
    if (!IsPrintable(r) || (r == 0xFFFD && w == 1 && static_cast<unsigned char>(v[i]) >= 0x80)) special = true;
    if (IsSpaceRune(r)) {
      if (i == 0) leading_space = true;
      if (i + w == v.size()) trailing_space = true;
      if (prev_break) break_space = true;
      prev_space = true;
      prev_break = false;
    } else if (IsBreakRune(r)) {
      line_breaks = true;
      if (i == 0) leading_break = true;
      if (i + w == v.size()) trailing_break = true;
      if (prev_space) space_break = true;
      prev_space = false;
      prev_break = true;
    } else {
      prev_space = prev_break = false;
    }
    preceded_ws = IsBlankRune(r) || IsBreakRune(r);
    i += w;
  }
  a.multiline = line_breaks;
  if (leading_space || leading_break || trailing_space || trailing_break) a.flow_plain = a.block_plain = false;
  if (trailing_space) a.block = false;
  if (break_space) a.flow_plain = a.block_plain = a.single_quoted = false;
  if (space_break || special) a.flow_plain = a.block_plain = a.single_quoted = a.block = false;
  if (line_breaks) a.flow_plain = a.block_plain = false;
  if (flow_ind) a.flow_plain = false;
  if (block_ind) a.block_plain = false;
  return a;
}

class Emitter {
 public:
  std::string out;

  void Node(const Value& v, int indent, bool in_seq_item, bool after_key);

 private:
  int column_ = 0;
  bool whitespace_ = true;
  bool indention_ = true;

  void Put(char c) {
    out.push_back(c);
    if (c == '\n') {
      column_ = 0;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column_;
    }
  }
  void PutStr(std::string_view s) {
    for (char c : s) Put(c);
  }
  void Break() {
    Put('\n');
  }
  void WriteIndent(int indent) {
    if (indent < 0) indent = 0;
    if (!indention_ || column_ > indent || (column_ == indent && !whitespace_)) Break();
    while (column_ < indent) Put(' ');
    whitespace_ = true;
    indention_ = true;
  }
  void Indicator(std::string_view ind, bool need_ws, bool is_ws, bool is_indention) {
    if (need_ws && !whitespace_) Put(' ');
    PutStr(ind);
    whitespace_ = is_ws;
    indention_ = indention_ && is_indention;
  }

 public:
  void Scalar(const std::string& s, bool plain_ok_by_tag, int indent, bool simple_key);
  void Key(const std::string& k, int indent) { Scalar(k, YamlPlainIsString(k), indent, true); }
  void Raw(const std::string& s) {
    if (!whitespace_) Put(' ');
    PutStr(s);
    whitespace_ = false;
    indention_ = false;
  }
  void MapBody(const Map& m, int indent);
  void SeqBody(const List& l, int indent);
  void Newline() {
    // Not used.
  }
  void Finish() {
    if (column_ != 0) Put('\n');
  }
  void ResetWs() {
    whitespace_ = true;
    indention_ = true;
  }
  friend std::string policycheck::helm::ToYaml(const Value& v);
};

// Natural key order of go-yaml v2 (keyList.Less) for string keys.
bool YamlKeyLess(const std::string& as, const std::string& bs) {
  std::u32string ar, br;
  for (size_t i = 0; i < as.size();) { uint32_t r; i += DecodeRune(as, i, &r); ar.push_back(r); }
  for (size_t i = 0; i < bs.size();) { uint32_t r; i += DecodeRune(bs, i, &r); br.push_back(r); }
  auto is_letter = [](uint32_t r) { return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r >= 0xAA; };
  auto is_digit = [](uint32_t r) { return r >= '0' && r <= '9'; };
  for (size_t i = 0; i < ar.size() && i < br.size(); ++i) {
    if (ar[i] == br[i]) continue;
    bool al = is_letter(ar[i]), bl = is_letter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    int64_t an = 0, bn = 0;
    size_t ai, bi;
    if (ar[i] == '0' || br[i] == '0') {
      for (size_t j = i; j-- > 0 && is_digit(ar[j]);) {
        if (ar[j] != '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    for (ai = i; ai < ar.size() && is_digit(ar[ai]); ++ai) an = an * 10 + (ar[ai] - '0');
    for (bi = i; bi < br.size() && is_digit(br[bi]); ++bi) bn = bn * 10 + (br[bi] - '0');
    if (an != bn) return an < bn;
    if (ai != bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.size() < br.size();
}

void Emitter::Scalar(const std::string& s, bool plain_ok_by_tag, int parent_indent, bool simple_key) {
  enum Style { kPlain, kSingle, kDouble, kLiteral } style;
  bool can_plain = plain_ok_by_tag && !RE2::FullMatch(s, Base60Re());
  bool valid_utf8 = true;
  for (size_t i = 0; i < s.size();) {
    uint32_t r;
    int w = DecodeRune(s, i, &r);
    if (r == 0xFFFD && w == 1 && static_cast<unsigned char>(s[i]) >= 0x80) valid_utf8 = false;
    i += w;
  }
  (void)valid_utf8;
  if (s.find('\n') != std::string::npos) style = kLiteral;
  else if (can_plain) style = kPlain;
  else style = kDouble;
  ScalarAnalysis a = Analyze(s);
  if (style == kLiteral && (!a.block || simple_key)) style = kDouble;
  if (style == kPlain) {
    if (!a.block_plain) style = kSingle;
    if (s.empty() && simple_key) style = kSingle;
  }
  if (style == kSingle && !a.single_quoted) style = kDouble;
  int indent = parent_indent < 0 ? 2 : parent_indent + 2;  // increase_indent(flow=true)
  if (simple_key) indent = parent_indent < 0 ? 0 : parent_indent;
  bool allow_breaks = !simple_key;
  const int kBestWidth = 80;
  switch (style) {
    case kPlain: {
      if (!whitespace_) Put(' ');
      bool spaces = false;
      for (size_t i = 0; i < s.size();) {
        uint32_t r;
        int w = DecodeRune(s, i, &r);
        if (r == ' ') {
          uint32_t nx = 0;
          if (i + w < s.size()) DecodeRune(s, i + w, &nx);
          if (allow_breaks && !spaces && column_ > kBestWidth && nx != ' ') {
            WriteIndent(indent);
          } else {
            Put(' ');
          }
          spaces = true;
        } else {
          PutStr(std::string_view(s).substr(i, w));
          indention_ = false;
          spaces = false;
        }
        i += w;
      }
      whitespace_ = false;
      indention_ = false;
      break;
    }
    case kSingle: {
      Indicator("'", true, false, false);
      bool spaces = false;
      for (size_t i = 0; i < s.size();) {
        uint32_t r;
        int w = DecodeRune(s, i, &r);
        if (r == ' ') {
          uint32_t nx = 0;
          if (i + w < s.size()) DecodeRune(s, i + w, &nx);
          if (allow_breaks && !spaces && column_ > kBestWidth && i != 0 && i + w != s.size() && nx != ' ') {
            WriteIndent(indent);
          } else {
            Put(' ');
          }
          spaces = true;
        } else {
          if (r == '\'') Put('\'');
          PutStr(std::string_view(s).substr(i, w));
          indention_ = false;
          spaces = false;
        }
        i += w;
      }
      Indicator("'", false, false, false);
      break;
    }
    case kDouble: {
      Indicator("\"", true, false, false);
      bool spaces = false;
      static const char* kHex = "0123456789ABCDEF";
      for (size_t i = 0; i < s.size();) {
        uint32_t r;
        int w = DecodeRune(s, i, &r);
        bool invalid = r == 0xFFFD && w == 1 && static_cast<unsigned char>(s[i]) >= 0x80;
        if (invalid || !IsPrintable(r) || r == 0xFEFF || IsBreakRune(r) || r == '"' || r == '\\') {
          Put('\\');
          switch (r) {
            case 0: Put('0'); break;
            case 0x07: Put('a'); break;
            case 0x08: Put('b'); break;
            case 0x09: Put('t'); break;
            case 0x0A: Put('n'); break;
            case 0x0B: Put('v'); break;
            case 0x0C: Put('f'); break;
            case 0x0D: Put('r'); break;
            case 0x1B: Put('e'); break;
            case 0x22: Put('"'); break;
            case 0x5C: Put('\\'); break;
            case 0x85: Put('N'); break;
            case 0xA0: Put('_'); break;
            case 0x2028: Put('L'); break;
            case 0x2029: Put('P'); break;
            default: {
              uint32_t v = invalid ? static_cast<unsigned char>(s[i]) : r;
              int digits;
              if (v <= 0xFF) { Put('x'); digits = 2; }
              else if (v <= 0xFFFF) { Put('u'); digits = 4; }
              else { Put('U'); digits = 8; }
              for (int k = (digits - 1) * 4; k >= 0; k -= 4) Put(kHex[(v >> k) & 15]);
            }
          }
          spaces = false;
        } else if (r == ' ') {
          if (allow_breaks && !spaces && column_ > kBestWidth && i != 0 && i + w != s.size()) {
            WriteIndent(indent);
            if (i + 1 < s.size() && s[i + 1] == ' ') Put('\\');
          } else {
            Put(' ');
          }
          spaces = true;
        } else {
          PutStr(std::string_view(s).substr(i, w));
          spaces = false;
        }
        i += w;
      }
      Indicator("\"", false, false, false);
      break;
    }
    case kLiteral: {
      Indicator("|", true, false, false);
      // Block scalar hints.
      if (s[0] == ' ' || s[0] == '\n') PutStr("2");
      std::string chomp;
      size_t n = s.size();
      if (s[n - 1] != '\n') chomp = "-";
      else if (n == 1) chomp = "+";
      else if (s[n - 2] == '\n') chomp = "+";
      PutStr(chomp);
      Break();
      indention_ = true;
      whitespace_ = true;
      bool breaks = true;
      for (size_t i = 0; i < s.size();) {
        uint32_t r;
        int w = DecodeRune(s, i, &r);
        if (r == '\n') {
          Put('\n');
          indention_ = true;
          breaks = true;
        } else {
          if (breaks) {
            WriteIndent(indent);
            breaks = false;
          }
          PutStr(std::string_view(s).substr(i, w));
          indention_ = false;
        }
        i += w;
      }
      break;
    }
  }
}

// Scalar text of a non-string leaf after the JSON round trip.
bool LeafText(const Value& v, std::string* text) {
  switch (v.kind()) {
    case Kind::kInvalid:
    case Kind::kNil: *text = "null"; return true;
    case Kind::kBool: *text = v.AsBool() ? "true" : "false"; return true;
    case Kind::kInt: *text = std::to_string(v.AsInt()); return true;
    case Kind::kFloat: {
      double f = v.AsFloat();
      double a = std::fabs(f);
      std::string j = FormatFloat(f, (a != 0 && (a < 1e-6 || a >= 1e21)) ? 'e' : 'f', -1);
      // JSON text read back by go-yaml: integers stay integers.
      int64_t i; bool is_uint = false; uint64_t u;
      if (GoParseInt(j, &i, &is_uint, &u)) {
        *text = is_uint ? std::to_string(u) : std::to_string(i);
      } else {
        *text = FormatFloat(std::strtod(j.c_str(), nullptr), 'g', -1);
      }
      return true;
    }
    default: return false;
  }
}

void Emitter::Node(const Value& v, int indent, bool in_seq_item, bool after_key) {
  (void)in_seq_item;
  NestingGuard guard;
  if (v.IsMapLike() && v.kind() != Kind::kString) {
    const Map& m = v.AsMap();
    if (m.empty()) {
      Raw("{}");
      return;
    }
    int child = indent < 0 ? 0 : indent + 2;
    if (after_key) {
      // Nested mapping under a key starts on the next line.
    }
    MapBody(m, child);
    return;
  }
  if (v.IsListLike() && v.kind() != Kind::kString) {
    const List& l = v.AsList();
    if (l.empty()) {
      Raw("[]");
      return;
    }
    // Sequences under a mapping key are indentless.
    int child = indent < 0 ? 0 : (after_key ? indent : indent + 2);
    SeqBody(l, child);
    return;
  }
  std::string text;
  if (v.is_string()) {
    Scalar(v.AsString(), YamlPlainIsString(v.AsString()), indent, false);
    return;
  }
  if (LeafText(v, &text)) {
    Raw(text);
    return;
  }
  Scalar(GoString(v), true, indent, false);
}

void Emitter::MapBody(const Map& m, int indent) {
  std::vector<const std::pair<const std::string, Value>*> items;
  items.reserve(m.size());
  for (const auto& kv : m) items.push_back(&kv);
  std::stable_sort(items.begin(), items.end(), [](auto* a, auto* b) { return YamlKeyLess(a->first, b->first); });
  for (const auto* kv : items) {
    WriteIndent(indent);
    Key(kv->first, indent);
    Indicator(":", false, false, false);
    Node(kv->second, indent, false, true);
  }
}

void Emitter::SeqBody(const List& l, int indent) {
  for (const Value& e : l) {
    WriteIndent(indent);
    Indicator("-", true, false, true);
    Node(e, indent, true, false);
  }
}

// ---------- JSON ----------

void JsonString(std::string* out, std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  out->push_back('"');
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    if (c < 0x80) {
      switch (c) {
        case '"': *out += "\\\""; break;
        case '\\': *out += "\\\\"; break;
        case '\n': *out += "\\n"; break;
        case '\r': *out += "\\r"; break;
        case '\t': *out += "\\t"; break;
        case '<': case '>': case '&':
          *out += "\\u00";
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
          break;
        default:
          if (c < 0x20) {
            *out += "\\u00";
            out->push_back(kHex[c >> 4]);
            out->push_back(kHex[c & 15]);
          } else {
            out->push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    uint32_t r;
    int w = DecodeRune(s, i, &r);
    if (r == 0xFFFD && w == 1) {
      *out += "\\ufffd";
    } else if (r == 0x2028 || r == 0x2029) {
      *out += r == 0x2028 ? "\\u2028" : "\\u2029";
    } else {
      out->append(s.substr(i, w));
    }
    i += w;
  }
  out->push_back('"');
}

void JsonValue(std::string* out, const Value& v, bool pretty, int depth) {
  NestingGuard guard;
  auto nl = [&](int d) {
    if (!pretty) return;
    out->push_back('\n');
    out->append(2 * d, ' ');
  };
  switch (v.kind()) {
    case Kind::kInvalid:
    case Kind::kNil: *out += "null"; return;
    case Kind::kBool: *out += v.AsBool() ? "true" : "false"; return;
    case Kind::kInt: *out += std::to_string(v.AsInt()); return;
    case Kind::kFloat: {
      double f = v.AsFloat();
      if (std::isnan(f) || std::isinf(f)) {
        *out += "null";
        return;
      }
      double a = std::fabs(f);
      bool e = a != 0 && (a < 1e-6 || a >= 1e21);
      std::string s = FormatFloat(f, e ? 'e' : 'f', -1);
      if (e) {
        // e-09 -> e-9
        size_t n = s.size();
        if (n >= 4 && s[n - 4] == 'e' && s[n - 3] == '-' && s[n - 2] == '0') s.erase(n - 2, 1);
      }
      *out += s;
      return;
    }
    case Kind::kString: JsonString(out, v.AsString()); return;
    default: break;
  }
  if (v.IsListLike()) {
    const List& l = v.AsList();
    out->push_back('[');
    for (size_t i = 0; i < l.size(); ++i) {
      if (i) out->push_back(',');
      nl(depth + 1);
      JsonValue(out, l[i], pretty, depth + 1);
    }
    if (!l.empty()) nl(depth);
    out->push_back(']');
    return;
  }
  if (v.IsMapLike()) {
    const Map& m = v.AsMap();
    out->push_back('{');
    bool first = true;
    for (const auto& [k, e] : m) {
      if (!first) out->push_back(',');
      first = false;
      nl(depth + 1);
      JsonString(out, k);
      out->push_back(':');
      if (pretty) out->push_back(' ');
      JsonValue(out, e, pretty, depth + 1);
    }
    if (!m.empty()) nl(depth);
    out->push_back('}');
    return;
  }
  *out += "{}";
}

Value FromNlohmann(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null: return Value::Nil();
    case nlohmann::json::value_t::boolean: return Value(j.get<bool>());
    case nlohmann::json::value_t::number_integer: return Value(static_cast<double>(j.get<int64_t>()));
    case nlohmann::json::value_t::number_unsigned: return Value(static_cast<double>(j.get<uint64_t>()));
    case nlohmann::json::value_t::number_float: return Value(j.get<double>());
    case nlohmann::json::value_t::string: return Value(j.get<std::string>());
    case nlohmann::json::value_t::array: {
      List l;
      for (const auto& e : j) l.push_back(FromNlohmann(e));
      return Value(std::move(l));
    }
    case nlohmann::json::value_t::object: {
      Map m;
      for (auto it = j.begin(); it != j.end(); ++it) m.insert_or_assign(it.key(), FromNlohmann(it.value()));
      return Value(std::move(m));
    }
    default: return Value::Nil();
  }
}

}  // namespace

bool YamlPlainIsString(std::string_view s) {
  double f; int64_t i; bool b;
  return Resolve(s, &f, &i, &b) == Resolved::kStr;
}

bool ParseYaml(std::string_view text, Value* out, YamlError* error, const Limits& limits,
               const std::string* origin_file) {
  try {
    YAML::Node n = YAML::Load(std::string(text));
    Loader l{limits, origin_file ? std::make_shared<const std::string>(*origin_file) : nullptr};
    *out = l.Convert(n);
    return true;
  } catch (const YAML::Exception& e) {
    error->message = e.msg;
    error->line = e.mark.line + 1;
    error->column = e.mark.column + 1;
    return false;
  } catch (const YamlError& e) {
    *error = e;
    return false;
  }
}

std::string ToYaml(const Value& v) {
  Emitter e;
  if ((v.IsMapLike() && !v.AsMap().empty()) || (v.IsListLike() && !v.AsList().empty())) {
    if (v.IsMapLike()) e.MapBody(v.AsMap(), 0);
    else e.SeqBody(v.AsList(), 0);
  } else {
    e.Node(v, -1, false, false);
  }
  e.Finish();
  return e.out;
}

std::string ToJson(const Value& v, bool pretty) {
  std::string out;
  JsonValue(&out, v, pretty, 0);
  return out;
}

bool ParseJson(std::string_view text, Value* out, std::string* error) {
  try {
    *out = FromNlohmann(nlohmann::json::parse(text));
    return true;
  } catch (const nlohmann::json::exception& e) {
    *error = e.what();
    return false;
  }
}

std::string ToToml(const Value& v) {
  // BurntSushi/toml: plain keys first, then tables, keys sorted.
  std::string out;
  std::function<void(const Map&, const std::string&)> table = [&](const Map& m, const std::string& prefix) {
    auto scalar = [&](const Value& e) -> std::string {
      if (e.is_string()) return GoQuote(e.AsString());
      if (e.kind() == Kind::kFloat) {
        double f = e.AsFloat();
        if (f == std::trunc(f) && std::fabs(f) < 1e16) return FormatFloat(f, 'f', 1);
        return FormatFloat(f, 'g', -1);
      }
      if (e.IsListLike()) {
        std::string s = "[";
        bool first = true;
        for (const Value& x : e.AsList()) {
          if (!first) s += ", ";
          first = false;
          s += x.is_string() ? GoQuote(x.AsString()) : GoString(x);
        }
        return s + "]";
      }
      return GoString(e);
    };
    for (const auto& [k, e] : m)
      if (!e.IsMapLike() && !e.is_nil()) out += k + " = " + scalar(e) + "\n";
    for (const auto& [k, e] : m) {
      if (!e.IsMapLike()) continue;
      std::string name = prefix.empty() ? k : prefix + "." + k;
      out += "\n[" + name + "]\n";
      table(e.AsMap(), name);
    }
  };
  if (v.IsMapLike()) table(v.AsMap(), "");
  return out;
}

}  // namespace policycheck::helm
