// Parsing rule params from YAML nodes (config loader and rule.cc).
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "policycheck/rule.h"

namespace policycheck {

// Parses `node` as a value of `type`. Returns "" on success, else an error message.
std::string ParseParamNode(ParamType type, const YAML::Node& node, ParamValue* out);

}  // namespace policycheck
