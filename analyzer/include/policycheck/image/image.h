// Built image reader entry point (docker save tar, OCI layout dir/tar, inspect / manifest JSON).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "policycheck/frontend.h"

namespace policycheck::image {

struct Image;

struct LoadResult {
  std::vector<std::unique_ptr<Image>> images;  // one per platform / tag
  std::vector<LoadIssue> issues;
};

LoadResult LoadImage(const std::string& fs_path, const std::string& display_path);

}  // namespace policycheck::image
