// K8S027 dangling-service: A Service selector matches no pod template of any workload in the run.
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "policycheck/k8s/loader.h"
#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class DanglingServiceRule : public ObjectSetRule {
 public:
  DanglingServiceRule()
      : ObjectSetRule(RuleInfo{
            .id = "K8S027",
            .name = "dangling-service",
            .target = Target::kObjectSet,
            .default_severity = Severity::kWarning,
            .enabled_by_default = true,
            .category = "correctness",
            .summary = "A Service selector matches no pod template of any workload in the run.",
            .remediation = "Fix the Service selector (or the workload labels) so that the Service selects the intended pods.",
            .equivalents = {"kube-linter:dangling-service"},
        }) {}

  // Linear in the objects: workloads are indexed by pod-template label, and each Service checks
  // only the workloads that carry the rarest of its selector's labels.
  void Check(std::span<const k8s::Object* const> objects, const CheckContext& /*ctx*/, Reporter& out) const override {
    std::unordered_map<std::string, std::vector<const k8s::Object*>> by_label;  // "key\0value" -> workloads
    std::vector<const k8s::Object*> workloads;
    for (const k8s::Object* o : objects) {
      if (!o->has_pod_spec()) continue;
      workloads.push_back(o);
      const Node* labels = o->pod_spec()->labels();
      if (!labels || !labels->IsMap()) continue;
      for (size_t i = 0; i < labels->entry_count(); ++i) {
        const Node* v = labels->value(i);
        if (v && v->IsScalar()) by_label[LabelKey(labels->key(i)->text(), v->text())].push_back(o);
      }
    }
    if (workloads.empty()) return;  // nothing to match against: the run holds only part of the app
    static const std::vector<const k8s::Object*> kNone;
    for (const k8s::Object* svc : objects) {
      if (svc->kind() != "Service") continue;
      const Node* selector = Get(svc->root()->Get("spec"), "selector");
      if (!selector || !selector->IsMap() || selector->entry_count() == 0) continue;
      // The candidates: workloads with the selector's rarest label (all workloads when the
      // selector names only controller-set labels, which no template carries).
      const std::vector<const k8s::Object*>* candidates = nullptr;
      for (size_t i = 0; i < selector->entry_count(); ++i) {
        if (IsControllerLabel(selector->key(i)->text())) continue;
        auto it = by_label.find(LabelKey(selector->key(i)->text(), selector->value(i)->text()));
        const auto* list = it == by_label.end() ? &kNone : &it->second;
        if (!candidates || list->size() < candidates->size()) candidates = list;
      }
      if (!candidates) candidates = &workloads;
      bool matched = false;
      for (const k8s::Object* o : *candidates) {
        if (Selects(*svc, *selector, *o)) {
          matched = true;
          break;
        }
      }
      if (!matched) {
        out.Report(Diagnostic{.location = svc->LocationOf(svc->root()->Get("spec")->KeyNode("selector")),
            .message = "Service " + svc->name() + " selects no pods of the workloads in this run",
            .object = k8s::RefOf(*svc)});
      }
    }
  }

 private:
  static std::string LabelKey(const std::string& key, const std::string& value) {
    std::string k;
    k.reserve(key.size() + 1 + value.size());
    return k.append(key).append(1, '\0').append(value);
  }

  // Whether `selector` of Service `svc` selects the pod template of workload `o`.
  static bool Selects(const k8s::Object& svc, const Node& selector, const k8s::Object& o) {
    if (!svc.ns().empty() && !o.ns().empty() && svc.ns() != o.ns()) return false;
    const Node* labels = o.pod_spec()->labels();
    if (!labels) return false;
    for (size_t i = 0; i < selector.entry_count(); ++i) {
      if (IsControllerLabel(selector.key(i)->text())) continue;
      const Node* v = labels->Get(selector.key(i)->text());
      if (!v || !v->IsScalar() || v->text() != selector.value(i)->text()) return false;
    }
    return true;
  }

  static bool IsControllerLabel(const std::string& key) {
    return key == "statefulset.kubernetes.io/pod-name" || key == "apps.kubernetes.io/pod-index" ||
           key == "pod-template-hash" || key == "controller-revision-hash" || key == "batch.kubernetes.io/job-name" ||
           key == "job-name" || key == "batch.kubernetes.io/controller-uid" || key == "controller-uid";
  }
};

}  // namespace

std::unique_ptr<Rule> NewDanglingServiceRule() { return std::make_unique<DanglingServiceRule>(); }

}  // namespace policycheck::rules
