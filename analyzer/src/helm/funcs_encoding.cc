#include <cstring>
// Encodings: base64/base32, JSON, YAML, TOML (helm's and sprig's).
#include "codec.h"
#include "funcs.h"

namespace policycheck::helm {
namespace {

using P = ParamType;
using Args = std::span<const Value>;

const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

std::string Base64Encode(std::string_view s) {
  std::string out;
  out.reserve((s.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < s.size(); i += 3) {
    uint32_t v = (static_cast<unsigned char>(s[i]) << 16) | (static_cast<unsigned char>(s[i + 1]) << 8) |
                 static_cast<unsigned char>(s[i + 2]);
    out.push_back(kB64[v >> 18]);
    out.push_back(kB64[(v >> 12) & 63]);
    out.push_back(kB64[(v >> 6) & 63]);
    out.push_back(kB64[v & 63]);
  }
  if (i < s.size()) {
    uint32_t v = static_cast<unsigned char>(s[i]) << 16;
    if (i + 1 < s.size()) v |= static_cast<unsigned char>(s[i + 1]) << 8;
    out.push_back(kB64[v >> 18]);
    out.push_back(kB64[(v >> 12) & 63]);
    out.push_back(i + 1 < s.size() ? kB64[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

bool Base64Decode(std::string_view s, std::string* out) {
  uint32_t acc = 0;
  int bits = 0;
  size_t pad = 0;
  for (char c : s) {
    if (c == '=') {
      ++pad;
      continue;
    }
    if (pad) return false;
    const char* p = std::strchr(kB64, c);
    if (!p || !c) return false;
    acc = (acc << 6) | static_cast<uint32_t>(p - kB64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return (s.size() % 4) == 0;
}

void RegisterEncodingFuncs(FuncRegistry& r) {
  r.Add({"b64enc", {P::kString}, false, [](FuncContext&, Args a) { return Value(Base64Encode(a[0].AsString())); }});
  r.Add({"b64dec", {P::kString}, false, [](FuncContext&, Args a) {
           std::string out;
           if (!Base64Decode(a[0].AsString(), &out)) return Value(std::string("illegal base64 data at input byte 0"));
           return Value(out);
         }});
  r.Add({"b32enc", {P::kString}, false, [](FuncContext&, Args a) {
           static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
           const std::string& s = a[0].AsString();
           std::string out;
           uint64_t acc = 0;
           int bits = 0;
           for (unsigned char c : s) {
             acc = (acc << 8) | c;
             bits += 8;
             while (bits >= 5) {
               bits -= 5;
               out.push_back(k[(acc >> bits) & 31]);
             }
           }
           if (bits > 0) out.push_back(k[(acc << (5 - bits)) & 31]);
           while (out.size() % 8) out.push_back('=');
           return Value(out);
         }});
  auto to_json = [](FuncContext& c, Args a) {
    std::string s = ToJson(a[0]);
    c.CheckSize(static_cast<int64_t>(s.size()));
    return Value(s);
  };
  r.Add({"toJson", {P::kAny}, false, to_json});
  r.Add({"mustToJson", {P::kAny}, false, to_json});
  r.Add({"toRawJson", {P::kAny}, false, [](FuncContext&, Args a) {
           std::string s = ToJson(a[0]);
           // toRawJson does not escape <, >, &.
           std::string out;
           for (size_t i = 0; i < s.size(); ++i) {
             if (s.compare(i, 6, "\\u003c") == 0) { out.push_back('<'); i += 5; }
             else if (s.compare(i, 6, "\\u003e") == 0) { out.push_back('>'); i += 5; }
             else if (s.compare(i, 6, "\\u0026") == 0) { out.push_back('&'); i += 5; }
             else out.push_back(s[i]);
           }
           return Value(out);
         }});
  r.Add({"mustToRawJson", {P::kAny}, false, [](FuncContext&, Args a) { return Value(ToJson(a[0])); }});
  r.Add({"toPrettyJson", {P::kAny}, false, [](FuncContext&, Args a) { return Value(ToJson(a[0], true)); }});
  r.Add({"mustToPrettyJson", {P::kAny}, false, [](FuncContext&, Args a) { return Value(ToJson(a[0], true)); }});
  r.Add({"fromJson", {P::kString}, false, [](FuncContext&, Args a) {
           Value v;
           std::string err;
           if (!ParseJson(a[0].AsString(), &v, &err) || !v.IsMapLike()) {
             Map m;
             m["Error"] = Value(err.empty() ? "json: cannot unmarshal into Go value of type map[string]interface {}" : err);
             return Value(m);
           }
           return v;
         }});
  r.Add({"fromJsonArray", {P::kString}, false, [](FuncContext&, Args a) {
           Value v;
           std::string err;
           if (!ParseJson(a[0].AsString(), &v, &err) || !v.IsListLike()) return Value(List{Value(err)});
           return v;
         }});
  r.Add({"mustFromJson", {P::kString}, false, [](FuncContext&, Args a) {
           Value v;
           std::string err;
           if (!ParseJson(a[0].AsString(), &v, &err)) Throw(err);
           return v;
         }});
  auto to_yaml = [](FuncContext& c, Args a) {
    std::string s = ToYaml(a[0]);
    if (!s.empty() && s.back() == '\n') s.pop_back();
    c.CheckSize(static_cast<int64_t>(s.size()));
    return Value(s);
  };
  r.Add({"toYaml", {P::kAny}, false, to_yaml});
  r.Add({"mustToYaml", {P::kAny}, false, to_yaml});
  r.Add({"toYamlPretty", {P::kAny}, false, to_yaml});
  r.Add({"fromYaml", {P::kString}, false, [](FuncContext& c, Args a) {
           Value v;
           YamlError err;
           if (!ParseYaml(a[0].AsString(), &v, &err, c.limits())) {
             Map m;
             m["Error"] = Value("error converting YAML to JSON: yaml: line " + std::to_string(err.line) + ": " + err.message);
             return Value(m);
           }
           if (v.is_nil()) return Value(Map{});
           if (!v.IsMapLike()) {
             Map m;
             m["Error"] = Value("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal " +
                                std::string(v.IsListLike() ? "array" : v.is_string() ? "string" : "number") +
                                " into Go value of type map[string]interface {}");
             return Value(m);
           }
           return v;
         }});
  r.Add({"fromYamlArray", {P::kString}, false, [](FuncContext& c, Args a) {
           Value v;
           YamlError err;
           if (!ParseYaml(a[0].AsString(), &v, &err, c.limits())) {
             return Value(List{Value("error converting YAML to JSON: yaml: line " + std::to_string(err.line) + ": " + err.message)});
           }
           if (v.is_nil()) return Value(List{});
           if (!v.IsListLike()) {
             return Value(List{Value("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}")});
           }
           return v;
         }});
  r.Add({"toToml", {P::kAny}, false, [](FuncContext&, Args a) { return Value(ToToml(a[0])); }});
}

}  // namespace policycheck::helm
