// The Dockerfile model. (Owned by the Dockerfile front end.)
#pragma once

#include <string>
#include <vector>

#include "policycheck/source.h"

namespace policycheck::dockerfile {

class Dockerfile {
 public:
  const std::string& path() const { return path_; }

 protected:
  std::string path_;
};

}  // namespace policycheck::dockerfile
