// K8S008 missing-liveness-probe: A long-running container has no livenessProbe.
#include <memory>

#include "k8s/probe_check.h"
#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class MissingLivenessProbeRule : public ObjectRule {
 public:
  MissingLivenessProbeRule()
      : ObjectRule(RuleInfo{
            .id = "K8S008",
            .name = "missing-liveness-probe",
            .target = Target::kPodSpec,
            .default_severity = Severity::kWarning,
            .enabled_by_default = true,
            .category = "reliability",
            .summary = "A long-running container has no livenessProbe.",
            .remediation = "Add a livenessProbe (httpGet, tcpSocket, grpc or exec) that checks the application itself.",
            .params = {
          ParamSpec{"exempt_kinds", ParamType::kStringList, "[Job, CronJob]", "Kinds whose containers need no probe (run-to-completion workloads)."},
          ParamSpec{"check_sidecars", ParamType::kBool, "false", "Also require the probe on native sidecar containers (init containers with restartPolicy: Always)."},
          ParamSpec{"path", ParamType::kString, "\"\"", "When set, an httpGet probe must use this path."},
      },
            .equivalents = {"kube-linter:no-liveness-probe", "checkov:CKV_K8S_8"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& ctx, Reporter& out) const override {
    CheckProbePresence(obj, ctx, out, "livenessProbe");
  }
};

}  // namespace

std::unique_ptr<Rule> NewMissingLivenessProbeRule() { return std::make_unique<MissingLivenessProbeRule>(); }

}  // namespace policycheck::rules
