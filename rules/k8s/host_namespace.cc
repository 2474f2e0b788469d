// K8S019 host-namespace: A pod shares the host's network, PID or IPC namespace.
#include <memory>

#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class HostNamespaceRule : public ObjectRule {
 public:
  HostNamespaceRule()
      : ObjectRule(RuleInfo{
            .id = "K8S019",
            .name = "host-namespace",
            .target = Target::kPodSpec,
            .default_severity = Severity::kError,
            .enabled_by_default = true,
            .category = "security",
            .security_severity = 8.0,
            .summary = "A pod shares the host's network, PID or IPC namespace.",
            .remediation = "Remove hostNetwork, hostPID and hostIPC (or set them to false).",
            .equivalents = {"kube-linter:host-network", "kube-linter:host-pid", "kube-linter:host-ipc", "checkov:CKV_K8S_17", "checkov:CKV_K8S_18", "checkov:CKV_K8S_19", "trivy:KSV008", "trivy:KSV009", "trivy:KSV010"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const char* field : {"hostNetwork", "hostPID", "hostIPC"}) {
      const Node* v = obj.pod_spec()->node->Get(field);
      if (IsTrue(v)) Report(out, obj, v, nullptr, std::string("the pod sets ") + field + ": true");
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewHostNamespaceRule() { return std::make_unique<HostNamespaceRule>(); }

}  // namespace policycheck::rules
