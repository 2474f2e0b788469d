// K8S027 dangling-service: A Service selector matches no pod template of any workload in the run.
#include <memory>

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

  void Check(std::span<const k8s::Object* const> objects, const CheckContext& /*ctx*/, Reporter& out) const override {
    bool any_workload = false;
    for (const k8s::Object* o : objects) any_workload = any_workload || o->has_pod_spec();
    if (!any_workload) return;  // nothing to match against: the run holds only part of the app
    for (const k8s::Object* svc : objects) {
      if (svc->kind() != "Service") continue;
      const Node* selector = Get(svc->root()->Get("spec"), "selector");
      if (!selector || !selector->IsMap() || selector->entry_count() == 0) continue;
      bool matched = false;
      for (const k8s::Object* o : objects) {
        if (!o->has_pod_spec()) continue;
        if (!svc->ns().empty() && !o->ns().empty() && svc->ns() != o->ns()) continue;
        const Node* labels = o->pod_spec()->labels();
        bool all = labels != nullptr;
        for (size_t i = 0; all && i < selector->entry_count(); ++i) {
          if (IsControllerLabel(selector->key(i)->text())) continue;
          const Node* v = labels->Get(selector->key(i)->text());
          all = v && v->IsScalar() && v->text() == selector->value(i)->text();
        }
        if (all) {
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
  static bool IsControllerLabel(const std::string& key) {
    return key == "statefulset.kubernetes.io/pod-name" || key == "apps.kubernetes.io/pod-index" ||
           key == "pod-template-hash" || key == "controller-revision-hash" || key == "batch.kubernetes.io/job-name" ||
           key == "job-name" || key == "batch.kubernetes.io/controller-uid" || key == "controller-uid";
  }
};

}  // namespace

std::unique_ptr<Rule> NewDanglingServiceRule() { return std::make_unique<DanglingServiceRule>(); }

}  // namespace policycheck::rules
