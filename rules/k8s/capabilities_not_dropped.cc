// K8S016 capabilities-not-dropped: A container does not drop all Linux capabilities.
#include <memory>

#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class CapabilitiesNotDroppedRule : public ObjectRule {
 public:
  CapabilitiesNotDroppedRule()
      : ObjectRule(RuleInfo{
            .id = "K8S016",
            .name = "capabilities-not-dropped",
            .target = Target::kPodSpec,
            .default_severity = Severity::kWarning,
            .enabled_by_default = true,
            .category = "security",
            .security_severity = 5.0,
            .summary = "A container does not drop all Linux capabilities.",
            .remediation = "Add securityContext.capabilities.drop: [ALL] and add back only what the container needs.",
            .equivalents = {"checkov:CKV_K8S_28", "checkov:CKV_K8S_37", "trivy:KSV003", "kube-linter:drop-net-raw-capability"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Container& c : obj.pod_spec()->containers) {
      k8s::SecurityContext sc = k8s::ResolveSecurityContext(*obj.pod_spec(), c);
      const Node* drop = Get(sc.capabilities, "drop");
      bool all = false;
      if (drop) {
        for (const Node* item : drop->items()) {
          if (item->IsScalar() && (item->text() == "ALL" || item->text() == "all")) all = true;
        }
      }
      if (all) continue;
      const Node* at = drop ? drop : sc.capabilities ? sc.container_context->KeyNode("capabilities")
                                                     : SecurityContextAnchor(c);
      Report(out, obj, at, &c, Describe(c) + " does not drop ALL capabilities");
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewCapabilitiesNotDroppedRule() { return std::make_unique<CapabilitiesNotDroppedRule>(); }

}  // namespace policycheck::rules
