// Suppressions: inline comment directives, file-wide directives, object
// annotations, and the baseline. Applied centrally after the rules run.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "policycheck/finding.h"
#include "policycheck/registry.h"

namespace policycheck {

// One directive found in a file's comments.
struct Directive {
  enum class Scope { kNextLine, kSameLine, kFile };
  Scope scope = Scope::kNextLine;
  std::string tool;                  // "policycheck" or "hadolint"
  std::vector<std::string> targets;  // rule ids/names/prefixes, "all", or hadolint DL codes
  std::string reason;
  Location location;  // where the directive is
  int applies_to_line = 0;      // kNextLine / kSameLine: the first line it covers
  int applies_to_end_line = 0;  // the last line it covers (a Dockerfile instruction's continuation lines)
  mutable bool used = false;
};

// Scans comment directives in `text` (Dockerfile, YAML, Helm template):
//   # policycheck ignore=ID[,ID] [-- reason]          next code line (or this line, after code)
//   # policycheck ignore-file=ID[,ID] [-- reason]     the whole file
//   # policycheck global ignore=ID[,ID]               the whole file (hadolint's spelling)
//   # hadolint ignore=DL3008[,DL3009]                 next line, through rule equivalents
//   # hadolint global ignore=DL3008                   the whole file
// Same-line directives are recognised only when `allow_trailing` (YAML).
std::vector<Directive> ScanDirectives(const std::string& file, std::string_view text, bool allow_trailing);

// Does `directive` cover the rule?
bool DirectiveMatches(const Directive& directive, const RuleInfo& rule, const RuleRegistry& registry);

// Annotation-based suppression of an object:
//   policycheck.io/ignore: "K8S001,privileged-container"  (or "all")
//   ignore-check.kube-linter.io/<check>: "reason"         through rule equivalents
std::optional<Suppression> AnnotationSuppression(const std::map<std::string, std::string>& annotations,
                                                 const RuleInfo& rule, const RuleRegistry& registry);

// Baseline file: {"version": 1, "findings": [{"fingerprint", "rule", "file", "message"}]}.
std::string WriteBaseline(const std::vector<Finding>& findings);
// Returns the fingerprints, or an error message.
std::optional<std::set<std::string>> ReadBaseline(const std::string& text, std::string* error);

}  // namespace policycheck
