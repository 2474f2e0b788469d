// RenderChart: loads a chart, coalesces values, renders every template with
// the source map, and splits/sorts the output the way `helm template` does.
#include "policycheck/helm/render.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <re2/re2.h>

#include "chart.h"
#include "codec.h"
#include "exec.h"
#include "funcs.h"
#include "helm_binary.h"
#include "objects.h"
#include "schema.h"

namespace policycheck::helm {
namespace {

// Kubernetes kinds in helm's install order.
const std::vector<std::string>& InstallOrder() {
  static const std::vector<std::string>* o = new std::vector<std::string>{
      "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy",
      "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass",
      "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole", "ClusterRoleList",
      "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList",
      "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
      "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
      "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"};
  return *o;
}

// The rendered text of one template file and its source segments.
struct RenderedTemplate {
  std::string text;
  Trace segs;
  std::vector<const ParsedSource*> sources;  // by source index
  std::vector<std::string> display;          // display path per source index
  std::vector<bool> is_virtual;
  std::shared_ptr<const TemplateEngine> engine;  // keeps sources alive
};

class TemplateMapper : public LocationMapper {
 public:
  TemplateMapper(std::shared_ptr<const RenderedTemplate> rt, size_t base, size_t len)
      : rt_(std::move(rt)), base_(base) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < len; ++i)
      if (rt_->text[base + i] == '\n') line_starts_.push_back(static_cast<uint32_t>(i + 1));
    len_ = len;
  }

  std::vector<Location> ValueOrigins(const Location& rendered) const override {
    const TraceSegment* seg = Find(rendered);
    if (!seg || !seg->origin) return {};
    return {Location{*seg->origin->file, seg->origin->line, seg->origin->column}};
  }

  const TraceSegment* Find(const Location& rendered) const {
    int line = std::max(1, rendered.line);
    size_t off = line <= static_cast<int>(line_starts_.size()) ? line_starts_[line - 1] : len_;
    off += std::max(0, rendered.column - 1);
    if (off > len_) off = len_;
    size_t abs = base_ + off;
    const Trace& segs = rt_->segs;
    auto it = std::upper_bound(segs.begin(), segs.end(), static_cast<uint32_t>(abs),
                               [](uint32_t o, const TraceSegment& s) { return o < s.offset; });
    if (it == segs.begin()) return nullptr;
    return &*std::prev(it);
  }

  MappedLocation Map(const Location& rendered) const override {
    MappedLocation m;
    m.rendered = rendered;
    m.precision = Precision::kFile;
    int line = std::max(1, rendered.line);
    size_t off = line <= static_cast<int>(line_starts_.size()) ? line_starts_[line - 1] : len_;
    off += std::max(0, rendered.column - 1);
    if (off > len_) off = len_;
    size_t abs = base_ + off;
    const Trace& segs = rt_->segs;
    auto it = std::upper_bound(segs.begin(), segs.end(), static_cast<uint32_t>(abs),
                               [](uint32_t o, const TraceSegment& s) { return o < s.offset; });
    if (it == segs.begin() || segs.empty()) {
      m.location = Location{rt_->display.empty() ? "" : rt_->display[0], 0, 0};
      return m;
    }
    --it;
    int src = it->source < 0 ? 0 : it->source;
    const ParsedSource* ps = rt_->sources[src];
    uint32_t pos = it->source_offset + (it->exact ? static_cast<uint32_t>(abs - it->offset) : 0);
    auto [l, c] = ps->LineCol(static_cast<int>(pos));
    m.location = Location{rt_->display[src], l, c + 1};
    m.precision = it->exact ? Precision::kExact : Precision::kAction;
    return m;
  }

 private:
  std::shared_ptr<const RenderedTemplate> rt_;
  size_t base_;
  size_t len_;
  std::vector<uint32_t> line_starts_;
};

struct Doc {
  std::string template_path;
  size_t begin, end;  // in the rendered template text
  std::string kind;
  bool hook = false;
  std::shared_ptr<const RenderedTemplate> rt;
  std::string display_path;
  std::string fs_path;
};

// Reads kind and whether the document is a hook, as helm's SimpleHead does.
bool ReadHead(std::string_view doc, std::string* kind, bool* hook, std::string* error) {
  bool simple = doc.find("helm.sh/hook") == std::string_view::npos;
  if (simple) {
    // Fast path: a block-style top-level "kind:" line.
    size_t pos = 0;
    while (pos < doc.size()) {
      size_t nl = doc.find('\n', pos);
      std::string_view line = doc.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
      if (line.starts_with("kind:")) {
        std::string_view v = line.substr(5);
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
        while (!v.empty() && (v.back() == ' ' || v.back() == '\r' || v.back() == '\t')) v.remove_suffix(1);
        if (!v.empty() && v.find_first_of("\"'#{[&*!|>") == std::string_view::npos) {
          *kind = std::string(v);
          *hook = false;
          return true;
        }
        break;
      }
      if (nl == std::string_view::npos) break;
      pos = nl + 1;
    }
  }
  try {
    YAML::Node n = YAML::Load(std::string(doc));
    *hook = false;
    if (n.IsMap()) {
      if (n["kind"] && n["kind"].IsScalar()) *kind = n["kind"].Scalar();
      const YAML::Node md = n["metadata"];
      if (md && md.IsMap()) {
        const YAML::Node an = md["annotations"];
        if (an && an.IsMap() && an["helm.sh/hook"]) *hook = true;
      }
    }
    return true;
  } catch (const YAML::Exception& e) {
    *error = "error converting YAML to JSON: yaml: line " + std::to_string(e.mark.line + 1) + ": " + e.msg;
    return false;
  }
}

// Everything a chart and its subcharts contribute to one render.
struct ChartNode {
  std::shared_ptr<Chart> chart;
  std::string path;        // "app" or "app/charts/sub"
  Value values;            // this chart's .Values
  std::shared_ptr<const Object> files;
  Map chart_object;
  std::vector<size_t> children;
  Value top;  // Values, Chart, Files, Release, Capabilities, Subcharts
};

Map ChartObject(const Chart& c) {
  static const std::pair<const char*, const char*> kFields[] = {
      {"name", "Name"}, {"home", "Home"}, {"sources", "Sources"}, {"version", "Version"},
      {"description", "Description"}, {"keywords", "Keywords"}, {"maintainers", "Maintainers"},
      {"icon", "Icon"}, {"apiVersion", "APIVersion"}, {"condition", "Condition"}, {"tags", "Tags"},
      {"appVersion", "AppVersion"}, {"deprecated", "Deprecated"}, {"annotations", "Annotations"},
      {"kubeVersion", "KubeVersion"}, {"dependencies", "Dependencies"}, {"type", "Type"}};
  Map m;
  for (auto [yaml_key, go_name] : kFields) {
    auto it = c.metadata.find(yaml_key);
    Value v = it == c.metadata.end() ? Value::Nil() : it->second;
    if (v.is_nil()) {
      std::string k = yaml_key;
      if (k == "deprecated") v = Value(false);
      else if (k == "sources" || k == "keywords" || k == "maintainers" || k == "dependencies") v = Value::Nil();
      else if (k == "annotations") v = Value::Nil();
      else v = Value("");
    }
    if (std::string(yaml_key) == "version" && v.kind() == Kind::kFloat) v = Value(FormatFloat(v.AsFloat(), 'g', -1));
    if (std::string(yaml_key) == "appVersion" && v.kind() == Kind::kFloat) v = Value(FormatFloat(v.AsFloat(), 'g', -1));
    m[go_name] = v;
  }
  m["Name"] = Value(c.name);
  return m;
}

bool ConditionValue(const Map& vals, const std::string& path, bool* out) {
  const Map* cur = &vals;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    auto it = cur->find(key);
    if (it == cur->end()) return false;
    if (dot == std::string::npos) {
      if (it->second.kind() != Kind::kBool) return false;
      *out = it->second.AsBool();
      return true;
    }
    if (it->second.kind() != Kind::kMap) return false;
    cur = &it->second.AsMap();
    start = dot + 1;
  }
}

// Resolves Chart.yaml dependencies to subcharts (aliases, conditions, tags) and
// reports missing ones. Subcharts in charts/ that are not listed stay.
bool ResolveDependencies(const std::shared_ptr<Chart>& c, std::string* error) {
  auto deps_it = c->metadata.find("dependencies");
  std::vector<std::shared_ptr<Chart>> result;
  std::vector<bool> listed(c->subcharts.size(), false);
  std::vector<std::string> missing;
  if (deps_it != c->metadata.end() && deps_it->second.IsListLike()) {
    for (const Value& d : deps_it->second.AsList()) {
      if (!d.IsMapLike()) continue;
      const Map& dm = d.AsMap();
      auto str = [&](const char* k) {
        auto it = dm.find(k);
        return it != dm.end() && it->second.is_string() ? it->second.AsString() : std::string();
      };
      std::string name = str("name");
      bool present = false;
      int found = -1;
      for (size_t i = 0; i < c->subcharts.size(); ++i) {
        if (c->subcharts[i]->name != name) continue;
        present = true;
        // helm applies a dependency entry only to a chart whose version satisfies it.
        auto v = c->subcharts[i]->metadata.find("version");
        std::string version = v != c->subcharts[i]->metadata.end() && v->second.is_string() ? v->second.AsString()
                               : v != c->subcharts[i]->metadata.end() ? GoString(v->second) : "";
        if (found < 0 && SemverSatisfies(str("version"), version)) {
          found = static_cast<int>(i);
          listed[i] = true;
        }
      }
      if (!present) {
        missing.push_back(name);
        continue;
      }
      std::string alias = str("alias");
      std::string condition = str("condition");
      std::vector<std::string> tags;
      auto tags_it = dm.find("tags");
      if (tags_it != dm.end() && tags_it->second.IsListLike())
        for (const Value& t : tags_it->second.AsList())
          if (t.is_string()) tags.push_back(t.AsString());
      if (found < 0) {
        // Not applied: the chart stays under its own name; the condition still
        // removes it when the (alias) names agree.
        if (alias.empty() || alias == name) {
          for (size_t i = 0; i < c->subcharts.size(); ++i)
            if (c->subcharts[i]->name == name && c->subcharts[i]->condition.empty()) {
              c->subcharts[i]->condition = condition;
              c->subcharts[i]->tags = tags;
            }
        }
        continue;
      }
      auto sub = std::make_shared<Chart>(*c->subcharts[found]);
      if (!alias.empty()) sub->name = alias;
      sub->condition = condition;
      sub->tags = tags;
      result.push_back(sub);
    }
  }
  if (!missing.empty()) {
    std::string list;
    for (size_t i = 0; i < missing.size(); ++i) list += (i ? ", " : "") + missing[i];
    *error = "an error occurred while checking for chart dependencies. You may need to run `helm dependency build` "
             "to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: " + list;
    return false;
  }
  for (size_t i = 0; i < c->subcharts.size(); ++i)
    if (!listed[i]) result.push_back(std::make_shared<Chart>(*c->subcharts[i]));
  c->subcharts = std::move(result);
  for (auto& sub : c->subcharts)
    if (!ResolveDependencies(sub, error)) return false;
  return true;
}

// Drops subcharts disabled by tags or condition (evaluated on the coalesced values).
void ApplyConditions(const std::shared_ptr<Chart>& c, const Map& top_values, const std::string& prefix) {
  std::vector<std::shared_ptr<Chart>> kept;
  for (auto& sub : c->subcharts) {
    bool enabled = true;
    if (!sub->tags.empty()) {
      bool has_true = false, has_false = false;
      auto tv = top_values.find("tags");
      for (const std::string& t : sub->tags) {
        if (tv == top_values.end() || tv->second.kind() != Kind::kMap) continue;
        auto b = tv->second.AsMap().find(t);
        if (b != tv->second.AsMap().end() && b->second.kind() == Kind::kBool)
          (b->second.AsBool() ? has_true : has_false) = true;
      }
      if (!has_true && has_false) enabled = false;
    }
    const std::string& cond = sub->condition;
    size_t start = 0;
    while (!cond.empty()) {
      size_t comma = cond.find(',', start);
      std::string p = cond.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      while (!p.empty() && p.front() == ' ') p.erase(0, 1);
      while (!p.empty() && p.back() == ' ') p.pop_back();
      bool b;
      if (!p.empty() && ConditionValue(top_values, prefix + p, &b)) {
        enabled = b;
        break;
      }
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (enabled) kept.push_back(sub);
  }
  c->subcharts = std::move(kept);
  for (auto& sub : c->subcharts) ApplyConditions(sub, top_values, prefix + sub->values_key() + ".");
}

// import-values: copies exported child values into the parent.
void ProcessImports(const std::shared_ptr<Chart>& c, Map* values) {
  for (auto& sub : c->subcharts) {
    auto sv = values->find(sub->values_key());
    if (sv != values->end() && sv->second.kind() == Kind::kMap) {
      Map m = sv->second.AsMap();
      ProcessImports(sub, &m);
      sv->second = Value(std::move(m));
    }
  }
  auto deps_it = c->metadata.find("dependencies");
  if (deps_it == c->metadata.end() || !deps_it->second.IsListLike()) return;
  for (const Value& d : deps_it->second.AsList()) {
    if (!d.IsMapLike()) continue;
    const Map& dm = d.AsMap();
    auto iv = dm.find("import-values");
    if (iv == dm.end() || !iv->second.IsListLike()) continue;
    auto name_it = dm.find("alias");
    if (name_it == dm.end() || !name_it->second.is_string()) name_it = dm.find("name");
    if (name_it == dm.end() || !name_it->second.is_string()) continue;
    auto child = values->find(name_it->second.AsString());
    if (child == values->end() || child->second.kind() != Kind::kMap) continue;
    Map child_vals = child->second.AsMap();
    for (const Value& imp : iv->second.AsList()) {
      std::string child_path, parent_path;
      if (imp.is_string()) {
        child_path = "exports." + imp.AsString();
      } else if (imp.IsMapLike()) {
        auto cp = imp.AsMap().find("child");
        auto pp = imp.AsMap().find("parent");
        if (cp != imp.AsMap().end() && cp->second.is_string()) child_path = cp->second.AsString();
        if (pp != imp.AsMap().end() && pp->second.is_string()) parent_path = pp->second.AsString();
      }
      // Resolve the child path.
      const Value* cur = &child->second;
      size_t start = 0;
      bool ok = true;
      while (ok && start <= child_path.size() && !child_path.empty()) {
        size_t dot = child_path.find('.', start);
        std::string key = child_path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!cur->IsMapLike()) { ok = false; break; }
        auto it = cur->AsMap().find(key);
        if (it == cur->AsMap().end()) { ok = false; break; }
        cur = &it->second;
        if (dot == std::string::npos) break;
        start = dot + 1;
      }
      if (!ok || !cur->IsMapLike()) continue;
      Map* target = values;
      Map holder;
      if (!parent_path.empty()) {
        // Nested parent path.
        std::vector<std::string> keys;
        size_t s = 0;
        while (true) {
          size_t dot = parent_path.find('.', s);
          keys.push_back(parent_path.substr(s, dot == std::string::npos ? std::string::npos : dot - s));
          if (dot == std::string::npos) break;
          s = dot + 1;
        }
        std::function<void(Map*, size_t)> put = [&](Map* m, size_t i) {
          Map sub;
          auto it = m->find(keys[i]);
          if (it != m->end() && it->second.kind() == Kind::kMap) sub = it->second.AsMap();
          if (i + 1 == keys.size()) {
            Map imported = cur->AsMap();
            MergeMaps(&imported, sub);  // parent values win
            (*m)[keys[i]] = Value(std::move(imported));
          } else {
            put(&sub, i + 1);
            (*m)[keys[i]] = Value(std::move(sub));
          }
        };
        put(target, 0);
      } else {
        Map imported = cur->AsMap();
        Map merged = imported;
        MergeMaps(&merged, *values);
        *values = std::move(merged);
      }
    }
    (void)child_vals;
  }
}

size_t CollectNodes(const std::shared_ptr<Chart>& c, const std::string& path, const Value& values,
                    std::vector<ChartNode>* out) {
  size_t index = out->size();
  ChartNode n;
  n.chart = c;
  n.path = path;
  n.values = values;
  n.files = MakeFilesObject(c->files);
  n.chart_object = ChartObject(*c);
  out->push_back(n);
  for (const auto& sub : c->subcharts) {
    Value sv = Value(Map{});
    if (values.IsMapLike()) {
      auto it = values.AsMap().find(sub->values_key());
      if (it != values.AsMap().end() && it->second.IsMapLike()) sv = it->second;
    }
    size_t child = CollectNodes(sub, path + "/charts/" + sub->name, sv, out);
    (*out)[index].children.push_back(child);
  }
  return index;
}

bool ReadText(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in), {});
  return true;
}

}  // namespace

namespace {
RenderResult RenderChartImpl(const std::string& chart_dir, const std::string& display_dir,
                             const HelmOptions& options);
}  // namespace

RenderResult RenderChart(const std::string& chart_dir, const std::string& display_dir, const HelmOptions& options) {
  try {
    if (options.renderer == "helm") return RenderWithHelmBinary(chart_dir, display_dir, options);
    if (options.renderer != "builtin" && !options.renderer.empty()) {
      RenderResult r;
      r.issues.push_back(LoadIssue{"PC005", Location{display_dir + "/Chart.yaml", 1, 1},
                                   "unknown renderer \"" + options.renderer + "\" (builtin or helm)"});
      return r;
    }
    return RenderChartImpl(chart_dir, display_dir, options);
  } catch (const std::exception& e) {
    RenderResult r;
    r.issues.push_back(LoadIssue{"PC005", Location{display_dir + "/Chart.yaml", 1, 1},
                                 std::string("internal error while rendering: ") + e.what()});
    return r;
  } catch (const FuncError& e) {
    RenderResult r;
    r.issues.push_back(LoadIssue{"PC005", Location{display_dir + "/Chart.yaml", 1, 1}, e.message});
    return r;
  }
}

namespace {
RenderResult RenderChartImpl(const std::string& chart_dir, const std::string& display_dir,
                             const HelmOptions& options) {
  RenderResult result;
  const Limits& limits = options.limits;
  auto issue = [&](Location loc, std::string msg) {
    result.issues.push_back(LoadIssue{"PC005", std::move(loc), std::move(msg)});
    return result;
  };
  std::shared_ptr<Chart> chart;
  std::string error, error_file;
  if (!LoadChartDir(chart_dir, display_dir, limits, &chart, &error, &error_file)) {
    return issue(Location{error_file, 1, 1}, error);
  }
  std::string chart_yaml = display_dir + "/Chart.yaml";
  if (chart->type == "library") {
    return issue(Location{chart_yaml, 1, 1}, "library charts are not installable");
  }
  // User values: -f files, then --set*, in helm's order.
  Map user;
  for (const std::string& f : options.values_files) {
    std::string text;
    if (!ReadText(f, &text)) return issue(Location{f, 0, 0}, "open " + f + ": no such file or directory");
    Value v;
    YamlError e;
    if (!ParseYaml(text, &v, &e, limits, &f)) return issue(Location{f, e.line, e.column}, "failed to parse " + f + ": " + e.message);
    if (v.IsMapLike()) MergeMaps(&user, v.AsMap());
  }
  for (int mode = 0; mode < 4; ++mode) {
    const auto& list = mode == 0 ? options.set_json : mode == 1 ? options.set : mode == 2 ? options.set_string : options.set_file;
    for (const std::string& expr : list) {
      std::string err;
      if (mode == 3) {
        size_t eq = expr.find('=');
        if (eq == std::string::npos) return issue(Location{chart_yaml, 0, 0}, "--set-file: key=path expected");
        std::string text;
        if (!ReadText(expr.substr(eq + 1), &text)) return issue(Location{chart_yaml, 0, 0}, "--set-file: cannot read " + expr.substr(eq + 1));
        std::string key = expr.substr(0, eq);
        Map tmp;
        if (!ApplySet(key + "=x", &tmp, 1, &err)) return issue(Location{chart_yaml, 0, 0}, err);
        // Replace the placeholder with the file text.
        std::function<void(Map*)> fix = [&](Map* m) {
          for (auto& [k, v] : *m) {
            if (v.is_string() && v.AsString() == "x") v = Value(text);
            else if (v.kind() == Kind::kMap) {
              Map c = v.AsMap();
              fix(&c);
              v = Value(std::move(c));
            }
          }
        };
        fix(&tmp);
        MergeMaps(&user, tmp);
        continue;
      }
      Map tmp;
      if (!ApplySet(expr, &tmp, mode == 0 ? 2 : mode == 1 ? 0 : 1, &err))
        return issue(Location{chart_yaml, 0, 0}, "failed parsing --set data: " + err);
      MergeMaps(&user, tmp);
    }
  }
  // Dependencies are decided on the values coalesced with the full chart tree.
  if (!ResolveDependencies(chart, &error)) return issue(Location{chart_yaml, 1, 1}, error);
  {
    Map pre = user;
    CoalesceChartValues(*chart, &pre);
    ApplyConditions(chart, pre, "");
  }
  Map values = user;
  CoalesceChartValues(*chart, &values);
  ProcessImports(chart, &values);
  // values.schema.json of the chart and its subcharts.
  {
    std::vector<std::string> schema_errors;
    std::function<void(const Chart&, const Map&)> validate = [&](const Chart& c, const Map& v) {
      if (!c.schema.empty()) {
        std::string errs = ValidateAgainstSchema(c.schema, Value(v));
        if (!errs.empty()) schema_errors.push_back(c.name + ":\n" + errs);
      }
      for (const auto& sub : c.subcharts) {
        auto it = v.find(sub->values_key());
        Map sv = it != v.end() && it->second.kind() == Kind::kMap ? it->second.AsMap() : Map{};
        validate(*sub, sv);
      }
    };
    validate(*chart, values);
    if (!schema_errors.empty()) {
      std::string msg = "values don't meet the specifications of the schema(s) in the following chart(s):\n";
      for (const auto& e : schema_errors) msg += e;
      return issue(Location{display_dir + "/values.schema.json", 1, 1}, msg);
    }
  }
  std::vector<ChartNode> nodes;
  CollectNodes(chart, chart->name, Value(values), &nodes);

  // Release, capabilities.
  Map release{{"Name", Value(options.release_name)}, {"Namespace", Value(options.ns)},
              {"IsUpgrade", Value(false)}, {"IsInstall", Value(true)}, {"Revision", Value::Int(1)},
              {"Service", Value("Helm")}};
  Value capabilities = MakeCapabilities(options.kube_version, options.api_versions);

  for (size_t i = nodes.size(); i-- > 0;) {
    ChartNode& n = nodes[i];
    Map subcharts;
    for (size_t c : n.children) subcharts.insert_or_assign(nodes[c].chart->values_key(), nodes[c].top);
    n.top = Value(Map{{"Values", n.values},
                      {"Release", Value(release)},
                      {"Chart", Value(n.chart_object)},
                      {"Capabilities", capabilities},
                      {"Files", Value(n.files)},
                      {"Subcharts", Value(std::move(subcharts))}});
  }
  uint64_t seed = options.seed.value_or(std::random_device{}());
  auto engine = std::make_shared<TemplateEngine>(DefaultFuncs(), limits, seed);
  // The values of this render die with it; break the reference cycles templates built in them
  // on every way out (the engine itself lives on with the rendered text for the source map).
  struct ReleaseValues {
    TemplateEngine* engine;
    ~ReleaseValues() { engine->ReleaseMutatedValues(); }
  } release_values{engine.get()};
  struct TemplateEntry {
    std::string name;  // helm path "app/templates/x.yaml"
    const ChartNode* node;
    std::string rel;   // "templates/x.yaml"
    int source;
  };
  std::vector<TemplateEntry> entries;
  for (const ChartNode& n : nodes)
    for (const auto& [rel, text] : *n.chart->templates) entries.push_back({n.path + "/" + rel, &n, rel, -1});
  // helm's order: deepest paths first, then reverse lexicographic.
  std::sort(entries.begin(), entries.end(), [](const TemplateEntry& a, const TemplateEntry& b) {
    auto ca = std::count(a.name.begin(), a.name.end(), '/');
    auto cb = std::count(b.name.begin(), b.name.end(), '/');
    if (ca != cb) return ca > cb;
    return a.name > b.name;
  });
  auto rt_base = std::make_shared<RenderedTemplate>();
  std::vector<std::string> display;
  for (auto& e : entries) {
    e.source = engine->AddSource(e.name, e.node->chart->templates->at(e.rel));
    display.push_back(e.node->chart->display_dir + "/" + e.rel);
  }
  for (auto& e : entries) {
    std::string err = engine->Parse(e.source);
    if (!err.empty()) {
      // "template: app/templates/x.yaml:12: message"
      int line = 1;
      size_t p = err.find(e.name + ":");
      if (p != std::string::npos) line = std::atoi(err.c_str() + p + e.name.size() + 1);
      return issue(Location{display[e.source], line, 1}, "parse error at (" + e.name + ":" + std::to_string(line) +
                                                              "): " + err.substr(err.find(": ", p) + 2));
    }
  }
  struct Output {
    std::string name;
    std::shared_ptr<RenderedTemplate> rt;
    const TemplateEntry* entry;
  };
  std::vector<Output> outputs;
  for (const auto& e : entries) {
    std::string base = e.rel.substr(e.rel.rfind('/') + 1);
    if (base.starts_with("_")) continue;
    Map top = e.node->top.AsMap();
    top["Template"] = Value(Map{{"Name", Value(e.name)}, {"BasePath", Value(e.node->path + "/templates")}});
    OutputBuffer out;
    out.strip_no_value = true;
    ExecFailure failure;
    if (!engine->Execute(e.name, Value(std::move(top)), &out, &failure)) {
      int src = failure.source >= 0 ? failure.source : e.source;
      Location loc{src < static_cast<int>(display.size()) ? display[src] : display[e.source], 1, 1};
      if (failure.source >= 0) {
        auto [l, c] = engine->source(failure.source).LineCol(failure.pos);
        loc.line = l;
        loc.column = c + 1;
        if (engine->is_virtual(failure.source)) loc = Location{display[e.source], 1, 1};
      }
      return issue(loc, failure.message);
    }
    auto rt = std::make_shared<RenderedTemplate>();
    rt->text = std::move(out.text);
    rt->segs = std::move(out.segs);
    outputs.push_back({e.name, rt, &e});
  }
  // Shared source tables for the mappers.
  std::vector<const ParsedSource*> sources;
  std::vector<std::string> displays;
  for (int i = 0;; ++i) {
    if (i >= static_cast<int>(display.size())) break;
    sources.push_back(&engine->source(i));
    displays.push_back(display[i]);
  }
  // Sources added later (tpl) map to their caller; give them a slot.
  std::vector<Doc> manifests, hooks;
  std::sort(outputs.begin(), outputs.end(), [](const Output& a, const Output& b) { return a.name < b.name; });
  static const RE2* sep = new RE2(R"((?:^|\s*\n)---\s*)");
  for (auto& o : outputs) {
    o.rt->sources = sources;
    o.rt->display = displays;
    o.rt->engine = engine;
    const std::string& text = o.rt->text;
    if (o.name.ends_with("NOTES.txt")) {
      if (o.entry->node == &nodes[0]) result.notes = text;
      continue;
    }
    // strings.TrimSpace + regexp split.
    size_t b = 0, e = text.size();
    auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
    while (b < e && ws(text[b])) ++b;
    while (e > b && ws(text[e - 1])) --e;
    if (b == e) continue;
    std::string_view body(text.data() + b, e - b);
    std::vector<std::pair<size_t, size_t>> pieces;
    re2::StringPiece input(body.data(), body.size());
    re2::StringPiece m;
    size_t last = 0;
    size_t pos = 0;
    while (pos <= body.size() && sep->Match(input, pos, body.size(), RE2::UNANCHORED, &m, 1)) {
      size_t ms = m.data() - body.data();
      size_t me = ms + m.size();
      if (me == ms) {
        ++pos;
        continue;
      }
      pieces.push_back({last, ms});
      last = me;
      pos = me;
    }
    pieces.push_back({last, body.size()});
    for (auto [pb, pe] : pieces) {
      while (pb < pe && ws(body[pb])) ++pb;
      while (pe > pb && ws(body[pe - 1])) --pe;
      if (pb == pe) continue;
      Doc d;
      d.template_path = o.name;
      d.begin = b + pb;
      d.end = b + pe;
      d.rt = o.rt;
      d.display_path = o.entry->node->chart->display_dir + "/" + o.entry->rel;
      if (!o.entry->node->chart->fs_dir.empty()) d.fs_path = o.entry->node->chart->fs_dir + "/" + o.entry->rel;
      std::string err;
      if (!ReadHead(std::string_view(text).substr(d.begin, d.end - d.begin), &d.kind, &d.hook, &err)) {
        return issue(Location{d.display_path, 1, 1}, "YAML parse error on " + o.name + ": " + err);
      }
      (d.hook ? hooks : manifests).push_back(std::move(d));
    }
  }
  auto order = [](const std::string& kind) {
    const auto& o = InstallOrder();
    auto it = std::find(o.begin(), o.end(), kind);
    return it == o.end() ? -1 : static_cast<int>(it - o.begin());
  };
  auto less = [&](const Doc& a, const Doc& b) {
    int oa = order(a.kind), ob = order(b.kind);
    if (oa < 0 && ob < 0) return a.kind < b.kind;
    if (oa < 0) return false;
    if (ob < 0) return true;
    return oa < ob;
  };
  std::stable_sort(manifests.begin(), manifests.end(), less);
  std::stable_sort(hooks.begin(), hooks.end(), less);
  for (auto* list : {&manifests, &hooks}) {
    for (const Doc& d : *list) {
      RenderedFile f;
      f.template_path = d.template_path;
      f.display_path = d.display_path;
      f.fs_path = d.fs_path;
      f.text = d.rt->text.substr(d.begin, d.end - d.begin) + "\n";
      f.hook = d.hook;
      f.mapper = std::make_shared<TemplateMapper>(d.rt, d.begin, d.end - d.begin);
      result.files.push_back(std::move(f));
    }
  }
  return result;
}

}  // namespace

std::string FormatAsHelmOutput(const RenderResult& result) {
  std::string out;
  // helm prints TrimSpace(manifests) + "\n" before the hooks: an empty line
  // when there are only hooks (or nothing).
  if (std::none_of(result.files.begin(), result.files.end(), [](const RenderedFile& f) { return !f.hook; }))
    out = "\n";
  for (const auto& f : result.files) out += "---\n# Source: " + f.template_path + "\n" + f.text;
  return out;
}

}  // namespace policycheck::helm
