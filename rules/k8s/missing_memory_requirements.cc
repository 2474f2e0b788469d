// K8S005 missing-memory-requirements: A container has no memory request or no memory limit.
#include <memory>

#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class MissingMemoryRequirementsRule : public ObjectRule {
 public:
  MissingMemoryRequirementsRule()
      : ObjectRule(RuleInfo{
            .id = "K8S005",
            .name = "missing-memory-requirements",
            .target = Target::kPodSpec,
            .default_severity = Severity::kWarning,
            .enabled_by_default = true,
            .category = "reliability",
            .summary = "A container has no memory request or no memory limit.",
            .remediation = "Set resources.requests.memory and resources.limits.memory on every container, init and sidecar containers included.",
            .equivalents = {"kube-linter:unset-memory-requirements", "checkov:CKV_K8S_12", "checkov:CKV_K8S_13", "trivy:KSV016", "trivy:KSV018"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Container& c : obj.pod_spec()->containers) {
      if (!TakesResources(c)) continue;
      const Node* resources = c.node->Get("resources");
      bool request = Get(Get(resources, "requests"), "memory") != nullptr;
      bool limit = Get(Get(resources, "limits"), "memory") != nullptr;
      if (request && limit) continue;
      std::string missing = !request && !limit ? "no memory request and no memory limit" : !request ? "no memory request" : "no memory limit";
      const Node* at = c.node->KeyNode("resources");
      Report(out, obj, at ? at : c.node, &c, Describe(c) + " has " + missing);
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewMissingMemoryRequirementsRule() { return std::make_unique<MissingMemoryRequirementsRule>(); }

}  // namespace policycheck::rules
