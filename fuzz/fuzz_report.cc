// Fuzzes the reporters: findings with arbitrary messages and paths must give
// valid JSON and SARIF that round-trip through a JSON parser.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "policycheck/report.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const policycheck::RuleRegistry* registry = [] {
    auto* r = new policycheck::RuleRegistry();
    policycheck::RegisterBuiltinRules(*r);
    return r;
  }();
  std::string input(reinterpret_cast<const char*>(data), size);
  size_t cut = input.find('\n');
  policycheck::RunResult result;
  policycheck::Finding f;
  f.rule_id = "PC001";
  f.rule_name = "invalid-input";
  f.message = input.substr(0, cut);
  f.location.file = cut == std::string::npos ? "x" : input.substr(cut + 1);
  f.location.line = static_cast<int>(size % 7);
  f.location.column = static_cast<int>(size % 5);
  f.fingerprint = "0";
  result.findings.push_back(f);
  policycheck::SourceStore sources;
  policycheck::ReportContext ctx{result, *registry, sources};
  ctx.srcroot = "/src";
  ctx.cwd = "/src";
  ctx.deterministic = true;
  // Invalid UTF-8 in messages or paths is replaced (U+FFFD), never thrown.
  std::string json = policycheck::FormatJson(ctx);
  std::string sarif = policycheck::FormatSarif(ctx);
  if (nlohmann::json::parse(json, nullptr, false).is_discarded()) std::abort();
  if (nlohmann::json::parse(sarif, nullptr, false).is_discarded()) std::abort();
  (void)policycheck::FormatText(ctx);
  return 0;
}
