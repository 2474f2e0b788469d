// The Kubernetes object model. (Owned by the Kubernetes front end; the engine
// relies only on the accessors marked ENGINE.)
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policycheck/k8s/node.h"
#include "policycheck/source.h"

namespace policycheck::k8s {

enum class ContainerRole {
  kInit,       // initContainers
  kSidecar,    // initContainers with restartPolicy: Always (native sidecars)
  kRegular,    // containers
  kEphemeral,  // ephemeralContainers
};
std::string_view ContainerRoleName(ContainerRole role);  // "init container", "sidecar container"...

struct Container {
  const Node* node = nullptr;  // the container mapping
  ContainerRole role = ContainerRole::kRegular;
  std::string name;            // "" when missing
  int index = 0;               // index within its list
};

// A pod spec found through the one table of pod-spec paths.
struct PodSpec {
  const Node* node = nullptr;      // the pod spec mapping
  const Node* metadata = nullptr;  // pod template metadata (the object's metadata for a Pod), may be null
  std::string path;                // dotted path: "spec.template.spec"
  std::vector<Container> containers;  // init and sidecars, regular, ephemeral; document order in each

  const Node* labels() const { return metadata ? metadata->Get("labels") : nullptr; }
};

// Dotted pod-spec path of a kind ("spec.template.spec"), or "" when the kind
// carries none. `extra` (K8sOptions::pod_spec_paths) adds CRD kinds.
std::string_view PodSpecPathOf(std::string_view kind, const std::map<std::string, std::string>& extra);

class Object {
 public:
  // ENGINE: identity.
  const std::string& api_version() const { return api_version_; }
  const std::string& kind() const { return kind_; }
  const std::string& name() const { return name_; }
  const std::string& ns() const { return ns_; }  // empty when not set
  // ENGINE: metadata.annotations (suppressions: policycheck.io/ignore, kube-linter's).
  const std::map<std::string, std::string>& annotations() const { return annotations_; }
  // ENGINE: where the object starts (its document's first key).
  const Location& location() const { return location_; }
  // ENGINE: whether the object carries a pod spec (Target::kPodSpec).
  bool has_pod_spec() const { return has_pod_spec_; }

  // The object's mapping (never null for a loaded object).
  const Node* root() const { return root_; }
  const Node* metadata() const { return root_->Get("metadata"); }
  const Node* labels() const;  // metadata.labels, may be null
  // The pod spec, or null when has_pod_spec() is false.
  const PodSpec* pod_spec() const { return pod_spec_ ? &*pod_spec_ : nullptr; }
  const std::string& file() const { return location_.file; }

  // Node at a dotted path ("spec.template.spec.containers[0].image"); null when absent.
  const Node* Find(std::string_view path) const;
  // Location of a node of this object (the object's location for null).
  Location LocationOf(const Node* node) const;
  // Location of a path; when it does not exist, of the nearest parent that does.
  Location LocationOfPath(std::string_view path) const;
  // Location of `key` inside `map` (the key itself), or of `map` when absent.
  Location LocationOfKey(const Node* map, std::string_view key) const;

 protected:
  friend class ObjectBuilder;
  std::string api_version_, kind_, name_, ns_;
  std::map<std::string, std::string> annotations_;
  Location location_;
  bool has_pod_spec_ = false;

  std::shared_ptr<const Document> doc_;
  const Node* root_ = nullptr;
  std::optional<PodSpec> pod_spec_;
};

// Walks a dotted path from `node`; null when any step is missing. Returns the
// deepest node reached in `*deepest` when given.
const Node* FindPath(const Node* node, std::string_view path, const Node** deepest = nullptr);

}  // namespace policycheck::k8s
