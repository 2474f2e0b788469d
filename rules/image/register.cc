// Image rules, one sorted line each.
#include "register_util.h"

namespace policycheck::rules {

void RegisterImageRules(RuleRegistry& registry) {
  (void)registry;
}

}  // namespace policycheck::rules
