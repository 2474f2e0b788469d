// K8S014 privileged-container: A container runs privileged.
#include <memory>

#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class PrivilegedContainerRule : public ObjectRule {
 public:
  PrivilegedContainerRule()
      : ObjectRule(RuleInfo{
            .id = "K8S014",
            .name = "privileged-container",
            .target = Target::kPodSpec,
            .default_severity = Severity::kError,
            .enabled_by_default = true,
            .category = "security",
            .security_severity = 9.0,
            .summary = "A container runs privileged.",
            .remediation = "Remove privileged: true and grant only the specific capabilities the container needs.",
            .equivalents = {"kube-linter:privileged-container", "checkov:CKV_K8S_16", "trivy:KSV017"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Container& c : obj.pod_spec()->containers) {
      k8s::SecurityContext sc = k8s::ResolveSecurityContext(*obj.pod_spec(), c);
      if (sc.privileged.set() && *sc.privileged.value) {
        Report(out, obj, sc.privileged.node, &c, Describe(c) + " runs privileged");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewPrivilegedContainerRule() { return std::make_unique<PrivilegedContainerRule>(); }

}  // namespace policycheck::rules
