// K8S020 host-path-volume: A pod mounts a hostPath volume (a container runtime socket especially).
#include <memory>

#include <string>
#include <vector>
#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class HostPathVolumeRule : public ObjectRule {
 public:
  HostPathVolumeRule()
      : ObjectRule(RuleInfo{
            .id = "K8S020",
            .name = "host-path-volume",
            .target = Target::kPodSpec,
            .default_severity = Severity::kWarning,
            .enabled_by_default = true,
            .category = "security",
            .security_severity = 7.0,
            .summary = "A pod mounts a hostPath volume (a container runtime socket especially).",
            .remediation = "Use a persistent volume, configMap, secret or emptyDir instead of a hostPath.",
            .params = {
          ParamSpec{"allowed_paths", ParamType::kStringList, "[]", "hostPath prefixes that are accepted (e.g. /var/log for a log collector)."},
      },
            .equivalents = {"kube-linter:sensitive-host-mounts", "kube-linter:docker-sock", "checkov:CKV_K8S_27", "trivy:KSV006", "trivy:KSV023"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& ctx, Reporter& out) const override {
    const Node* volumes = obj.pod_spec()->node->Get("volumes");
    if (!volumes) return;
    const std::vector<std::string>& allowed = ctx.params.List("allowed_paths");
    for (const Node* v : volumes->items()) {
      const Node* host_path = Get(v, "hostPath");
      if (!host_path) continue;
      const Node* path = Get(host_path, "path");
      std::string p = path && path->IsScalar() ? path->text() : "";
      bool ok = false;
      for (const std::string& prefix : allowed) {
        if (!prefix.empty() && p.starts_with(prefix) &&
            (p.size() == prefix.size() || prefix.back() == '/' || p[prefix.size()] == '/')) {
          ok = true;
        }
      }
      if (ok) continue;
      const Node* name = Get(v, "name");
      std::string label = "volume \"" + (name ? name->text() : std::string()) + "\"";
      bool socket = p.ends_with("docker.sock") || p.ends_with("containerd.sock") || p.ends_with("crio.sock") ||
                    p.ends_with("podman.sock");
      Report(out, obj, First(path, host_path), nullptr,
             socket ? label + " mounts the container runtime socket " + p + ", which gives root on the node"
                    : label + " mounts host path " + p);
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewHostPathVolumeRule() { return std::make_unique<HostPathVolumeRule>(); }

}  // namespace policycheck::rules
