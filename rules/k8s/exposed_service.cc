// K8S026 exposed-service: A Service is exposed outside the cluster through a NodePort (or a LoadBalancer, when enabled).
#include <memory>

#include <string>
#include <vector>
#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class ExposedServiceRule : public ObjectRule {
 public:
  ExposedServiceRule()
      : ObjectRule(RuleInfo{
            .id = "K8S026",
            .name = "exposed-service",
            .target = Target::kObject,
            .kinds = {"Service"},
            .default_severity = Severity::kWarning,
            .enabled_by_default = true,
            .category = "security",
            .security_severity = 5.0,
            .summary = "A Service is exposed outside the cluster through a NodePort (or a LoadBalancer, when enabled).",
            .remediation = "Use a ClusterIP Service behind an Ingress, or list the intended node port in allowed_node_ports.",
            .params = {
          ParamSpec{"allowed_node_ports", ParamType::kStringList, "[]", "Node ports that are exposed on purpose (e.g. [\"30000\"] for the reference frontend)."},
          ParamSpec{"flag_load_balancer", ParamType::kBool, "false", "Also flag Services of type LoadBalancer."},
      },
            .equivalents = {"kube-linter:exposed-services"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& ctx, Reporter& out) const override {
    const Node* spec = obj.root()->Get("spec");
    const Node* type = Get(spec, "type");
    if (!type || !type->IsScalar()) return;
    if (type->text() == "LoadBalancer") {
      if (ctx.params.Bool("flag_load_balancer")) {
        Report(out, obj, type, nullptr, "Service " + obj.name() + " is exposed through a LoadBalancer");
      }
      return;
    }
    if (type->text() != "NodePort") return;
    const std::vector<std::string>& allowed = ctx.params.List("allowed_node_ports");
    const Node* ports = Get(spec, "ports");
    bool any = false;
    if (ports) {
      for (const Node* p : ports->items()) {
        any = true;
        const Node* node_port = Get(p, "nodePort");
        std::string value = node_port && node_port->IsScalar() ? node_port->text() : "";
        bool ok = false;
        for (const std::string& a : allowed) ok = ok || (!value.empty() && a == value);
        if (ok) continue;
        if (value.empty()) {
          Report(out, obj, p, nullptr, "Service " + obj.name() + " exposes a NodePort chosen by the cluster on every node");
        } else {
          Report(out, obj, node_port, nullptr,
                 "Service " + obj.name() + " exposes node port " + value + " on every node, and it is not allowed");
        }
      }
    }
    if (!any) Report(out, obj, type, nullptr, "Service " + obj.name() + " is of type NodePort");
  }
};

}  // namespace

std::unique_ptr<Rule> NewExposedServiceRule() { return std::make_unique<ExposedServiceRule>(); }

}  // namespace policycheck::rules
