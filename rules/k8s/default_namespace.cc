// K8S030 default-namespace: A namespaced object is in the default namespace (explicitly or by omission).
#include <memory>

#include <string_view>
#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class DefaultNamespaceRule : public ObjectRule {
 public:
  DefaultNamespaceRule()
      : ObjectRule(RuleInfo{
            .id = "K8S030",
            .name = "default-namespace",
            .target = Target::kObject,
            .default_severity = Severity::kNote,
            .enabled_by_default = false,
            .category = "style",
            .summary = "A namespaced object is in the default namespace (explicitly or by omission).",
            .remediation = "Set metadata.namespace to the application's own namespace.",
            .equivalents = {"kube-linter:use-namespace", "checkov:CKV_K8S_21", "trivy:KSV110"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& /*ctx*/, Reporter& out) const override {
    static constexpr std::string_view kClusterScoped[] = {
        "Namespace", "Node", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
        "StorageClass", "PriorityClass", "IngressClass", "RuntimeClass", "MutatingWebhookConfiguration",
        "ValidatingWebhookConfiguration", "APIService", "CSIDriver", "ClusterIssuer", "PodSecurityPolicy",
        "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "VolumeSnapshotClass"};
    for (std::string_view k : kClusterScoped) {
      if (k == obj.kind()) return;
    }
    const Node* md = obj.metadata();
    const Node* ns = Get(md, "namespace");
    if (ns && ns->IsScalar() && ns->text() != "default") return;
    if (ns) {
      Report(out, obj, ns, nullptr, obj.kind() + " " + obj.name() + " is in the default namespace");
    } else {
      Report(out, obj, obj.root()->KeyNode("metadata"), nullptr,
             obj.kind() + " " + obj.name() + " sets no namespace, so it lands in the default one");
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewDefaultNamespaceRule() { return std::make_unique<DefaultNamespaceRule>(); }

}  // namespace policycheck::rules
