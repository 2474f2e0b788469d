#include "policycheck/k8s/security_context.h"

namespace policycheck::k8s {
namespace {

template <typename T>
std::optional<T> Decode(const Node* n);
template <>
std::optional<bool> Decode<bool>(const Node* n) {
  return n->AsBool();
}
template <>
std::optional<int64_t> Decode<int64_t>(const Node* n) {
  return n->AsInt();
}
template <>
std::optional<std::string> Decode<std::string>(const Node* n) {
  if (!n->IsString()) return std::nullopt;
  return n->text();
}

template <typename T>
const char* Expected();
template <>
const char* Expected<bool>() {
  return "a boolean";
}
template <>
const char* Expected<int64_t>() {
  return "an integer";
}
template <>
const char* Expected<std::string>() {
  return "a string";
}

// Resolves `path` (relative to a securityContext) from the container's
// context, then the pod's.
template <typename T>
Resolved<T> Resolve(const Node* container_ctx, const Node* pod_ctx, std::string_view path,
                    std::string_view field_name, std::vector<InvalidField>& invalid) {
  Resolved<T> r;
  const Node* contexts[2] = {container_ctx, pod_ctx};
  const Origin origins[2] = {Origin::kContainer, Origin::kPod};
  for (int i = 0; i < 2; ++i) {
    if (!contexts[i]) continue;
    const Node* n = FindPath(contexts[i], path);
    if (!n || n->IsNull()) continue;
    std::optional<T> v = Decode<T>(n);
    if (!v) {
      invalid.push_back(InvalidField{n, std::string(field_name), Expected<T>()});
      continue;
    }
    if (!r.node) {
      r.value = v;
      r.node = n;
      r.origin = origins[i];
    }
  }
  return r;
}

const Node* MapOrNull(const Node* n) { return n && n->IsMap() ? n : nullptr; }

}  // namespace

SecurityContext ResolveSecurityContext(const PodSpec& pod, const Container& container) {
  SecurityContext sc;
  sc.container_context = MapOrNull(container.node ? container.node->Get("securityContext") : nullptr);
  sc.pod_context = MapOrNull(pod.node ? pod.node->Get("securityContext") : nullptr);
  const Node* c = sc.container_context;
  const Node* p = sc.pod_context;
  auto& inv = sc.invalid;
  sc.run_as_non_root = Resolve<bool>(c, p, "runAsNonRoot", "securityContext.runAsNonRoot", inv);
  sc.run_as_user = Resolve<int64_t>(c, p, "runAsUser", "securityContext.runAsUser", inv);
  sc.run_as_group = Resolve<int64_t>(c, p, "runAsGroup", "securityContext.runAsGroup", inv);
  sc.fs_group = Resolve<int64_t>(nullptr, p, "fsGroup", "securityContext.fsGroup", inv);
  sc.privileged = Resolve<bool>(c, nullptr, "privileged", "securityContext.privileged", inv);
  sc.allow_privilege_escalation = Resolve<bool>(c, nullptr, "allowPrivilegeEscalation",
                                                "securityContext.allowPrivilegeEscalation", inv);
  sc.read_only_root_filesystem = Resolve<bool>(c, nullptr, "readOnlyRootFilesystem",
                                               "securityContext.readOnlyRootFilesystem", inv);
  sc.seccomp_profile_type =
      Resolve<std::string>(c, p, "seccompProfile.type", "securityContext.seccompProfile.type", inv);
  sc.capabilities = MapOrNull(c ? c->Get("capabilities") : nullptr);
  // Kubernetes defaults.
  if (!sc.privileged.value) sc.privileged.value = false;
  if (!sc.allow_privilege_escalation.value) {
    // Privileged containers (and CAP_SYS_ADMIN) always allow escalation.
    sc.allow_privilege_escalation.value = true;
  }
  if (!sc.read_only_root_filesystem.value) sc.read_only_root_filesystem.value = false;
  if (!sc.run_as_non_root.value) sc.run_as_non_root.value = false;
  return sc;
}

}  // namespace policycheck::k8s
