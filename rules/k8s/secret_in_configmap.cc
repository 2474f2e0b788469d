// K8S012 secret-in-configmap: A ConfigMap holds a credential: a key named like one, or a value that looks like one.
#include <memory>

#include "k8s/secret_detector.h"
#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class SecretInConfigmapRule : public ObjectRule {
 public:
  SecretInConfigmapRule()
      : ObjectRule(RuleInfo{
            .id = "K8S012",
            .name = "secret-in-configmap",
            .target = Target::kObject,
            .kinds = {"ConfigMap"},
            .default_severity = Severity::kError,
            .enabled_by_default = true,
            .category = "security",
            .security_severity = 7.5,
            .summary = "A ConfigMap holds a credential: a key named like one, or a value that looks like one.",
            .remediation = "Move the value to a Secret and reference it with secretKeyRef or a secret volume.",
            .equivalents = {"kube-linter:configmap-with-credentials", "trivy:KSV109"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& /*ctx*/, Reporter& out) const override {
    const Node* data = obj.root()->Get("data");
    if (data && data->IsMap()) {
      for (size_t i = 0; i < data->entry_count(); ++i) {
        const Node* value = data->value(i);
        if (value->IsScalar()) Inspect(obj, data->key(i), value, value->text(), false, out);
      }
    }
    const Node* binary = obj.root()->Get("binaryData");
    if (binary && binary->IsMap()) {
      for (size_t i = 0; i < binary->entry_count(); ++i) {
        const Node* value = binary->value(i);
        if (!value->IsScalar()) continue;
        if (auto decoded = DecodeBase64(value->text())) Inspect(obj, binary->key(i), value, *decoded, true, out);
      }
    }
  }

 private:
  void Inspect(const k8s::Object& obj, const Node* key, const Node* value, std::string_view text, bool binary,
               Reporter& out) const {
    std::string where = std::string(binary ? "binaryData" : "data") + " key \"" + key->text() + "\"";
    if (auto what = detector_.Classify(text)) {
      Report(out, obj, value, nullptr,
             "ConfigMap " + where + " contains " + *what + "; store it in a Secret and reference it with secretKeyRef");
      return;
    }
    if (!binary && detector_.NameLooksSecret(key->text()) && detector_.IsLiteralValue(text)) {
      Report(out, obj, value, nullptr,
             "ConfigMap " + where + " is named like a credential and holds a literal value; store it in a Secret "
             "and reference it with secretKeyRef");
    }
  }
  SecretDetector detector_;
};

}  // namespace

std::unique_ptr<Rule> NewSecretInConfigmapRule() { return std::make_unique<SecretInConfigmapRule>(); }

}  // namespace policycheck::rules
