#include "schema.h"

#include <re2/re2.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace policycheck::helm {
namespace {

using nlohmann::json;

std::string JsonType(const Value& v) {
  switch (v.kind()) {
    case Kind::kInvalid:
    case Kind::kNil: return "null";
    case Kind::kBool: return "boolean";
    case Kind::kInt: return "integer";
    case Kind::kFloat: return v.AsFloat() == std::trunc(v.AsFloat()) ? "integer" : "number";
    case Kind::kString: return "string";
    default: return v.IsListLike() ? "array" : "object";
  }
}

bool TypeMatches(const std::string& want, const Value& v) {
  std::string t = JsonType(v);
  if (want == t) return true;
  if (want == "number" && t == "integer") return true;
  return false;
}

struct Validator {
  const json& root;
  std::string errors;
  int depth = 0;

  const json* Resolve(const json& s) {
    if (!s.is_object() || !s.contains("$ref") || !s["$ref"].is_string()) return &s;
    std::string ref = s["$ref"];
    if (!ref.starts_with("#")) return nullptr;
    const json* cur = &root;
    std::string path = ref.substr(1);
    size_t pos = 0;
    while (pos < path.size()) {
      if (path[pos] == '/') ++pos;
      size_t next = path.find('/', pos);
      std::string key = path.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
      if (!cur->is_object() || !cur->contains(key)) return nullptr;
      cur = &(*cur)[key];
      if (next == std::string::npos) break;
      pos = next;
    }
    return cur;
  }

  bool Check(const json& schema_in, const Value& v, const std::string& at, bool report) {
    if (++depth > 200) {
      --depth;
      return true;
    }
    struct D { int* d; ~D() { --*d; } } guard{&depth};
    const json* sp = Resolve(schema_in);
    if (!sp) return true;
    const json& s = *sp;
    if (s.is_boolean()) return s.get<bool>() || (Fail(report, at, "not allowed"), false);
    if (!s.is_object()) return true;
    bool ok = true;
    if (s.contains("type")) {
      const json& t = s["type"];
      bool m = false;
      std::string want;
      if (t.is_string()) {
        m = TypeMatches(t.get<std::string>(), v);
        want = t.get<std::string>();
      } else if (t.is_array()) {
        for (const auto& e : t) {
          if (e.is_string() && TypeMatches(e.get<std::string>(), v)) m = true;
          want += (want.empty() ? "" : " or ") + (e.is_string() ? e.get<std::string>() : "");
        }
      } else {
        m = true;
      }
      if (!m) {
        Fail(report, at, "got " + std::string(JsonType(v) == "integer" ? "number" : JsonType(v)) + ", want " + want);
        return false;
      }
    }
    if (s.contains("enum") && s["enum"].is_array()) {
      bool found = false;
      for (const auto& e : s["enum"]) found = found || Equal(e, v);
      if (!found) {
        Fail(report, at, "value must be one of " + s["enum"].dump());
        ok = false;
      }
    }
    if (s.contains("const") && !Equal(s["const"], v)) {
      Fail(report, at, "value must be " + s["const"].dump());
      ok = false;
    }
    if (v.is_string()) {
      const std::string& str = v.AsString();
      size_t len = 0;
      for (unsigned char c : str)
        if ((c & 0xC0) != 0x80) ++len;
      if (s.contains("minLength") && s["minLength"].is_number() && len < s["minLength"].get<double>()) {
        Fail(report, at, "minLength: got " + std::to_string(len) + ", want " + s["minLength"].dump());
        ok = false;
      }
      if (s.contains("maxLength") && s["maxLength"].is_number() && len > s["maxLength"].get<double>()) {
        Fail(report, at, "maxLength: got " + std::to_string(len) + ", want " + s["maxLength"].dump());
        ok = false;
      }
      if (s.contains("pattern") && s["pattern"].is_string()) {
        RE2 re(s["pattern"].get<std::string>(), RE2::Quiet);
        if (re.ok() && !RE2::PartialMatch(str, re)) {
          Fail(report, at, "'" + str + "' does not match pattern " + s["pattern"].dump());
          ok = false;
        }
      }
    }
    if (v.is_number()) {
      double d = v.kind() == Kind::kInt ? static_cast<double>(v.AsInt()) : v.AsFloat();
      if (s.contains("minimum") && s["minimum"].is_number() && d < s["minimum"].get<double>()) {
        Fail(report, at, "minimum: got " + FormatFloat(d, 'g', -1) + ", want " + s["minimum"].dump());
        ok = false;
      }
      if (s.contains("maximum") && s["maximum"].is_number() && d > s["maximum"].get<double>()) {
        Fail(report, at, "maximum: got " + FormatFloat(d, 'g', -1) + ", want " + s["maximum"].dump());
        ok = false;
      }
    }
    if (v.IsMapLike()) {
      const Map& m = v.AsMap();
      if (s.contains("required") && s["required"].is_array()) {
        for (const auto& r : s["required"]) {
          if (r.is_string() && !m.count(r.get<std::string>())) {
            Fail(report, at, "missing property '" + r.get<std::string>() + "'");
            ok = false;
          }
        }
      }
      const json* props = s.contains("properties") && s["properties"].is_object() ? &s["properties"] : nullptr;
      const json* pattern_props =
          s.contains("patternProperties") && s["patternProperties"].is_object() ? &s["patternProperties"] : nullptr;
      for (const auto& [k, e] : m) {
        bool matched = false;
        if (props && props->contains(k)) {
          matched = true;
          ok = Check((*props)[k], e, at + "/" + k, report) && ok;
        }
        if (pattern_props) {
          for (auto it = pattern_props->begin(); it != pattern_props->end(); ++it) {
            RE2 re(it.key(), RE2::Quiet);
            if (re.ok() && RE2::PartialMatch(k, re)) {
              matched = true;
              ok = Check(it.value(), e, at + "/" + k, report) && ok;
            }
          }
        }
        if (!matched && s.contains("additionalProperties")) {
          const json& ap = s["additionalProperties"];
          if (ap.is_boolean() && !ap.get<bool>()) {
            Fail(report, at, "additional properties '" + k + "' not allowed");
            ok = false;
          } else if (ap.is_object()) {
            ok = Check(ap, e, at + "/" + k, report) && ok;
          }
        }
      }
    }
    if (v.IsListLike() && s.contains("items") && s["items"].is_object()) {
      const List& l = v.AsList();
      for (size_t i = 0; i < l.size(); ++i) ok = Check(s["items"], l[i], at + "/" + std::to_string(i), report) && ok;
    }
    if (s.contains("allOf") && s["allOf"].is_array())
      for (const auto& sub : s["allOf"]) ok = Check(sub, v, at, report) && ok;
    if (s.contains("anyOf") && s["anyOf"].is_array()) {
      bool any = false;
      for (const auto& sub : s["anyOf"]) any = any || Check(sub, v, at, false);
      if (!any) {
        Fail(report, at, "anyOf failed");
        ok = false;
      }
    }
    if (s.contains("oneOf") && s["oneOf"].is_array()) {
      int n = 0;
      for (const auto& sub : s["oneOf"]) n += Check(sub, v, at, false) ? 1 : 0;
      if (n != 1) {
        Fail(report, at, n == 0 ? "oneOf failed, none matched" : "oneOf failed, subschemas matched");
        ok = false;
      }
    }
    if (s.contains("not") && Check(s["not"], v, at, false)) {
      Fail(report, at, "not failed");
      ok = false;
    }
    if (s.contains("if")) {
      if (Check(s["if"], v, at, false)) {
        if (s.contains("then")) ok = Check(s["then"], v, at, report) && ok;
      } else if (s.contains("else")) {
        ok = Check(s["else"], v, at, report) && ok;
      }
    }
    return ok;
  }

  bool Equal(const json& j, const Value& v) {
    if (j.is_null()) return v.is_nil();
    if (j.is_boolean()) return v.kind() == Kind::kBool && v.AsBool() == j.get<bool>();
    if (j.is_number()) {
      if (!v.is_number()) return false;
      double d = v.kind() == Kind::kInt ? static_cast<double>(v.AsInt()) : v.AsFloat();
      return d == j.get<double>();
    }
    if (j.is_string()) return v.is_string() && v.AsString() == j.get<std::string>();
    return false;
  }

  void Fail(bool report, const std::string& at, const std::string& msg) {
    if (report) errors += "- at '" + (at.empty() ? std::string("") : at) + "': " + msg + "\n";
  }
};

// Remote references cannot be fetched (helm fails the same way offline).
std::string FindRemoteRef(const json& j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key() == "$ref" && it.value().is_string()) {
        std::string r = it.value();
        if (r.starts_with("http://") || r.starts_with("https://")) return r;
      }
      std::string r = FindRemoteRef(it.value());
      if (!r.empty()) return r;
    }
  } else if (j.is_array()) {
    for (const auto& e : j) {
      std::string r = FindRemoteRef(e);
      if (!r.empty()) return r;
    }
  }
  return "";
}

}  // namespace

std::string ValidateAgainstSchema(const std::string& schema_json, const Value& values) {
  json schema;
  try {
    schema = json::parse(schema_json);
  } catch (const json::exception& e) {
    return std::string("- invalid values.schema.json: ") + e.what() + "\n";
  }
  std::string remote = FindRemoteRef(schema);
  if (!remote.empty()) return "failing loading \"" + remote + "\": remote references are not fetched\n";
  Validator v{schema, ""};
  v.Check(schema, values, "", true);
  return v.errors;
}

}  // namespace policycheck::helm
