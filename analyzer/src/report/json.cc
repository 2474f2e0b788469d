// JSON reporter (schema: docs/json-output.md) and the rule catalog.
#include <nlohmann/json.hpp>

#include "policycheck/report.h"

namespace policycheck {

using ojson = nlohmann::ordered_json;

namespace {

ojson LocationJson(const Location& loc) {
  ojson j;
  j["file"] = loc.file;
  j["line"] = loc.line;
  j["column"] = loc.column;
  j["endLine"] = loc.end_line;
  j["endColumn"] = loc.end_column;
  return j;
}

ojson ObjectJson(const ObjectRef& o) {
  ojson j = ojson::object();
  auto put = [&](const char* key, const std::string& v) {
    if (!v.empty()) j[key] = v;
  };
  put("kind", o.kind);
  put("namespace", o.ns);
  put("name", o.name);
  put("container", o.container);
  put("stage", o.stage);
  put("image", o.image);
  return j;
}

ojson RuleInfoJson(const RuleRegistry& registry, const RuleInfo& info) {
  ojson j;
  j["id"] = info.id;
  j["name"] = info.name;
  j["target"] = TargetName(info.target);
  if (!info.kinds.empty()) j["kinds"] = info.kinds;
  j["severity"] = SeverityName(info.default_severity);
  j["enabledByDefault"] = info.enabled_by_default;
  j["status"] = RuleStatusName(info.status);
  j["since"] = info.since;
  j["category"] = info.category;
  if (info.security_severity > 0) j["securitySeverity"] = info.security_severity;
  j["summary"] = info.summary;
  j["remediation"] = info.remediation;
  ojson params = ojson::array();
  for (const auto& p : info.params) {
    params.push_back(ojson{{"name", p.name},
                           {"type", ParamTypeName(p.type)},
                           {"default", p.default_value},
                           {"description", p.description}});
  }
  j["params"] = params;
  j["equivalents"] = info.equivalents;
  j["helpUri"] = RuleHelpUri(info);
  j["hasDoc"] = !registry.Doc(info.id).empty();
  return j;
}

}  // namespace

std::string FormatJson(const ReportContext& ctx) {
  const RunResult& r = ctx.result;
  ojson j;
  j["version"] = kJsonSchemaVersion;
  j["tool"] = {{"name", "policycheck"}, {"version", POLICYCHECK_VERSION}};
  ojson findings = ojson::array();
  for (const Finding& f : r.findings) {
    ojson e;
    e["rule"] = {{"id", f.rule_id}, {"name", f.rule_name}};
    e["severity"] = SeverityName(f.severity);
    e["message"] = f.message;
    ojson loc = LocationJson(f.location);
    loc["precision"] = PrecisionName(f.precision);
    e["location"] = loc;
    if (f.rendered) {
      ojson rendered = LocationJson(*f.rendered);
      std::string file = f.rendered->file;
      if (file.starts_with("rendered:")) file = file.substr(9);
      if (size_t hash = file.find('#'); hash != std::string::npos) file = file.substr(hash + 1);
      rendered["file"] = file;
      e["rendered"] = rendered;
    }
    ojson related = ojson::array();
    for (const auto& rel : f.related) {
      ojson x = LocationJson(rel.location);
      x["message"] = rel.message;
      related.push_back(x);
    }
    e["related"] = related;
    e["object"] = ObjectJson(f.object);
    e["fingerprint"] = f.fingerprint;
    e["suppressed"] = f.suppression.has_value();
    if (f.suppression) {
      ojson s;
      s["kind"] = f.suppression->kind;
      s["reason"] = f.suppression->reason;
      if (f.suppression->location.valid()) s["location"] = LocationJson(f.suppression->location);
      e["suppression"] = s;
    }
    findings.push_back(std::move(e));
  }
  j["findings"] = findings;
  ojson errors = ojson::array();
  for (const auto& n : r.notifications) {
    errors.push_back(ojson{{"rule", n.rule_id}, {"location", LocationJson(n.location)}, {"message", n.message}});
  }
  j["errors"] = errors;
  const RunSummary& s = r.summary;
  ojson summary;
  summary["inputs"] = s.inputs;
  summary["dockerfiles"] = s.dockerfiles;
  summary["manifestFiles"] = s.manifest_files;
  summary["charts"] = s.charts;
  summary["images"] = s.images;
  summary["objects"] = s.objects;
  summary["nonKubernetesDocuments"] = s.non_k8s_documents;
  summary["loadErrors"] = s.load_errors;
  summary["excluded"] = s.excluded;
  summary["findings"] = {{"error", s.by_severity[2]}, {"warning", s.by_severity[1]}, {"note", s.by_severity[0]}};
  summary["suppressed"] = s.suppressed;
  summary["baselineHidden"] = s.baseline_hidden;
  summary["exitCode"] = ctx.exit_code;
  if (!ctx.deterministic) summary["seconds"] = s.seconds;
  j["summary"] = summary;
  return j.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

std::string RulesJson(const RuleRegistry& registry) {
  ojson j;
  j["version"] = kJsonSchemaVersion;
  ojson rules = ojson::array();
  for (const Rule* rule : registry.rules()) rules.push_back(RuleInfoJson(registry, rule->info()));
  j["rules"] = rules;
  return j.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

}  // namespace policycheck
