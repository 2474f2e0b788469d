// K8S011 identical-liveness-readiness-probe: A container uses the same check for liveness and readiness.
#include <memory>

#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class IdenticalLivenessReadinessProbeRule : public ObjectRule {
 public:
  IdenticalLivenessReadinessProbeRule()
      : ObjectRule(RuleInfo{
            .id = "K8S011",
            .name = "identical-liveness-readiness-probe",
            .target = Target::kPodSpec,
            .default_severity = Severity::kWarning,
            .enabled_by_default = true,
            .category = "reliability",
            .summary = "A container uses the same check for liveness and readiness.",
            .remediation = "Make liveness check only that the process is alive and readiness that it can serve (dependencies, warm-up).",
            .equivalents = {},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Container& c : obj.pod_spec()->containers) {
      if (!c.node->IsMap()) continue;
      const Node* live = c.node->Get("livenessProbe");
      const Node* ready = c.node->Get("readinessProbe");
      if (live && ready && live->IsMap() && Same(live, ready)) {
        Report(out, obj, c.node->KeyNode("readinessProbe"), &c,
               Describe(c) + " has identical livenessProbe and readinessProbe");
      }
    }
  }

 private:
  static bool Same(const Node* a, const Node* b) {
    if (a == b) return true;
    if (a->IsNull() || b->IsNull()) return a->IsNull() && b->IsNull();
    if (a->kind() != b->kind()) return false;
    if (a->IsScalar()) return a->text() == b->text();
    if (a->IsSeq()) {
      if (a->items().size() != b->items().size()) return false;
      for (size_t i = 0; i < a->items().size(); ++i) {
        if (!Same(a->items()[i], b->items()[i])) return false;
      }
      return true;
    }
    if (a->entry_count() != b->entry_count()) return false;
    for (size_t i = 0; i < a->entry_count(); ++i) {
      const Node* other = b->Get(a->key(i)->text());
      if (!other || !Same(a->value(i), other)) return false;
    }
    return true;
  }
};

}  // namespace

std::unique_ptr<Rule> NewIdenticalLivenessReadinessProbeRule() { return std::make_unique<IdenticalLivenessReadinessProbeRule>(); }

}  // namespace policycheck::rules
