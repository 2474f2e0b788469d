// YAML and JSON as helm reads and writes them:
//  - values files go through sigs.k8s.io/yaml (YAML 1.1 scalars, numbers become float64);
//  - toYaml is sigs.k8s.io/yaml.Marshal: JSON first, then go-yaml v2's emitter
//    (sorted keys in its natural order, its quoting rules, folding at 80 columns);
//  - toJson is encoding/json.
#pragma once

#include <string>
#include <string_view>

#include "policycheck/frontend.h"
#include "value.h"

namespace policycheck::helm {

struct YamlError {
  std::string message;
  int line = 0;  // 1-based, 0 when unknown
  int column = 0;
};

// Parses one YAML document into values the way helm does (float64 numbers).
// An empty document gives an empty map when `empty_as_map`.
// With `origin_file`, every value remembers its location (ValueOrigins()).
bool ParseYaml(std::string_view text, Value* out, YamlError* error, const Limits& limits,
               const std::string* origin_file = nullptr);
// Parses all documents of a stream (fromYamlArray works on one document).
std::string ToYaml(const Value& v);  // with the trailing newline
std::string ToJson(const Value& v, bool pretty = false);
bool ParseJson(std::string_view text, Value* out, std::string* error);
std::string ToToml(const Value& v);

// go-yaml v2's resolver: would `s` read back as a non-string when unquoted?
bool YamlPlainIsString(std::string_view s);

}  // namespace policycheck::helm
