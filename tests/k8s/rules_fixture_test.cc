// Runs each K8s rule over its fixtures (fixtures/k8s/<rule_name>/, with
// fixture.policycheck.yaml params) and compares findings with the inline
// "# expect: ID" annotations, the same contract as the engine's fixture test.
// This keeps the rules testable inside the k8s test binary.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "../../analyzer/src/k8s/yaml_parse.h"
#include "policycheck/k8s/loader.h"
#include "policycheck/k8s/object.h"
#include "policycheck/registry.h"
#include "test_util.h"

namespace policycheck::rules {
void RegisterK8sRules(RuleRegistry& registry);
}

namespace policycheck::k8s {
namespace {

namespace fs = std::filesystem;

class Collect : public Reporter {
 public:
  void Report(Diagnostic d) override { diagnostics.push_back(std::move(d)); }
  using Reporter::Report;
  std::vector<Diagnostic> diagnostics;
};

// "line:ID" strings from "# expect: A, B" (this line) and "# expect-next: A" (next line).
std::multiset<std::string> Expectations(const std::string& text) {
  std::multiset<std::string> out;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    for (auto [marker, delta] : {std::pair<std::string, int>{"# expect: ", 0}, {"# expect-next: ", 1}}) {
      size_t at = line.find(marker);
      if (at == std::string::npos) continue;
      std::stringstream ids(line.substr(at + marker.size()));
      std::string id;
      while (std::getline(ids, id, ',')) {
        id.erase(0, id.find_first_not_of(' '));
        id = id.substr(0, id.find_first_of(" :"));
        if (!id.empty()) out.insert(std::to_string(n + delta) + ":" + id);
      }
    }
  }
  return out;
}

Params ParamsFor(const Rule& rule, const fs::path& dir) {
  Params params;
  for (const ParamSpec& spec : rule.info().params) {
    ParamValue v;
    EXPECT_EQ(ParseParamText(spec.type, spec.default_value, &v), "") << spec.name;
    params.Set(std::string(spec.name), v);
  }
  // The nearest fixture.policycheck.yaml: rules.params.<ID>.<param>.
  for (fs::path d = dir; d.has_relative_path() && d.filename() != "k8s"; d = d.parent_path()) {
    fs::path config = d / "fixture.policycheck.yaml";
    if (!fs::exists(config)) continue;
    auto docs = internal::ParseYamlStream(testing::ReadFileOrDie(config.string()), Limits{});
    const Node* root = docs.empty() ? nullptr : docs[0].doc->root;
    const Node* mine = root ? FindPath(root, "rules.params." + std::string(rule.info().id)) : nullptr;
    for (size_t i = 0; mine && i < mine->entry_count(); ++i) {
      const ParamSpec* spec = nullptr;
      for (const ParamSpec& s : rule.info().params) {
        if (s.name == mine->key(i)->text()) spec = &s;
      }
      EXPECT_NE(spec, nullptr) << config << ": unknown param " << mine->key(i)->text();
      if (!spec) continue;
      const Node* v = mine->value(i);
      if (v->IsSeq()) {
        std::vector<std::string> list;
        for (const Node* item : v->items()) list.push_back(item->text());
        params.Set(std::string(spec->name), list);
      } else {
        ParamValue value;
        EXPECT_EQ(ParseParamText(spec->type, v->text(), &value), "") << config;
        params.Set(std::string(spec->name), value);
      }
    }
    break;
  }
  return params;
}

TEST(K8sRuleFixtures, EveryRuleFiresAndStaysClean) {
  RuleRegistry registry;
  rules::RegisterK8sRules(registry);
  fs::path root = fs::path(testing::SourceDir()) / "fixtures" / "k8s";
  ASSERT_TRUE(fs::exists(root));
  std::set<std::string> fired, clean;
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".yaml" ||
        entry.path().filename() == "fixture.policycheck.yaml") {
      continue;
    }
    fs::path rel = entry.path().parent_path().lexically_relative(root);
    std::string rule_dir = rel.begin()->string();
    std::string name = rule_dir;
    std::replace(name.begin(), name.end(), '_', '-');
    const Rule* rule = registry.Find(name);
    ASSERT_NE(rule, nullptr) << "no rule named " << name << " for " << entry.path();
    ++files;
    std::string text = testing::ReadFileOrDie(entry.path().string());
    auto source = std::make_shared<SourceFile>(entry.path().string(), entry.path().string(), text);
    LoadResult loaded = LoadManifests(source, K8sOptions{});
    EXPECT_TRUE(loaded.issues.empty()) << entry.path();
    Params params = ParamsFor(*rule, entry.path().parent_path());
    CheckContext ctx{params};
    Collect out;
    const RuleInfo& info = rule->info();
    if (auto* set_rule = dynamic_cast<const ObjectSetRule*>(rule)) {
      std::vector<const Object*> all;
      for (const auto& o : loaded.objects) all.push_back(o.get());
      set_rule->Check(all, ctx, out);
    } else if (auto* object_rule = dynamic_cast<const ObjectRule*>(rule)) {
      for (const auto& o : loaded.objects) {
        if (info.target == Target::kPodSpec && !o->has_pod_spec()) continue;
        if (info.target == Target::kObject && !info.kinds.empty() &&
            std::find(info.kinds.begin(), info.kinds.end(), o->kind()) == info.kinds.end()) {
          continue;
        }
        object_rule->Check(*o, ctx, out);
      }
    }
    std::multiset<std::string> got;
    for (const Diagnostic& d : out.diagnostics) {
      EXPECT_EQ(d.location.file, entry.path().string());
      EXPECT_GT(d.location.column, 0);
      EXPECT_EQ(d.message.find(std::to_string(d.location.line) + ":"), std::string::npos);
      got.insert(std::to_string(d.location.line) + ":" + std::string(info.id));
    }
    std::multiset<std::string> want = Expectations(text);
    EXPECT_EQ(got, want) << entry.path() << "\n" << [&] {
      std::string s;
      for (const auto& d : out.diagnostics) s += std::to_string(d.location.line) + ": " + d.message + "\n";
      return s;
    }();
    (want.empty() ? clean : fired).insert(std::string(info.id));
  }
  EXPECT_GT(files, 0);
  for (const Rule* rule : registry.rules()) {
    std::string id(rule->info().id);
    EXPECT_TRUE(fired.count(id)) << id << " has no fixture that fires";
    EXPECT_TRUE(clean.count(id)) << id << " has no clean fixture";
  }
}

TEST(K8sRuleFixtures, DocsAndMetadataAreComplete) {
  RuleRegistry registry;
  rules::RegisterK8sRules(registry);
  for (const Rule* rule : registry.rules()) {
    const RuleInfo& info = rule->info();
    std::string file = std::string(info.name);
    std::replace(file.begin(), file.end(), '-', '_');
    fs::path md = fs::path(testing::SourceDir()) / "rules" / "k8s" / (file + ".md");
    ASSERT_TRUE(fs::exists(md)) << md;
    std::string doc = testing::ReadFileOrDie(md.string());
    EXPECT_EQ(doc.substr(0, doc.find('\n')), "# " + std::string(info.id) + " " + std::string(info.name));
    for (const char* section : {"## What it flags", "## Why", "## Example", "## Fix", "## Equivalents"}) {
      EXPECT_NE(doc.find(section), std::string::npos) << md << " lacks " << section;
    }
    if (!info.params.empty()) {
      EXPECT_NE(doc.find("## Params"), std::string::npos) << md;
    }
    EXPECT_TRUE(info.summary.ends_with(".")) << info.id;
    EXPECT_TRUE(info.remediation.ends_with(".")) << info.id;
    if (info.category == "security") {
      EXPECT_GT(info.security_severity, 0) << info.id;
    }
    for (std::string_view e : info.equivalents) {
      EXPECT_NE(doc.find(e), std::string::npos) << info.id << " " << e;
    }
  }
}

}  // namespace
}  // namespace policycheck::k8s
