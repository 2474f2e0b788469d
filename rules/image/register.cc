// Image rules, one sorted line each.
#include "register_util.h"

namespace policycheck::rules {

std::unique_ptr<Rule> NewImageOverSizeBudgetRule();
std::unique_ptr<Rule> NewEstimateOverSizeBudgetRule();
std::unique_ptr<Rule> NewHeavyBaseImageRule();

void RegisterImageRules(RuleRegistry& registry) {
  AddRule(registry, NewImageOverSizeBudgetRule());  // IMG001
  AddRule(registry, NewEstimateOverSizeBudgetRule());  // IMG002
  AddRule(registry, NewHeavyBaseImageRule());  // IMG003
}

}  // namespace policycheck::rules
