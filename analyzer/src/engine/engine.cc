#include "policycheck/engine.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "policycheck/dockerfile/model.h"
#include "policycheck/dockerfile/parser.h"
#include "policycheck/helm/render.h"
#include "policycheck/image/history.h"
#include "policycheck/image/image.h"
#include "policycheck/image/model.h"
#include "policycheck/k8s/loader.h"
#include "policycheck/k8s/object.h"
#include "policycheck/suppress.h"

namespace policycheck {

namespace fs = std::filesystem;

std::vector<const Rule*> EnabledRules(const RuleRegistry& registry, const Config& config) {
  std::set<const Rule*> set;
  if (config.select.empty()) {
    for (const Rule* r : registry.rules()) {
      if (r->info().enabled_by_default) set.insert(r);
    }
  } else {
    for (const auto& sel : config.select) {
      for (const Rule* r : registry.Select(sel)) set.insert(r);
    }
  }
  for (const auto& sel : config.enable) {
    for (const Rule* r : registry.Select(sel)) set.insert(r);
  }
  for (const auto& sel : config.ignore) {
    for (const Rule* r : registry.Select(sel)) set.erase(r);
  }
  if (config.report_unused_suppressions) {
    if (const Rule* r = registry.Find("PC002")) set.insert(r);
  }
  std::vector<const Rule*> out(set.begin(), set.end());
  std::sort(out.begin(), out.end(), [](const Rule* a, const Rule* b) { return a->info().id < b->info().id; });
  return out;
}

Params ResolveParams(const RuleInfo& info, const Config& config) {
  Params params;
  auto configured = config.params.find(std::string(info.id));
  for (const auto& spec : info.params) {
    if (configured != config.params.end()) {
      auto it = configured->second.find(std::string(spec.name));
      if (it != configured->second.end()) {
        params.Set(std::string(spec.name), it->second);
        continue;
      }
    }
    ParamValue value;
    std::string err = ParseParamText(spec.type, spec.default_value, &value);
    if (err.empty()) params.Set(std::string(spec.name), std::move(value));
  }
  return params;
}

namespace {

// FNV-1a 64, printed as 16 hex digits.
std::string Hash64(std::string_view data) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  static const char* kHex = "0123456789abcdef";
  for (int i = 15; i >= 0; --i) {
    buf[i] = kHex[h & 0xF];
    h >>= 4;
  }
  buf[16] = 0;
  return buf;
}

}  // namespace

std::string ComputeFingerprint(const Finding& f) {
  std::string key = f.rule_id;
  key += '\x1f';
  key += f.location.file;
  key += '\x1f';
  key += f.object.kind + '\x1f' + f.object.ns + '\x1f' + f.object.name + '\x1f' + f.object.container +
         '\x1f' + f.object.stage + '\x1f' + f.object.image;
  key += '\x1f';
  key += f.message;
  return Hash64(key);
}

namespace {

class CollectingReporter : public Reporter {
 public:
  void Report(Diagnostic d) override { diagnostics.push_back(std::move(d)); }
  std::vector<Diagnostic> diagnostics;
};

struct EnabledRule {
  const Rule* rule;
  Params params;
  Severity severity;
};

struct UnitOutput {
  std::vector<Finding> findings;
  std::vector<Notification> notifications;
  std::vector<std::unique_ptr<k8s::Object>> objects;  // kept for cross-object rules
  std::vector<std::pair<std::string, std::shared_ptr<const LocationMapper>>> mappers;
  // Parsed Dockerfile, kept when images are among the inputs (layer -> instruction mapping).
  std::unique_ptr<dockerfile::Dockerfile> dockerfile;
  int dockerfiles = 0, manifest_files = 0, charts = 0, images = 0, objects_checked = 0, non_k8s = 0;
  bool load_error = false;
};

}  // namespace

struct Engine::Impl {
  const RuleRegistry& registry;
  const Config& config;
  SourceStore& sources;
  std::vector<EnabledRule> rules;
  std::map<std::string, const EnabledRule*, std::less<>> by_id;
  bool keep_dockerfiles = false;                      // set when images are inputs
  std::vector<const dockerfile::Dockerfile*> dockerfiles;  // of this run, for images

  Impl(const RuleRegistry& r, const Config& c, SourceStore& s) : registry(r), config(c), sources(s) {
    for (const Rule* rule : EnabledRules(registry, config)) {
      const RuleInfo& info = rule->info();
      auto sev = config.severity.find(std::string(info.id));
      rules.push_back(EnabledRule{rule, ResolveParams(info, config),
                                  sev != config.severity.end() ? sev->second : info.default_severity});
    }
    for (const auto& r2 : rules) by_id[std::string(r2.rule->info().id)] = &r2;
  }

  const EnabledRule* Enabled(std::string_view id) const {
    auto it = by_id.find(id);
    return it == by_id.end() ? nullptr : it->second;
  }

  Finding MakeFinding(const EnabledRule& er, Diagnostic d, const ObjectRef& object) const {
    Finding f;
    f.rule_id = std::string(er.rule->info().id);
    f.rule_name = std::string(er.rule->info().name);
    f.severity = er.severity;
    f.message = std::move(d.message);
    f.location = std::move(d.location);
    f.related = std::move(d.related);
    f.object = d.object ? *d.object : object;
    if (!d.container.empty()) f.object.container = d.container;
    if (!d.stage.empty()) f.object.stage = d.stage;
    return f;
  }

  void AddIssue(const LoadIssue& issue, UnitOutput* out) const {
    if (issue.rule_id == "PC001" || issue.rule_id == "PC005") {
      out->load_error = true;
      out->notifications.push_back(Notification{issue.rule_id, issue.location, issue.message});
    }
    const EnabledRule* er = Enabled(issue.rule_id);
    if (!er) return;
    out->findings.push_back(MakeFinding(*er, Diagnostic{issue.location, issue.message}, ObjectRef{}));
  }

  void InternalError(const EnabledRule& er, const Location& where, const std::string& what,
                     UnitOutput* out) const {
    std::string message = "rule " + std::string(er.rule->info().id) + " " +
                          std::string(er.rule->info().name) + " failed: " + what;
    out->notifications.push_back(Notification{"PC900", where, message});
    if (const EnabledRule* internal = Enabled("PC900")) {
      out->findings.push_back(MakeFinding(*internal, Diagnostic{where, message}, ObjectRef{}));
    }
  }

  // Reads a file with the configured size limit; binary files are an issue.
  std::shared_ptr<const SourceFile> ReadInput(const InputUnit& unit, const RunOptions& options,
                                              UnitOutput* out) const {
    BoundedRead read;
    if (unit.fs_path == "-") {
      read.text = options.stdin_text;
      read.error = options.stdin_error;
      read.too_large = options.stdin_too_large;
      if (read.error.empty() && static_cast<int64_t>(read.text.size()) > config.limits.max_file_bytes) {
        read.too_large = true;
        read.error = TooLargeMessage(-1, config.limits.max_file_bytes);
      }
    } else {
      read = ReadFileBounded(unit.fs_path, config.limits.max_file_bytes);
    }
    if (!read.error.empty()) {
      // A file refused for its size is located at its start; one that cannot be opened at all, at the file.
      int line = read.too_large ? 1 : 0;
      AddIssue(LoadIssue{"PC001", Location{unit.display_path, line, line}, read.error}, out);
      return nullptr;
    }
    std::string& text = read.text;
    size_t nul = text.find('\0');
    if (nul != std::string::npos && nul < 8192) {
      int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(nul), '\n'));
      AddIssue(LoadIssue{"PC001", Location{unit.display_path, line, 1},
                         "binary file (NUL byte found); not a Dockerfile or manifest"},
               out);
      return nullptr;
    }
    std::string fs_path = unit.fs_path == "-" ? "" : unit.fs_path;
    return sources.Add(std::make_shared<SourceFile>(unit.display_path, fs_path, std::move(text)));
  }

  void CheckDockerfile(const std::shared_ptr<const SourceFile>& source, UnitOutput* out) const {
    ++out->dockerfiles;
    dockerfile::ParseResult parsed = dockerfile::Parse(source);
    for (const auto& issue : parsed.issues) AddIssue(issue, out);
    if (!parsed.file) return;
    for (const auto& er : rules) {
      if (er.rule->info().target != Target::kDockerfile) continue;
      CollectingReporter reporter;
      try {
        static_cast<const DockerfileRule*>(er.rule)->Check(*parsed.file, CheckContext{er.params}, reporter);
      } catch (const std::exception& e) {
        InternalError(er, Location{source->display_path(), 1, 1}, e.what(), out);
      }
      for (auto& d : reporter.diagnostics) out->findings.push_back(MakeFinding(er, std::move(d), ObjectRef{}));
    }
    if (keep_dockerfiles) out->dockerfile = std::move(parsed.file);
  }

  void CheckObjects(const std::shared_ptr<const SourceFile>& source, UnitOutput* out) const {
    k8s::LoadResult loaded = k8s::LoadManifests(source, config.k8s);
    for (const auto& issue : loaded.issues) AddIssue(issue, out);
    out->non_k8s += loaded.non_k8s_documents;
    for (auto& object : loaded.objects) {
      ++out->objects_checked;
      ObjectRef ref = k8s::RefOf(*object);
      for (const auto& er : rules) {
        const RuleInfo& info = er.rule->info();
        if (info.target == Target::kPodSpec) {
          if (!object->has_pod_spec()) continue;
        } else if (info.target == Target::kObject) {
          if (!info.kinds.empty() &&
              std::find(info.kinds.begin(), info.kinds.end(), object->kind()) == info.kinds.end()) {
            continue;
          }
        } else {
          continue;
        }
        CollectingReporter reporter;
        try {
          static_cast<const ObjectRule*>(er.rule)->Check(*object, CheckContext{er.params}, reporter);
        } catch (const std::exception& e) {
          InternalError(er, object->location(), e.what(), out);
        }
        if (reporter.diagnostics.empty()) continue;
        auto suppression = AnnotationSuppression(object->annotations(), info, registry);
        for (auto& d : reporter.diagnostics) {
          Finding f = MakeFinding(er, std::move(d), ref);
          if (suppression) {
            f.suppression = suppression;
            f.suppression->location = object->location();
          }
          out->findings.push_back(std::move(f));
        }
      }
      out->objects.push_back(std::move(object));
    }
  }

  void CheckChart(const InputUnit& unit, UnitOutput* out) const {
    ++out->charts;
    helm::RenderResult rendered = helm::RenderChart(unit.fs_path, unit.display_path, config.helm);
    for (const auto& issue : rendered.issues) AddIssue(issue, out);
    for (const auto& file : rendered.files) {
      std::string name = "rendered:" + unit.display_path + "#" + file.template_path;
      auto source = sources.Add(std::make_shared<SourceFile>(name, "", file.text));
      if (file.mapper) out->mappers.emplace_back(name, file.mapper);
      CheckObjects(source, out);
    }
    CheckChartCrds(unit, out);
  }

  // CRDs in crds/ (of the chart and of its subchart directories) are installed
  // by helm without templating: they are checked as plain manifests.
  void CheckChartCrds(const InputUnit& unit, UnitOutput* out) const {
    std::vector<fs::path> dirs = {fs::path(unit.fs_path) / "crds"};
    std::error_code ec;
    fs::path subcharts = fs::path(unit.fs_path) / "charts";
    if (fs::is_directory(subcharts, ec)) {
      for (const auto& e : fs::directory_iterator(subcharts, ec)) {
        if (e.is_directory(ec) && !e.is_symlink(ec)) dirs.push_back(e.path() / "crds");
      }
    }
    std::vector<fs::path> files;
    for (const auto& dir : dirs) {
      if (!fs::is_directory(dir, ec) || fs::is_symlink(dir, ec)) continue;
      for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        if (it->is_regular_file(ec) && !it->is_symlink(ec) && IsManifestName(it->path().filename().string())) {
          files.push_back(it->path());
        }
      }
    }
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
      fs::path rel = path.lexically_relative(unit.fs_path);
      InputUnit crd{InputKind::kManifest, path.string(), unit.display_path + "/" + rel.generic_string()};
      if (auto source = ReadInput(crd, RunOptions{}, out)) CheckObjects(source, out);
    }
  }

  void CheckImage(const InputUnit& unit, UnitOutput* out) const {
    ++out->images;
    image::LoadResult loaded = image::LoadImage(unit.fs_path, unit.display_path);
    for (const auto& issue : loaded.issues) AddIssue(issue, out);
    for (const auto& img : loaded.images) {
      // Map layers to the Dockerfile of this run that built the image, if any:
      // the one whose instructions explain the most layers.
      const dockerfile::Dockerfile* best = nullptr;
      int best_mapped = 0;
      for (const auto* file : dockerfiles) {
        image::Image trial = *img;
        int mapped = image::AttachDockerfile(trial, *file);
        if (mapped > best_mapped) {
          best_mapped = mapped;
          best = file;
        }
      }
      if (best) image::AttachDockerfile(*img, *best);
      ObjectRef ref;
      ref.image = img->reference;
      for (const auto& er : rules) {
        if (er.rule->info().target != Target::kImage) continue;
        CollectingReporter reporter;
        try {
          static_cast<const ImageRule*>(er.rule)->Check(*img, CheckContext{er.params}, reporter);
        } catch (const std::exception& e) {
          InternalError(er, Location{unit.display_path, 0, 0}, e.what(), out);
        }
        for (auto& d : reporter.diagnostics) out->findings.push_back(MakeFinding(er, std::move(d), ref));
      }
    }
  }

  void CheckUnit(const InputUnit& unit, const RunOptions& options, UnitOutput* out) const {
    try {
      switch (unit.kind) {
        case InputKind::kChart:
          CheckChart(unit, out);
          return;
        case InputKind::kImage:
          CheckImage(unit, out);
          return;
        case InputKind::kDockerfile:
        case InputKind::kManifest: {
          auto source = ReadInput(unit, options, out);
          if (unit.kind == InputKind::kManifest) ++out->manifest_files;
          if (!source) {
            if (unit.kind == InputKind::kDockerfile) ++out->dockerfiles;
            return;
          }
          if (unit.kind == InputKind::kDockerfile) {
            CheckDockerfile(source, out);
          } else {
            CheckObjects(source, out);
          }
          return;
        }
      }
    } catch (const std::exception& e) {
      AddIssue(LoadIssue{"PC001", Location{unit.display_path, 0, 0},
                         std::string("internal error while loading: ") + e.what()},
               out);
    }
  }
};

Engine::Engine(const RuleRegistry& registry, const Config& config)
    : registry_(registry), config_(config), sources_(std::make_unique<SourceStore>()) {
  sources_->set_max_load_bytes(config.limits.max_file_bytes);
}

Engine::~Engine() = default;

namespace {

// Maps a finding located in rendered text back to its template.
void MapFinding(Finding* f, const LocationMapper& mapper) {
  Location rendered = f->location;
  MappedLocation mapped = mapper.Map(rendered);
  f->location = mapped.location;
  f->precision = mapped.precision;
  f->rendered = rendered;
  for (const Location& origin : mapper.ValueOrigins(rendered)) {
    f->related.push_back(RelatedLocation{origin, "value set here"});
  }
}

bool IsDockerfileDisplay(const std::string& path) {
  size_t slash = path.rfind('/');
  return dockerfile::IsDockerfileName(slash == std::string::npos ? path : path.substr(slash + 1));
}

}  // namespace

RunResult Engine::Run(const RunOptions& options) {
  auto start = std::chrono::steady_clock::now();
  Impl impl(registry_, config_, *sources_);
  RunResult result;
  for (const auto& er : impl.rules) result.enabled_rules.push_back(er.rule);

  DiscoveryResult discovered = Discover(options.paths, config_);
  for (const auto& image : options.images) {
    discovered.units.push_back(InputUnit{InputKind::kImage, image, DisplayPath(image)});
  }
  result.summary.excluded = discovered.excluded;

  std::vector<UnitOutput> outputs(discovered.units.size());
  UnitOutput discovery_out;
  for (const auto& issue : discovered.issues) impl.AddIssue(issue, &discovery_out);

  // Phase 1: every unit but images; phase 2: images, which may be matched
  // against the Dockerfiles parsed in phase 1. Units run in parallel; each
  // writes only its own slot.
  std::vector<size_t> phase1, phase2;
  for (size_t i = 0; i < discovered.units.size(); ++i) {
    (discovered.units[i].kind == InputKind::kImage ? phase2 : phase1).push_back(i);
  }
  impl.keep_dockerfiles = !phase2.empty();
  unsigned max_jobs = config_.jobs > 0 ? static_cast<unsigned>(config_.jobs) : std::thread::hardware_concurrency();
  auto run_parallel = [&](const std::vector<size_t>& indices) {
    unsigned jobs = std::max(1u, std::min<unsigned>(max_jobs, static_cast<unsigned>(indices.size())));
    std::atomic<size_t> next{0};
    auto worker = [&] {
      for (size_t k = next++; k < indices.size(); k = next++) {
        impl.CheckUnit(discovered.units[indices[k]], options, &outputs[indices[k]]);
      }
    };
    if (jobs <= 1) {
      worker();
    } else {
      std::vector<std::thread> threads;
      for (unsigned t = 0; t < jobs; ++t) threads.emplace_back(worker);
      for (auto& t : threads) t.join();
    }
  };
  run_parallel(phase1);
  if (!phase2.empty()) {
    for (size_t i : phase1) {
      if (outputs[i].dockerfile) impl.dockerfiles.push_back(outputs[i].dockerfile.get());
    }
    run_parallel(phase2);
  }

  // Merge in input order (deterministic).
  std::unordered_map<std::string, std::shared_ptr<const LocationMapper>> mappers;
  std::vector<const k8s::Object*> all_objects;
  RunSummary& s = result.summary;
  outputs.push_back(std::move(discovery_out));
  for (auto& out : outputs) {
    for (auto& [name, mapper] : out.mappers) mappers.emplace(name, mapper);
    for (const auto& obj : out.objects) all_objects.push_back(obj.get());
    s.dockerfiles += out.dockerfiles;
    s.manifest_files += out.manifest_files;
    s.charts += out.charts;
    s.images += out.images;
    s.objects += out.objects_checked;
    s.non_k8s_documents += out.non_k8s;
    s.load_errors += out.load_error ? 1 : 0;
  }
  s.inputs = s.dockerfiles + s.manifest_files + s.charts + s.images;
  result.no_input = discovered.units.empty();

  std::vector<Finding> findings;
  for (auto& out : outputs) {
    std::move(out.findings.begin(), out.findings.end(), std::back_inserter(findings));
    std::move(out.notifications.begin(), out.notifications.end(), std::back_inserter(result.notifications));
  }

  // Cross-object rules see every object of the run.
  if (!all_objects.empty()) {
    std::map<std::string, const k8s::Object*> by_ref;
    for (const auto* obj : all_objects) by_ref.emplace(k8s::RefOf(*obj).ToString(), obj);
    for (const auto& er : impl.rules) {
      if (er.rule->info().target != Target::kObjectSet) continue;
      CollectingReporter reporter;
      UnitOutput errors;
      try {
        static_cast<const ObjectSetRule*>(er.rule)->Check(all_objects, CheckContext{er.params}, reporter);
      } catch (const std::exception& e) {
        impl.InternalError(er, Location{}, e.what(), &errors);
      }
      std::move(errors.findings.begin(), errors.findings.end(), std::back_inserter(findings));
      for (auto& d : reporter.diagnostics) {
        Finding f = impl.MakeFinding(er, std::move(d), ObjectRef{});
        auto it = by_ref.find(f.object.ToString());
        if (it == by_ref.end() && !f.object.container.empty()) {
          ObjectRef bare = f.object;
          bare.container.clear();
          it = by_ref.find(bare.ToString());
        }
        if (it != by_ref.end()) {
          if (auto sup = AnnotationSuppression(it->second->annotations(), er.rule->info(), registry_)) {
            f.suppression = sup;
            f.suppression->location = it->second->location();
          }
        }
        findings.push_back(std::move(f));
      }
    }
  }

  // Map rendered locations back to templates.
  for (auto& f : findings) {
    if (!f.location.file.starts_with("rendered:")) continue;
    auto it = mappers.find(f.location.file);
    if (it != mappers.end()) MapFinding(&f, *it->second);
    for (auto& rel : f.related) {
      auto rit = mappers.find(rel.location.file);
      if (rit != mappers.end()) rel.location = rit->second->Map(rel.location).location;
    }
  }

  for (auto& n : result.notifications) {
    auto it = mappers.find(n.location.file);
    if (it != mappers.end()) n.location = it->second->Map(n.location).location;
  }

  // Per-path ignores drop findings as if the rule were not selected there.
  if (!config_.per_path_ignores.empty()) {
    std::erase_if(findings, [&](const Finding& f) {
      for (const auto& ppi : config_.per_path_ignores) {
        if (!PathMatches(ppi.glob, f.location.file)) continue;
        for (const auto& sel : ppi.rules) {
          for (const Rule* r : registry_.Select(sel)) {
            if (r->info().id == f.rule_id) return true;
          }
        }
      }
      return false;
    });
  }

  // Comment directives, scanned once per file that has findings (or every
  // file when unused suppressions are reported).
  std::map<std::string, std::vector<Directive>> directives;
  auto directives_of = [&](const std::string& file) -> std::vector<Directive>& {
    auto it = directives.find(file);
    if (it != directives.end()) return it->second;
    std::vector<Directive> scanned;
    if (!file.empty() && !file.starts_with("rendered:")) {
      if (auto src = sources_->FindOrLoad(file, file == "<stdin>" ? "" : file)) {
        scanned = ScanDirectives(file, src->text(), !IsDockerfileDisplay(file));
      }
    }
    return directives.emplace(file, std::move(scanned)).first->second;
  };
  for (auto& f : findings) {
    if (f.suppression) continue;
    const Rule* rule = registry_.Find(f.rule_id);
    if (!rule || f.location.file.empty()) continue;
    for (const Directive& d : directives_of(f.location.file)) {
      bool covers = d.scope == Directive::Scope::kFile ||
                    (f.location.line >= d.applies_to_line && f.location.line <= d.applies_to_end_line &&
                     d.applies_to_line > 0);
      if (!covers || !DirectiveMatches(d, rule->info(), registry_)) continue;
      d.used = true;
      std::string kind = d.tool == "hadolint" ? "hadolint"
                                              : (d.scope == Directive::Scope::kFile ? "file" : "inline");
      f.suppression = Suppression{kind, d.reason, d.location};
      break;
    }
  }
  if (const EnabledRule* unused = impl.Enabled("PC002")) {
    for (const auto& unit : discovered.units) {
      if (unit.kind == InputKind::kDockerfile || unit.kind == InputKind::kManifest) directives_of(unit.display_path);
    }
    for (const auto& [file, list] : directives) {
      for (const Directive& d : list) {
        if (d.used) continue;
        // Only directives that name rules enabled in this run could have matched.
        bool all_enabled = true;
        for (const auto& target : d.targets) {
          bool any = false;
          if (d.tool == "hadolint") {
            for (const Rule* r : registry_.FindByEquivalent("hadolint", target)) any |= impl.Enabled(r->info().id) != nullptr;
          } else {
            for (const Rule* r : registry_.Select(target)) any |= impl.Enabled(r->info().id) != nullptr;
          }
          all_enabled &= any;
        }
        if (!all_enabled) continue;
        std::string names;
        for (const auto& t : d.targets) names += (names.empty() ? "" : ",") + t;
        findings.push_back(impl.MakeFinding(
            *unused, Diagnostic{d.location, "unused suppression: no " + names + " finding here to ignore"},
            ObjectRef{}));
      }
    }
  }

  // Deterministic order, duplicates removed, fingerprints with occurrence index.
  // Sorted through an index: a Finding is large, and moving them in the sort cost more than
  // comparing them.
  {
    std::vector<uint32_t> order(findings.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return FindingLess(findings[a], findings[b]); });
    std::vector<Finding> sorted;
    sorted.reserve(findings.size());
    for (uint32_t i : order) {
      if (!sorted.empty() && !FindingLess(sorted.back(), findings[i])) continue;  // a duplicate
      sorted.push_back(std::move(findings[i]));
    }
    findings = std::move(sorted);
  }
  std::map<std::string, int> occurrences;
  for (auto& f : findings) {
    std::string base = ComputeFingerprint(f);
    int n = occurrences[base]++;
    f.fingerprint = n == 0 ? base : base + ":" + std::to_string(n + 1);
  }
  if (!options.baseline.empty()) {
    size_t before = findings.size();
    std::erase_if(findings, [&](const Finding& f) { return options.baseline.count(f.fingerprint) > 0; });
    s.baseline_hidden = static_cast<int>(before - findings.size());
  }
  for (const auto& f : findings) {
    if (f.suppression) {
      ++s.suppressed;
    } else {
      ++s.by_severity[static_cast<int>(f.severity)];
    }
  }
  std::sort(result.notifications.begin(), result.notifications.end(),
            [](const Notification& a, const Notification& b) {
              return std::tie(a.location.file, a.location.line, a.location.column, a.message) <
                     std::tie(b.location.file, b.location.line, b.location.column, b.message);
            });
  result.findings = std::move(findings);
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace policycheck
