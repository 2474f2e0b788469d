// The probe charts in ../shared/tools/helm/probes record helm's real output;
// our renderer must print the same bytes.
#include <gtest/gtest.h>

#include <filesystem>

#include "policycheck/helm/render.h"
#include "test_util.h"

namespace policycheck::helm {
namespace {

std::string ProbesDir() {
  std::filesystem::path p = std::filesystem::path(policycheck::testing::SourceDir()) / ".." / "shared" / "tools" /
                            "helm" / "probes";
  return std::filesystem::is_directory(p) ? p.string() : "";
}

TEST(HelmProbes, SemanticsMatchesHelm4ByteForByte) {
  std::string dir = ProbesDir();
  if (dir.empty()) GTEST_SKIP() << "../shared/tools/helm/probes is absent";
  HelmOptions o;
  o.release_name = "rel";
  RenderResult r = RenderChart(dir + "/semantics", "probes/semantics", o);
  ASSERT_TRUE(r.issues.empty()) << r.issues[0].message;
  std::string want = policycheck::testing::ReadFileOrDie(dir + "/semantics.helm4.yaml");
  EXPECT_EQ(FormatAsHelmOutput(r), want);
}

TEST(HelmProbes, NumbersProbe) {
  std::string dir = ProbesDir();
  if (dir.empty()) GTEST_SKIP() << "../shared/tools/helm/probes is absent";
  HelmOptions o;
  o.release_name = "rel";
  o.set = {"setzero=0"};
  RenderResult r = RenderChart(dir + "/num", "probes/num", o);
  ASSERT_TRUE(r.issues.empty()) << r.issues[0].message;
  std::string out = FormatAsHelmOutput(r);
  // Values files give float64; --set gives int64 (helm's strvals).
  EXPECT_NE(out.find("typeZero: \"float64\""), std::string::npos) << out;
  EXPECT_NE(out.find("typeSetZero: \"int64\""), std::string::npos) << out;
  EXPECT_NE(out.find("ifZero: \"falsy\""), std::string::npos) << out;
  EXPECT_NE(out.find("typeBig: \"float64 1e+06\""), std::string::npos) << out;
  EXPECT_NE(out.find("addOne: \"2\""), std::string::npos) << out;
}

}  // namespace
}  // namespace policycheck::helm
