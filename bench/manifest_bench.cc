// Manifest loader (k8s::LoadManifests): the 2,685 corpus files, and a synthetic stream of
// N Deployments + N Services to show the loader grows linearly with input size.
#include "bench_util.h"
#include "policycheck/k8s/loader.h"
#include "policycheck/k8s/object.h"

namespace policycheck::bench {
namespace {

void BM_LoadManifestsCorpus(benchmark::State& state) {
  const auto& files = CorpusManifests();
  if (SkipIfEmpty(state, files, "manifests")) return;
  K8sOptions options;
  int64_t objects = 0;
  for (auto _ : state) {
    objects = 0;
    for (const auto& f : files) {
      auto loaded = k8s::LoadManifests(f, options);
      objects += static_cast<int64_t>(loaded.objects.size());
      benchmark::DoNotOptimize(loaded.objects.data());
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes(files));
  state.counters["files"] = static_cast<double>(files.size());
  state.counters["objects"] = static_cast<double>(objects);
}
BENCHMARK(BM_LoadManifestsCorpus)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_LoadManifestsSynthetic(benchmark::State& state) {
  auto source = SyntheticSource(state.range(0));
  K8sOptions options;
  for (auto _ : state) {
    auto loaded = k8s::LoadManifests(source, options);
    benchmark::DoNotOptimize(loaded.objects.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(source->text().size()));
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_LoadManifestsSynthetic)->Apply(SyntheticRange)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace policycheck::bench
