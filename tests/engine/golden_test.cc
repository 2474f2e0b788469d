// Golden reporter tests: the text, JSON and SARIF output for tests/golden/input
// must match tests/golden/expected.*. Refresh with POLICYCHECK_UPDATE_GOLDENS=1.
// The SARIF golden is also run through the offline validator (ctest sarif_goldens_validate).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "test_util.h"

namespace policycheck {
namespace {

void CompareGolden(const std::string& format, const std::string& golden) {
  auto r = testing::RunPolicycheck("--no-config --deterministic --jobs 2 --color never --format " + format +
                                   " tests/golden/input");
  ASSERT_NE(r.exit_code, 2) << r.err;
  std::string path = testing::SourceDir() + "/tests/golden/" + golden;
  if (const char* update = std::getenv("POLICYCHECK_UPDATE_GOLDENS"); update && *update == '1') {
    std::ofstream(path, std::ios::binary) << r.out;
    GTEST_SKIP() << "updated " << path;
  }
  std::string want = testing::ReadFileOrDie(path);
  EXPECT_EQ(r.out, want) << "golden " << golden
                         << " differs; if the change is intended, rerun with POLICYCHECK_UPDATE_GOLDENS=1";
}

TEST(GoldenTest, Text) { CompareGolden("text", "expected.txt"); }
TEST(GoldenTest, Json) { CompareGolden("json", "expected.json"); }
TEST(GoldenTest, Sarif) { CompareGolden("sarif", "expected.sarif"); }

}  // namespace
}  // namespace policycheck
