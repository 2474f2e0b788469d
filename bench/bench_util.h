// Shared helpers of the micro-benchmarks: corpus discovery and file loading.
#pragma once

#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "policycheck/source.h"

namespace policycheck::bench {

// ../shared/corpus next to the repository, or $POLICYCHECK_CORPUS. Empty when absent.
const std::string& CorpusDir();
// The repository root (for charts/todo-app).
std::string SourceDir();

// Every regular file under `dir` whose name passes `keep`, sorted by path, read into
// SourceFiles (display path relative to `dir`). Empty when `dir` does not exist.
std::vector<std::shared_ptr<const SourceFile>> LoadTree(const std::string& dir,
                                                         bool (*keep)(const std::string& name));

// Corpus inputs, loaded once per process.
const std::vector<std::shared_ptr<const SourceFile>>& CorpusDockerfiles();
const std::vector<std::shared_ptr<const SourceFile>>& CorpusManifests();

// Total bytes of `files`.
int64_t TotalBytes(const std::vector<std::shared_ptr<const SourceFile>>& files);

// Skips the benchmark (with a message) and returns true when `files` is empty.
bool SkipIfEmpty(benchmark::State& state, const std::vector<std::shared_ptr<const SourceFile>>& files,
                 const char* what);

// A synthetic manifest with `n` Deployments and `n` Services selecting them (plus a
// suppression comment every tenth object), for the cross-object scaling checks.
std::string SyntheticServicesAndDeployments(int n);
// The same as one in-memory source file.
std::shared_ptr<const SourceFile> SyntheticSource(int64_t n);

// Arguments of the scaling benchmarks: N = 10, 100, 1,000, 10,000 with an O(N) fit, so a
// quadratic path shows as a bad fit and a growing time per N.
inline void SyntheticRange(benchmark::internal::Benchmark* b) {
  b->RangeMultiplier(10)->Range(10, 10000)->Complexity(benchmark::oN);
}

}  // namespace policycheck::bench
