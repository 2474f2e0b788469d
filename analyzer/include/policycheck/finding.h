// Findings: what rules report and reporters print.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policycheck/source.h"

namespace policycheck {

enum class Severity { kNote = 0, kWarning = 1, kError = 2 };
std::string_view SeverityName(Severity s);  // "note", "warning", "error"
std::optional<Severity> ParseSeverity(std::string_view s);

// What a finding is about.
struct ObjectRef {
  // Kubernetes objects.
  std::string kind;
  std::string ns;
  std::string name;
  std::string container;
  // Dockerfiles: the stage name, or "#<index>" for an unnamed stage.
  std::string stage;
  // Images (docker save / OCI): the image reference.
  std::string image;

  bool empty() const {
    return kind.empty() && name.empty() && container.empty() && stage.empty() && image.empty();
  }
  std::string ToString() const;  // "Deployment default/web container app", "stage builder"
};

struct RelatedLocation {
  Location location;
  std::string message;  // e.g. "value set here", "rendered output"
};

struct Suppression {
  std::string kind;    // "inline", "file", "annotation", "baseline", "hadolint", "kube-linter"
  std::string reason;  // from "-- reason", may be empty
  Location location;   // where the directive is (empty for baseline)
};

struct Finding {
  std::string rule_id;    // "DKR002"
  std::string rule_name;  // "last-user-root"
  Severity severity = Severity::kWarning;
  std::string message;
  Location location;  // primary location (template location for Helm)
  Precision precision = Precision::kExact;
  std::optional<Location> rendered;  // rendered position when mapped from Helm output
  std::vector<RelatedLocation> related;
  ObjectRef object;
  std::string fingerprint;  // stable across unrelated edits; see ComputeFingerprint
  std::optional<Suppression> suppression;
};

// Diagnostic as a rule reports it: the engine fills in rule id, severity,
// object defaults and fingerprint.
struct Diagnostic {
  Location location;
  std::string message;
  std::vector<RelatedLocation> related = {};
  // Overrides of the object the engine is checking (container or stage).
  std::string container = {};
  std::string stage = {};
  // Full override of the object (ObjectSetRule diagnostics name their object).
  std::optional<ObjectRef> object = {};
};

// Receives diagnostics from rules. Implementations are not thread-safe;
// the engine gives each task its own.
class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void Report(Diagnostic diagnostic) = 0;
  void Report(Location location, std::string message) {
    Report(Diagnostic{std::move(location), std::move(message)});
  }
};

// Strict weak order used for deterministic output: file, line, column, rule, message.
bool FindingLess(const Finding& a, const Finding& b);

}  // namespace policycheck
