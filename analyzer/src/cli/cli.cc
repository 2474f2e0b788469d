#include "policycheck/cli.h"

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "policycheck/config.h"
#include "policycheck/engine.h"
#include "policycheck/helm/render.h"
#include "policycheck/registry.h"
#include "policycheck/report.h"
#include "policycheck/suppress.h"

namespace policycheck::cli {

namespace fs = std::filesystem;

namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitError = 2;

const char* kUsage = R"(Usage: policycheck [options] PATH...
       policycheck rules [--format text|json]
       policycheck explain RULE
       policycheck config dump [--config FILE]
       policycheck baseline [options] PATH... > .policycheck-baseline.json
       policycheck render [helm options] CHARTDIR
       policycheck docs (--out DIR | --check DIR)

Checks Dockerfiles, Kubernetes manifests and Helm charts. PATH is a file, a
directory (walked recursively), a Helm chart directory (has Chart.yaml), or -
for manifests on stdin.

Output:
  --format text|json|sarif   output format (repeatable; each may be followed by --output)
  --output FILE              write the preceding --format to FILE (default: stdout)
  --color auto|always|never  colour in text output (default: auto)
  --show-suppressed          list suppressed findings in text output
Selection and policy:
  --config FILE              config file (default: .policycheck.yaml found from the first PATH up)
  --no-config                ignore config files
  --select LIST              only these rules (ids, names, prefixes; comma-separated)
  --enable LIST              add rules that are off by default
  --ignore LIST              skip these rules
  --param RULE.NAME=VALUE    set a rule parameter (repeatable)
  --fail-on error|warning|note|none   exit 1 when findings at or above this (default: warning)
  --baseline FILE            hide findings recorded in FILE (see `policycheck baseline`)
  --report-unused-suppressions        report suppressions that matched nothing (PC002)
  --exclude GLOB             skip paths matching GLOB (repeatable)
  --follow-symlinks          follow symbolic links out of the scanned directories
  --jobs N                   worker threads (default: all cores)
Images:
  --image FILE               check a built image (docker save tar, OCI layout, inspect JSON)
  --image-budget SIZE        image size budget (default 500MB)
Helm:
  --renderer builtin|helm    render charts with the built-in engine (default) or a helm binary
  -f, --values FILE          values file (repeatable)
  --set, --set-string, --set-file, --set-json K=V   as helm (repeatable)
  --release-name NAME  --namespace NS  --kube-version V  --api-versions LIST  --seed N
Other:
  --version                  print the version
  -h, --help                 this help

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage,
config or internal error.
)";

struct OutputSpec {
  std::string format;
  std::string file;  // "" = stdout
};

struct Args {
  std::string command;  // "" = check
  std::vector<std::string> positional;
  std::vector<OutputSpec> outputs;
  std::string color = "auto";
  std::string config_file;
  bool no_config = false;
  std::vector<std::string> select, enable, ignore, exclude, params, images;
  std::optional<std::string> fail_on;
  std::string baseline;
  bool report_unused = false;
  bool show_suppressed = false;
  bool follow_symlinks = false;
  bool deterministic = false;
  int jobs = -1;
  std::string image_budget;
  // Helm.
  std::optional<std::string> renderer, release_name, ns, kube_version, seed;
  std::vector<std::string> values, set, set_string, set_file, set_json, api_versions;
  // docs
  std::string docs_out, docs_check;
};

std::vector<std::string> SplitCommas(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

Args ParseArgs(int argc, char** argv) {
  Args a;
  int i = 1;
  if (argc > 1) {
    std::string first = argv[1];
    if (first == "rules" || first == "explain" || first == "config" || first == "baseline" || first == "render" ||
        first == "docs") {
      a.command = first;
      i = 2;
    }
  }
  auto value = [&](const std::string& flag) -> std::string {
    if (i + 1 >= argc) throw UsageError("option " + flag + " needs a value");
    return argv[++i];
  };
  bool only_positional = false;
  for (; i < argc; ++i) {
    std::string arg = argv[i];
    if (only_positional || arg == "-" || arg.empty() || arg[0] != '-') {
      a.positional.push_back(arg);
      continue;
    }
    // --flag=value form.
    std::string flag = arg, inline_value;
    bool has_inline = false;
    if (arg.starts_with("--")) {
      if (size_t eq = arg.find('='); eq != std::string::npos) {
        flag = arg.substr(0, eq);
        inline_value = arg.substr(eq + 1);
        has_inline = true;
      }
    }
    auto val = [&]() { return has_inline ? inline_value : value(flag); };
    if (flag == "--") {
      only_positional = true;
    } else if (flag == "--format") {
      a.outputs.push_back(OutputSpec{val(), ""});
    } else if (flag == "--output" || flag == "-o") {
      std::string file = val();
      if (a.outputs.empty()) a.outputs.push_back(OutputSpec{"text", ""});
      if (!a.outputs.back().file.empty()) throw UsageError("--output " + file + " follows no --format");
      a.outputs.back().file = file;
    } else if (flag == "--color") {
      a.color = val();
      if (a.color != "auto" && a.color != "always" && a.color != "never") {
        throw UsageError("--color must be auto, always or never");
      }
    } else if (flag == "--config") {
      a.config_file = val();
    } else if (flag == "--no-config") {
      a.no_config = true;
    } else if (flag == "--select") {
      for (auto& s : SplitCommas(val())) a.select.push_back(s);
    } else if (flag == "--enable") {
      for (auto& s : SplitCommas(val())) a.enable.push_back(s);
    } else if (flag == "--ignore") {
      for (auto& s : SplitCommas(val())) a.ignore.push_back(s);
    } else if (flag == "--param") {
      a.params.push_back(val());
    } else if (flag == "--fail-on") {
      a.fail_on = val();
    } else if (flag == "--baseline") {
      a.baseline = val();
    } else if (flag == "--report-unused-suppressions") {
      a.report_unused = true;
    } else if (flag == "--show-suppressed") {
      a.show_suppressed = true;
    } else if (flag == "--exclude") {
      a.exclude.push_back(val());
    } else if (flag == "--follow-symlinks") {
      a.follow_symlinks = true;
    } else if (flag == "--deterministic") {
      a.deterministic = true;
    } else if (flag == "--jobs" || flag == "-j") {
      std::string v = val();
      try {
        a.jobs = std::stoi(v);
      } catch (...) {
        throw UsageError("--jobs needs a number, got '" + v + "'");
      }
      if (a.jobs < 0 || a.jobs > 256) throw UsageError("--jobs must be between 0 and 256");
    } else if (flag == "--image") {
      a.images.push_back(val());
    } else if (flag == "--image-budget") {
      a.image_budget = val();
    } else if (flag == "--renderer") {
      a.renderer = val();
    } else if (flag == "--release-name") {
      a.release_name = val();
    } else if (flag == "--namespace" || flag == "-n") {
      a.ns = val();
    } else if (flag == "--kube-version") {
      a.kube_version = val();
    } else if (flag == "--api-versions" || flag == "-a") {
      for (auto& s : SplitCommas(val())) a.api_versions.push_back(s);
    } else if (flag == "--seed") {
      a.seed = val();
    } else if (flag == "--values" || flag == "-f") {
      a.values.push_back(val());
    } else if (flag == "--set") {
      a.set.push_back(val());
    } else if (flag == "--set-string") {
      a.set_string.push_back(val());
    } else if (flag == "--set-file") {
      a.set_file.push_back(val());
    } else if (flag == "--set-json") {
      a.set_json.push_back(val());
    } else if (flag == "--out") {
      a.docs_out = val();
    } else if (flag == "--check") {
      a.docs_check = val();
    } else {
      throw UsageError("unknown option " + arg);
    }
  }
  return a;
}

void PrintConfigErrors(const std::vector<ConfigError>& errors) {
  for (const auto& e : errors) {
    std::cerr << e.location.file;
    if (e.location.line > 0) std::cerr << ":" << e.location.line << ":" << e.location.column;
    std::cerr << ": error: " << e.message << "\n";
  }
}

// Loads the config (file, then CLI flags on top). Returns false on error.
bool BuildConfig(const Args& a, const RuleRegistry& registry, Config* config) {
  std::vector<ConfigError> errors;
  if (!a.no_config) {
    std::optional<std::string> path;
    if (!a.config_file.empty()) {
      path = a.config_file;
    } else {
      std::string start = ".";
      for (const auto& p : a.positional) {
        if (p != "-") {
          start = p;
          break;
        }
      }
      path = FindConfigFile(start);
    }
    if (path) {
      auto loaded = LoadConfigFile(*path, DisplayPath(*path), registry, &errors);
      if (!loaded) {
        PrintConfigErrors(errors);
        return false;
      }
      *config = std::move(*loaded);
    }
  }
  // Command-line flags override the file.
  auto check_selectors = [&](const std::vector<std::string>& sels, const char* flag) {
    for (const auto& s : sels) {
      if (registry.Select(s).empty()) {
        errors.push_back(ConfigError{Location{std::string("command line ") + flag, 0, 0},
                                     "unknown rule '" + s + "' (see `policycheck rules`)"});
      }
    }
  };
  check_selectors(a.select, "--select");
  check_selectors(a.enable, "--enable");
  check_selectors(a.ignore, "--ignore");
  if (!a.select.empty()) config->select = a.select;
  config->enable.insert(config->enable.end(), a.enable.begin(), a.enable.end());
  config->ignore.insert(config->ignore.end(), a.ignore.begin(), a.ignore.end());
  config->exclude.insert(config->exclude.end(), a.exclude.begin(), a.exclude.end());
  if (a.fail_on) {
    if (*a.fail_on == "none") {
      config->fail_on.reset();
    } else if (auto sev = ParseSeverity(*a.fail_on)) {
      config->fail_on = *sev;
    } else {
      errors.push_back(ConfigError{Location{"command line --fail-on", 0, 0},
                                   "--fail-on must be error, warning, note or none"});
    }
  }
  if (!a.baseline.empty()) config->baseline = a.baseline;
  if (a.report_unused) config->report_unused_suppressions = true;
  if (a.follow_symlinks) config->follow_symlinks = true;
  if (a.jobs >= 0) config->jobs = a.jobs;
  auto set_param = [&](const std::string& rule_sel, const std::string& name, const std::string& text,
                       const std::string& where) {
    const Rule* rule = registry.Find(rule_sel);
    if (!rule) {
      errors.push_back(ConfigError{Location{where, 0, 0}, "unknown rule '" + rule_sel + "'"});
      return;
    }
    for (const auto& spec : rule->info().params) {
      if (spec.name != name) continue;
      ParamValue value;
      std::string err = ParseParamText(spec.type, text, &value);
      if (!err.empty()) {
        errors.push_back(ConfigError{Location{where, 0, 0}, std::string(rule->info().id) + "." + name + ": " + err});
      } else {
        config->params[std::string(rule->info().id)][name] = value;
      }
      return;
    }
    errors.push_back(ConfigError{Location{where, 0, 0},
                                 "rule " + std::string(rule->info().id) + " has no param '" + name + "'"});
  };
  for (const auto& p : a.params) {
    size_t dot = p.find('.'), eq = p.find('=');
    if (dot == std::string::npos || eq == std::string::npos || dot > eq) {
      errors.push_back(ConfigError{Location{"command line --param", 0, 0}, "expected RULE.NAME=VALUE, got '" + p + "'"});
      continue;
    }
    set_param(p.substr(0, dot), p.substr(dot + 1, eq - dot - 1), p.substr(eq + 1), "command line --param");
  }
  if (!a.image_budget.empty()) {
    bool found = false;
    for (const Rule* r : registry.rules()) {
      if (r->info().target != Target::kImage) continue;
      for (const auto& spec : r->info().params) {
        if (spec.name == "budget") {
          set_param(std::string(r->info().id), "budget", a.image_budget, "command line --image-budget");
          found = true;
        }
      }
    }
    if (!found) {
      errors.push_back(ConfigError{Location{"command line --image-budget", 0, 0}, "no image rule takes a budget"});
    }
  }
  HelmOptions& h = config->helm;
  if (a.renderer) {
    if (*a.renderer != "builtin" && *a.renderer != "helm") {
      errors.push_back(ConfigError{Location{"command line --renderer", 0, 0}, "--renderer must be builtin or helm"});
    }
    h.renderer = *a.renderer;
  }
  if (a.release_name) h.release_name = *a.release_name;
  if (a.ns) h.ns = *a.ns;
  if (a.kube_version) h.kube_version = *a.kube_version;
  if (a.seed) {
    try {
      h.seed = std::stoull(*a.seed);
    } catch (...) {
      errors.push_back(ConfigError{Location{"command line --seed", 0, 0}, "--seed needs a number"});
    }
  }
  h.values_files.insert(h.values_files.end(), a.values.begin(), a.values.end());
  h.set.insert(h.set.end(), a.set.begin(), a.set.end());
  h.set_string.insert(h.set_string.end(), a.set_string.begin(), a.set_string.end());
  h.set_file.insert(h.set_file.end(), a.set_file.begin(), a.set_file.end());
  h.set_json.insert(h.set_json.end(), a.set_json.begin(), a.set_json.end());
  h.api_versions.insert(h.api_versions.end(), a.api_versions.begin(), a.api_versions.end());
  config->helm.limits = config->limits;
  config->k8s.limits = config->limits;
  if (!errors.empty()) {
    PrintConfigErrors(errors);
    return false;
  }
  return true;
}

bool WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return false;
  out << content;
  return static_cast<bool>(out);
}

std::string ReadAll(std::istream& in) {
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int ExitCodeFor(const RunResult& result, const Config& config) {
  if (!config.fail_on) return kExitClean;
  for (const auto& f : result.findings) {
    if (!f.suppression && f.severity >= *config.fail_on) return kExitFindings;
  }
  return kExitClean;
}

int RunRules(const Args& a, const RuleRegistry& registry) {
  std::string format = a.outputs.empty() ? "text" : a.outputs.front().format;
  if (format == "json") {
    std::cout << RulesJson(registry);
    return kExitClean;
  }
  if (format != "text") throw UsageError("rules: --format must be text or json");
  for (const Rule* r : registry.rules()) {
    const RuleInfo& info = r->info();
    std::string name(info.name);
    std::cout << info.id << "  " << name << std::string(name.size() < 36 ? 36 - name.size() : 1, ' ')
              << SeverityName(info.default_severity) << (info.enabled_by_default ? "" : " (off)") << "  "
              << info.summary << "\n";
  }
  return kExitClean;
}

int RunExplain(const Args& a, const RuleRegistry& registry) {
  if (a.positional.size() != 1) throw UsageError("explain takes one rule id or name");
  const Rule* rule = registry.Find(a.positional[0]);
  if (!rule) {
    std::cerr << "policycheck: error: unknown rule '" << a.positional[0] << "' (see `policycheck rules`)\n";
    return kExitError;
  }
  std::cout << RuleMarkdown(registry, *rule);
  return kExitClean;
}

// Writes or checks docs/rules/: one page per rule plus README.md.
int RunDocs(const Args& a, const RuleRegistry& registry) {
  std::string dir = !a.docs_out.empty() ? a.docs_out : a.docs_check;
  if (dir.empty()) throw UsageError("docs needs --out DIR or --check DIR");
  bool check = a.docs_out.empty();
  std::map<std::string, std::string> expected;
  expected["README.md"] = RulesIndexMarkdown(registry);
  for (const Rule* r : registry.rules()) expected[std::string(r->info().id) + ".md"] = RuleMarkdown(registry, *r);
  int problems = 0;
  std::error_code ec;
  if (!check) fs::create_directories(dir, ec);
  for (const auto& [name, content] : expected) {
    fs::path path = fs::path(dir) / name;
    if (check) {
      std::ifstream in(path, std::ios::binary);
      if (!in || ReadAll(in) != content) {
        std::cerr << path.string() << ": out of date (run `policycheck docs --out " << dir << "`)\n";
        ++problems;
      }
    } else if (!WriteFile(path.string(), content)) {
      std::cerr << "policycheck: error: cannot write " << path.string() << "\n";
      return kExitError;
    }
  }
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".md" && !expected.count(name)) {
      if (check) {
        std::cerr << entry.path().string() << ": no such rule (stale generated doc)\n";
        ++problems;
      } else {
        fs::remove(entry.path(), ec);
      }
    }
  }
  if (check && problems) return 1;
  return kExitClean;
}

int RunRender(const Args& a, const Config& config) {
  if (a.positional.size() != 1) throw UsageError("render takes one chart directory");
  helm::RenderResult r = helm::RenderChart(a.positional[0], DisplayPath(a.positional[0]), config.helm);
  std::cout << helm::FormatAsHelmOutput(r);
  for (const auto& issue : r.issues) {
    std::cerr << issue.location.file << ":" << issue.location.line << ":" << issue.location.column
              << ": error: " << issue.message << "\n";
  }
  return r.issues.empty() ? kExitClean : kExitError;
}

}  // namespace

int Main(int argc, char** argv) {
  // Fast paths first: no registry, no config.
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--version") == 0) {
      std::cout << "policycheck " << POLICYCHECK_VERSION << "\n";
      return kExitClean;
    }
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      std::cout << kUsage;
      return kExitClean;
    }
    if (std::strcmp(argv[i], "--") == 0) break;
  }
  try {
    Args a = ParseArgs(argc, argv);
    RuleRegistry registry;
    RegisterBuiltinRules(registry);
    if (a.command == "rules") return RunRules(a, registry);
    if (a.command == "explain") return RunExplain(a, registry);
    if (a.command == "docs") return RunDocs(a, registry);

    Config config;
    if (a.command == "config") {
      if (a.positional.empty() || a.positional[0] != "dump") throw UsageError("usage: policycheck config dump");
      a.positional.erase(a.positional.begin());
      if (!BuildConfig(a, registry, &config)) return kExitError;
      std::cout << DumpConfig(config, registry);
      return kExitClean;
    }
    if (!BuildConfig(a, registry, &config)) return kExitError;
    if (a.command == "render") return RunRender(a, config);

    if (a.positional.empty() && a.images.empty()) throw UsageError("no PATH given");
    for (const auto& o : a.outputs) {
      if (o.format != "text" && o.format != "json" && o.format != "sarif") {
        throw UsageError("--format must be text, json or sarif (got '" + o.format + "')");
      }
    }

    RunOptions options;
    options.paths = a.positional;
    options.images = a.images;
    if (std::find(a.positional.begin(), a.positional.end(), "-") != a.positional.end()) {
      // Bounded like any file: `policycheck - < /dev/zero` is refused at the limit, not read forever.
      BoundedRead in = ReadFdBounded(STDIN_FILENO, config.limits.max_file_bytes);
      options.stdin_text = std::move(in.text);
      options.stdin_error = std::move(in.error);
      options.stdin_too_large = in.too_large;
    }
    if (!config.baseline.empty() && a.command != "baseline") {
      BoundedRead in = ReadFileBounded(config.baseline, config.limits.max_file_bytes);
      if (!in.error.empty()) {
        std::cerr << config.baseline << ": error: cannot read baseline file: " << in.error << "\n";
        return kExitError;
      }
      std::string error;
      auto fps = ReadBaseline(in.text, &error);
      if (!fps) {
        std::cerr << config.baseline << ": error: invalid baseline: " << error << "\n";
        return kExitError;
      }
      options.baseline = std::move(*fps);
    }

    Engine engine(registry, config);
    RunResult result = engine.Run(options);
    if (result.no_input) {
      std::cerr << "policycheck: error: no Dockerfile, manifest, chart or image found in ";
      for (size_t i = 0; i < a.positional.size(); ++i) std::cerr << (i ? ", " : "") << a.positional[i];
      std::cerr << "\n";
      for (const auto& n : result.notifications) {
        std::cerr << n.location.file << ": error: " << n.message << "\n";
      }
      return kExitError;
    }
    if (a.command == "baseline") {
      std::cout << WriteBaseline(result.findings);
      return kExitClean;
    }
    int exit_code = ExitCodeFor(result, config);

    std::error_code ec;
    std::string cwd = fs::current_path(ec).string();
    std::string first = a.positional.empty() ? (a.images.empty() ? "." : a.images[0]) : a.positional[0];
    ReportContext ctx{result, registry, engine.sources()};
    ctx.exit_code = exit_code;
    ctx.srcroot = FindSourceRoot(first == "-" ? "." : first);
    ctx.cwd = cwd;
    ctx.show_suppressed = a.show_suppressed;
    ctx.deterministic = a.deterministic;
    for (int i = 1; i < argc; ++i) ctx.arguments.push_back(argv[i]);
    std::vector<OutputSpec> outputs = a.outputs;
    if (outputs.empty()) outputs.push_back(OutputSpec{"text", ""});
    // Inputs are never written: refuse an --output that names a checked file.
    for (const auto& o : outputs) {
      if (o.file.empty() || !fs::exists(o.file, ec)) continue;
      for (const auto& input : engine.sources().FsPaths()) {
        if (fs::equivalent(o.file, input, ec)) {
          std::cerr << "policycheck: error: --output " << o.file << " is one of the checked inputs; not overwriting it\n";
          return kExitError;
        }
      }
    }
    for (const auto& o : outputs) {
      ctx.color = o.file.empty() && o.format == "text" &&
                  (a.color == "always" || (a.color == "auto" && ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR")));
      std::string text = o.format == "json" ? FormatJson(ctx) : o.format == "sarif" ? FormatSarif(ctx) : FormatText(ctx);
      if (o.file.empty()) {
        std::cout << text;
      } else if (!WriteFile(o.file, text)) {
        std::cerr << "policycheck: error: cannot write " << o.file << "\n";
        return kExitError;
      }
    }
    std::cout.flush();
    return exit_code;
  } catch (const UsageError& e) {
    std::cerr << "policycheck: error: " << e.what() << "\nRun `policycheck --help` for usage.\n";
    return kExitError;
  } catch (const std::exception& e) {
    std::cerr << "policycheck: internal error: " << e.what() << "\n";
    return kExitError;
  }
}

}  // namespace policycheck::cli
