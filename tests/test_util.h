// Shared helpers for tests.
#pragma once

#include <string>
#include <vector>

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
// One `# expect-next: ID[:col], ...` or `... # expect: ID[:col]` annotation of a fixture.
struct FixtureAnnotation {
  int line = 0;    // 1-based line the finding must be on
  std::string rule;
  int column = 0;  // 0: any column
};
// The annotations of a fixture's text: `# expect-next:` on a comment-only line names findings of the
// next line, `# expect:` after other text names findings of its own line. CRLF is accepted.
std::vector<FixtureAnnotation> ParseFixtureAnnotations(const std::string& text);

// Runs the policycheck binary with `args` (a shell-quoted string) and optional stdin.
CommandResult RunPolicycheck(const std::string& args, const std::string& stdin_text = "");

}  // namespace policycheck::testing
