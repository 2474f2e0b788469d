// Kubernetes manifest loader entry point. The object model lives in k8s/object.h.
#pragma once

#include <memory>
#include <vector>

#include "policycheck/frontend.h"

namespace policycheck::k8s {

class Object;

struct LoadResult {
  std::vector<std::unique_ptr<Object>> objects;  // in document order
  std::vector<LoadIssue> issues;
  int documents = 0;          // non-empty documents seen
  int non_k8s_documents = 0;  // YAML that is not a Kubernetes object (skipped, counted)
};

// Loads every Kubernetes object from a YAML/JSON stream (multi-document,
// kind: List expanded). Never throws.
LoadResult LoadManifests(std::shared_ptr<const SourceFile> source, const K8sOptions& options);

// The object reference used in findings.
ObjectRef RefOf(const Object& object);

}  // namespace policycheck::k8s
