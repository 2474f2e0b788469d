// The contract between the engine and the front ends (Dockerfile parser,
// manifest loader, Helm renderer, image reader). Front ends never throw
// across this boundary: problems with the input come back as LoadIssues.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "policycheck/finding.h"
#include "policycheck/source.h"

namespace policycheck {

// A located problem with an input. rule_id is one of the engine rules:
//   PC001 invalid-input        cannot read / parse (syntax error, binary, too large)
//   PC003 duplicate-key        YAML mapping repeats a key
//   PC004 unrendered-template  Helm template text ({{ }}) outside a chart
//   PC005 chart-render-error   the chart failed to render (template error, fail, required)
struct LoadIssue {
  std::string rule_id = "PC001";
  Location location;
  std::string message;
};

// Resource limits that keep hostile inputs bounded. All configurable.
struct Limits {
  int64_t max_file_bytes = 64LL << 20;       // larger inputs are PC001, not read
  int max_yaml_depth = 512;                  // nesting of YAML / flow collections
  int64_t max_yaml_alias_nodes = 1'000'000;  // nodes reachable through aliases (billion laughs)
  int max_include_depth = 100;               // nested include/template calls
  int64_t max_template_steps = 50'000'000;   // evaluated nodes per chart
  int64_t max_template_output = 64LL << 20;  // bytes produced by one chart (any one string too)
  int64_t max_regex_memory = 8LL << 20;      // RE2 max_mem for user-supplied patterns
};

// Kubernetes loader options.
struct K8sOptions {
  // Extra pod-spec paths for CRD kinds: kind -> dotted path ("spec.template.spec").
  std::map<std::string, std::string> pod_spec_paths;
  Limits limits;
};

// Helm renderer options (mirrors `helm template` flags).
struct HelmOptions {
  std::string renderer = "builtin";  // "builtin" or "helm" (runs an installed helm binary)
  std::string helm_binary = "helm";
  std::string release_name = "release-name";
  std::string ns = "default";
  std::string kube_version = "v1.35.0";
  std::vector<std::string> api_versions;
  std::vector<std::string> values_files;  // -f, in order
  std::vector<std::string> set;           // --set a.b=c
  std::vector<std::string> set_string;
  std::vector<std::string> set_file;
  std::vector<std::string> set_json;
  std::optional<uint64_t> seed;  // makes random functions reproducible
  Limits limits;
};

}  // namespace policycheck
