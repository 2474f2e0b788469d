#include "policycheck/suppress.h"

#include <gtest/gtest.h>

namespace policycheck {
namespace {

TEST(DirectiveTest, NextLineDirectiveSkipsCommentsAndBlankLines) {
  auto d = ScanDirectives("f.yaml", "a: 1\n# policycheck ignore=PC001 -- known\n\n# other\nb: 2\n", true);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].tool, "policycheck");
  EXPECT_EQ(d[0].targets, std::vector<std::string>{"PC001"});
  EXPECT_EQ(d[0].reason, "known");
  EXPECT_EQ(d[0].location.line, 2);
  EXPECT_EQ(d[0].applies_to_line, 5);
}

TEST(DirectiveTest, TrailingDirectiveOnlyWhenAllowed) {
  std::string text = "privileged: true  # policycheck ignore=K8S001,K8S002\n";
  auto yaml = ScanDirectives("f.yaml", text, true);
  ASSERT_EQ(yaml.size(), 1u);
  EXPECT_EQ(yaml[0].scope, Directive::Scope::kSameLine);
  EXPECT_EQ(yaml[0].applies_to_line, 1);
  EXPECT_EQ(yaml[0].targets.size(), 2u);
  EXPECT_TRUE(ScanDirectives("Dockerfile", text, false).empty());
}

TEST(DirectiveTest, FileWideForms) {
  auto d = ScanDirectives("Dockerfile",
                          "# policycheck ignore-file=DKR001\n# hadolint global ignore=DL3008\nFROM x\n", false);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].scope, Directive::Scope::kFile);
  EXPECT_EQ(d[1].scope, Directive::Scope::kFile);
  EXPECT_EQ(d[1].tool, "hadolint");
}

TEST(DirectiveTest, DockerfileDirectiveCoversContinuationLines) {
  auto d = ScanDirectives("Dockerfile",
                          "FROM x\n# hadolint ignore=DL3008\nRUN apt-get update \\\n && apt-get install -y a \\\n "
                          "&& true\nUSER 1\n",
                          false);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].applies_to_line, 3);
  EXPECT_EQ(d[0].applies_to_end_line, 5);
}

TEST(DirectiveTest, NotADirective) {
  EXPECT_TRUE(ScanDirectives("f", "# policycheck is great\n# policycheck ignore=\nx: 1\n", true).empty());
}

TEST(DirectiveTest, MatchesThroughRegistryAndEquivalents) {
  RuleRegistry registry;
  RegisterBuiltinRules(registry);
  const RuleInfo& pc1 = registry.Find("PC001")->info();
  Directive d;
  d.tool = "policycheck";
  d.targets = {"invalid-input"};
  EXPECT_TRUE(DirectiveMatches(d, pc1, registry));
  d.targets = {"PC00"};
  EXPECT_TRUE(DirectiveMatches(d, pc1, registry));
  d.targets = {"all"};
  EXPECT_TRUE(DirectiveMatches(d, pc1, registry));
  d.targets = {"PC003"};
  EXPECT_FALSE(DirectiveMatches(d, pc1, registry));
  // hadolint codes match only rules that declare the equivalent.
  for (const Rule* r : registry.rules()) {
    for (std::string_view eq : r->info().equivalents) {
      if (!eq.starts_with("hadolint:")) continue;
      Directive h;
      h.tool = "hadolint";
      h.targets = {std::string(eq.substr(9))};
      EXPECT_TRUE(DirectiveMatches(h, r->info(), registry));
      EXPECT_FALSE(DirectiveMatches(h, pc1, registry));
      return;
    }
  }
}

TEST(AnnotationTest, PolicycheckAndKubeLinterAnnotations) {
  RuleRegistry registry;
  RegisterBuiltinRules(registry);
  const RuleInfo& pc3 = registry.Find("PC003")->info();
  auto s = AnnotationSuppression({{"policycheck.io/ignore", "PC003,PC004 -- generated"}}, pc3, registry);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->kind, "annotation");
  EXPECT_EQ(s->reason, "generated");
  EXPECT_FALSE(AnnotationSuppression({{"policycheck.io/ignore", "PC004"}}, pc3, registry));
  for (const Rule* r : registry.rules()) {
    for (std::string_view eq : r->info().equivalents) {
      if (!eq.starts_with("kube-linter:")) continue;
      std::string key = "ignore-check.kube-linter.io/" + std::string(eq.substr(12));
      auto k = AnnotationSuppression({{key, "accepted risk"}}, r->info(), registry);
      ASSERT_TRUE(k) << key;
      EXPECT_EQ(k->kind, "kube-linter");
      EXPECT_EQ(k->reason, "accepted risk");
      return;
    }
  }
}

TEST(BaselineTest, RoundTrip) {
  Finding a;
  a.rule_id = "PC001";
  a.fingerprint = "0123456789abcdef";
  a.location.file = "x.yaml";
  Finding b = a;
  b.fingerprint = "fedcba9876543210";
  b.suppression = Suppression{"inline", "", {}};
  std::string text = WriteBaseline({a, b});
  std::string error;
  auto fps = ReadBaseline(text, &error);
  ASSERT_TRUE(fps) << error;
  EXPECT_EQ(*fps, std::set<std::string>{"0123456789abcdef"});  // suppressed findings are not baselined
  EXPECT_FALSE(ReadBaseline("[]", &error));
  EXPECT_FALSE(ReadBaseline(R"({"version": 2, "findings": []})", &error));
  EXPECT_FALSE(ReadBaseline(R"({"version": 1, "findings": [{"rule": "x"}]})", &error));
}

}  // namespace
}  // namespace policycheck
