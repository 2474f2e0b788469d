// Entry point of policycheck_bench, plus the helpers declared in bench_util.h.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "bench_util.h"

namespace policycheck::bench {

namespace fs = std::filesystem;

const std::string& CorpusDir() {
  static const std::string dir = [] {
    std::error_code ec;
    if (const char* env = std::getenv("POLICYCHECK_CORPUS"); env && *env) {
      return fs::is_directory(env, ec) ? std::string(env) : std::string();
    }
    fs::path p = fs::path(POLICYCHECK_BENCH_SOURCE_DIR) / ".." / "shared" / "corpus";
    return fs::is_directory(p, ec) ? fs::weakly_canonical(p, ec).string() : std::string();
  }();
  return dir;
}

std::string SourceDir() { return POLICYCHECK_BENCH_SOURCE_DIR; }

std::vector<std::shared_ptr<const SourceFile>> LoadTree(const std::string& dir,
                                                         bool (*keep)(const std::string& name)) {
  std::vector<std::shared_ptr<const SourceFile>> files;
  std::error_code ec;
  if (dir.empty() || !fs::is_directory(dir, ec)) return files;
  std::vector<fs::path> paths;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file(ec) && keep(it->path().filename().string())) paths.push_back(it->path());
  }
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    files.push_back(std::make_shared<SourceFile>(fs::relative(p, dir, ec).generic_string(), p.string(),
                                                 std::move(text).str()));
  }
  return files;
}

namespace {
bool IsDockerfile(const std::string& name) { return name.ends_with("Dockerfile"); }
bool IsYaml(const std::string& name) { return name.ends_with(".yaml") || name.ends_with(".yml"); }
}  // namespace

const std::vector<std::shared_ptr<const SourceFile>>& CorpusDockerfiles() {
  static const auto files = LoadTree(CorpusDir().empty() ? "" : CorpusDir() + "/dockerfiles", IsDockerfile);
  return files;
}

const std::vector<std::shared_ptr<const SourceFile>>& CorpusManifests() {
  static const auto files = LoadTree(CorpusDir().empty() ? "" : CorpusDir() + "/manifests", IsYaml);
  return files;
}

int64_t TotalBytes(const std::vector<std::shared_ptr<const SourceFile>>& files) {
  int64_t n = 0;
  for (const auto& f : files) n += static_cast<int64_t>(f->text().size());
  return n;
}

bool SkipIfEmpty(benchmark::State& state, const std::vector<std::shared_ptr<const SourceFile>>& files,
                 const char* what) {
  if (!files.empty()) return false;
  state.SkipWithError((std::string(what) + ": ../shared/corpus not found (set POLICYCHECK_CORPUS)").c_str());
  return true;
}

std::string SyntheticServicesAndDeployments(int n) {
  std::string out;
  out.reserve(static_cast<size_t>(n) * 1400);
  for (int i = 0; i < n; ++i) {
    std::string id = std::to_string(i);
    // Every third Service selects nothing (a dangling Service), so the rule has work to report.
    std::string app = (i % 3 == 2) ? "ghost-" + id : "app-" + id;
    out += "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-" + id +
           "\n  namespace: bench\n  labels:\n    app: app-" + id +
           "\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: app-" + id +
           "\n  template:\n    metadata:\n      labels:\n        app: app-" + id +
           "\n        tier: web\n    spec:\n      containers:\n        - name: web\n"
           "          image: nginx:1.27\n";
    if (i % 10 == 0) out += "          # policycheck: ignore[K8S001]\n";
    out += "          securityContext:\n            privileged: " + std::string(i % 2 ? "true" : "false") +
           "\n          ports:\n            - containerPort: 8080\n"
           "          resources:\n            requests: {cpu: 100m, memory: 64Mi}\n"
           "            limits: {cpu: 500m, memory: 128Mi}\n";
    out += "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-" + id +
           "\n  namespace: bench\nspec:\n  selector:\n    app: " + app +
           "\n  ports:\n    - port: 80\n      targetPort: 8080\n";
  }
  return out;
}

std::shared_ptr<const SourceFile> SyntheticSource(int64_t n) {
  return std::make_shared<SourceFile>("bench.yaml", "", SyntheticServicesAndDeployments(static_cast<int>(n)));
}

}  // namespace policycheck::bench

BENCHMARK_MAIN();
