// K8S021 host-port: A container binds a port on the host with hostPort.
#include <memory>

#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class HostPortRule : public ObjectRule {
 public:
  HostPortRule()
      : ObjectRule(RuleInfo{
            .id = "K8S021",
            .name = "host-port",
            .target = Target::kPodSpec,
            .default_severity = Severity::kWarning,
            .enabled_by_default = true,
            .category = "security",
            .security_severity = 4.0,
            .summary = "A container binds a port on the host with hostPort.",
            .remediation = "Remove hostPort and expose the port through a Service.",
            .equivalents = {"checkov:CKV_K8S_26", "trivy:KSV024"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Container& c : obj.pod_spec()->containers) {
      const Node* ports = Get(c.node, "ports");
      if (!ports) continue;
      for (const Node* p : ports->items()) {
        const Node* host_port = Get(p, "hostPort");
        if (host_port && host_port->AsInt().value_or(0) != 0) {
          Report(out, obj, host_port, &c, Describe(c) + " binds host port " + host_port->text());
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewHostPortRule() { return std::make_unique<HostPortRule>(); }

}  // namespace policycheck::rules
