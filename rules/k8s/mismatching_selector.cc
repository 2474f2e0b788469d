// K8S028 mismatching-selector: A workload's selector does not match its own pod template labels.
#include <memory>

#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class MismatchingSelectorRule : public ObjectRule {
 public:
  MismatchingSelectorRule()
      : ObjectRule(RuleInfo{
            .id = "K8S028",
            .name = "mismatching-selector",
            .target = Target::kPodSpec,
            .default_severity = Severity::kError,
            .enabled_by_default = true,
            .category = "correctness",
            .summary = "A workload's selector does not match its own pod template labels.",
            .remediation = "Make spec.selector match the labels in spec.template.metadata.labels.",
            .equivalents = {"kube-linter:mismatching-selector"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& /*ctx*/, Reporter& out) const override {
    const Node* spec = obj.root()->Get("spec");
    const Node* selector = Get(spec, "selector");
    if (!selector || !selector->IsMap() || obj.kind() == "Pod" || obj.kind() == "CronJob") return;
    const Node* labels = obj.pod_spec()->labels();
    // ReplicationController uses a plain map; the others a LabelSelector.
    const Node* match_labels = obj.kind() == "ReplicationController" ? selector : selector->Get("matchLabels");
    if (match_labels && match_labels->IsMap()) {
      for (size_t i = 0; i < match_labels->entry_count(); ++i) {
        const Node* v = labels ? labels->Get(match_labels->key(i)->text()) : nullptr;
        if (!v || v->text() != match_labels->value(i)->text()) {
          Report(out, obj, match_labels->key(i), nullptr,
                 "selector " + match_labels->key(i)->text() + "=" + match_labels->value(i)->text() +
                     " does not match the pod template labels");
        }
      }
    }
    const Node* expressions = selector->Get("matchExpressions");
    if (!expressions) return;
    for (const Node* e : expressions->items()) {
      const Node* key = Get(e, "key");
      const Node* op = Get(e, "operator");
      if (!key || !op) continue;
      const Node* v = labels ? labels->Get(key->text()) : nullptr;
      bool in_values = false;
      if (const Node* values = Get(e, "values")) {
        for (const Node* x : values->items()) in_values = in_values || (v && x->text() == v->text());
      }
      bool ok = op->text() == "In"             ? in_values
                : op->text() == "NotIn"        ? !in_values
                : op->text() == "Exists"       ? v != nullptr
                : op->text() == "DoesNotExist" ? v == nullptr
                                               : true;
      if (!ok) {
        Report(out, obj, key, nullptr,
               "selector expression " + key->text() + " " + op->text() + " does not match the pod template labels");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewMismatchingSelectorRule() { return std::make_unique<MismatchingSelectorRule>(); }

}  // namespace policycheck::rules
