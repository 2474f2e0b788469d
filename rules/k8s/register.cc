// K8s rules, one sorted line each.
#include "register_util.h"

namespace policycheck::rules {

void RegisterK8sRules(RuleRegistry& registry) {
  (void)registry;
}

}  // namespace policycheck::rules
