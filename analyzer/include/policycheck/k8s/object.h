// The Kubernetes object model. (Owned by the Kubernetes front end; the engine
// relies only on the accessors marked ENGINE.)
#pragma once

#include <map>
#include <string>

#include "policycheck/source.h"

namespace policycheck::k8s {

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

 protected:
  std::string api_version_, kind_, name_, ns_;
  std::map<std::string, std::string> annotations_;
  Location location_;
  bool has_pod_spec_ = false;
};

}  // namespace policycheck::k8s
