// Template engine (helm::RenderChart): the reference chart, a few corpus charts of
// different sizes, and every corpus chart in one pass (the per-chart mean is the counter).
#include <filesystem>

#include "bench_util.h"
#include "policycheck/helm/render.h"

namespace policycheck::bench {
namespace {

namespace fs = std::filesystem;

HelmOptions Options() {
  HelmOptions options;
  options.release_name = "rel";  // as `helm template rel <chart>`
  options.seed = 1;
  return options;
}

void RenderOne(benchmark::State& state, const std::string& dir, const std::string& display) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    state.SkipWithError((dir + " not found").c_str());
    return;
  }
  HelmOptions options = Options();
  size_t bytes = 0;
  for (auto _ : state) {
    auto result = helm::RenderChart(dir, display, options);
    bytes = 0;
    for (const auto& f : result.files) bytes += f.text.size();
    benchmark::DoNotOptimize(result.files.data());
  }
  state.counters["rendered_bytes"] = static_cast<double>(bytes);
}

void BM_RenderTodoApp(benchmark::State& state) {
  RenderOne(state, SourceDir() + "/charts/todo-app", "charts/todo-app");
}
BENCHMARK(BM_RenderTodoApp)->Unit(benchmark::kMicrosecond);

// Small, medium and the largest output of the corpus (argo-cd renders 1.9 MB).
void BM_RenderCorpusChart(benchmark::State& state, const char* name) {
  if (CorpusDir().empty()) {
    state.SkipWithError("charts: ../shared/corpus not found (set POLICYCHECK_CORPUS)");
    return;
  }
  RenderOne(state, CorpusDir() + "/charts/" + name, std::string("charts/") + name);
}
BENCHMARK_CAPTURE(BM_RenderCorpusChart, argo_argo_events, "argo_argo-events")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_RenderCorpusChart, aqua_trivy_operator, "aqua_trivy-operator")
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_RenderCorpusChart, argo_argo_cd, "argo_argo-cd")->Unit(benchmark::kMillisecond);

void BM_RenderAllCorpusCharts(benchmark::State& state) {
  std::vector<std::string> charts;
  std::error_code ec;
  if (!CorpusDir().empty()) {
    for (const auto& e : fs::directory_iterator(CorpusDir() + "/charts", ec)) {
      if (e.is_directory(ec)) charts.push_back(e.path().string());
    }
  }
  if (charts.empty()) {
    state.SkipWithError("charts: ../shared/corpus not found (set POLICYCHECK_CORPUS)");
    return;
  }
  std::sort(charts.begin(), charts.end());
  HelmOptions options = Options();
  for (auto _ : state) {
    for (const auto& c : charts) {
      auto result = helm::RenderChart(c, fs::path(c).filename().string(), options);
      benchmark::DoNotOptimize(result.files.data());
    }
  }
  state.counters["charts"] = static_cast<double>(charts.size());
  // Seconds per chart (mean): the rate of charts per second, inverted.
  state.counters["time_per_chart"] = benchmark::Counter(
      static_cast<double>(charts.size()),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_RenderAllCorpusCharts)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
}  // namespace policycheck::bench
