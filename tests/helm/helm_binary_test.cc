// --renderer helm: runs a real helm when one is installed (skips otherwise).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "helm_test_util.h"

namespace policycheck::helm {
namespace {

std::string HelmBinary() {
  if (const char* env = std::getenv("POLICYCHECK_HELM_BINARY")) return env;
  const char* home = std::getenv("HOME");
  std::string p = std::string(home ? home : "") + "/.cache/policycheck-helm/helm";
  return std::filesystem::exists(p) ? p : "";
}

TEST(HelmBinaryRenderer, AgreesWithTheBuiltinRenderer) {
  std::string helm = HelmBinary();
  if (helm.empty()) GTEST_SKIP() << "no helm binary (../shared/tools/helm/get_helm.sh installs one)";
  testing::TempChart c({{"templates/cm.yaml", "kind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  a: b\n"},
                        {"templates/t.yaml", "kind: Secret\n"}});
  HelmOptions o = testing::TestOptions();
  RenderResult builtin = RenderChart(c.dir(), "charts/app", o);
  o.renderer = "helm";
  o.helm_binary = helm;
  RenderResult real = RenderChart(c.dir(), "charts/app", o);
  ASSERT_TRUE(real.issues.empty()) << real.issues[0].message;
  EXPECT_EQ(FormatAsHelmOutput(real), FormatAsHelmOutput(builtin));
  ASSERT_EQ(real.files.size(), 2u);
  MappedLocation m = real.files[1].mapper->Map(Location{"x", 5, 3});  // "a: b"
  EXPECT_EQ(m.location.file, "charts/app/templates/cm.yaml");
  EXPECT_EQ(m.location.line, 5);
  m = real.files[1].mapper->Map(Location{"x", 3, 3});  // "name: rel" has no literal twin
  EXPECT_EQ(m.precision, Precision::kFile);
}

TEST(HelmBinaryRenderer, FailuresAreLocatedIssues) {
  std::string helm = HelmBinary();
  if (helm.empty()) GTEST_SKIP() << "no helm binary";
  testing::TempChart c(std::map<std::string, std::string>{{"templates/t.yaml", "a: 1\nb: {{ required \"need x\" .Values.x }}\n"}});
  HelmOptions o = testing::TestOptions();
  o.renderer = "helm";
  o.helm_binary = helm;
  RenderResult r = RenderChart(c.dir(), "charts/app", o);
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].location.file, "charts/app/templates/t.yaml");
  EXPECT_EQ(r.issues[0].location.line, 2);
  EXPECT_NE(r.issues[0].message.find("need x"), std::string::npos);
}

TEST(HelmBinaryRenderer, MissingBinaryIsAnIssue) {
  testing::TempChart c(std::map<std::string, std::string>{{"templates/t.yaml", "a: 1\n"}});
  HelmOptions o = testing::TestOptions();
  o.renderer = "helm";
  o.helm_binary = "/nonexistent/helm";
  RenderResult r = RenderChart(c.dir(), "charts/app", o);
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].rule_id, "PC005");
}

}  // namespace
}  // namespace policycheck::helm
