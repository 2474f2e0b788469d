// Registers every built-in rule. Each area keeps one sorted line per rule in
// its own register.cc; this file only lists the areas.
#include <cstdlib>
#include <iostream>
#include <string_view>
#include <utility>
#include <vector>

#include "policycheck/registry.h"

namespace policycheck {

const std::vector<std::pair<std::string_view, std::string_view>>& EmbeddedRuleDocs();

namespace rules {
void RegisterCoreRules(RuleRegistry& registry);
void RegisterDockerfileRules(RuleRegistry& registry);
void RegisterK8sRules(RuleRegistry& registry);
void RegisterImageRules(RuleRegistry& registry);
}  // namespace rules

void RegisterBuiltinRules(RuleRegistry& registry) {
  rules::RegisterCoreRules(registry);
  rules::RegisterDockerfileRules(registry);
  rules::RegisterK8sRules(registry);
  rules::RegisterImageRules(registry);
  for (const auto& [id, doc] : EmbeddedRuleDocs()) registry.SetDoc(id, doc);
}

}  // namespace policycheck
