// K8S013 secret-in-env: A container env var holds a literal credential.
#include <memory>

#include "k8s/secret_detector.h"
#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class SecretInEnvRule : public ObjectRule {
 public:
  SecretInEnvRule()
      : ObjectRule(RuleInfo{
            .id = "K8S013",
            .name = "secret-in-env",
            .target = Target::kPodSpec,
            .default_severity = Severity::kError,
            .enabled_by_default = true,
            .category = "security",
            .security_severity = 7.5,
            .summary = "A container env var holds a literal credential.",
            .remediation = "Put the value in a Secret and use env.valueFrom.secretKeyRef instead of value.",
            .equivalents = {"kube-linter:env-var-secret"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Container& c : obj.pod_spec()->containers) {
      const Node* env = Get(c.node, "env");
      if (!env) continue;
      for (const Node* var : env->items()) {
        const Node* name = Get(var, "name");
        const Node* value = Get(var, "value");
        if (!name || !value || !value->IsScalar() || value->text().empty()) continue;
        if (auto what = detector_.Classify(value->text())) {
          Report(out, obj, value, &c,
                 Describe(c) + " env var \"" + name->text() + "\" contains " + *what +
                     "; use valueFrom.secretKeyRef");
        } else if (detector_.NameLooksSecret(name->text()) && detector_.IsLiteralValue(value->text())) {
          Report(out, obj, value, &c,
                 Describe(c) + " env var \"" + name->text() +
                     "\" is named like a credential and has a literal value; use valueFrom.secretKeyRef");
        }
      }
    }
  }

 private:
  SecretDetector detector_;
};

}  // namespace

std::unique_ptr<Rule> NewSecretInEnvRule() { return std::make_unique<SecretInEnvRule>(); }

}  // namespace policycheck::rules
