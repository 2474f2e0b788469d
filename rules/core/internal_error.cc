// PC900 internal-error: produced by the engine itself.
#include <memory>

#include "policycheck/rule.h"

namespace policycheck::rules {

std::unique_ptr<Rule> NewInternalErrorRule() {
  return std::make_unique<EngineRule>(RuleInfo{
      .id = "PC900",
      .name = "internal-error",
      .target = Target::kInput,
      .default_severity = Severity::kError,
      .enabled_by_default = true,
      .category = "correctness",
      .summary = "A rule failed unexpectedly on an input.",
      .remediation = "Report the input and the message as a policycheck bug; the other rules still ran.",
  });
}

}  // namespace policycheck::rules
