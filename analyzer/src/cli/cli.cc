#include "policycheck/cli.h"

#include <iostream>

namespace policycheck::cli {

int Main(int argc, char** argv) {
  (void)argc;
  (void)argv;
  std::cout << "policycheck " << POLICYCHECK_VERSION << "\n";
  return 0;
}

}  // namespace policycheck::cli
