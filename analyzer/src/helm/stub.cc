// Placeholder until the Helm renderer lands.
#include "policycheck/helm/render.h"

namespace policycheck::helm {

RenderResult RenderChart(const std::string& chart_dir, const std::string& display_dir,
                         const HelmOptions& options) {
  (void)chart_dir;
  (void)options;
  RenderResult r;
  r.issues.push_back(LoadIssue{"PC005", Location{display_dir + "/Chart.yaml", 1, 1},
                               "the built-in Helm renderer is not available in this build"});
  return r;
}

std::string FormatAsHelmOutput(const RenderResult& result) {
  std::string out;
  for (const auto& f : result.files) out += "---\n# Source: " + f.template_path + "\n" + f.text;
  return out;
}

}  // namespace policycheck::helm
