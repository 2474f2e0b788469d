// PC004 unrendered-template: produced by the engine itself.
#include <memory>

#include "policycheck/rule.h"

namespace policycheck::rules {

std::unique_ptr<Rule> NewUnrenderedTemplateRule() {
  return std::make_unique<EngineRule>(RuleInfo{
      .id = "PC004",
      .name = "unrendered-template",
      .target = Target::kInput,
      .default_severity = Severity::kNote,
      .enabled_by_default = true,
      .category = "correctness",
      .summary = "A YAML file outside a Helm chart contains template syntax.",
      .remediation = "Check the chart directory (the one with Chart.yaml) instead of the template file, so policycheck renders it.",
  });
}

}  // namespace policycheck::rules
