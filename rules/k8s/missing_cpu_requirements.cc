// K8S004 missing-cpu-requirements: A container has no CPU request or no CPU limit.
#include <memory>

#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class MissingCpuRequirementsRule : public ObjectRule {
 public:
  MissingCpuRequirementsRule()
      : ObjectRule(RuleInfo{
            .id = "K8S004",
            .name = "missing-cpu-requirements",
            .target = Target::kPodSpec,
            .default_severity = Severity::kWarning,
            .enabled_by_default = true,
            .category = "reliability",
            .summary = "A container has no CPU request or no CPU limit.",
            .remediation = "Set resources.requests.cpu and resources.limits.cpu on every container, init and sidecar containers included.",
            .equivalents = {"kube-linter:unset-cpu-requirements", "checkov:CKV_K8S_10", "checkov:CKV_K8S_11", "trivy:KSV011", "trivy:KSV015"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Container& c : obj.pod_spec()->containers) {
      if (!TakesResources(c)) continue;
      const Node* resources = c.node->Get("resources");
      bool request = Get(Get(resources, "requests"), "cpu") != nullptr;
      bool limit = Get(Get(resources, "limits"), "cpu") != nullptr;
      if (request && limit) continue;
      std::string missing = !request && !limit ? "no cpu request and no cpu limit" : !request ? "no cpu request" : "no cpu limit";
      const Node* at = c.node->KeyNode("resources");
      Report(out, obj, at ? at : c.node, &c, Describe(c) + " has " + missing);
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewMissingCpuRequirementsRule() { return std::make_unique<MissingCpuRequirementsRule>(); }

}  // namespace policycheck::rules
