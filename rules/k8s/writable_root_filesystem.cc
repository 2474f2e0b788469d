// K8S018 writable-root-filesystem: A container's root filesystem is writable.
#include <memory>

#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class WritableRootFilesystemRule : public ObjectRule {
 public:
  WritableRootFilesystemRule()
      : ObjectRule(RuleInfo{
            .id = "K8S018",
            .name = "writable-root-filesystem",
            .target = Target::kPodSpec,
            .default_severity = Severity::kWarning,
            .enabled_by_default = true,
            .category = "security",
            .security_severity = 4.0,
            .summary = "A container's root filesystem is writable.",
            .remediation = "Set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes where the app writes.",
            .equivalents = {"kube-linter:no-read-only-root-fs", "checkov:CKV_K8S_22", "trivy:KSV014"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Container& c : obj.pod_spec()->containers) {
      k8s::SecurityContext sc = k8s::ResolveSecurityContext(*obj.pod_spec(), c);
      if (sc.read_only_root_filesystem.value == true) continue;
      if (sc.read_only_root_filesystem.set()) {
        Report(out, obj, sc.read_only_root_filesystem.node, &c, Describe(c) + " has a writable root filesystem");
      } else {
        Report(out, obj, SecurityContextAnchor(c), &c,
               Describe(c) + " does not set readOnlyRootFilesystem: true");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewWritableRootFilesystemRule() { return std::make_unique<WritableRootFilesystemRule>(); }

}  // namespace policycheck::rules
