// Hostile templates end with a located PC005 in bounded time and memory.
#include <gtest/gtest.h>

#include <chrono>

#include "exec.h"
#include "helm_test_util.h"

namespace policycheck::helm {
namespace {

using testing::TempChart;
using testing::TestOptions;

struct Timed {
  RenderResult result;
  double seconds;
};

Timed RenderTimed(const std::map<std::string, std::string>& files, HelmOptions o = TestOptions()) {
  TempChart c(files);
  auto t0 = std::chrono::steady_clock::now();
  RenderResult r = RenderChart(c.dir(), "charts/app", o);
  return {std::move(r), std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()};
}

TEST(HelmLimits, RecursiveIncludeIsALocatedError) {
  Timed t = RenderTimed({{"templates/t.yaml", "a: 1\nb: {{ include \"rec\" . }}\n"},
                         {"templates/_h.tpl", "{{- define \"rec\" -}}{{ include \"rec\" . }}{{- end -}}\n"}});
  ASSERT_EQ(t.result.issues.size(), 1u);
  const LoadIssue& i = t.result.issues[0];
  EXPECT_EQ(i.rule_id, "PC005");
  EXPECT_NE(i.message.find("nested reference name: rec"), std::string::npos) << i.message;
  EXPECT_EQ(i.location.file, "charts/app/templates/t.yaml");
  EXPECT_EQ(i.location.line, 2);
  EXPECT_LT(t.seconds, 5);
}

TEST(HelmLimits, HugeUntilIsBounded) {
  Timed t = RenderTimed({{"templates/t.yaml", "a: {{ len (until 100000000) }}\n"}});
  ASSERT_EQ(t.result.issues.size(), 1u);
  EXPECT_NE(t.result.issues[0].message.find("exceeds the limit"), std::string::npos) << t.result.issues[0].message;
  EXPECT_EQ(t.result.issues[0].location.line, 1);
  EXPECT_LT(t.seconds, 5);
}

TEST(HelmLimits, GigabyteRepeatIsRefusedBeforeAllocating) {
  Timed t = RenderTimed({{"templates/t.yaml", "a: 1\nb: {{ repeat 1073741824 \"x\" }}\n"}});
  ASSERT_EQ(t.result.issues.size(), 1u);
  EXPECT_NE(t.result.issues[0].message.find("error calling repeat"), std::string::npos);
  EXPECT_EQ(t.result.issues[0].location.line, 2);
  EXPECT_EQ(t.result.issues[0].location.column, 7);
  EXPECT_LT(t.seconds, 5);
}

TEST(HelmLimits, OutputGrowthThroughLoopsIsBounded) {
  HelmOptions o = TestOptions();
  o.limits.max_template_output = 1 << 20;
  Timed t = RenderTimed({{"templates/t.yaml", "{{ range until 100000 }}{{ repeat 100 \"x\" }}{{ end }}\n"}}, o);
  ASSERT_EQ(t.result.issues.size(), 1u);
  EXPECT_LT(t.seconds, 5);
}

TEST(HelmLimits, StepLimitStopsNestedLoops) {
  HelmOptions o = TestOptions();
  o.limits.max_template_steps = 100000;
  Timed t = RenderTimed(
      {{"templates/t.yaml", "{{ range until 10000 }}{{ range until 10000 }}{{ end }}{{ end }}\n"}}, o);
  ASSERT_EQ(t.result.issues.size(), 1u);
  EXPECT_NE(t.result.issues[0].message.find("steps"), std::string::npos) << t.result.issues[0].message;
  EXPECT_LT(t.seconds, 5);
}

TEST(HelmLimits, FilesNeverReadOutsideTheChart) {
  Timed t = RenderTimed({{"templates/t.yaml", "a: {{ .Files.Get \"../../etc/passwd\" | quote }}\n"
                                              "b: {{ .Files.Get \"/etc/passwd\" | quote }}\n"
                                              "c: {{ .Files.Get \"notes/x.txt\" | quote }}\n"},
                         {"notes/x.txt", "inside"}});
  ASSERT_TRUE(t.result.issues.empty());
  ASSERT_EQ(t.result.files.size(), 1u);
  EXPECT_EQ(t.result.files[0].text, "a: \"\"\nb: \"\"\nc: \"inside\"\n");
}

TEST(HelmLimits, DeeplyNestedParenthesesAreAParseError) {
  std::string deep = "a: {{ " + std::string(5000, '(') + "1" + std::string(5000, ')') + " }}\n";
  Timed t = RenderTimed({{"templates/t.yaml", deep}});
  ASSERT_EQ(t.result.issues.size(), 1u);
  EXPECT_NE(t.result.issues[0].message.find("nesting"), std::string::npos) << t.result.issues[0].message;
}

TEST(HelmErrors, FailAndRequiredReadLikeHelm) {
  Timed t = RenderTimed({{"templates/t.yaml", "a: 1\nb: {{ required \"need x\" .Values.x }}\n"}});
  ASSERT_EQ(t.result.issues.size(), 1u);
  EXPECT_EQ(t.result.issues[0].message, "execution error at (app/templates/t.yaml:2:6): need x");
  EXPECT_EQ(t.result.issues[0].location.file, "charts/app/templates/t.yaml");
  EXPECT_EQ(t.result.issues[0].location.line, 2);
  EXPECT_EQ(t.result.issues[0].location.column, 7);
}

TEST(HelmErrors, GoTypeErrorsReadLikeGo) {
  Timed t = RenderTimed({{"templates/t.yaml", "a: {{ eq .Values.port 80 }}\n"}, {"values.yaml", "port: 80\n"}});
  ASSERT_EQ(t.result.issues.size(), 1u);
  EXPECT_EQ(t.result.issues[0].message,
            "template: app/templates/t.yaml:1:6: executing \"app/templates/t.yaml\" at <eq .Values.port 80>: "
            "error calling eq: incompatible types for comparison: float64 and int");
  t = RenderTimed({{"templates/t.yaml", "a: {{ .Values.missing.sub }}\n"}});
  ASSERT_EQ(t.result.issues.size(), 1u);
  EXPECT_NE(t.result.issues[0].message.find("nil pointer evaluating interface {}.sub"), std::string::npos);
  t = RenderTimed({{"templates/t.yaml", "a: {{ nosuchfunc 1 }}\n"}});
  ASSERT_EQ(t.result.issues.size(), 1u);
  EXPECT_NE(t.result.issues[0].message.find("function \"nosuchfunc\" not defined"), std::string::npos);
}

}  // namespace
}  // namespace policycheck::helm

namespace policycheck::helm {
namespace {

TEST(HelmLimits, CyclicValuesAreAnErrorNotACrash) {
  Timed t = RenderTimed({{"templates/t.yaml", "{{ $d := dict }}{{ $_ := set $d \"self\" $d }}a: {{ toYaml $d }}\n"}});
  ASSERT_EQ(t.result.issues.size(), 1u);
  EXPECT_NE(t.result.issues[0].message.find("nesting exceeds"), std::string::npos) << t.result.issues[0].message;
  t = RenderTimed({{"templates/t.yaml", "{{ $d := dict }}{{ $_ := set $d \"self\" $d }}a: {{ $d }}\n"}});
  ASSERT_EQ(t.result.issues.size(), 1u);
}

// Chains far deeper than any recursion could unwind: built by constructors, by `set`, and by lists.
// Destroying them must not overflow the stack (it did, with a SIGSEGV, before Value's destructor
// became iterative).
TEST(HelmLimits, DeepValueChainsAreDestroyedWithoutRecursion) {
  for (const char* body : {
           "{{ $d := dict }}{{ range until 300000 }}{{ $d = dict \"a\" $d }}{{ end }}a: 1\n",
           "{{ $d := dict }}{{ $c := $d }}{{ range until 300000 }}{{ $n := dict }}"
           "{{ $_ := set $c \"a\" $n }}{{ $c = $n }}{{ end }}a: 1\n",
           "{{ $l := list }}{{ range until 300000 }}{{ $l = list $l }}{{ end }}a: 1\n"}) {
    Timed t = RenderTimed({{"templates/t.yaml", body}});
    EXPECT_TRUE(t.result.issues.empty()) << body;
  }
}

// Go's garbage collector frees a cycle that `set` builds; ours are broken when the render ends. A
// leak here fails the sanitizer stage of CI (LeakSanitizer), and this checks the mechanism directly.
TEST(HelmLimits, ReferenceCyclesAreBrokenWhenTheRenderEnds) {
  const FuncRegistry& funcs = DefaultFuncs();
  std::weak_ptr<Map> watched;
  {
    TemplateEngine engine(funcs, Limits{}, 1);
    auto a = std::make_shared<Map>();
    auto b = std::make_shared<Map>();
    engine.NoteMutated(a);
    engine.NoteMutated(b);
    (*a)["b"] = Value(b);
    (*b)["a"] = Value(a);  // a -> b -> a
    watched = a;
  }
  EXPECT_TRUE(watched.expired());
}

TEST(HelmLimits, MalformedEscapesAreParseErrors) {
  for (const char* t : {"a: {{ \"\\x\" }}\n", "a: {{ \"\\u12\" }}\n", "a: {{ \"\\\" }}\n", "a: {{ \"\\777\" }}\n"}) {
    Timed r = RenderTimed({{"templates/t.yaml", t}});
    EXPECT_EQ(r.result.issues.size(), 1u) << t;
  }
}

}  // namespace
}  // namespace policycheck::helm
