// The engine: inputs -> front ends -> rules -> findings (mapped, suppressed,
// fingerprinted, sorted). Files are checked in parallel; the output order is
// deterministic whatever the thread count.
#pragma once

#include <array>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "policycheck/config.h"
#include "policycheck/finding.h"
#include "policycheck/input.h"
#include "policycheck/registry.h"
#include "policycheck/source.h"

namespace policycheck {

struct RunOptions {
  std::vector<std::string> paths;   // files, directories, chart directories, "-"
  std::vector<std::string> images;  // docker save / OCI / inspect JSON files
  std::string stdin_text;           // content for "-"
  std::string stdin_error;          // why "-" could not be read (too large, ...): a PC001 for it
  bool stdin_too_large = false;     // that reason is limits.max-file-size (the PC001 is at line 1)
  std::set<std::string> baseline;   // fingerprints to hide
};

struct RunSummary {
  int inputs = 0;  // files, charts and images checked
  int dockerfiles = 0;
  int manifest_files = 0;
  int charts = 0;
  int images = 0;
  int objects = 0;            // Kubernetes objects checked
  int non_k8s_documents = 0;  // YAML documents that are not Kubernetes objects (skipped)
  int load_errors = 0;        // inputs that failed to load (PC001/PC005)
  int excluded = 0;           // paths skipped by paths.exclude
  std::array<int, 3> by_severity = {0, 0, 0};  // unsuppressed findings: note, warning, error
  int suppressed = 0;
  int baseline_hidden = 0;
  double seconds = 0;
};

// A problem the tool had with an input, for SARIF toolExecutionNotifications.
struct Notification {
  std::string rule_id;
  Location location;
  std::string message;
};

struct RunResult {
  std::vector<Finding> findings;  // sorted; suppressed ones carry `suppression`
  std::vector<Notification> notifications;
  RunSummary summary;
  std::vector<const Rule*> enabled_rules;
  bool no_input = false;  // nothing to check was found
};

class Engine {
 public:
  Engine(const RuleRegistry& registry, const Config& config);
  ~Engine();

  RunResult Run(const RunOptions& options);
  // Sources of every checked file (for reporters printing source lines).
  SourceStore& sources() { return *sources_; }
  const Config& config() const { return config_; }

 private:
  struct Impl;
  const RuleRegistry& registry_;
  const Config& config_;
  std::unique_ptr<SourceStore> sources_;
};

// Rules enabled by `config` (selection, enable, ignore), sorted by id.
std::vector<const Rule*> EnabledRules(const RuleRegistry& registry, const Config& config);
// Params of `rule`: declared defaults overridden by config.
Params ResolveParams(const RuleInfo& info, const Config& config);

// Fingerprint: hash of rule id, file, object and normalized message (no line numbers).
std::string ComputeFingerprint(const Finding& finding);

}  // namespace policycheck
