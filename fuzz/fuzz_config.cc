// Fuzzes the config loader.
#include <cstddef>
#include <cstdint>
#include <string>

#include "policycheck/config.h"
#include "policycheck/registry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const policycheck::RuleRegistry* registry = [] {
    auto* r = new policycheck::RuleRegistry();
    policycheck::RegisterBuiltinRules(*r);
    return r;
  }();
  std::vector<policycheck::ConfigError> errors;
  auto config = policycheck::ParseConfig(std::string(reinterpret_cast<const char*>(data), size), "c.yaml",
                                         *registry, &errors);
  if (config) (void)policycheck::DumpConfig(*config, *registry);
  return 0;
}
