// K8S015 privilege-escalation-allowed: A container does not set allowPrivilegeEscalation to false.
#include <memory>

#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class PrivilegeEscalationAllowedRule : public ObjectRule {
 public:
  PrivilegeEscalationAllowedRule()
      : ObjectRule(RuleInfo{
            .id = "K8S015",
            .name = "privilege-escalation-allowed",
            .target = Target::kPodSpec,
            .default_severity = Severity::kWarning,
            .enabled_by_default = true,
            .category = "security",
            .security_severity = 6.0,
            .summary = "A container does not set allowPrivilegeEscalation to false.",
            .remediation = "Set securityContext.allowPrivilegeEscalation: false on every container.",
            .equivalents = {"kube-linter:privilege-escalation-container", "checkov:CKV_K8S_20", "trivy:KSV001"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Container& c : obj.pod_spec()->containers) {
      k8s::SecurityContext sc = k8s::ResolveSecurityContext(*obj.pod_spec(), c);
      if (sc.allow_privilege_escalation.value == false) continue;
      if (sc.allow_privilege_escalation.set()) {
        Report(out, obj, sc.allow_privilege_escalation.node, &c, Describe(c) + " allows privilege escalation");
      } else {
        Report(out, obj, SecurityContextAnchor(c), &c,
               Describe(c) + " does not set allowPrivilegeEscalation: false (the default allows escalation)");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewPrivilegeEscalationAllowedRule() { return std::make_unique<PrivilegeEscalationAllowedRule>(); }

}  // namespace policycheck::rules
