// The built-image model. (Owned by the image front end.)
#pragma once

#include <string>

namespace policycheck::image {

struct Image {
  std::string reference;  // ENGINE: repo:tag or digest, for ObjectRef::image
  std::string path;       // display path of the file it was read from
};

}  // namespace policycheck::image
