// PC005 chart-render-error: produced by the engine itself.
#include <memory>

#include "policycheck/rule.h"

namespace policycheck::rules {

std::unique_ptr<Rule> NewChartRenderErrorRule() {
  return std::make_unique<EngineRule>(RuleInfo{
      .id = "PC005",
      .name = "chart-render-error",
      .target = Target::kInput,
      .default_severity = Severity::kError,
      .enabled_by_default = true,
      .category = "correctness",
      .summary = "A Helm chart failed to render.",
      .remediation = "Fix the template error, or provide the values the chart requires with `--set` or `-f`.",
  });
}

}  // namespace policycheck::rules
