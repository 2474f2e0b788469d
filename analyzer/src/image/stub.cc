// Placeholder until the image front end lands.
#include "policycheck/image/image.h"
#include "policycheck/image/model.h"

namespace policycheck::image {

LoadResult LoadImage(const std::string& fs_path, const std::string& display_path) {
  (void)fs_path;
  LoadResult r;
  r.issues.push_back(LoadIssue{"PC001", Location{display_path, 1, 1}, "image reading is not available in this build"});
  return r;
}

}  // namespace policycheck::image
