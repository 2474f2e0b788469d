// Dockerfile rules: runs every fixture under fixtures/dockerfile/<rule>/ with
// only that rule (exhaustive `# expect-next:` comparison, like the engine's
// fixture runner), and checks each rule's metadata, doc and fixtures.
#include <gtest/gtest.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "policycheck/dockerfile/model.h"
#include "policycheck/dockerfile/parser.h"
#include "policycheck/registry.h"
#include "policycheck/rule.h"
#include "test_util.h"

namespace policycheck::rules {
void RegisterDockerfileRules(RuleRegistry& registry);
}

namespace policycheck::dockerfile {
namespace {

namespace fs = std::filesystem;

class CollectingReporter : public Reporter {
 public:
  void Report(Diagnostic d) override { diagnostics.push_back(std::move(d)); }
  std::vector<Diagnostic> diagnostics;
};

const RuleRegistry& Registry() {
  static const RuleRegistry* registry = [] {
    auto* r = new RuleRegistry();
    rules::RegisterDockerfileRules(*r);
    return r;
  }();
  return *registry;
}

std::string Snake(std::string_view name) {
  std::string s(name);
  std::replace(s.begin(), s.end(), '-', '_');
  return s;
}

const DockerfileRule* RuleForDir(const std::string& dir) {
  for (const Rule* rule : Registry().rules()) {
    if (Snake(rule->info().name) == dir) return dynamic_cast<const DockerfileRule*>(rule);
  }
  return nullptr;
}

std::string FlowText(const YAML::Node& node) {
  if (node.IsScalar()) return node.Scalar();
  YAML::Emitter e;
  e << YAML::Flow << node;
  return e.c_str();
}

// The rule's params: defaults, overridden by rules.params.<ID> of the
// directory's fixture.policycheck.yaml.
Params ParamsFor(const Rule& rule, const fs::path& dir) {
  YAML::Node overrides;
  fs::path config = dir / "fixture.policycheck.yaml";
  if (fs::exists(config)) {
    YAML::Node root = YAML::LoadFile(config.string());
    if (root["rules"] && root["rules"]["params"] && root["rules"]["params"][std::string(rule.info().id)]) {
      overrides = root["rules"]["params"][std::string(rule.info().id)];
    }
  }
  Params params;
  for (const ParamSpec& spec : rule.info().params) {
    std::string text(spec.default_value);
    if (overrides && overrides[std::string(spec.name)]) {
      text = FlowText(overrides[std::string(spec.name)]);
    }
    ParamValue value;
    std::string error = ParseParamText(spec.type, text, &value);
    EXPECT_EQ(error, "") << rule.info().id << " param " << spec.name << " = " << text;
    params.Set(std::string(spec.name), std::move(value));
  }
  return params;
}

struct Expectation {
  std::string id;
  int line = 0;
  int column = 0;  // 0: any column
};

std::vector<Expectation> ReadExpectations(const std::string& text) {
  std::vector<Expectation> out;
  for (auto& a : policycheck::testing::ParseFixtureAnnotations(text)) {
    Expectation e;
    e.id = std::move(a.rule);
    e.line = a.line;
    e.column = a.column;
    out.push_back(std::move(e));
  }
  return out;
}

std::string Describe(const std::string& id, int line, int column, const std::string& message) {
  return id + " at " + std::to_string(line) + ":" + std::to_string(column) + " " + message;
}

// Returns the number of expectations in the file.
size_t RunFixture(const DockerfileRule& rule, const fs::path& path, const Params& params) {
  std::string text = policycheck::testing::ReadFileOrDie(path.string());
  ParseResult parsed = Parse(std::make_shared<SourceFile>(path.filename().string(), path.string(), text));
  CollectingReporter reporter;
  CheckContext ctx{params};
  rule.Check(*parsed.file, ctx, reporter);
  struct Actual {
    std::string id;
    int line, column;
    std::string message;
    bool used = false;
  };
  std::vector<Actual> actual;
  for (const LoadIssue& issue : parsed.issues) {
    actual.push_back({issue.rule_id, issue.location.line, issue.location.column, issue.message});
  }
  for (const Diagnostic& d : reporter.diagnostics) {
    actual.push_back({std::string(rule.info().id), d.location.line, d.location.column, d.message});
    EXPECT_EQ(d.message.find(std::to_string(d.location.line) + ":"), std::string::npos)
        << "messages must not contain locations: " << d.message;
  }
  std::vector<Expectation> expected = ReadExpectations(text);
  for (const Expectation& e : expected) {
    auto it = std::find_if(actual.begin(), actual.end(), [&](const Actual& a) {
      return !a.used && a.id == e.id && a.line == e.line && (e.column == 0 || a.column == e.column);
    });
    if (it == actual.end()) {
      ADD_FAILURE() << path.string() << ": missing " << Describe(e.id, e.line, e.column, "");
    } else {
      it->used = true;
    }
  }
  for (const Actual& a : actual) {
    if (!a.used) {
      ADD_FAILURE() << path.string() << ": unexpected " << Describe(a.id, a.line, a.column, a.message);
    }
  }
  return expected.size();
}

fs::path FixtureRoot() { return fs::path(policycheck::testing::SourceDir()) / "fixtures" / "dockerfile"; }

TEST(DockerfileFixtureTest, EveryFixtureMatchesItsExpectations) {
  ASSERT_TRUE(fs::is_directory(FixtureRoot()));
  int files = 0;
  for (const auto& dir : fs::directory_iterator(FixtureRoot())) {
    if (!dir.is_directory()) continue;
    const DockerfileRule* rule = RuleForDir(dir.path().filename().string());
    if (rule == nullptr) {
      ADD_FAILURE() << "fixture directory names no Dockerfile rule: " << dir.path();
      continue;
    }
    Params params = ParamsFor(*rule, dir.path());
    int firing = 0, clean = 0;
    for (const auto& f : fs::directory_iterator(dir.path())) {
      if (f.path().extension() != ".Dockerfile") continue;
      ++files;
      (RunFixture(*rule, f.path(), params) > 0 ? firing : clean)++;
    }
    EXPECT_GE(firing, 1) << dir.path() << " needs a fixture that fires";
    EXPECT_GE(clean, 1) << dir.path() << " needs a clean fixture";
  }
  std::cout << "checked " << files << " Dockerfile fixtures\n";
}

std::string ReadText(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// "DKR" and three digits.
bool IsDkrId(std::string_view id) {
  return id.size() == 6 && id.starts_with("DKR") &&
         std::all_of(id.begin() + 3, id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Lower-case words of [a-z0-9] joined by single hyphens.
bool IsKebabName(std::string_view name) {
  if (name.empty() || name.front() == '-' || name.back() == '-') return false;
  if (name.find("--") != std::string_view::npos) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

TEST(DockerfileRuleMetaTest, EveryRuleIsWellFormed) {
  const auto& rules = Registry().rules();
  ASSERT_GE(rules.size(), 30u);
  fs::path rule_dir = fs::path(policycheck::testing::SourceDir()) / "rules" / "dockerfile";
  for (const Rule* rule : rules) {
    const RuleInfo& info = rule->info();
    SCOPED_TRACE(std::string(info.id));
    EXPECT_TRUE(IsDkrId(info.id)) << info.id;
    EXPECT_TRUE(IsKebabName(info.name)) << info.name;
    EXPECT_EQ(info.target, Target::kDockerfile);
    EXPECT_TRUE(info.summary.ends_with(".")) << info.summary;
    EXPECT_TRUE(info.remediation.ends_with(".")) << info.remediation;
    if (info.category == "security") {
      EXPECT_GE(info.security_severity, 0.1);
      EXPECT_LE(info.security_severity, 10.0);
    }
    for (const ParamSpec& spec : info.params) {
      ParamValue v;
      EXPECT_EQ(ParseParamText(spec.type, spec.default_value, &v), "") << spec.name;
      EXPECT_TRUE(spec.description.ends_with(".")) << spec.name;
    }
    std::string snake = Snake(info.name);
    EXPECT_TRUE(fs::exists(rule_dir / (snake + ".cc")));
    std::string doc = ReadText(rule_dir / (snake + ".md"));
    EXPECT_TRUE(doc.starts_with("# " + std::string(info.id) + " " + std::string(info.name) + "\n"));
    for (const char* section : {"## What it flags", "## Why", "## Example", "## Fix", "## Equivalents"}) {
      EXPECT_NE(doc.find(section), std::string::npos) << section;
    }
    EXPECT_EQ(doc.find("## Params") != std::string::npos, !info.params.empty());
    for (std::string_view eq : info.equivalents) {
      EXPECT_NE(doc.find(std::string(eq.substr(eq.find(':') + 1))), std::string::npos) << eq;
    }
    EXPECT_TRUE(fs::is_directory(FixtureRoot() / snake)) << "no fixtures for " << info.id;
  }
}

}  // namespace
}  // namespace policycheck::dockerfile

namespace policycheck::dockerfile {
namespace {

// Every rule runs over the corpus without crashing; rules that flag what
// BuildKit rejects stay silent on these real, building Dockerfiles.
TEST(DockerfileCorpusRulesTest, RulesOnCorpus) {
  std::string corpus = policycheck::testing::CorpusDir();
  if (corpus.empty()) GTEST_SKIP() << "../shared/corpus is absent";
  std::map<std::string, int> counts;
  int files = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(corpus) / "dockerfiles")) {
    if (!IsDockerfileName(entry.path().filename().string())) continue;
    ++files;
    std::string text = policycheck::testing::ReadFileOrDie(entry.path().string());
    ParseResult parsed =
        Parse(std::make_shared<SourceFile>(entry.path().filename().string(), "", text));
    for (const Rule* rule : Registry().rules()) {
      if (rule->info().id == "DKR034") continue;  // runs a subprocess per script
      Params params = ParamsFor(*rule, fs::path());
      CollectingReporter reporter;
      static_cast<const DockerfileRule*>(rule)->Check(*parsed.file, CheckContext{params}, reporter);
      counts[std::string(rule->info().id)] += static_cast<int>(reporter.diagnostics.size());
      const char* dump = std::getenv("POLICYCHECK_DUMP_RULE");  // debugging aid
      for (const Diagnostic& d : reporter.diagnostics) {
        EXPECT_GT(d.location.line, 0) << rule->info().id << " " << entry.path();
        if (dump != nullptr && rule->info().id == dump) {
          std::cout << entry.path().filename().string() << ":" << d.location.line << ":"
                    << d.location.column << " " << d.message << "\n";
        }
        if (rule->info().id == "DKR026" || rule->info().id == "DKR028" ||
            rule->info().id == "DKR030" || rule->info().id == "DKR032") {
          ADD_FAILURE() << entry.path().filename() << ":" << d.location.line << ":"
                        << d.location.column << " " << rule->info().id << " " << d.message;
        }
      }
    }
  }
  std::cout << "rules over " << files << " corpus Dockerfiles:";
  for (const auto& [id, n] : counts) std::cout << " " << id << "=" << n;
  std::cout << "\n";
}

}  // namespace
}  // namespace policycheck::dockerfile

namespace policycheck::dockerfile {
namespace {

// Runs rule `id` on `text` with `overrides` (YAML flow map of params).
std::vector<Diagnostic> RunRule(std::string_view id, const std::string& text,
                                const std::string& overrides = "{}") {
  const Rule* rule = Registry().Find(id);
  EXPECT_NE(rule, nullptr) << id;
  if (rule == nullptr) return {};
  YAML::Node node = YAML::Load(overrides);
  Params params;
  for (const ParamSpec& spec : rule->info().params) {
    std::string value(spec.default_value);
    if (node[std::string(spec.name)]) value = FlowText(node[std::string(spec.name)]);
    ParamValue v;
    EXPECT_EQ(ParseParamText(spec.type, value, &v), "");
    params.Set(std::string(spec.name), std::move(v));
  }
  ParseResult parsed = Parse(std::make_shared<SourceFile>("Dockerfile", "", text));
  CollectingReporter reporter;
  static_cast<const DockerfileRule*>(rule)->Check(*parsed.file, CheckContext{params}, reporter);
  return reporter.diagnostics;
}

TEST(DockerfileRuleParamsTest, RequireMultiStage) {
  const std::string single = "FROM alpine:3.20\nRUN echo hi\n";
  EXPECT_TRUE(RunRule("DKR003", single).empty());
  auto d = RunRule("DKR003", single, "{require_multi_stage: true}");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].location.line, 1);
  EXPECT_TRUE(RunRule("DKR003", "FROM a:1 AS b\nFROM b\n", "{require_multi_stage: true}").empty());
}

TEST(DockerfileRuleParamsTest, RequiredUidAndNameMap) {
  EXPECT_TRUE(RunRule("DKR002", "FROM a:1\nUSER 2000:2000\n", "{uid: 2000}").empty());
  EXPECT_EQ(RunRule("DKR002", "FROM a:1\nUSER 1001\n", "{uid: 2000}").size(), 1u);
  EXPECT_EQ(RunRule("DKR002", "FROM a:1\nUSER app\n").size(), 1u);
  EXPECT_TRUE(RunRule("DKR002", "FROM a:1\nUSER app\n", "{user_uids: {app: '1001'}}").empty());
  // Root and "no USER" are DKR001's findings, not DKR002's.
  EXPECT_TRUE(RunRule("DKR002", "FROM a:1\nUSER root\n").empty());
  EXPECT_TRUE(RunRule("DKR002", "FROM a:1\n").empty());
}

TEST(DockerfileRuleParamsTest, ShellcheckMissingBinaryIsOneClearFinding) {
  auto d = RunRule("DKR034", "FROM a:1\nRUN echo $1\nRUN echo $2\n",
                   "{binary: /nonexistent/shellcheck}");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].location.line, 2);
  EXPECT_NE(d[0].message.find("not found"), std::string::npos);
  // No RUN script: nothing to check, nothing to say.
  EXPECT_TRUE(RunRule("DKR034", "FROM a:1\nCOPY a /b\n", "{binary: /nonexistent/x}").empty());
}

TEST(DockerfileRuleParamsTest, ShellcheckExcludeAndNothingExecuted) {
  if (access("/usr/bin/shellcheck", X_OK) != 0) GTEST_SKIP() << "shellcheck is not installed";
  // The script would create a file if it were executed; ShellCheck only reads it.
  std::string marker = ::testing::TempDir() + "/policycheck_must_not_exist";
  std::filesystem::remove(marker);
  auto d = RunRule("DKR034", "FROM a:1\nRUN touch " + marker + " && echo $1\n");
  EXPECT_EQ(d.size(), 1u);
  EXPECT_FALSE(std::filesystem::exists(marker));
  EXPECT_TRUE(RunRule("DKR034", "FROM a:1\nRUN echo $1\n", "{exclude: [SC2086]}").empty());
}

}  // namespace
}  // namespace policycheck::dockerfile

namespace policycheck::dockerfile {
namespace {

// Robustness: truncated and mutated corpus files (dangling continuations,
// quotes, heredoc markers, JSON brackets) parse and lint without crashing, and
// every finding and issue stays inside the file.
TEST(DockerfileRobustnessTest, MutatedCorpusNeverCrashes) {
  std::string corpus = policycheck::testing::CorpusDir();
  if (corpus.empty()) GTEST_SKIP() << "../shared/corpus is absent";
  static constexpr std::string_view kInserts[] = {"\\", "\"", "'", "<<EOF", "<<-'X'", "[\"", "${",
                                                  "\n", "$(", "`", "\r\n", "--from=", "\\\n# c\n"};
  uint64_t seed = 42;
  auto next = [&seed] {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<size_t>(seed >> 33);
  };
  int runs = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(corpus) / "dockerfiles")) {
    if (!IsDockerfileName(entry.path().filename().string())) continue;
    std::string original = policycheck::testing::ReadFileOrDie(entry.path().string());
    if (original.empty()) continue;
    for (int m = 0; m < 3; ++m) {
      std::string text = original;
      for (int k = 0; k < 4; ++k) {
        size_t at = next() % (text.size() + 1);
        text.insert(at, kInserts[next() % std::size(kInserts)]);
      }
      if (m == 2) text.resize(next() % text.size());
      auto source = std::make_shared<SourceFile>("m.Dockerfile", "", text);
      ParseResult parsed = Parse(source);
      ++runs;
      for (const LoadIssue& issue : parsed.issues) {
        EXPECT_GE(issue.location.line, 1);
        EXPECT_LE(issue.location.line, source->line_count() + 1);
      }
      for (const Rule* rule : Registry().rules()) {
        if (rule->info().id == "DKR034") continue;
        Params params = ParamsFor(*rule, fs::path());
        CollectingReporter reporter;
        static_cast<const DockerfileRule*>(rule)->Check(*parsed.file, CheckContext{params}, reporter);
        for (const Diagnostic& d : reporter.diagnostics) {
          EXPECT_GE(d.location.line, 1) << rule->info().id;
          EXPECT_LE(d.location.line, source->line_count() + 1) << rule->info().id;
        }
      }
    }
  }
  std::cout << "linted " << runs << " mutated Dockerfiles\n";
}

}  // namespace
}  // namespace policycheck::dockerfile
