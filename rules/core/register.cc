// Engine rules (PCxxx), one sorted line each.
#include "register_util.h"

namespace policycheck::rules {

std::unique_ptr<Rule> NewInvalidInputRule();
std::unique_ptr<Rule> NewUnusedSuppressionRule();
std::unique_ptr<Rule> NewDuplicateKeyRule();
std::unique_ptr<Rule> NewUnrenderedTemplateRule();
std::unique_ptr<Rule> NewChartRenderErrorRule();
std::unique_ptr<Rule> NewInternalErrorRule();

void RegisterCoreRules(RuleRegistry& registry) {
  AddRule(registry, NewInvalidInputRule());  // PC001
  AddRule(registry, NewUnusedSuppressionRule());  // PC002
  AddRule(registry, NewDuplicateKeyRule());  // PC003
  AddRule(registry, NewUnrenderedTemplateRule());  // PC004
  AddRule(registry, NewChartRenderErrorRule());  // PC005
  AddRule(registry, NewInternalErrorRule());  // PC900
}

}  // namespace policycheck::rules
