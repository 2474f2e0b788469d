#include "policycheck/config.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "policycheck/internal/param_yaml.h"

namespace policycheck {

namespace fs = std::filesystem;

namespace {

class ConfigParser {
 public:
  ConfigParser(std::string display_path, const RuleRegistry& registry,
               std::vector<ConfigError>* errors)
      : path_(std::move(display_path)), registry_(registry), errors_(errors) {}

  bool Parse(const std::string& text, Config* config) {
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::ParserException& e) {
      Error(e.mark, "invalid YAML: " + e.msg);
      return false;
    } catch (const YAML::Exception& e) {
      Error(e.mark, std::string("invalid YAML: ") + e.what());
      return false;
    }
    if (!root || root.IsNull()) return true;  // an empty config is valid
    if (!root.IsMap()) {
      Error(root.Mark(), "the config must be a mapping");
      return false;
    }
    size_t before = errors_->size();
    ForEachKey(root, "",
               {
                   {"fail-on", [&](const YAML::Node& v) { ParseFailOn(v, config); }},
                   {"rules", [&](const YAML::Node& v) { ParseRules(v, config); }},
                   {"paths", [&](const YAML::Node& v) { ParsePaths(v, config); }},
                   {"per-path-ignores", [&](const YAML::Node& v) { ParsePerPath(v, config); }},
                   {"baseline", [&](const YAML::Node& v) { String(v, &config->baseline); }},
                   {"report-unused-suppressions",
                    [&](const YAML::Node& v) { Bool(v, &config->report_unused_suppressions); }},
                   {"jobs", [&](const YAML::Node& v) { Int(v, &config->jobs, 0, 256); }},
                   {"helm", [&](const YAML::Node& v) { ParseHelm(v, &config->helm); }},
                   {"kubernetes", [&](const YAML::Node& v) { ParseKubernetes(v, config); }},
                   {"limits", [&](const YAML::Node& v) { ParseLimits(v, &config->limits); }},
               });
    return errors_->size() == before;
  }

 private:
  using Handler = std::function<void(const YAML::Node&)>;

  void Error(const YAML::Mark& mark, std::string message) {
    Location loc{path_, mark.line >= 0 ? mark.line + 1 : 0, mark.column >= 0 ? mark.column + 1 : 0};
    errors_->push_back(ConfigError{loc, std::move(message)});
  }

  // Iterates a mapping, dispatching known keys and reporting unknown ones.
  void ForEachKey(const YAML::Node& map, const std::string& where,
                  const std::vector<std::pair<std::string, Handler>>& handlers) {
    if (!map.IsMap()) {
      Error(map.Mark(), (where.empty() ? std::string("value") : "'" + where + "'") + " must be a mapping");
      return;
    }
    std::set<std::string> seen;
    for (const auto& kv : map) {
      std::string key = kv.first.Scalar();
      if (!seen.insert(key).second) {
        Error(kv.first.Mark(), "duplicate key '" + key + "'");
        continue;
      }
      bool found = false;
      for (const auto& [name, handler] : handlers) {
        if (name == key) {
          handler(kv.second);
          found = true;
          break;
        }
      }
      if (!found) {
        std::string known;
        for (const auto& [name, handler] : handlers) known += (known.empty() ? "" : ", ") + name;
        Error(kv.first.Mark(), "unknown key '" + (where.empty() ? key : where + "." + key) +
                                   "' (expected one of: " + known + ")");
      }
    }
  }

  void String(const YAML::Node& v, std::string* out) {
    if (!v.IsScalar()) {
      Error(v.Mark(), "expected a string");
      return;
    }
    *out = v.Scalar();
  }
  // Parses `v` as a param-typed value and stores it in `out`; false (with a
  // located error) when it does not parse.
  template <typename T>
  bool Typed(ParamType type, const YAML::Node& v, T* out) {
    ParamValue value;
    std::string err = ParseParamNode(type, v, &value);
    if (!err.empty()) {
      Error(v.Mark(), err);
      return false;
    }
    *out = std::get<T>(std::move(value));
    return true;
  }
  void Bool(const YAML::Node& v, bool* out) { Typed(ParamType::kBool, v, out); }
  void Size(const YAML::Node& v, int64_t* out) { Typed(ParamType::kSize, v, out); }
  template <typename T>
  void Int(const YAML::Node& v, T* out, int64_t min, int64_t max) {
    int64_t i = 0;
    if (!Typed(ParamType::kInt, v, &i)) return;
    if (i < min || i > max) {
      Error(v.Mark(), "value " + std::to_string(i) + " is out of range [" + std::to_string(min) + ", " +
                          std::to_string(max) + "]");
      return;
    }
    *out = static_cast<T>(i);
  }
  void StringList(const YAML::Node& v, std::vector<std::string>* out) {
    std::vector<std::string> list;
    if (Typed(ParamType::kStringList, v, &list)) out->insert(out->end(), list.begin(), list.end());
  }
  // A list of rule selectors, each of which must select at least one rule.
  void Selectors(const YAML::Node& v, std::vector<std::string>* out) {
    if (v.IsScalar()) {
      Selector(v, out);
    } else if (v.IsSequence()) {
      for (const auto& item : v) Selector(item, out);
    } else if (!v.IsNull()) {
      Error(v.Mark(), "expected a list of rule ids, names or prefixes");
    }
  }
  void Selector(const YAML::Node& v, std::vector<std::string>* out) {
    if (!v.IsScalar()) {
      Error(v.Mark(), "expected a rule id, name or prefix");
      return;
    }
    if (registry_.Select(v.Scalar()).empty()) {
      Error(v.Mark(), "unknown rule '" + v.Scalar() + "' (see `policycheck rules`)");
      return;
    }
    out->push_back(v.Scalar());
  }
  const Rule* RuleKey(const YAML::Node& key) {
    const Rule* rule = registry_.Find(key.Scalar());
    if (!rule) Error(key.Mark(), "unknown rule '" + key.Scalar() + "' (see `policycheck rules`)");
    return rule;
  }

  void ParseFailOn(const YAML::Node& v, Config* config) {
    if (!v.IsScalar()) {
      Error(v.Mark(), "fail-on must be one of: error, warning, note, none");
      return;
    }
    if (v.Scalar() == "none") {
      config->fail_on.reset();
      return;
    }
    auto sev = ParseSeverity(v.Scalar());
    if (!sev) {
      Error(v.Mark(), "fail-on must be one of: error, warning, note, none (got '" + v.Scalar() + "')");
      return;
    }
    config->fail_on = *sev;
  }

  void ParseRules(const YAML::Node& v, Config* config) {
    ForEachKey(v, "rules",
               {
                   {"select", [&](const YAML::Node& n) { Selectors(n, &config->select); }},
                   {"enable", [&](const YAML::Node& n) { Selectors(n, &config->enable); }},
                   {"ignore", [&](const YAML::Node& n) { Selectors(n, &config->ignore); }},
                   {"severity", [&](const YAML::Node& n) { ParseSeverityMap(n, config); }},
                   {"params", [&](const YAML::Node& n) { ParseParams(n, config); }},
               });
  }

  void ParseSeverityMap(const YAML::Node& v, Config* config) {
    if (!v.IsMap()) {
      Error(v.Mark(), "rules.severity must map rule ids to error, warning or note");
      return;
    }
    for (const auto& kv : v) {
      const Rule* rule = RuleKey(kv.first);
      if (!rule) continue;
      auto sev = kv.second.IsScalar() ? ParseSeverity(kv.second.Scalar()) : std::nullopt;
      if (!sev) {
        Error(kv.second.Mark(), "severity must be error, warning or note");
        continue;
      }
      config->severity[std::string(rule->info().id)] = *sev;
    }
  }

  void ParseParams(const YAML::Node& v, Config* config) {
    if (!v.IsMap()) {
      Error(v.Mark(), "rules.params must map rule ids to their params");
      return;
    }
    for (const auto& kv : v) {
      const Rule* rule = RuleKey(kv.first);
      if (!rule) continue;
      const RuleInfo& info = rule->info();
      if (!kv.second.IsMap()) {
        Error(kv.second.Mark(), "params of " + std::string(info.id) + " must be a mapping");
        continue;
      }
      auto& out = config->params[std::string(info.id)];
      for (const auto& p : kv.second) {
        const std::string name = p.first.Scalar();
        const ParamSpec* spec = nullptr;
        for (const auto& s : info.params) {
          if (s.name == name) spec = &s;
        }
        if (!spec) {
          std::string known;
          for (const auto& s : info.params) known += (known.empty() ? "" : ", ") + std::string(s.name);
          Error(p.first.Mark(), "unknown param '" + name + "' for " + std::string(info.id) + " " +
                                    std::string(info.name) +
                                    (known.empty() ? " (it has no params)" : " (expected one of: " + known + ")"));
          continue;
        }
        ParamValue value;
        std::string err = ParseParamNode(spec->type, p.second, &value);
        if (!err.empty()) {
          Error(p.second.Mark(), std::string(info.id) + "." + name + ": " + err);
          continue;
        }
        out[name] = std::move(value);
      }
    }
  }

  void ParsePaths(const YAML::Node& v, Config* config) {
    ForEachKey(v, "paths",
               {
                   {"exclude", [&](const YAML::Node& n) { StringList(n, &config->exclude); }},
                   {"follow-symlinks", [&](const YAML::Node& n) { Bool(n, &config->follow_symlinks); }},
               });
  }

  void ParsePerPath(const YAML::Node& v, Config* config) {
    if (!v.IsMap()) {
      Error(v.Mark(), "per-path-ignores must map path globs to rule lists");
      return;
    }
    for (const auto& kv : v) {
      PerPathIgnore entry;
      entry.glob = kv.first.Scalar();
      Selectors(kv.second, &entry.rules);
      config->per_path_ignores.push_back(std::move(entry));
    }
  }

  void ParseHelm(const YAML::Node& v, HelmOptions* helm) {
    ForEachKey(v, "helm",
               {
                   {"renderer",
                    [&](const YAML::Node& n) {
                      String(n, &helm->renderer);
                      if (helm->renderer != "builtin" && helm->renderer != "helm") {
                        Error(n.Mark(), "helm.renderer must be 'builtin' or 'helm'");
                      }
                    }},
                   {"helm-binary", [&](const YAML::Node& n) { String(n, &helm->helm_binary); }},
                   {"release-name", [&](const YAML::Node& n) { String(n, &helm->release_name); }},
                   {"namespace", [&](const YAML::Node& n) { String(n, &helm->ns); }},
                   {"kube-version", [&](const YAML::Node& n) { String(n, &helm->kube_version); }},
                   {"api-versions", [&](const YAML::Node& n) { StringList(n, &helm->api_versions); }},
                   {"values", [&](const YAML::Node& n) { StringList(n, &helm->values_files); }},
                   {"set", [&](const YAML::Node& n) { StringList(n, &helm->set); }},
                   {"set-string", [&](const YAML::Node& n) { StringList(n, &helm->set_string); }},
                   {"set-file", [&](const YAML::Node& n) { StringList(n, &helm->set_file); }},
                   {"set-json", [&](const YAML::Node& n) { StringList(n, &helm->set_json); }},
                   {"seed",
                    [&](const YAML::Node& n) {
                      int64_t seed = 0;
                      Int(n, &seed, 0, INT64_MAX);
                      helm->seed = static_cast<uint64_t>(seed);
                    }},
               });
  }

  void ParseKubernetes(const YAML::Node& v, Config* config) {
    ForEachKey(v, "kubernetes",
               {
                   {"pod-spec-paths",
                    [&](const YAML::Node& n) {
                      std::map<std::string, std::string> paths;
                      if (!Typed(ParamType::kStringMap, n, &paths)) return;
                      for (auto& [kind, path] : paths) config->k8s.pod_spec_paths[kind] = path;
                    }},
               });
  }

  void ParseLimits(const YAML::Node& v, Limits* limits) {
    ForEachKey(v, "limits",
               {
                   {"max-file-size", [&](const YAML::Node& n) { Size(n, &limits->max_file_bytes); }},
                   {"max-yaml-depth", [&](const YAML::Node& n) { Int(n, &limits->max_yaml_depth, 1, 100000); }},
                   {"max-yaml-alias-nodes",
                    [&](const YAML::Node& n) { Int(n, &limits->max_yaml_alias_nodes, 1, INT64_MAX); }},
                   {"max-include-depth",
                    [&](const YAML::Node& n) { Int(n, &limits->max_include_depth, 1, 100000); }},
                   {"max-template-steps",
                    [&](const YAML::Node& n) { Int(n, &limits->max_template_steps, 1, INT64_MAX); }},
                   {"max-template-output",
                    [&](const YAML::Node& n) { Size(n, &limits->max_template_output); }},
                   {"max-regex-memory", [&](const YAML::Node& n) { Size(n, &limits->max_regex_memory); }},
               });
  }

  std::string path_;
  const RuleRegistry& registry_;
  std::vector<ConfigError>* errors_;
};

}  // namespace

std::optional<Config> ParseConfig(const std::string& text, const std::string& display_path,
                                  const RuleRegistry& registry, std::vector<ConfigError>* errors) {
  Config config;
  config.source = display_path;
  ConfigParser parser(display_path, registry, errors);
  if (!parser.Parse(text, &config)) return std::nullopt;
  config.k8s.limits = config.limits;
  config.helm.limits = config.limits;
  return config;
}

std::optional<Config> LoadConfigFile(const std::string& fs_path, const std::string& display_path,
                                     const RuleRegistry& registry, std::vector<ConfigError>* errors) {
  BoundedRead in = ReadFileBounded(fs_path, Limits{}.max_file_bytes);
  if (!in.error.empty()) {
    errors->push_back(ConfigError{Location{display_path, 0, 0}, "cannot read config file: " + in.error});
    return std::nullopt;
  }
  auto config = ParseConfig(in.text, display_path, registry, errors);
  if (config) {
    std::error_code ec;
    config->base_dir = fs::absolute(fs::path(fs_path), ec).parent_path().string();
  }
  return config;
}

std::optional<std::string> FindConfigFile(const std::string& start_dir) {
  std::error_code ec;
  fs::path dir = fs::absolute(start_dir, ec);
  if (ec) return std::nullopt;
  if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
  for (int depth = 0; depth < 256 && !dir.empty(); ++depth) {
    for (const char* name : {".policycheck.yaml", ".policycheck.yml"}) {
      fs::path candidate = dir / name;
      if (fs::is_regular_file(candidate, ec)) return candidate.string();
    }
    if (fs::exists(dir / ".git", ec)) break;  // stop at the repository root
    fs::path parent = dir.parent_path();
    if (parent == dir) break;
    dir = parent;
  }
  return std::nullopt;
}

namespace {

std::string Quote(const std::string& s) {
  YAML::Emitter e;
  e << YAML::DoubleQuoted << s;
  return e.c_str();
}

std::string List(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + Quote(items[i]);
  return out + "]";
}

}  // namespace

std::string DumpConfig(const Config& config, const RuleRegistry& registry) {
  std::ostringstream out;
  out << "# Effective policycheck configuration";
  if (!config.source.empty()) out << " (from " << config.source << ")";
  out << "\n";
  out << "fail-on: " << (config.fail_on ? std::string(SeverityName(*config.fail_on)) : "none") << "\n";
  if (!config.baseline.empty()) out << "baseline: " << Quote(config.baseline) << "\n";
  out << "report-unused-suppressions: " << (config.report_unused_suppressions ? "true" : "false") << "\n";
  out << "jobs: " << config.jobs << "\n";
  out << "paths:\n  exclude: " << List(config.exclude)
      << "\n  follow-symlinks: " << (config.follow_symlinks ? "true" : "false") << "\n";
  if (!config.per_path_ignores.empty()) {
    out << "per-path-ignores:\n";
    for (const auto& p : config.per_path_ignores) out << "  " << Quote(p.glob) << ": " << List(p.rules) << "\n";
  }
  out << "rules:\n";
  out << "  select: " << List(config.select) << "\n";
  out << "  enable: " << List(config.enable) << "\n";
  out << "  ignore: " << List(config.ignore) << "\n";
  out << "  severity:\n";
  for (const Rule* rule : registry.rules()) {
    const RuleInfo& info = rule->info();
    auto it = config.severity.find(std::string(info.id));
    Severity sev = it != config.severity.end() ? it->second : info.default_severity;
    out << "    " << info.id << ": " << SeverityName(sev) << "  # " << info.name
        << (info.enabled_by_default ? "" : " (off by default)") << "\n";
  }
  out << "  params:\n";
  for (const Rule* rule : registry.rules()) {
    const RuleInfo& info = rule->info();
    if (info.params.empty()) continue;
    out << "    " << info.id << ":  # " << info.name << "\n";
    auto configured = config.params.find(std::string(info.id));
    for (const auto& spec : info.params) {
      std::string value(spec.default_value);
      if (configured != config.params.end()) {
        auto it = configured->second.find(std::string(spec.name));
        if (it != configured->second.end()) value = ParamValueText(it->second);
      }
      out << "      " << spec.name << ": " << value << "  # " << ParamTypeName(spec.type) << ", default "
          << spec.default_value << "\n";
    }
  }
  const HelmOptions& h = config.helm;
  out << "helm:\n  renderer: " << h.renderer << "\n  release-name: " << Quote(h.release_name)
      << "\n  namespace: " << Quote(h.ns) << "\n  kube-version: " << Quote(h.kube_version)
      << "\n  api-versions: " << List(h.api_versions) << "\n  values: " << List(h.values_files)
      << "\n  set: " << List(h.set) << "\n  set-string: " << List(h.set_string)
      << "\n  set-file: " << List(h.set_file) << "\n  set-json: " << List(h.set_json) << "\n";
  if (h.seed) out << "  seed: " << *h.seed << "\n";
  out << "kubernetes:\n  pod-spec-paths:";
  if (config.k8s.pod_spec_paths.empty()) out << " {}";
  out << "\n";
  for (const auto& [kind, path] : config.k8s.pod_spec_paths) out << "    " << kind << ": " << Quote(path) << "\n";
  const Limits& l = config.limits;
  out << "limits:\n  max-file-size: " << l.max_file_bytes << "\n  max-yaml-depth: " << l.max_yaml_depth
      << "\n  max-yaml-alias-nodes: " << l.max_yaml_alias_nodes
      << "\n  max-include-depth: " << l.max_include_depth
      << "\n  max-template-steps: " << l.max_template_steps
      << "\n  max-template-output: " << l.max_template_output
      << "\n  max-regex-memory: " << l.max_regex_memory << "\n";
  return out.str();
}

namespace {

// Matches one '/'-free segment pattern against a segment.
bool SegmentMatch(std::string_view p, std::string_view s) {
  size_t pi = 0, si = 0, star_p = std::string_view::npos, star_s = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star_p = pi++;
      star_s = si;
    } else if (pi < p.size() && p[pi] == '[') {
      size_t close = p.find(']', pi + 1);
      bool ok = false;
      if (close != std::string_view::npos) {
        bool negate = pi + 1 < close && (p[pi + 1] == '!' || p[pi + 1] == '^');
        for (size_t k = pi + 1 + (negate ? 1 : 0); k < close; ++k) {
          if (k + 2 < close && p[k + 1] == '-') {
            if (s[si] >= p[k] && s[si] <= p[k + 2]) ok = true;
            k += 2;
          } else if (p[k] == s[si]) {
            ok = true;
          }
        }
        if (negate) ok = !ok;
      }
      if (ok) {
        pi = close + 1;
        ++si;
      } else if (star_p != std::string_view::npos) {
        pi = star_p + 1;
        si = ++star_s;
      } else {
        return false;
      }
    } else if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) {
      ++pi;
      ++si;
    } else if (star_p != std::string_view::npos) {
      pi = star_p + 1;
      si = ++star_s;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

std::vector<std::string_view> Split(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= s.size()) {
    size_t slash = s.find('/', start);
    if (slash == std::string_view::npos) slash = s.size();
    if (slash > start) parts.push_back(s.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

// Dynamic programming over (pattern part, path part): linear in
// |pattern| * |path| whatever the number of "**" (no exponential backtracking).
bool MatchParts(const std::vector<std::string_view>& p, const std::vector<std::string_view>& s) {
  const size_t n = s.size();
  // match[j] == pattern suffix starting at i matches path suffix starting at j.
  std::vector<char> next(n + 1, 0), cur(n + 1, 0);
  next[n] = 1;  // empty pattern matches empty path
  for (size_t i = p.size(); i-- > 0;) {
    for (size_t j = n + 1; j-- > 0;) {
      if (p[i] == "**") {
        cur[j] = next[j] || (j < n && cur[j + 1]);
      } else {
        cur[j] = j < n && SegmentMatch(p[i], s[j]) && next[j + 1];
      }
    }
    std::swap(cur, next);
  }
  return next[0];
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view path) {
  auto p = Split(pattern);
  auto s = Split(path);
  return MatchParts(p, s);
}

bool PathMatches(std::string_view pattern, std::string_view path, bool is_dir) {
  if (pattern.starts_with("./")) pattern.remove_prefix(2);
  if (path.starts_with("./")) path.remove_prefix(2);
  bool dir_pattern = pattern.ends_with('/');
  if (dir_pattern) pattern.remove_suffix(1);
  auto s = Split(path);
  if (pattern.find('/') == std::string_view::npos) {
    // Matches any component (a directory matches everything below it).
    for (size_t i = 0; i < s.size(); ++i) {
      if (SegmentMatch(pattern, s[i]) && (!dir_pattern || is_dir || i + 1 < s.size())) return true;
    }
    return false;
  }
  if (pattern.starts_with('/')) pattern.remove_prefix(1);
  auto p = Split(pattern);
  // The pattern matches the path or one of its parent directories.
  for (size_t n = s.size(); n >= 1; --n) {
    std::vector<std::string_view> prefix(s.begin(), s.begin() + static_cast<long>(n));
    if (MatchParts(p, prefix) && (!dir_pattern || is_dir || n < s.size())) return true;
  }
  return false;
}

}  // namespace policycheck
