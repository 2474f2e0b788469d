// Shared helpers for tests.
#pragma once

#include <string>

namespace policycheck::testing {

// The repository root (POLICYCHECK_SOURCE_DIR at build time, or the env var).
std::string SourceDir();
// ../shared/corpus next to the repository, or "" when absent (tests then GTEST_SKIP).
std::string CorpusDir();
std::string ReadFileOrDie(const std::string& path);

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs the policycheck binary with `args` (a shell-quoted string) and optional stdin.
CommandResult RunPolicycheck(const std::string& args, const std::string& stdin_text = "");

}  // namespace policycheck::testing
