// PC003 duplicate-key: produced by the engine itself.
#include <memory>

#include "policycheck/rule.h"

namespace policycheck::rules {

std::unique_ptr<Rule> NewDuplicateKeyRule() {
  return std::make_unique<EngineRule>(RuleInfo{
      .id = "PC003",
      .name = "duplicate-key",
      .target = Target::kInput,
      .default_severity = Severity::kError,
      .enabled_by_default = true,
      .category = "correctness",
      .summary = "A YAML mapping repeats a key.",
      .remediation = "Remove one of the duplicate keys; only one value can be meant.",
  });
}

}  // namespace policycheck::rules
