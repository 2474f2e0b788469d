// fixtures/helm/snippets is a chart of small templates covering Go
// text/template and Sprig semantics; snippets.helm4.yaml is what helm v4.1.4
// printed for it (`helm template rel fixtures/helm/snippets`).
#include <gtest/gtest.h>

#include <sstream>

#include "policycheck/helm/render.h"
#include "test_util.h"

namespace policycheck::helm {
namespace {

// Splits helm output into "# Source" sections so a failure names the snippet.
std::map<std::string, std::string> Sections(const std::string& out) {
  std::map<std::string, std::string> m;
  std::istringstream in(out);
  std::string line, cur;
  while (std::getline(in, line)) {
    if (line.starts_with("# Source: ")) {
      cur = line.substr(10);
      continue;
    }
    if (line == "---") continue;
    m[cur] += line + "\n";
  }
  return m;
}

TEST(HelmSnippets, EverySnippetMatchesHelm4) {
  std::string dir = policycheck::testing::SourceDir() + "/fixtures/helm";
  HelmOptions o;
  o.release_name = "rel";
  RenderResult r = RenderChart(dir + "/snippets", "fixtures/helm/snippets", o);
  ASSERT_TRUE(r.issues.empty()) << r.issues[0].message;
  std::string want = policycheck::testing::ReadFileOrDie(dir + "/snippets.helm4.yaml");
  std::string got = FormatAsHelmOutput(r);
  auto w = Sections(want), g = Sections(got);
  for (const auto& [name, text] : w) EXPECT_EQ(g[name], text) << name;
  EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace policycheck::helm
