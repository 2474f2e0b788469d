// The rules, run as the engine runs them (see fuzz/fuzz_util.h): every rule of a target
// over an already parsed model. Also the cross-object rules and the whole engine over N
// Deployments + N Services, with a complexity fit to show they stay linear.
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "bench_util.h"
#include "policycheck/config.h"
#include "policycheck/dockerfile/model.h"
#include "policycheck/dockerfile/parser.h"
#include "policycheck/engine.h"
#include "policycheck/k8s/loader.h"
#include "policycheck/k8s/object.h"
#include "policycheck/registry.h"

namespace policycheck::bench {
namespace {

namespace fs = std::filesystem;

class CountingReporter : public Reporter {
 public:
  void Report(Diagnostic) override { ++count; }
  int64_t count = 0;
};

const RuleRegistry& Registry() {
  static const RuleRegistry* registry = [] {
    auto* r = new RuleRegistry();
    RegisterBuiltinRules(*r);
    return r;
  }();
  return *registry;
}

// Enabled rules of `targets` with their params resolved once, as the engine does per run.
struct BoundRule {
  const Rule* rule;
  Params params;
};
std::vector<BoundRule> RulesFor(std::initializer_list<Target> targets) {
  std::vector<BoundRule> out;
  Config config;
  for (const Rule* r : EnabledRules(Registry(), config)) {
    for (Target t : targets) {
      if (r->info().target == t) out.push_back({r, ResolveParams(r->info(), config)});
    }
  }
  return out;
}

void BM_DockerfileRulesCorpus(benchmark::State& state) {
  const auto& files = CorpusDockerfiles();
  if (SkipIfEmpty(state, files, "dockerfiles")) return;
  std::vector<std::unique_ptr<dockerfile::Dockerfile>> models;
  for (const auto& f : files) models.push_back(dockerfile::Parse(f).file);
  auto rules = RulesFor({Target::kDockerfile});
  CountingReporter out;
  for (auto _ : state) {
    out.count = 0;
    for (const auto& m : models) {
      for (const auto& br : rules) {
        static_cast<const DockerfileRule*>(br.rule)->Check(*m, CheckContext{br.params}, out);
      }
    }
  }
  state.counters["rules"] = static_cast<double>(rules.size());
  state.counters["diagnostics"] = static_cast<double>(out.count);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(models.size()));
}
BENCHMARK(BM_DockerfileRulesCorpus)->Unit(benchmark::kMillisecond);

void RunObjectRules(const std::vector<BoundRule>& rules, const k8s::Object& object, Reporter& out) {
  for (const auto& br : rules) {
    Target t = br.rule->info().target;
    if (t == Target::kPodSpec && !object.has_pod_spec()) continue;
    const auto& kinds = br.rule->info().kinds;
    if (t == Target::kObject && !kinds.empty() &&
        std::find(kinds.begin(), kinds.end(), object.kind()) == kinds.end()) {
      continue;
    }
    static_cast<const ObjectRule*>(br.rule)->Check(object, CheckContext{br.params}, out);
  }
}

void BM_ObjectRulesCorpus(benchmark::State& state) {
  const auto& files = CorpusManifests();
  if (SkipIfEmpty(state, files, "manifests")) return;
  std::vector<std::unique_ptr<k8s::Object>> objects;
  K8sOptions options;
  for (const auto& f : files) {
    auto loaded = k8s::LoadManifests(f, options);
    for (auto& o : loaded.objects) objects.push_back(std::move(o));
  }
  auto rules = RulesFor({Target::kObject, Target::kPodSpec});
  CountingReporter out;
  for (auto _ : state) {
    out.count = 0;
    for (const auto& o : objects) RunObjectRules(rules, *o, out);
  }
  state.counters["rules"] = static_cast<double>(rules.size());
  state.counters["objects"] = static_cast<double>(objects.size());
  state.counters["diagnostics"] = static_cast<double>(out.count);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(objects.size()));
}
BENCHMARK(BM_ObjectRulesCorpus)->Unit(benchmark::kMillisecond);

// Cross-object rules (Service selectors against workloads, selector mismatches) over
// N Deployments + N Services: must be O(N), not O(N^2).
void BM_ObjectSetRulesSynthetic(benchmark::State& state) {
  auto source = SyntheticSource(state.range(0));
  auto loaded = k8s::LoadManifests(source, K8sOptions{});
  std::vector<const k8s::Object*> objects;
  for (const auto& o : loaded.objects) objects.push_back(o.get());
  auto rules = RulesFor({Target::kObjectSet});
  CountingReporter out;
  for (auto _ : state) {
    out.count = 0;
    for (const auto& br : rules) {
      static_cast<const ObjectSetRule*>(br.rule)->Check(objects, CheckContext{br.params}, out);
    }
  }
  state.counters["rules"] = static_cast<double>(rules.size());
  state.counters["diagnostics"] = static_cast<double>(out.count);
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_ObjectSetRulesSynthetic)->Apply(SyntheticRange)->Unit(benchmark::kMicrosecond);

// The whole engine on one file of N Deployments + N Services (load, every rule, cross-object
// rules, suppression lookup, fingerprints, sorting), one thread.
void BM_EngineSynthetic(benchmark::State& state) {
  fs::path dir = fs::temp_directory_path() / ("policycheck-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path file = dir / ("synthetic-" + std::to_string(state.range(0)) + ".yaml");
  std::ofstream(file, std::ios::binary) << SyntheticServicesAndDeployments(static_cast<int>(state.range(0)));
  Config config;
  config.jobs = 1;
  size_t findings = 0;
  for (auto _ : state) {
    Engine engine(Registry(), config);
    RunOptions options;
    options.paths = {file.string()};
    RunResult result = engine.Run(options);
    findings = result.findings.size();
    benchmark::DoNotOptimize(result.findings.data());
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  state.counters["findings"] = static_cast<double>(findings);
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_EngineSynthetic)->Apply(SyntheticRange)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace policycheck::bench
