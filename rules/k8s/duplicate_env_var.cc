// K8S029 duplicate-env-var: A container defines the same environment variable twice.
#include <memory>

#include <map>
#include <string>
#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class DuplicateEnvVarRule : public ObjectRule {
 public:
  DuplicateEnvVarRule()
      : ObjectRule(RuleInfo{
            .id = "K8S029",
            .name = "duplicate-env-var",
            .target = Target::kPodSpec,
            .default_severity = Severity::kWarning,
            .enabled_by_default = true,
            .category = "correctness",
            .summary = "A container defines the same environment variable twice.",
            .remediation = "Remove one of the definitions; only the last one takes effect.",
            .equivalents = {"kube-linter:duplicate-env-var"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Container& c : obj.pod_spec()->containers) {
      const Node* env = Get(c.node, "env");
      if (!env) continue;
      std::map<std::string, const Node*> seen;
      for (const Node* var : env->items()) {
        const Node* name = Get(var, "name");
        if (!name || !name->IsScalar()) continue;
        if (!seen.emplace(name->text(), name).second) {
          Report(out, obj, name, &c, Describe(c) + " defines env var " + name->text() + " more than once");
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewDuplicateEnvVarRule() { return std::make_unique<DuplicateEnvVarRule>(); }

}  // namespace policycheck::rules
