// Fuzzes the Dockerfile parser and every Dockerfile rule.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz_util.h"
#include "policycheck/dockerfile/model.h"
#include "policycheck/dockerfile/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto source = std::make_shared<policycheck::SourceFile>(
      "Dockerfile", "", std::string(reinterpret_cast<const char*>(data), size));
  auto parsed = policycheck::dockerfile::Parse(source);
  policycheck::fuzz::RunDockerfileRules(*parsed.file);
  return 0;
}
