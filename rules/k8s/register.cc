// K8s rules, one sorted line each.
#include "register_util.h"

namespace policycheck::rules {

std::unique_ptr<Rule> NewRunAsRootRule();
std::unique_ptr<Rule> NewRunAsNonRootWithUidZeroRule();
std::unique_ptr<Rule> NewRunAsUserMismatchRule();
std::unique_ptr<Rule> NewMissingCpuRequirementsRule();
std::unique_ptr<Rule> NewMissingMemoryRequirementsRule();
std::unique_ptr<Rule> NewRequestExceedsLimitRule();
std::unique_ptr<Rule> NewResourceOutsideBudgetRule();
std::unique_ptr<Rule> NewMissingLivenessProbeRule();
std::unique_ptr<Rule> NewMissingReadinessProbeRule();
std::unique_ptr<Rule> NewProbePortNotExposedRule();
std::unique_ptr<Rule> NewIdenticalLivenessReadinessProbeRule();
std::unique_ptr<Rule> NewSecretInConfigmapRule();
std::unique_ptr<Rule> NewSecretInEnvRule();
std::unique_ptr<Rule> NewPrivilegedContainerRule();
std::unique_ptr<Rule> NewPrivilegeEscalationAllowedRule();
std::unique_ptr<Rule> NewCapabilitiesNotDroppedRule();
std::unique_ptr<Rule> NewDangerousCapabilityAddedRule();
std::unique_ptr<Rule> NewWritableRootFilesystemRule();
std::unique_ptr<Rule> NewHostNamespaceRule();
std::unique_ptr<Rule> NewHostPathVolumeRule();
std::unique_ptr<Rule> NewHostPortRule();
std::unique_ptr<Rule> NewMissingSeccompProfileRule();
std::unique_ptr<Rule> NewServiceAccountTokenAutomountRule();
std::unique_ptr<Rule> NewLatestImageTagRule();
std::unique_ptr<Rule> NewImagePullPolicyMismatchRule();
std::unique_ptr<Rule> NewExposedServiceRule();
std::unique_ptr<Rule> NewDanglingServiceRule();
std::unique_ptr<Rule> NewMismatchingSelectorRule();
std::unique_ptr<Rule> NewDuplicateEnvVarRule();
std::unique_ptr<Rule> NewDefaultNamespaceRule();
std::unique_ptr<Rule> NewInvalidFieldValueRule();

void RegisterK8sRules(RuleRegistry& registry) {
  AddRule(registry, NewRunAsRootRule());  // K8S001
  AddRule(registry, NewRunAsNonRootWithUidZeroRule());  // K8S002
  AddRule(registry, NewRunAsUserMismatchRule());  // K8S003
  AddRule(registry, NewMissingCpuRequirementsRule());  // K8S004
  AddRule(registry, NewMissingMemoryRequirementsRule());  // K8S005
  AddRule(registry, NewRequestExceedsLimitRule());  // K8S006
  AddRule(registry, NewResourceOutsideBudgetRule());  // K8S007
  AddRule(registry, NewMissingLivenessProbeRule());  // K8S008
  AddRule(registry, NewMissingReadinessProbeRule());  // K8S009
  AddRule(registry, NewProbePortNotExposedRule());  // K8S010
  AddRule(registry, NewIdenticalLivenessReadinessProbeRule());  // K8S011
  AddRule(registry, NewSecretInConfigmapRule());  // K8S012
  AddRule(registry, NewSecretInEnvRule());  // K8S013
  AddRule(registry, NewPrivilegedContainerRule());  // K8S014
  AddRule(registry, NewPrivilegeEscalationAllowedRule());  // K8S015
  AddRule(registry, NewCapabilitiesNotDroppedRule());  // K8S016
  AddRule(registry, NewDangerousCapabilityAddedRule());  // K8S017
  AddRule(registry, NewWritableRootFilesystemRule());  // K8S018
  AddRule(registry, NewHostNamespaceRule());  // K8S019
  AddRule(registry, NewHostPathVolumeRule());  // K8S020
  AddRule(registry, NewHostPortRule());  // K8S021
  AddRule(registry, NewMissingSeccompProfileRule());  // K8S022
  AddRule(registry, NewServiceAccountTokenAutomountRule());  // K8S023
  AddRule(registry, NewLatestImageTagRule());  // K8S024
  AddRule(registry, NewImagePullPolicyMismatchRule());  // K8S025
  AddRule(registry, NewExposedServiceRule());  // K8S026
  AddRule(registry, NewDanglingServiceRule());  // K8S027
  AddRule(registry, NewMismatchingSelectorRule());  // K8S028
  AddRule(registry, NewDuplicateEnvVarRule());  // K8S029
  AddRule(registry, NewDefaultNamespaceRule());  // K8S030
  AddRule(registry, NewInvalidFieldValueRule());  // K8S031
}

}  // namespace policycheck::rules
