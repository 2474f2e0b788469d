#include "k8s/probe_check.h"

#include <string>

#include "k8s/k8s_util.h"

namespace policycheck::rules {

using namespace k8s_util;  // NOLINT(build/namespaces)

void CheckProbePresence(const k8s::Object& obj, const CheckContext& ctx, Reporter& out, std::string_view probe_field) {
  for (const std::string& kind : ctx.params.List("exempt_kinds")) {
    if (kind == obj.kind()) return;
  }
  bool sidecars = ctx.params.Bool("check_sidecars");
  const std::string& path = ctx.params.String("path");
  std::string field(probe_field);
  for (const Container& c : obj.pod_spec()->containers) {
    if (!c.node->IsMap()) continue;
    if (c.role != ContainerRole::kRegular && !(sidecars && c.role == ContainerRole::kSidecar)) continue;
    const Node* probe = c.node->Get(field);
    if (!probe || probe->IsNull()) {
      Report(out, obj, c.node, &c, Describe(c) + " has no " + field);
      continue;
    }
    const Node* http_path = Get(Get(probe, "httpGet"), "path");
    if (!path.empty() && http_path && http_path->text() != path) {
      Report(out, obj, http_path, &c, Describe(c) + " " + field + " checks " + http_path->text() + "; the required path is " + path);
    }
  }
}

}  // namespace policycheck::rules
