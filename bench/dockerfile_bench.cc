// Dockerfile parser (dockerfile::Parse) over the 604 corpus Dockerfiles.
#include "bench_util.h"
#include "policycheck/dockerfile/model.h"
#include "policycheck/dockerfile/parser.h"

namespace policycheck::bench {
namespace {

void BM_DockerfileParseCorpus(benchmark::State& state) {
  const auto& files = CorpusDockerfiles();
  if (SkipIfEmpty(state, files, "dockerfiles")) return;
  for (auto _ : state) {
    for (const auto& f : files) {
      auto parsed = dockerfile::Parse(f);
      benchmark::DoNotOptimize(parsed.file.get());
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes(files));
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(files.size()));
  state.counters["files"] = static_cast<double>(files.size());
}
BENCHMARK(BM_DockerfileParseCorpus)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace policycheck::bench
