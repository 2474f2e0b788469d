// PC002 unused-suppression: produced by the engine itself.
#include <memory>

#include "policycheck/rule.h"

namespace policycheck::rules {

std::unique_ptr<Rule> NewUnusedSuppressionRule() {
  return std::make_unique<EngineRule>(RuleInfo{
      .id = "PC002",
      .name = "unused-suppression",
      .target = Target::kInput,
      .default_severity = Severity::kNote,
      .enabled_by_default = false,
      .category = "correctness",
      .summary = "A suppression comment or annotation matches no finding.",
      .remediation = "Remove the suppression, or correct the rule id it names.",
  });
}

}  // namespace policycheck::rules
