// values.schema.json validation (the JSON Schema features charts use).
#pragma once

#include <string>

#include "value.h"

namespace policycheck::helm {

// Returns "" when `values` satisfies the schema, else helm-like error lines
// ("- at '/image/tag': got number, want string\n").
std::string ValidateAgainstSchema(const std::string& schema_json, const Value& values);

}  // namespace policycheck::helm
