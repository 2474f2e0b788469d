// Every input under fixtures/regressions/<target>/ (crashes, hangs and
// sanitizer reports found by the fuzzers in fuzz/) goes through the CLI the
// way its fuzz target feeds it: it must end with an exit code, never a crash.
#include <gtest/gtest.h>

#include <string>

#include "bounded_run.h"
#include "test_util.h"

namespace policycheck::robustness {
namespace {

// Lays out one regression input as the fuzz target sees it; returns the CLI arguments.
std::vector<std::string> Stage(const Sandbox& box, const std::string& target, const std::string& bytes) {
  if (target == "dockerfile") return {"--no-config", box.Put("Dockerfile", bytes)};
  if (target == "yaml") return {"--no-config", box.Put("m.yaml", bytes)};
  if (target == "config") return {"--config", box.Put("c.yaml", bytes), box.Put("m.yaml", "a: 1\n")};
  box.Put("chart/Chart.yaml", "apiVersion: v2\nname: fuzz\nversion: 0.1.0\n");
  box.Put("chart/values.yaml", "image: {repository: nginx, tag: \"1.0\"}\nlist: [1, 2, 3]\nn: 3\n");
  box.Put("chart/templates/_helpers.tpl", "{{- define \"h\" -}}x{{ . }}{{- end -}}\n");
  box.Put("chart/templates/t.yaml", bytes);
  return {"--no-config", "--seed", "1", box.Path("chart")};
}

TEST(Regressions, FuzzFindingsEndWithAnExitCode) {
  fs::path root = fs::path(testing::SourceDir()) / "fixtures" / "regressions";
  int checked = 0;
  for (const char* target : {"dockerfile", "yaml", "template", "config"}) {
    if (!fs::is_directory(root / target)) continue;
    for (const auto& e : fs::directory_iterator(root / target)) {
      if (!e.is_regular_file() || e.path().extension() == ".md") continue;
      Sandbox box;
      std::vector<std::string> args = Stage(box, target, Slurp(e.path()));
      args.insert(args.begin(), {"--format", "json"});
      Outcome o = RunBounded(args);
      EXPECT_EQ(o.signal, 0) << e.path() << "\n" << o.Describe();
      EXPECT_TRUE(o.exit_code >= 0 && o.exit_code <= 2) << e.path() << "\n" << o.Describe();
      EXPECT_FALSE(nlohmann::json::parse(o.out, nullptr, false).is_discarded()) << e.path() << "\n" << o.Describe();
      ++checked;
    }
  }
  if (checked == 0) GTEST_SKIP() << "no regression inputs under " << root;
}

}  // namespace
}  // namespace policycheck::robustness
