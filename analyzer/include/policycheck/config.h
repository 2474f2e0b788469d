// Configuration: .policycheck.yaml, merged with CLI flags.
// Precedence: built-in defaults < config file < command-line flags.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "policycheck/finding.h"
#include "policycheck/frontend.h"
#include "policycheck/registry.h"
#include "policycheck/rule.h"

namespace policycheck {

struct PerPathIgnore {
  std::string glob;
  std::vector<std::string> rules;  // selectors: ids, names, prefixes
};

struct Config {
  std::string source;  // the file it was loaded from ("" = defaults only)
  std::string base_dir;  // directory globs are relative to (config file's dir, or cwd)

  // Rule selection: `select` replaces the default set when non-empty;
  // `enable` adds to it (for rules off by default); `ignore` removes.
  std::vector<std::string> select;
  std::vector<std::string> enable;
  std::vector<std::string> ignore;
  std::map<std::string, Severity> severity;  // rule id -> severity
  // rule id -> param name -> value (validated against the rule's ParamSpecs).
  std::map<std::string, std::map<std::string, ParamValue>> params;

  std::vector<std::string> exclude;  // path globs
  std::vector<PerPathIgnore> per_path_ignores;
  bool follow_symlinks = false;

  // Threshold for exit code 1; nullopt = "none" (never fail on findings).
  std::optional<Severity> fail_on = Severity::kWarning;
  std::string baseline;
  bool report_unused_suppressions = false;
  int jobs = 0;  // 0 = all cores

  HelmOptions helm;
  K8sOptions k8s;
  Limits limits;
};

struct ConfigError {
  Location location;
  std::string message;
};

// Loads and validates a config file. Unknown keys and bad values are errors
// with file:line:col. `display_path` is used in error locations.
std::optional<Config> LoadConfigFile(const std::string& fs_path, const std::string& display_path,
                                     const RuleRegistry& registry, std::vector<ConfigError>* errors);
// Same, from text (tests, fuzzing).
std::optional<Config> ParseConfig(const std::string& text, const std::string& display_path,
                                  const RuleRegistry& registry, std::vector<ConfigError>* errors);

// Walks up from `start_dir` looking for .policycheck.yaml (or .policycheck.yml).
std::optional<std::string> FindConfigFile(const std::string& start_dir);

// The effective config as YAML, with every rule's params and defaults (config dump).
std::string DumpConfig(const Config& config, const RuleRegistry& registry);

// Glob over '/'-separated paths: `*` (not '/'), `?`, `**` (any number of
// directories), `[abc]`. A pattern without '/' matches any single path
// component; a trailing '/' matches a directory and everything below it.
bool GlobMatch(std::string_view pattern, std::string_view path);
// True if `path` (relative, '/'-separated) is matched by `pattern` as a
// gitignore-like path pattern (see GlobMatch). `is_dir`: `path` itself is a
// directory (a pattern ending in '/' matches it).
bool PathMatches(std::string_view pattern, std::string_view path, bool is_dir = false);

}  // namespace policycheck
