// Built-in Helm renderer entry point.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "policycheck/frontend.h"

namespace policycheck::helm {

// One rendered template, as `helm template` prints it under "# Source: <template_path>".
struct RenderedFile {
  std::string template_path;  // helm's name: "<chart>/templates/x.yaml", "<chart>/charts/sub/templates/y.yaml"
  std::string display_path;   // the template file as users see it (repo-relative), for findings
  std::string fs_path;        // filesystem path of the template file ("" inside .tgz)
  std::string text;           // rendered text (one YAML document)
  bool hook = false;          // a helm hook (printed after the other manifests)
  // Maps rendered positions (Location.file == rendered display name) back to the template.
  std::shared_ptr<const LocationMapper> mapper;
};

struct RenderResult {
  std::vector<RenderedFile> files;  // in helm's output order (manifests only; NOTES.txt excluded)
  std::vector<LoadIssue> issues;    // PC005 chart-render-error etc., located in template files
  std::string notes;                // rendered NOTES.txt
};

// Renders the chart in `chart_dir`. `display_dir` is how that directory is
// shown to users (repo-relative). Never throws. Every RenderedFile's mapper maps
// a position in its text back to the template file, line and column
// (Precision kExact for literal template text, kAction for action output).
RenderResult RenderChart(const std::string& chart_dir, const std::string& display_dir,
                         const HelmOptions& options);

// The rendered chart as `helm template` prints it ("---\n# Source: ...\n").
std::string FormatAsHelmOutput(const RenderResult& result);

}  // namespace policycheck::helm
