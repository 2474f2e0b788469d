// K8S002 run-as-non-root-with-uid-zero: A container sets runAsNonRoot true and runAsUser 0, so the kubelet refuses to start it.
#include <memory>

#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class RunAsNonRootWithUidZeroRule : public ObjectRule {
 public:
  RunAsNonRootWithUidZeroRule()
      : ObjectRule(RuleInfo{
            .id = "K8S002",
            .name = "run-as-non-root-with-uid-zero",
            .target = Target::kPodSpec,
            .default_severity = Severity::kError,
            .enabled_by_default = true,
            .category = "correctness",
            .summary = "A container sets runAsNonRoot true and runAsUser 0, so the kubelet refuses to start it.",
            .remediation = "Set runAsUser to the non-zero UID the image expects, or drop runAsUser and use a non-root USER in the image.",
            .equivalents = {},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Container& c : obj.pod_spec()->containers) {
      k8s::SecurityContext sc = k8s::ResolveSecurityContext(*obj.pod_spec(), c);
      if (sc.run_as_non_root.value == true && sc.run_as_user.set() && *sc.run_as_user.value == 0) {
        Report(out, obj, sc.run_as_user.node, &c,
               Describe(c) + " sets runAsNonRoot: true with runAsUser: 0; the kubelet will refuse to start it");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewRunAsNonRootWithUidZeroRule() { return std::make_unique<RunAsNonRootWithUidZeroRule>(); }

}  // namespace policycheck::rules
