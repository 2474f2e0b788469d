// Shared helpers of the Kubernetes rules.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "policycheck/finding.h"
#include "policycheck/k8s/object.h"
#include "policycheck/k8s/security_context.h"
#include "policycheck/rule.h"

namespace policycheck::rules::k8s_util {

using k8s::Container;
using k8s::ContainerRole;
using k8s::Node;
using k8s::Object;
using k8s::PodSpec;

// `container "app"`, `init container "setup"`, `container #2` (unnamed).
inline std::string Describe(const Container& c) {
  std::string s(k8s::ContainerRoleName(c.role));
  if (c.name.empty()) return s + " #" + std::to_string(c.index + 1);
  return s + " \"" + c.name + "\"";
}

inline void Report(Reporter& out, const Object& obj, const Node* at, const Container* c, std::string message) {
  out.Report(Diagnostic{.location = obj.LocationOf(at),
                        .message = std::move(message),
                        .container = c ? c->name : std::string()});
}

inline const Node* Get(const Node* n, std::string_view key) { return n ? n->Get(key) : nullptr; }
inline bool IsTrue(const Node* n) { return n && n->AsBool().value_or(false); }
inline const Node* First(const Node* a, const Node* b) { return a ? a : b; }
inline const Node* First(const Node* a, const Node* b, const Node* c) { return a ? a : b ? b : c; }

// Where a finding about a missing securityContext field of a container goes:
// the container's securityContext key when present, else the container.
inline const Node* SecurityContextAnchor(const Container& c) {
  const Node* key = c.node ? c.node->KeyNode("securityContext") : nullptr;
  return key ? key : c.node;
}

// Ephemeral containers cannot set resources or probes.
inline bool TakesResources(const Container& c) { return c.role != ContainerRole::kEphemeral && c.node && c.node->IsMap(); }

}  // namespace policycheck::rules::k8s_util

namespace policycheck::rules::k8s_util {

// The tag of an image reference ("" when untagged); *digest tells whether it is pinned by digest.
inline std::string ImageTag(const std::string& image, bool* digest) {
  std::string ref = image;
  size_t at = ref.find('@');
  *digest = at != std::string::npos;
  if (*digest) ref = ref.substr(0, at);
  size_t slash = ref.rfind('/');
  size_t colon = ref.rfind(':');
  if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) return "";
  return ref.substr(colon + 1);
}

}  // namespace policycheck::rules::k8s_util
