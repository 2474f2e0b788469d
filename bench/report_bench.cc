// Reporters (text, JSON, SARIF) over the findings of a real run: the rule fixtures plus the
// corpus Dockerfiles when present (a few thousand findings). Charts are left out: the
// template engine has its own benchmarks.
#include <filesystem>

#include "bench_util.h"
#include "policycheck/config.h"
#include "policycheck/engine.h"
#include "policycheck/registry.h"
#include "policycheck/report.h"

namespace policycheck::bench {
namespace {

namespace fs = std::filesystem;

struct Fixture {
  RuleRegistry registry;
  Config config;
  std::unique_ptr<Engine> engine;
  RunResult result;

  Fixture() {
    RegisterBuiltinRules(registry);
    engine = std::make_unique<Engine>(registry, config);
    RunOptions options;
    options.paths.push_back(SourceDir() + "/fixtures/dockerfile");
    options.paths.push_back(SourceDir() + "/fixtures/k8s");
    if (!CorpusDir().empty()) options.paths.push_back(CorpusDir() + "/dockerfiles");
    result = engine->Run(options);
  }
};

Fixture& Shared() {
  static Fixture* f = new Fixture();
  return *f;
}

void RunReporter(benchmark::State& state, std::string (*format)(const ReportContext&)) {
  Fixture& f = Shared();
  ReportContext ctx{f.result, f.registry, f.engine->sources()};
  ctx.srcroot = SourceDir();
  ctx.cwd = SourceDir();
  ctx.deterministic = true;
  size_t bytes = 0;
  for (auto _ : state) {
    std::string out = format(ctx);
    bytes = out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["findings"] = static_cast<double>(f.result.findings.size());
  state.counters["output_bytes"] = static_cast<double>(bytes);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(f.result.findings.size()));
}

void BM_ReportText(benchmark::State& state) { RunReporter(state, FormatText); }
void BM_ReportJson(benchmark::State& state) { RunReporter(state, FormatJson); }
void BM_ReportSarif(benchmark::State& state) { RunReporter(state, FormatSarif); }
BENCHMARK(BM_ReportText)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReportJson)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReportSarif)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace policycheck::bench
