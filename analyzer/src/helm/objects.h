// Helm's built-in objects with methods: .Files and .Capabilities.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "value.h"

namespace policycheck::helm {

// .Files: the chart's non-template files (never reads outside the chart).
std::shared_ptr<const Object> MakeFilesObject(std::shared_ptr<const std::map<std::string, std::string>> files);
// .Capabilities for a kube version ("v1.35.0") and extra API versions.
Value MakeCapabilities(const std::string& kube_version, const std::vector<std::string>& extra_api_versions);
// gobwas/glob with '/' as separator, as .Files.Glob uses it.
bool GlobMatch(const std::string& pattern, const std::string& path);

}  // namespace policycheck::helm
