// K8S031 invalid-field-value: A pod-spec field has a value Kubernetes rejects (a wrong type or an invalid quantity).
#include <memory>

#include <set>
#include "policycheck/k8s/quantity.h"
#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class InvalidFieldValueRule : public ObjectRule {
 public:
  InvalidFieldValueRule()
      : ObjectRule(RuleInfo{
            .id = "K8S031",
            .name = "invalid-field-value",
            .target = Target::kPodSpec,
            .default_severity = Severity::kError,
            .enabled_by_default = true,
            .category = "correctness",
            .summary = "A pod-spec field has a value Kubernetes rejects (a wrong type or an invalid quantity).",
            .remediation = "Write the value with the type Kubernetes expects (an unquoted integer or boolean, a valid quantity such as 500m or 1Gi).",
            .equivalents = {},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& /*ctx*/, Reporter& out) const override {
    std::set<const Node*> reported;  // pod-level fields appear in every container's resolution
    for (const Container& c : obj.pod_spec()->containers) {
      k8s::SecurityContext sc = k8s::ResolveSecurityContext(*obj.pod_spec(), c);
      for (const k8s::InvalidField& f : sc.invalid) {
        if (!reported.insert(f.node).second) continue;
        Report(out, obj, f.node, &c,
               f.field + " must be " + f.expected + ", not " + (f.node->plain() ? "" : "the string ") + "\"" +
                   f.node->text() + "\"");
      }
      if (!TakesResources(c)) continue;
      const Node* resources = c.node->Get("resources");
      for (const char* section : {"requests", "limits"}) {
        const Node* m = Get(resources, section);
        if (!m || !m->IsMap()) continue;
        for (size_t i = 0; i < m->entry_count(); ++i) {
          const Node* v = m->value(i);
          if (v->IsScalar() && !v->IsNull() && k8s::Quantity::Parse(v->text())) continue;
          Report(out, obj, v, &c,
                 Describe(c) + " " + section + "." + m->key(i)->text() + " \"" + v->text() +
                     "\" is not a valid quantity (e.g. 500m, 0.5, 512Mi, 1Gi)");
        }
      }
      const Node* ports = c.node->Get("ports");
      if (!ports) continue;
      for (const Node* p : ports->items()) {
        for (const char* field : {"containerPort", "hostPort"}) {
          const Node* v = Get(p, field);
          if (v && !v->AsInt()) {
            Report(out, obj, v, &c, Describe(c) + " " + field + " must be an integer, not \"" + v->text() + "\"");
          }
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewInvalidFieldValueRule() { return std::make_unique<InvalidFieldValueRule>(); }

}  // namespace policycheck::rules
