// K8S010 probe-port-not-exposed: A probe targets a port name or number that the container does not declare.
#include <memory>

#include <vector>
#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class ProbePortNotExposedRule : public ObjectRule {
 public:
  ProbePortNotExposedRule()
      : ObjectRule(RuleInfo{
            .id = "K8S010",
            .name = "probe-port-not-exposed",
            .target = Target::kPodSpec,
            .default_severity = Severity::kError,
            .enabled_by_default = true,
            .category = "correctness",
            .summary = "A probe targets a port name or number that the container does not declare.",
            .remediation = "Point the probe at one of the container's ports (by name or number), or declare the port.",
            .equivalents = {"kube-linter:liveness-port", "kube-linter:readiness-port", "kube-linter:startup-port"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Container& c : obj.pod_spec()->containers) {
      if (!c.node->IsMap()) continue;
      const Node* ports = c.node->Get("ports");
      std::vector<const Node*> declared;
      if (ports) {
        for (const Node* p : ports->items()) declared.push_back(p);
      }
      for (const char* probe_name : {"livenessProbe", "readinessProbe", "startupProbe"}) {
        const Node* probe = c.node->Get(probe_name);
        if (!probe) continue;
        for (const char* handler : {"httpGet", "tcpSocket", "grpc"}) {
          const Node* port = Get(Get(probe, handler), "port");
          if (!port || !port->IsScalar()) continue;
          bool named = port->IsString();
          if (!named && declared.empty()) continue;  // undeclared numeric ports still work
          bool found = false;
          for (const Node* p : declared) {
            const Node* v = Get(p, named ? "name" : "containerPort");
            if (v && v->IsScalar() && v->text() == port->text()) found = true;
          }
          if (!found) {
            Report(out, obj, port, &c,
                   Describe(c) + " " + probe_name + " uses " + (named ? "port name " : "port ") + port->text() +
                       ", which the container does not declare");
          }
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewProbePortNotExposedRule() { return std::make_unique<ProbePortNotExposedRule>(); }

}  // namespace policycheck::rules
