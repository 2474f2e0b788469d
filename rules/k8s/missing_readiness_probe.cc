// K8S009 missing-readiness-probe: A long-running container has no readinessProbe.
#include <memory>

#include "k8s/probe_check.h"
#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class MissingReadinessProbeRule : public ObjectRule {
 public:
  MissingReadinessProbeRule()
      : ObjectRule(RuleInfo{
            .id = "K8S009",
            .name = "missing-readiness-probe",
            .target = Target::kPodSpec,
            .default_severity = Severity::kWarning,
            .enabled_by_default = true,
            .category = "reliability",
            .summary = "A long-running container has no readinessProbe.",
            .remediation = "Add a readinessProbe (httpGet, tcpSocket, grpc or exec) that checks the application itself.",
            .params = {
          ParamSpec{"exempt_kinds", ParamType::kStringList, "[Job, CronJob]", "Kinds whose containers need no probe (run-to-completion workloads)."},
          ParamSpec{"check_sidecars", ParamType::kBool, "false", "Also require the probe on native sidecar containers (init containers with restartPolicy: Always)."},
          ParamSpec{"path", ParamType::kString, "\"\"", "When set, an httpGet probe must use this path."},
      },
            .equivalents = {"kube-linter:no-readiness-probe", "checkov:CKV_K8S_9"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& ctx, Reporter& out) const override {
    CheckProbePresence(obj, ctx, out, "readinessProbe");
  }
};

}  // namespace

std::unique_ptr<Rule> NewMissingReadinessProbeRule() { return std::make_unique<MissingReadinessProbeRule>(); }

}  // namespace policycheck::rules
