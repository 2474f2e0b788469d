// The same inputs give byte-identical text, JSON and SARIF whatever the thread
// count, the locale, the order the filesystem lists directory entries in, and
// the order the paths are given in. SARIF records the command line
// (invocations[].arguments), which differs by design and is left out.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "bounded_run.h"
#include "test_util.h"

namespace policycheck::robustness {
namespace {

// Relative paths (under the repository or the corpus) of the inputs: the
// reference chart and its Dockerfiles, plus a sample of real-world files.
std::vector<std::pair<fs::path, std::string>> Inputs() {
  std::vector<std::pair<fs::path, std::string>> files;  // (source, path in the tree)
  fs::path src = testing::SourceDir();
  for (const char* dir : {"charts/todo-app", "fixtures/todo-app"}) {
    for (const auto& e : fs::recursive_directory_iterator(src / dir)) {
      if (e.is_regular_file()) files.emplace_back(e.path(), fs::relative(e.path(), src).generic_string());
    }
  }
  std::string corpus = testing::CorpusDir();
  if (!corpus.empty()) {
    for (const char* dir : {"manifests", "dockerfiles"}) {
      std::vector<fs::path> sample;
      for (const auto& e : fs::directory_iterator(fs::path(corpus) / dir)) {
        if (e.is_regular_file() && e.path().filename() != "INDEX.tsv" && e.path().filename() != "MANIFEST.tsv") {
          sample.push_back(e.path());
        }
      }
      std::sort(sample.begin(), sample.end());
      for (size_t i = 0; i < sample.size(); i += 60) {
        // Several directories, so the walk merges subtrees.
        files.emplace_back(sample[i], std::string("corpus/") + dir + "/" + std::to_string(i % 3) + "/" +
                                          sample[i].filename().string());
      }
    }
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  return files;
}

// Copies the inputs into a fresh tree, creating entries in `reverse` order so
// that readdir lists them differently (small ext4/tmpfs directories list in
// creation order or its reverse).
void Populate(const Sandbox& box, bool reverse) {
  auto files = Inputs();
  if (reverse) std::reverse(files.begin(), files.end());
  for (const auto& [from, to] : files) box.Put(to, Slurp(from));
}

std::string WithoutArguments(const std::string& sarif) {
  auto j = nlohmann::json::parse(sarif, nullptr, false);
  if (j.is_discarded()) return "unparsable SARIF:\n" + sarif;
  for (auto& run : j["runs"]) {
    for (auto& inv : run["invocations"]) inv.erase("arguments");
  }
  return j.dump(1);
}

struct Outputs {
  std::string text, json, sarif;
};

// One run writing all three formats; paths are relative to the tree.
Outputs CheckTree(const Sandbox& box, const std::vector<std::string>& paths, const std::string& jobs,
                  const std::string& locale) {
  std::string text = box.Path("../" + fs::path(box.Path()).filename().string() + ".txt");
  std::string json = text + ".json", sarif = text + ".sarif";
  RunSpec spec;
  spec.args = {"--no-config", "--deterministic", "--color", "never", "--jobs", jobs,
               "--format", "text", "--output", text, "--format", "json", "--output", json,
               "--format", "sarif", "--output", sarif};
  spec.args.insert(spec.args.end(), paths.begin(), paths.end());
  spec.cwd = box.Path();
  spec.env = {{"LC_ALL", locale}, {"LANG", locale}};
  Outcome o = RunBounded(spec);
  EXPECT_EQ(o.signal, 0) << o.Describe();
  EXPECT_EQ(o.exit_code, 1) << o.Describe();  // the corpus sample has findings
  Outputs out{Slurp(text), Slurp(json), WithoutArguments(Slurp(sarif))};
  for (const auto& p : {text, json, sarif}) fs::remove(p);
  return out;
}

void ExpectSame(const Outputs& a, const Outputs& b, const std::string& what) {
  EXPECT_FALSE(a.json.empty()) << what;
  EXPECT_TRUE(a.text == b.text) << what << ": text differs\n" << a.text.substr(0, 3000) << "\n---\n" << b.text.substr(0, 3000);
  EXPECT_TRUE(a.json == b.json) << what << ": JSON differs";
  EXPECT_TRUE(a.sarif == b.sarif) << what << ": SARIF differs";
}

TEST(Determinism, ThreadsLocaleDirectoryOrderAndArgumentOrder) {
  Sandbox forward, backward;
  Populate(forward, false);
  Populate(backward, true);
  const std::vector<std::string> paths = {"charts/todo-app", "fixtures", "corpus"};
  Outputs base = CheckTree(forward, paths, "1", "C");
  EXPECT_NE(base.text.find("charts/todo-app/templates/"), std::string::npos) << base.text.substr(0, 2000);
  ExpectSame(base, CheckTree(forward, paths, "2", "C"), "--jobs 1 vs --jobs 2");
  ExpectSame(base, CheckTree(forward, paths, "1", "C.UTF-8"), "LC_ALL=C vs LC_ALL=C.UTF-8");
  ExpectSame(base, CheckTree(backward, paths, "2", "C.UTF-8"), "directory entries created in reverse order");
  ExpectSame(base, CheckTree(backward, {"corpus", "fixtures", "charts/todo-app"}, "2", "C"),
             "paths given in another order");
}

}  // namespace
}  // namespace policycheck::robustness
