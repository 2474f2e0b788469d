// The command-line interface (thin: args -> Config -> Engine -> reporters -> exit code).
#pragma once

namespace policycheck::cli {

// Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
// 2 usage, config or internal error.
int Main(int argc, char** argv);

}  // namespace policycheck::cli
