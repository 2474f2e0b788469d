// --renderer helm: runs an installed helm binary (`helm template`) and maps
// its output back to template files by the "# Source:" header and line text.
#pragma once

#include <string>

#include "policycheck/helm/render.h"

namespace policycheck::helm {

RenderResult RenderWithHelmBinary(const std::string& chart_dir, const std::string& display_dir,
                                  const HelmOptions& options);

}  // namespace policycheck::helm
