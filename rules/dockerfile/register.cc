// Dockerfile rules, one sorted line each.
#include "register_util.h"

namespace policycheck::rules {

void RegisterDockerfileRules(RuleRegistry& registry) {
  (void)registry;
}

}  // namespace policycheck::rules
