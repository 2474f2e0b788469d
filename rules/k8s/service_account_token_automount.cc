// K8S023 service-account-token-automount: A pod mounts a service account token it may not need.
#include <memory>

#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class ServiceAccountTokenAutomountRule : public ObjectRule {
 public:
  ServiceAccountTokenAutomountRule()
      : ObjectRule(RuleInfo{
            .id = "K8S023",
            .name = "service-account-token-automount",
            .target = Target::kPodSpec,
            .default_severity = Severity::kNote,
            .enabled_by_default = true,
            .category = "security",
            .security_severity = 3.0,
            .summary = "A pod mounts a service account token it may not need.",
            .remediation = "Set automountServiceAccountToken: false on the pod (or its ServiceAccount) unless it calls the Kubernetes API.",
            .equivalents = {"kube-linter:automount-service-account-token", "checkov:CKV_K8S_38", "trivy:KSV036"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& /*ctx*/, Reporter& out) const override {
    const Node* v = obj.pod_spec()->node->Get("automountServiceAccountToken");
    if (v && v->AsBool() == false) return;
    if (v) {
      Report(out, obj, v, nullptr, "the pod mounts a service account token (automountServiceAccountToken: true)");
    } else {
      Report(out, obj, obj.pod_spec()->node, nullptr,
             "the pod does not set automountServiceAccountToken: false, so a service account token is mounted");
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewServiceAccountTokenAutomountRule() { return std::make_unique<ServiceAccountTokenAutomountRule>(); }

}  // namespace policycheck::rules
