// K8S001 run-as-root: A container may run as root: neither runAsNonRoot is true nor runAsUser is non-zero.
#include <memory>

#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class RunAsRootRule : public ObjectRule {
 public:
  RunAsRootRule()
      : ObjectRule(RuleInfo{
            .id = "K8S001",
            .name = "run-as-root",
            .target = Target::kPodSpec,
            .default_severity = Severity::kError,
            .enabled_by_default = true,
            .category = "security",
            .security_severity = 8.0,
            .summary = "A container may run as root: neither runAsNonRoot is true nor runAsUser is non-zero.",
            .remediation = "Set securityContext.runAsNonRoot: true and a non-zero runAsUser on the pod or the container.",
            .equivalents = {"kube-linter:run-as-non-root", "checkov:CKV_K8S_23", "trivy:KSV012"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Container& c : obj.pod_spec()->containers) {
      k8s::SecurityContext sc = k8s::ResolveSecurityContext(*obj.pod_spec(), c);
      if (sc.run_as_non_root.value == true) continue;  // runAsUser: 0 with it is K8S002
      if (sc.run_as_user.set() && *sc.run_as_user.value != 0) continue;
      if (sc.run_as_user.set()) {
        Report(out, obj, sc.run_as_user.node, &c, Describe(c) + " runs as root (runAsUser: 0)");
      } else if (sc.run_as_non_root.set()) {
        Report(out, obj, sc.run_as_non_root.node, &c,
               Describe(c) + " sets runAsNonRoot: false and no non-zero runAsUser, so it may run as root");
      } else {
        Report(out, obj, SecurityContextAnchor(c), &c,
               Describe(c) + " may run as root: neither runAsNonRoot: true nor a non-zero runAsUser is set");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewRunAsRootRule() { return std::make_unique<RunAsRootRule>(); }

}  // namespace policycheck::rules
