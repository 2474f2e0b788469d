// PC001 invalid-input: produced by the engine itself.
#include <memory>

#include "policycheck/rule.h"

namespace policycheck::rules {

std::unique_ptr<Rule> NewInvalidInputRule() {
  return std::make_unique<EngineRule>(RuleInfo{
      .id = "PC001",
      .name = "invalid-input",
      .target = Target::kInput,
      .default_severity = Severity::kError,
      .enabled_by_default = true,
      .category = "correctness",
      .summary = "An input file cannot be read or parsed.",
      .remediation = "Fix the syntax error at the reported location, or exclude the file with `paths.exclude`.",
  });
}

}  // namespace policycheck::rules
