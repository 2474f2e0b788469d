// K8S003 run-as-user-mismatch: A container does not run as the required UID (and, when configured, group and fsGroup).
#include <memory>

#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class RunAsUserMismatchRule : public ObjectRule {
 public:
  RunAsUserMismatchRule()
      : ObjectRule(RuleInfo{
            .id = "K8S003",
            .name = "run-as-user-mismatch",
            .target = Target::kPodSpec,
            .default_severity = Severity::kWarning,
            .enabled_by_default = true,
            .category = "security",
            .security_severity = 5.0,
            .summary = "A container does not run as the required UID (and, when configured, group and fsGroup).",
            .remediation = "Set securityContext.runAsUser (and runAsGroup / fsGroup when required) to the required ids.",
            .params = {
          ParamSpec{"uid", ParamType::kInt, "1001", "The UID every container must run as."},
          ParamSpec{"run_as_group", ParamType::kInt, "-1", "The GID every container must run as; -1 does not check it."},
          ParamSpec{"fs_group", ParamType::kInt, "-1", "The fsGroup every pod must set; -1 does not check it."},
      },
            .equivalents = {},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& ctx, Reporter& out) const override {
    const PodSpec& pod = *obj.pod_spec();
    int64_t uid = ctx.params.Int("uid");
    int64_t gid = ctx.params.Int("run_as_group");
    int64_t fs_group = ctx.params.Int("fs_group");
    for (const Container& c : pod.containers) {
      k8s::SecurityContext sc = k8s::ResolveSecurityContext(pod, c);
      if (!sc.run_as_user.set()) {
        Report(out, obj, SecurityContextAnchor(c), &c,
               Describe(c) + " does not set runAsUser; the required UID is " + std::to_string(uid));
      } else if (*sc.run_as_user.value != uid) {
        Report(out, obj, sc.run_as_user.node, &c,
               Describe(c) + " runs as UID " + std::to_string(*sc.run_as_user.value) + "; the required UID is " +
                   std::to_string(uid));
      }
      if (gid < 0) continue;
      if (!sc.run_as_group.set()) {
        Report(out, obj, SecurityContextAnchor(c), &c,
               Describe(c) + " does not set runAsGroup; the required GID is " + std::to_string(gid));
      } else if (*sc.run_as_group.value != gid) {
        Report(out, obj, sc.run_as_group.node, &c,
               Describe(c) + " runs as GID " + std::to_string(*sc.run_as_group.value) + "; the required GID is " +
                   std::to_string(gid));
      }
    }
    if (fs_group >= 0 && !pod.containers.empty()) {
      k8s::SecurityContext sc = k8s::ResolveSecurityContext(pod, pod.containers.front());
      if (!sc.fs_group.set()) {
        const Node* key = pod.node->KeyNode("securityContext");
        Report(out, obj, key ? key : pod.node, nullptr,
               "the pod does not set fsGroup; the required fsGroup is " + std::to_string(fs_group));
      } else if (*sc.fs_group.value != fs_group) {
        Report(out, obj, sc.fs_group.node, nullptr,
               "the pod sets fsGroup " + std::to_string(*sc.fs_group.value) + "; the required fsGroup is " +
                   std::to_string(fs_group));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewRunAsUserMismatchRule() { return std::make_unique<RunAsUserMismatchRule>(); }

}  // namespace policycheck::rules
