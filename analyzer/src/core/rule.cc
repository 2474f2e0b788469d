#include "policycheck/rule.h"

#include "policycheck/internal/param_yaml.h"

#include <cctype>
#include <charconv>
#include <cmath>

namespace policycheck {

std::string_view TargetName(Target t) {
  switch (t) {
    case Target::kDockerfile:
      return "dockerfile";
    case Target::kObject:
      return "object";
    case Target::kPodSpec:
      return "pod-spec";
    case Target::kObjectSet:
      return "object-set";
    case Target::kImage:
      return "image";
    case Target::kInput:
      return "input";
  }
  return "input";
}

std::string_view RuleStatusName(RuleStatus s) {
  switch (s) {
    case RuleStatus::kStable:
      return "stable";
    case RuleStatus::kPreview:
      return "preview";
    case RuleStatus::kDeprecated:
      return "deprecated";
  }
  return "stable";
}

std::string_view ParamTypeName(ParamType t) {
  switch (t) {
    case ParamType::kBool:
      return "bool";
    case ParamType::kInt:
      return "int";
    case ParamType::kString:
      return "string";
    case ParamType::kStringList:
      return "string list";
    case ParamType::kSize:
      return "size";
    case ParamType::kStringMap:
      return "string map";
  }
  return "string";
}

bool Params::Has(std::string_view name) const { return values_.find(name) != values_.end(); }

namespace {
template <typename T>
const T* Get(const std::map<std::string, ParamValue, std::less<>>& values, std::string_view name) {
  auto it = values.find(name);
  if (it == values.end()) return nullptr;
  return std::get_if<T>(&it->second);
}
}  // namespace

bool Params::Bool(std::string_view name) const {
  const bool* v = Get<bool>(values_, name);
  return v ? *v : false;
}
int64_t Params::Int(std::string_view name) const {
  const int64_t* v = Get<int64_t>(values_, name);
  return v ? *v : 0;
}
const std::string& Params::String(std::string_view name) const {
  static const std::string kEmpty;
  const std::string* v = Get<std::string>(values_, name);
  return v ? *v : kEmpty;
}
const std::vector<std::string>& Params::List(std::string_view name) const {
  static const std::vector<std::string> kEmpty;
  const auto* v = Get<std::vector<std::string>>(values_, name);
  return v ? *v : kEmpty;
}
const std::map<std::string, std::string>& Params::Map(std::string_view name) const {
  static const std::map<std::string, std::string> kEmpty;
  const auto* v = Get<std::map<std::string, std::string>>(values_, name);
  return v ? *v : kEmpty;
}

bool ParseByteSize(std::string_view text, int64_t* bytes) {
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  size_t start = i;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
  if (i == start) return false;
  double number = 0;
  auto [ptr, ec] = std::from_chars(text.data() + start, text.data() + i, number);
  if (ec != std::errc() || ptr != text.data() + i) return false;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  std::string unit;
  for (; i < text.size(); ++i) unit += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
  while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.back()))) unit.pop_back();
  double mult = 0;
  if (unit.empty() || unit == "b") mult = 1;
  else if (unit == "k" || unit == "kb") mult = 1e3;
  else if (unit == "m" || unit == "mb") mult = 1e6;
  else if (unit == "g" || unit == "gb") mult = 1e9;
  else if (unit == "ki" || unit == "kib") mult = 1024.0;
  else if (unit == "mi" || unit == "mib") mult = 1024.0 * 1024;
  else if (unit == "gi" || unit == "gib") mult = 1024.0 * 1024 * 1024;
  else return false;
  double v = number * mult;
  if (!std::isfinite(v) || v > 9e18) return false;
  *bytes = static_cast<int64_t>(std::llround(v));
  return true;
}

namespace {
std::string ScalarError(ParamType type, const YAML::Node& node) {
  return "expected a " + std::string(ParamTypeName(type)) + ", got " +
         (node.IsScalar() ? "'" + node.Scalar() + "'" : std::string(node.IsSequence() ? "a list" : "a map"));
}
}  // namespace

std::string ParseParamNode(ParamType type, const YAML::Node& node, ParamValue* out) {
  switch (type) {
    case ParamType::kBool: {
      if (!node.IsScalar()) return ScalarError(type, node);
      const std::string& s = node.Scalar();
      if (s == "true" || s == "True" || s == "yes" || s == "on") { *out = true; return ""; }
      if (s == "false" || s == "False" || s == "no" || s == "off") { *out = false; return ""; }
      return ScalarError(type, node);
    }
    case ParamType::kInt: {
      if (!node.IsScalar()) return ScalarError(type, node);
      const std::string& s = node.Scalar();
      int64_t v = 0;
      auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (ec != std::errc() || ptr != s.data() + s.size()) return ScalarError(type, node);
      *out = v;
      return "";
    }
    case ParamType::kString:
      if (!node.IsScalar()) return ScalarError(type, node);
      *out = node.Scalar();
      return "";
    case ParamType::kSize: {
      if (!node.IsScalar()) return ScalarError(type, node);
      int64_t v = 0;
      if (!ParseByteSize(node.Scalar(), &v)) {
        return "expected a size such as 500MB or 1GiB, got '" + node.Scalar() + "'";
      }
      *out = v;
      return "";
    }
    case ParamType::kStringList: {
      std::vector<std::string> list;
      if (node.IsScalar()) {
        list.push_back(node.Scalar());
      } else if (node.IsSequence()) {
        for (const auto& item : node) {
          if (!item.IsScalar()) return "expected a list of strings";
          list.push_back(item.Scalar());
        }
      } else if (!node.IsNull()) {
        return "expected a list of strings";
      }
      *out = std::move(list);
      return "";
    }
    case ParamType::kStringMap: {
      std::map<std::string, std::string> map;
      if (node.IsMap()) {
        for (const auto& kv : node) {
          if (!kv.first.IsScalar() || !kv.second.IsScalar()) return "expected a map of strings";
          map[kv.first.Scalar()] = kv.second.Scalar();
        }
      } else if (!node.IsNull()) {
        return "expected a map of strings";
      }
      *out = std::move(map);
      return "";
    }
  }
  return "unknown param type";
}

std::string ParseParamText(ParamType type, std::string_view text, ParamValue* out) {
  try {
    YAML::Node node = YAML::Load(std::string(text));
    return ParseParamNode(type, node, out);
  } catch (const YAML::Exception& e) {
    return std::string("invalid value: ") + e.what();
  }
}

std::string ParamValueText(const ParamValue& value) {
  struct Visitor {
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(int64_t i) const { return std::to_string(i); }
    std::string operator()(const std::string& s) const {
      YAML::Emitter e;
      e << YAML::DoubleQuoted << s;
      return e.c_str();
    }
    std::string operator()(const std::vector<std::string>& v) const {
      std::string out = "[";
      for (size_t i = 0; i < v.size(); ++i) {
        if (i) out += ", ";
        out += (*this)(v[i]);
      }
      return out + "]";
    }
    std::string operator()(const std::map<std::string, std::string>& m) const {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, v] : m) {
        if (!first) out += ", ";
        first = false;
        out += (*this)(k) + ": " + (*this)(v);
      }
      return out + "}";
    }
  };
  return std::visit(Visitor{}, value);
}

}  // namespace policycheck
