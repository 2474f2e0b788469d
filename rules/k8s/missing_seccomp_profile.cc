// K8S022 missing-seccomp-profile: A container runs without a seccomp profile (unset or Unconfined).
#include <memory>

#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class MissingSeccompProfileRule : public ObjectRule {
 public:
  MissingSeccompProfileRule()
      : ObjectRule(RuleInfo{
            .id = "K8S022",
            .name = "missing-seccomp-profile",
            .target = Target::kPodSpec,
            .default_severity = Severity::kWarning,
            .enabled_by_default = true,
            .category = "security",
            .security_severity = 4.0,
            .summary = "A container runs without a seccomp profile (unset or Unconfined).",
            .remediation = "Set securityContext.seccompProfile.type: RuntimeDefault on the pod.",
            .equivalents = {"checkov:CKV_K8S_31", "trivy:KSV030"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Container& c : obj.pod_spec()->containers) {
      k8s::SecurityContext sc = k8s::ResolveSecurityContext(*obj.pod_spec(), c);
      if (sc.seccomp_profile_type.set()) {
        if (*sc.seccomp_profile_type.value == "Unconfined") {
          Report(out, obj, sc.seccomp_profile_type.node, &c, Describe(c) + " runs with seccomp Unconfined");
        }
        continue;
      }
      Report(out, obj, SecurityContextAnchor(c), &c,
             Describe(c) + " has no seccompProfile (set RuntimeDefault on the pod or the container)");
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewMissingSeccompProfileRule() { return std::make_unique<MissingSeccompProfileRule>(); }

}  // namespace policycheck::rules
