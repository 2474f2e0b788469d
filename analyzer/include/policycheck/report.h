// Reporters: text (people), JSON (scripts), SARIF 2.1.0 (GitHub code scanning).
#pragma once

#include <string>
#include <vector>

#include "policycheck/config.h"
#include "policycheck/engine.h"
#include "policycheck/registry.h"
#include "policycheck/source.h"

namespace policycheck {

struct ReportContext {
  const RunResult& result;
  const RuleRegistry& registry;
  SourceStore& sources;
  int exit_code = 0;
  bool color = false;
  // Absolute path of the repository root (%SRCROOT%) and of the working
  // directory; display paths are relative to the working directory.
  std::string srcroot = {};
  std::string cwd = {};
  std::vector<std::string> arguments = {};  // the command line, for SARIF invocations
  bool show_suppressed = false;        // text: list suppressed findings too
  bool deterministic = false;          // omit times (golden tests)
};

std::string FormatText(const ReportContext& ctx);

// JSON schema version (documented in docs/json-output.md).
inline constexpr int kJsonSchemaVersion = 1;
std::string FormatJson(const ReportContext& ctx);

// GitHub code scanning rejects a run with more than 25,000 results; FormatSarif keeps the
// `max_results` most severe (unsuppressed before suppressed, then in report order) and says in a
// tool notification how many it left out (the text and JSON reports keep them all).
inline constexpr size_t kSarifMaxResults = 25000;
std::string FormatSarif(const ReportContext& ctx, size_t max_results = kSarifMaxResults);

// The rule catalog (`policycheck rules --format json`).
std::string RulesJson(const RuleRegistry& registry);
// One rule's documentation page (docs/rules/<ID>.md and `explain`).
std::string RuleMarkdown(const RuleRegistry& registry, const Rule& rule);
// docs/rules/README.md: the index.
std::string RulesIndexMarkdown(const RuleRegistry& registry);

// The repository root for `path`: the nearest ancestor with .git, else the working directory.
std::string FindSourceRoot(const std::string& start);

}  // namespace policycheck
