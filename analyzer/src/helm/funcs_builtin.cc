#include <cstring>
// Go text/template builtins and the helpers shared by the function families.
#include <algorithm>
#include <cmath>

#include "funcs.h"

namespace policycheck::helm {

void TracedBuilder::AppendPlain(std::string_view s) {
  if (s.empty()) return;
  trace_.push_back(TraceSegment{static_cast<uint32_t>(text_.size()), -1, 0, false, nullptr});
  text_.append(s);
}

void TracedBuilder::AppendFrom(const Value& v, size_t begin, size_t end) {
  if (begin >= end) return;
  const std::string& s = v.AsString();
  const Trace* t = v.trace().get();
  uint32_t base = static_cast<uint32_t>(text_.size());
  if (!t || t->empty()) {
    trace_.push_back(TraceSegment{base, -1, 0, false, nullptr});
  } else {
    traced_ = true;
    // Segment covering `begin`.
    auto it = std::upper_bound(t->begin(), t->end(), static_cast<uint32_t>(begin),
                               [](uint32_t off, const TraceSegment& seg) { return off < seg.offset; });
    if (it == t->begin()) {
      trace_.push_back(TraceSegment{base, -1, 0, false, nullptr});
    } else {
      --it;
    }
    for (; it != t->end() && it->offset < end; ++it) {
      TraceSegment seg = *it;
      uint32_t start = std::max<uint32_t>(seg.offset, static_cast<uint32_t>(begin));
      if (seg.exact) seg.source_offset += start - seg.offset;
      seg.offset = base + (start - static_cast<uint32_t>(begin));
      trace_.push_back(seg);
    }
  }
  text_.append(s, begin, end - begin);
}

Value TracedBuilder::Finish() {
  Value v(std::move(text_));
  if (traced_) v.set_trace(std::make_shared<const Trace>(std::move(trace_)));
  return v;
}

namespace {

enum class BasicKind { kInvalid, kBool, kInt, kFloat, kString, kOther };

BasicKind Basic(const Value& v) {
  switch (v.kind()) {
    case Kind::kInvalid:
    case Kind::kNil: return BasicKind::kInvalid;
    case Kind::kBool: return BasicKind::kBool;
    case Kind::kInt: return BasicKind::kInt;
    case Kind::kFloat: return BasicKind::kFloat;
    case Kind::kString: return BasicKind::kString;
    default: return BasicKind::kOther;
  }
}

[[noreturn]] void Incompatible(const Value& a, const Value& b) {
  Throw("incompatible types for comparison: " + a.TypeName() + " and " + b.TypeName());
}

int Compare(const Value& a, const Value& b) {
  BasicKind ka = Basic(a), kb = Basic(b);
  if (ka == BasicKind::kInvalid || kb == BasicKind::kInvalid || ka == BasicKind::kOther ||
      kb == BasicKind::kOther || ka == BasicKind::kBool || kb == BasicKind::kBool) {
    if (ka != kb && ka != BasicKind::kInvalid && kb != BasicKind::kInvalid && ka != BasicKind::kOther &&
        kb != BasicKind::kOther)
      Incompatible(a, b);
    Throw("invalid type for comparison");
  }
  if (ka != kb) Incompatible(a, b);
  switch (ka) {
    case BasicKind::kInt: return a.AsInt() < b.AsInt() ? -1 : a.AsInt() > b.AsInt() ? 1 : 0;
    case BasicKind::kFloat: return a.AsFloat() < b.AsFloat() ? -1 : a.AsFloat() > b.AsFloat() ? 1 : 0;
    default: return a.AsString().compare(b.AsString()) < 0 ? -1 : a.AsString() == b.AsString() ? 0 : 1;
  }
}

Value Len(FuncContext&, std::span<const Value> a) {
  const Value& v = a[0];
  switch (v.kind()) {
    case Kind::kString: return Value::Int(static_cast<int64_t>(v.AsString().size()));
    case Kind::kInvalid:
    case Kind::kNil: Throw("len of nil pointer");
    default:
      if (v.IsListLike()) return Value::Int(static_cast<int64_t>(v.AsList().size()));
      if (v.IsMapLike()) return Value::Int(static_cast<int64_t>(v.AsMap().size()));
      Throw("len of type " + v.TypeName());
  }
}

Value Index(FuncContext&, std::span<const Value> a) {
  Value cur = a[0];
  for (size_t i = 1; i < a.size(); ++i) {
    const Value& idx = a[i];
    if (cur.is_nil()) Throw("index of untyped nil");
    if (cur.IsMapLike()) {
      if (!idx.is_string()) {
        if (idx.is_nil()) Throw("value is nil; should be of type string");
        Throw("value has type " + idx.TypeName() + "; should be string");
      }
      const Map& m = cur.AsMap();
      auto it = m.find(idx.AsString());
      cur = it == m.end() ? Value::Nil() : it->second;
      continue;
    }
    if (cur.IsListLike() || cur.is_string()) {
      if (idx.kind() != Kind::kInt) Throw("cannot index slice/array with type " + idx.TypeName());
      int64_t n = idx.AsInt();
      int64_t size = cur.is_string() ? static_cast<int64_t>(cur.AsString().size())
                                     : static_cast<int64_t>(cur.AsList().size());
      if (n < 0 || n >= size) Throw("index out of range: " + std::to_string(n));
      if (cur.is_string()) {
        cur = Value(static_cast<int64_t>(static_cast<unsigned char>(cur.AsString()[n])), IntType::kUint8);
      } else {
        Value next = cur.AsList()[n];
        cur = std::move(next);
      }
      continue;
    }
    Throw("can't index item of type " + cur.TypeName());
  }
  return cur;
}

Value Slice(FuncContext&, std::span<const Value> a) {
  const Value& item = a[0];
  if (item.is_nil()) Throw("slice of untyped nil");
  std::vector<int64_t> idx;
  for (size_t i = 1; i < a.size(); ++i) {
    if (a[i].kind() != Kind::kInt) Throw("cannot index slice/array with type " + a[i].TypeName());
    idx.push_back(a[i].AsInt());
  }
  if (idx.size() > 3) Throw("too many slice indexes: " + std::to_string(idx.size()));
  int64_t len = item.is_string() ? static_cast<int64_t>(item.AsString().size())
                                 : static_cast<int64_t>(item.AsList().size());
  int64_t lo = idx.size() > 0 ? idx[0] : 0;
  int64_t hi = idx.size() > 1 ? idx[1] : len;
  if (lo < 0 || hi > len || lo > hi) Throw("invalid slice index: " + std::to_string(lo) + " > " + std::to_string(hi));
  if (item.is_string()) return Value(item.AsString().substr(lo, hi - lo));
  if (!item.IsListLike()) Throw("can't slice item of type " + item.TypeName());
  const List& l = item.AsList();
  return Value(List(l.begin() + lo, l.begin() + hi));
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\'': out += "&#39;"; break;
      case '"': out += "&#34;"; break;
      case '\0': out += "\uFFFD"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string UrlQueryEscape(std::string_view s) {
  std::string out;
  static const char* kHex = "0123456789ABCDEF";
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace

bool GoEqual(const Value& a, const Value& b) {
  BasicKind ka = Basic(a), kb = Basic(b);
  if (ka != kb) {
    if (ka != BasicKind::kInvalid && kb != BasicKind::kInvalid) Incompatible(a, b);
    return false;
  }
  switch (ka) {
    case BasicKind::kInvalid: return true;
    case BasicKind::kBool: return a.AsBool() == b.AsBool();
    case BasicKind::kInt: return a.AsInt() == b.AsInt();
    case BasicKind::kFloat: return a.AsFloat() == b.AsFloat();
    case BasicKind::kString: return a.AsString() == b.AsString();
    default:
      Throw("non-comparable types " + GoString(a) + ": " + a.TypeName() + ", " + b.TypeName() + ": " + GoString(b));
  }
}

bool DeepEqual(const Value& a, const Value& b) {
  NestingGuard guard;
  if (a.is_nil() || b.is_nil()) return a.is_nil() && b.is_nil();
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Kind::kBool: return a.AsBool() == b.AsBool();
    case Kind::kInt: return a.int_type() == b.int_type() && a.AsInt() == b.AsInt();
    case Kind::kFloat: return a.AsFloat() == b.AsFloat();
    case Kind::kString: return a.AsString() == b.AsString();
    case Kind::kList: {
      const List& x = a.AsList();
      const List& y = b.AsList();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i)
        if (!DeepEqual(x[i], y[i])) return false;
      return true;
    }
    case Kind::kMap: {
      const Map& x = a.AsMap();
      const Map& y = b.AsMap();
      if (x.size() != y.size()) return false;
      for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j)
        if (i->first != j->first || !DeepEqual(i->second, j->second)) return false;
      return true;
    }
    default: return a.ObjectPtr() == b.ObjectPtr();
  }
}

std::string StrVal(const Value& v) {
  if (v.is_string()) return v.AsString();
  return GoString(v);
}

std::vector<std::string> StringList(const Value& v) {
  std::vector<std::string> out;
  if (v.IsListLike()) {
    for (const Value& e : v.AsList())
      if (!e.is_nil()) out.push_back(StrVal(e));
  } else if (!v.is_nil()) {
    out.push_back(StrVal(v));
  }
  return out;
}

int64_t ToInt64(const Value& v) {
  switch (v.kind()) {
    case Kind::kInt: return v.AsInt();
    case Kind::kFloat: {
      double f = v.AsFloat();
      if (std::isnan(f)) return 0;
      if (f >= 9.2233720368547758e18) return INT64_MIN;  // Go's overflow behaviour
      if (f <= -9.2233720368547758e18) return INT64_MIN;
      return static_cast<int64_t>(f);
    }
    case Kind::kBool: return v.AsBool() ? 1 : 0;
    case Kind::kString: {
      // cast.ToInt64E: strconv.ParseInt(trimZeroDecimal(s), 0, 0)
      std::string s = v.AsString();
      size_t dot = s.find('.');
      if (dot != std::string::npos) {
        bool zeros = dot + 1 < s.size() || true;
        for (size_t i = dot + 1; i < s.size(); ++i)
          if (s[i] != '0') zeros = false;
        if (zeros && dot > 0) s = s.substr(0, dot);
      }
      std::string b = s;
      bool neg = false;
      if (!b.empty() && (b[0] == '-' || b[0] == '+')) {
        neg = b[0] == '-';
        b = b.substr(1);
      }
      int base = 10;
      if (b.size() > 1 && b[0] == '0') {
        char c = static_cast<char>(std::tolower(b[1]));
        if (c == 'x') { base = 16; b = b.substr(2); }
        else if (c == 'o') { base = 8; b = b.substr(2); }
        else if (c == 'b') { base = 2; b = b.substr(2); }
        else { base = 8; b = b.substr(1); }
      }
      if (b.empty()) return 0;
      for (char c : b) {
        int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                : std::isalpha(static_cast<unsigned char>(c)) ? std::tolower(c) - 'a' + 10 : 99;
        if (d >= base) return 0;
      }
      errno = 0;
      long long r = std::strtoll(b.c_str(), nullptr, base);
      if (errno) return 0;
      return neg ? -r : r;
    }
    default: return 0;
  }
}

double ToFloat64(const Value& v) {
  switch (v.kind()) {
    case Kind::kInt: return static_cast<double>(v.AsInt());
    case Kind::kFloat: return v.AsFloat();
    case Kind::kBool: return v.AsBool() ? 1 : 0;
    case Kind::kString: {
      const std::string& s = v.AsString();
      char* end = nullptr;
      double d = std::strtod(s.c_str(), &end);
      if (s.empty() || end != s.c_str() + s.size()) return 0;
      return d;
    }
    default: return 0;
  }
}

void RegisterBuiltinFuncs(FuncRegistry& r) {
  using P = ParamType;
  // and/or are evaluated lazily by the executor; these bodies are not used.
  r.Add({"and", {P::kAny, P::kAny}, true, [](FuncContext&, std::span<const Value> a) { return a.back(); }});
  r.Add({"or", {P::kAny, P::kAny}, true, [](FuncContext&, std::span<const Value> a) { return a.back(); }});
  r.Add({"not", {P::kAny}, false, [](FuncContext&, std::span<const Value> a) { return Value(!IsTrue(a[0])); }});
  r.Add({"len", {P::kAny}, false, Len});
  r.Add({"index", {P::kAny, P::kAny}, true, Index});
  r.Add({"slice", {P::kAny, P::kAny}, true, Slice});
  r.Add({"print", {P::kAny}, true, [](FuncContext&, std::span<const Value> a) { return Value(GoSprint(a)); }});
  r.Add({"println", {P::kAny}, true, [](FuncContext&, std::span<const Value> a) { return Value(GoSprintln(a)); }});
  r.Add({"printf", {P::kString, P::kAny}, true, [](FuncContext& c, std::span<const Value> a) {
           std::string s = GoSprintf(a[0].AsString(), a.subspan(1));
           c.CheckSize(static_cast<int64_t>(s.size()));
           return Value(std::move(s));
         }});
  r.Add({"html", {P::kAny}, true, [](FuncContext&, std::span<const Value> a) {
           return Value(HtmlEscape(a.size() == 1 && a[0].is_string() ? a[0].AsString() : GoSprint(a)));
         }});
  r.Add({"urlquery", {P::kAny}, true, [](FuncContext&, std::span<const Value> a) {
           return Value(UrlQueryEscape(a.size() == 1 && a[0].is_string() ? a[0].AsString() : GoSprint(a)));
         }});
  r.Add({"js", {P::kAny}, true, [](FuncContext&, std::span<const Value> a) {
           std::string s = a.size() == 1 && a[0].is_string() ? a[0].AsString() : GoSprint(a);
           std::string out;
           for (char c : s) {
             switch (c) {
               case '\\': out += "\\\\"; break;
               case '\'': out += "\\'"; break;
               case '"': out += "\\\""; break;
               case '<': out += "\\u003C"; break;
               case '>': out += "\\u003E"; break;
               case '&': out += "\\u0026"; break;
               case '=': out += "\\u003D"; break;
               case '\n': out += "\\n"; break;
               case '\r': out += "\\r"; break;
               case '\t': out += "\\t"; break;
               default: out.push_back(c);
             }
           }
           return Value(out);
         }});
  r.Add({"eq", {P::kAny, P::kAny}, true, [](FuncContext&, std::span<const Value> a) {
           for (size_t i = 1; i < a.size(); ++i)
             if (GoEqual(a[0], a[i])) return Value(true);
           return Value(false);
         }});
  r.Add({"ne", {P::kAny, P::kAny}, false,
         [](FuncContext&, std::span<const Value> a) { return Value(!GoEqual(a[0], a[1])); }});
  r.Add({"lt", {P::kAny, P::kAny}, false,
         [](FuncContext&, std::span<const Value> a) { return Value(Compare(a[0], a[1]) < 0); }});
  r.Add({"le", {P::kAny, P::kAny}, false,
         [](FuncContext&, std::span<const Value> a) { return Value(Compare(a[0], a[1]) <= 0); }});
  r.Add({"gt", {P::kAny, P::kAny}, false,
         [](FuncContext&, std::span<const Value> a) { return Value(Compare(a[0], a[1]) > 0); }});
  r.Add({"ge", {P::kAny, P::kAny}, false,
         [](FuncContext&, std::span<const Value> a) { return Value(Compare(a[0], a[1]) >= 0); }});
}

const FuncRegistry& DefaultFuncs() {
  static const FuncRegistry* r = [] {
    auto* reg = new FuncRegistry();
    RegisterBuiltinFuncs(*reg);
    RegisterStringFuncs(*reg);
    RegisterListFuncs(*reg);
    RegisterDictFuncs(*reg);
    RegisterMathFuncs(*reg);
    RegisterEncodingFuncs(*reg);
    RegisterCryptoFuncs(*reg);
    RegisterSemverFuncs(*reg);
    RegisterHelmFuncs(*reg);
    RegisterPathFuncs(*reg);
    return reg;
  }();
  return *r;
}

}  // namespace policycheck::helm
