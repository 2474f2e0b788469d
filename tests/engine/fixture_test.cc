// Fixture tests: every file under fixtures/ (and every chart) states its
// expected findings inline; any extra or missing finding fails.
//
//   # expect-next: DKR002[, K8S001:7]   a finding on the next line (optional column)
//   ... # expect: K8S001                a finding on this line (YAML and templates)
//
// A file inside fixtures/<area>/<rule_name>/ runs only that rule (the
// directory is the rule's name with '_' for '-'); other fixtures run every
// default rule. The nearest fixture.policycheck.yaml configures the run.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "policycheck/config.h"
#include "policycheck/dockerfile/parser.h"
#include "policycheck/engine.h"
#include "policycheck/input.h"
#include "policycheck/registry.h"
#include "test_util.h"

namespace policycheck {
namespace {

namespace fs = std::filesystem;

struct Fixture {
  std::string path;  // relative to the repository root: a file, or a chart directory
  bool chart = false;
};

struct Expectation {
  std::string file;
  int line;
  std::string rule;
  int column;  // 0 = any
  bool operator<(const Expectation& o) const {
    return std::tie(file, line, rule, column) < std::tie(o.file, o.line, o.rule, o.column);
  }
};

bool IsFixtureFile(const fs::path& p) {
  std::string name = p.filename().string();
  if (name == "fixture.policycheck.yaml" || name.ends_with(".md")) return false;
  return dockerfile::IsDockerfileName(name) || IsManifestName(name);
}

bool IsChart(const fs::path& dir) { return fs::is_regular_file(dir / "Chart.yaml"); }

void Collect(const fs::path& dir, const fs::path& root, std::vector<Fixture>* out) {
  std::vector<fs::directory_entry> entries{fs::directory_iterator(dir), fs::directory_iterator()};
  std::sort(entries.begin(), entries.end());
  for (const auto& e : entries) {
    fs::path rel = e.path().lexically_relative(root);
    if (e.is_directory()) {
      if (IsChart(e.path())) {
        out->push_back(Fixture{rel.generic_string(), true});
      } else {
        Collect(e.path(), root, out);
      }
    } else if (e.is_regular_file() && IsFixtureFile(e.path())) {
      out->push_back(Fixture{rel.generic_string(), false});
    }
  }
}

std::vector<Fixture> AllFixtures() {
  std::vector<Fixture> out;
  fs::path root(testing::SourceDir());
  for (const char* top : {"fixtures", "charts"}) {
    if (!fs::is_directory(root / top)) continue;
    if (std::string(top) == "charts") {
      for (const auto& e : fs::directory_iterator(root / top)) {
        if (e.is_directory() && IsChart(e.path())) {
          out.push_back(Fixture{e.path().lexically_relative(root).generic_string(), true});
        }
      }
    } else {
      Collect(root / top, root, &out);
    }
  }
  std::sort(out.begin(), out.end(), [](const Fixture& a, const Fixture& b) { return a.path < b.path; });
  return out;
}

std::vector<Expectation> ExpectationsIn(const std::string& display) {
  std::vector<Expectation> out;
  std::string text = testing::ReadFileOrDie((fs::path(testing::SourceDir()) / display).string());
  for (auto& a : testing::ParseFixtureAnnotations(text)) {
    out.push_back(Expectation{display, a.line, std::move(a.rule), a.column});
  }
  return out;
}

// The rule a fixture directory is named after, if any.
const Rule* RuleForFixture(const RuleRegistry& registry, const std::string& path) {
  fs::path p(path);
  for (fs::path dir = p.parent_path(); !dir.empty(); dir = dir.parent_path()) {
    std::string name = dir.filename().string();
    std::replace(name.begin(), name.end(), '_', '-');
    if (const Rule* r = registry.Find(name); r && r->info().name == name) return r;
  }
  return nullptr;
}

std::optional<std::string> FixtureConfig(const std::string& path) {
  fs::path root(testing::SourceDir());
  for (fs::path dir = fs::path(path).parent_path(); !dir.empty(); dir = dir.parent_path()) {
    if (fs::is_regular_file(root / dir / "fixture.policycheck.yaml")) {
      return (dir / "fixture.policycheck.yaml").generic_string();
    }
  }
  // Otherwise the configuration a user would get: .policycheck.yaml found upwards.
  if (auto found = FindConfigFile((root / path).string())) {
    return fs::path(*found).lexically_relative(root).generic_string();
  }
  return std::nullopt;
}

void PrintTo(const Fixture& f, std::ostream* os) { *os << f.path; }

class FixtureTest : public ::testing::TestWithParam<Fixture> {};

TEST_P(FixtureTest, ProducesExactlyTheAnnotatedFindings) {
  const Fixture& fixture = GetParam();
  fs::current_path(testing::SourceDir());
  RuleRegistry registry;
  RegisterBuiltinRules(registry);

  Config config;
  if (auto cfg = FixtureConfig(fixture.path)) {
    std::vector<ConfigError> errors;
    auto loaded = LoadConfigFile(*cfg, *cfg, registry, &errors);
    ASSERT_TRUE(loaded.has_value()) << *cfg << ": " << (errors.empty() ? "" : errors[0].message);
    config = *loaded;
  }
  const Rule* only = RuleForFixture(registry, fixture.path + (fixture.chart ? "/x" : ""));
  if (only) config.select = {std::string(only->info().id)};
  config.jobs = 1;

  std::vector<Expectation> expected;
  if (fixture.chart) {
    for (const auto& e : fs::recursive_directory_iterator(fixture.path)) {
      if (e.is_regular_file()) {
        auto more = ExpectationsIn(e.path().generic_string());
        expected.insert(expected.end(), more.begin(), more.end());
      }
    }
  } else {
    expected = ExpectationsIn(fixture.path);
  }

  Engine engine(registry, config);
  RunOptions options;
  options.paths = {fixture.path};
  RunResult result = engine.Run(options);

  std::multiset<Expectation> want(expected.begin(), expected.end());
  std::vector<std::string> unexpected;
  for (const Finding& f : result.findings) {
    if (f.suppression) continue;
    // Match a column-specific expectation first, then a column-less one.
    auto it = want.find(Expectation{f.location.file, f.location.line, f.rule_id, f.location.column});
    if (it == want.end()) it = want.find(Expectation{f.location.file, f.location.line, f.rule_id, 0});
    if (it != want.end()) {
      want.erase(it);
    } else {
      unexpected.push_back(f.location.file + ":" + std::to_string(f.location.line) + ":" +
                           std::to_string(f.location.column) + ": " + f.rule_id + " " + f.message);
    }
  }
  for (const auto& u : unexpected) ADD_FAILURE() << "unexpected finding: " << u;
  for (const auto& w : want) {
    ADD_FAILURE() << "missing finding: " << w.file << ":" << w.line << (w.column ? ":" + std::to_string(w.column) : "")
                  << ": " << w.rule;
  }
}

std::string FixtureName(const ::testing::TestParamInfo<Fixture>& info) {
  std::string name = info.param.path;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FixtureTest, ::testing::ValuesIn(AllFixtures()), FixtureName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(FixtureTest);

// Every rule has a fixture directory with a file that fires and a file that stays clean.
TEST(FixtureCoverageTest, EveryRuleHasFiringAndCleanFixtures) {
  RuleRegistry registry;
  RegisterBuiltinRules(registry);
  std::map<std::string, std::pair<int, int>> coverage;  // rule id -> (firing files, clean files)
  for (const Fixture& f : AllFixtures()) {
    const Rule* rule = RuleForFixture(registry, f.path + (f.chart ? "/x" : ""));
    if (!rule) continue;
    std::vector<Expectation> exp;
    if (f.chart) {
      for (const auto& e : fs::recursive_directory_iterator(fs::path(testing::SourceDir()) / f.path)) {
        if (e.is_regular_file()) {
          auto more = ExpectationsIn(e.path().lexically_relative(testing::SourceDir()).generic_string());
          exp.insert(exp.end(), more.begin(), more.end());
        }
      }
    } else {
      exp = ExpectationsIn(f.path);
    }
    bool fires = std::any_of(exp.begin(), exp.end(), [&](const Expectation& e) { return e.rule == rule->info().id; });
    auto& c = coverage[std::string(rule->info().id)];
    (fires ? c.first : c.second)++;
  }
  for (const Rule* rule : registry.rules()) {
    std::string id(rule->info().id);
    if (id == "PC900") continue;  // internal errors have no input that triggers them by design
    // Image rules read docker save / OCI archives: tests/image builds those synthetically.
    if (rule->info().target == Target::kImage) continue;
    auto c = coverage[id];
    EXPECT_GT(c.first, 0) << id << " " << rule->info().name << ": no fixture fires it (fixtures/<area>/"
                          << rule->info().name << "/ with '_' for '-')";
    EXPECT_GT(c.second, 0) << id << " " << rule->info().name << ": no clean fixture";
  }
}

}  // namespace
}  // namespace policycheck
