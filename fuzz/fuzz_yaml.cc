// Fuzzes the manifest loader (YAML/JSON, merge keys, aliases, limits) and every object rule.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz_util.h"
#include "policycheck/k8s/loader.h"
#include "policycheck/k8s/object.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto source = std::make_shared<policycheck::SourceFile>(
      "m.yaml", "", std::string(reinterpret_cast<const char*>(data), size));
  policycheck::K8sOptions options;
  options.limits.max_yaml_alias_nodes = 100000;
  auto loaded = policycheck::k8s::LoadManifests(source, options);
  for (const auto& object : loaded.objects) policycheck::fuzz::RunObjectRules(*object);
  return 0;
}
