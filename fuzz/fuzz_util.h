// Runs every rule of a target over a model, as the engine would.
#pragma once

#include "policycheck/dockerfile/model.h"
#include "policycheck/engine.h"
#include "policycheck/k8s/object.h"
#include "policycheck/registry.h"

namespace policycheck::fuzz {

class NullReporter : public Reporter {
 public:
  void Report(Diagnostic) override {}
};

inline const RuleRegistry& Registry() {
  static const RuleRegistry* registry = [] {
    auto* r = new RuleRegistry();
    RegisterBuiltinRules(*r);
    return r;
  }();
  return *registry;
}

inline void RunDockerfileRules(const dockerfile::Dockerfile& file) {
  NullReporter out;
  for (const Rule* r : Registry().rules()) {
    if (r->info().target != Target::kDockerfile) continue;
    Params p = ResolveParams(r->info(), Config{});
    static_cast<const DockerfileRule*>(r)->Check(file, CheckContext{p}, out);
  }
}

inline void RunObjectRules(const k8s::Object& object) {
  NullReporter out;
  for (const Rule* r : Registry().rules()) {
    Target t = r->info().target;
    if (t != Target::kObject && t != Target::kPodSpec) continue;
    if (t == Target::kPodSpec && !object.has_pod_spec()) continue;
    Params p = ResolveParams(r->info(), Config{});
    static_cast<const ObjectRule*>(r)->Check(object, CheckContext{p}, out);
  }
}

}  // namespace policycheck::fuzz
