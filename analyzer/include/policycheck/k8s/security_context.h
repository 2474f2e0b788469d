// The effective security context of a container: container over pod over the
// Kubernetes default. Every rule uses this one resolver.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "policycheck/k8s/node.h"
#include "policycheck/k8s/object.h"

namespace policycheck::k8s {

enum class Origin { kDefault, kPod, kContainer };

template <typename T>
struct Resolved {
  std::optional<T> value;         // the effective value; nullopt when unset (or invalid)
  const Node* node = nullptr;     // the value node that decided it (null for defaults)
  Origin origin = Origin::kDefault;
  bool set() const { return node != nullptr && value.has_value(); }
  T value_or(T fallback) const { return value.value_or(fallback); }
};

// A field given with the wrong type ("runAsUser: \"1000\"", "privileged: maybe").
struct InvalidField {
  const Node* node;
  std::string field;     // "securityContext.runAsUser"
  std::string expected;  // "an integer", "a boolean"
};

struct SecurityContext {
  Resolved<bool> run_as_non_root;
  Resolved<int64_t> run_as_user;
  Resolved<int64_t> run_as_group;
  Resolved<int64_t> fs_group;  // pod level only
  Resolved<bool> privileged;   // container only; default false
  Resolved<bool> allow_privilege_escalation;  // container only; default true
  Resolved<bool> read_only_root_filesystem;   // container only; default false
  Resolved<std::string> seccomp_profile_type; // RuntimeDefault, Localhost, Unconfined
  const Node* capabilities = nullptr;          // container securityContext.capabilities
  const Node* container_context = nullptr;     // container securityContext mapping, may be null
  const Node* pod_context = nullptr;           // pod securityContext mapping, may be null
  std::vector<InvalidField> invalid;
};

SecurityContext ResolveSecurityContext(const PodSpec& pod, const Container& container);

}  // namespace policycheck::k8s
