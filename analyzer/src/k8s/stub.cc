// Placeholder until the Kubernetes front end lands.
#include "policycheck/k8s/loader.h"
#include "policycheck/k8s/object.h"

namespace policycheck::k8s {

LoadResult LoadManifests(std::shared_ptr<const SourceFile> source, const K8sOptions& options) {
  (void)source;
  (void)options;
  return {};
}

ObjectRef RefOf(const Object& object) {
  ObjectRef ref;
  ref.kind = object.kind();
  ref.ns = object.ns();
  ref.name = object.name();
  return ref;
}

}  // namespace policycheck::k8s
