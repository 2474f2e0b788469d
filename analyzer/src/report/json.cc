// JSON reporter (schema: docs/json-output.md) and the rule catalog.
#include <nlohmann/json.hpp>

#include "json_writer.h"
#include "policycheck/report.h"

namespace policycheck {

using ojson = nlohmann::ordered_json;

namespace {

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

namespace {

void WriteLocationFields(report::JsonWriter& w, const Location& loc, std::string_view file) {
  w.Field("file", file);
  w.Field("line", loc.line);
  w.Field("column", loc.column);
  w.Field("endLine", loc.end_line);
  w.Field("endColumn", loc.end_column);
}

void WriteLocation(report::JsonWriter& w, const Location& loc) {
  w.BeginObject();
  WriteLocationFields(w, loc, loc.file);
  w.EndObject();
}

void WriteObjectRef(report::JsonWriter& w, const ObjectRef& o) {
  w.BeginObject();
  auto put = [&](const char* key, const std::string& v) {
    if (!v.empty()) w.Field(key, v);
  };
  put("kind", o.kind);
  put("namespace", o.ns);
  put("name", o.name);
  put("container", o.container);
  put("stage", o.stage);
  put("image", o.image);
  w.EndObject();
}

void WriteFinding(report::JsonWriter& w, const Finding& f) {
  w.BeginObject();
  w.Key("rule");
  w.BeginObject();
  w.Field("id", f.rule_id);
  w.Field("name", f.rule_name);
  w.EndObject();
  w.Field("severity", SeverityName(f.severity));
  w.Field("message", f.message);
  w.Key("location");
  w.BeginObject();
  WriteLocationFields(w, f.location, f.location.file);
  w.Field("precision", PrecisionName(f.precision));
  w.EndObject();
  if (f.rendered) {
    std::string_view file = f.rendered->file;
    if (file.starts_with("rendered:")) file.remove_prefix(9);
    if (size_t hash = file.find('#'); hash != std::string_view::npos) file.remove_prefix(hash + 1);
    w.Key("rendered");
    w.BeginObject();
    WriteLocationFields(w, *f.rendered, file);
    w.EndObject();
  }
  w.Key("related");
  w.BeginArray();
  for (const auto& rel : f.related) {
    w.BeginObject();
    WriteLocationFields(w, rel.location, rel.location.file);
    w.Field("message", rel.message);
    w.EndObject();
  }
  w.EndArray();
  w.Key("object");
  WriteObjectRef(w, f.object);
  w.Field("fingerprint", f.fingerprint);
  w.Field("suppressed", f.suppression.has_value());
  if (f.suppression) {
    w.Key("suppression");
    w.BeginObject();
    w.Field("kind", f.suppression->kind);
    w.Field("reason", f.suppression->reason);
    if (f.suppression->location.valid()) {
      w.Key("location");
      WriteLocation(w, f.suppression->location);
    }
    w.EndObject();
  }
  w.EndObject();
}

}  // namespace

std::string FormatJson(const ReportContext& ctx) {
  const RunResult& r = ctx.result;
  std::string out;
  out.reserve(1024 + r.findings.size() * 700);
  report::JsonWriter w(&out);
  w.BeginObject();
  w.Field("version", kJsonSchemaVersion);
  w.Key("tool");
  w.BeginObject();
  w.Field("name", "policycheck");
  w.Field("version", POLICYCHECK_VERSION);
  w.EndObject();
  w.Key("findings");
  w.BeginArray();
  for (const Finding& f : r.findings) WriteFinding(w, f);
  w.EndArray();
  w.Key("errors");
  w.BeginArray();
  for (const auto& n : r.notifications) {
    w.BeginObject();
    w.Field("rule", n.rule_id);
    w.Key("location");
    WriteLocation(w, n.location);
    w.Field("message", n.message);
    w.EndObject();
  }
  w.EndArray();
  const RunSummary& s = r.summary;
  w.Key("summary");
  w.BeginObject();
  w.Field("inputs", s.inputs);
  w.Field("dockerfiles", s.dockerfiles);
  w.Field("manifestFiles", s.manifest_files);
  w.Field("charts", s.charts);
  w.Field("images", s.images);
  w.Field("objects", s.objects);
  w.Field("nonKubernetesDocuments", s.non_k8s_documents);
  w.Field("loadErrors", s.load_errors);
  w.Field("excluded", s.excluded);
  w.Key("findings");
  w.BeginObject();
  w.Field("error", s.by_severity[2]);
  w.Field("warning", s.by_severity[1]);
  w.Field("note", s.by_severity[0]);
  w.EndObject();
  w.Field("suppressed", s.suppressed);
  w.Field("baselineHidden", s.baseline_hidden);
  w.Field("exitCode", ctx.exit_code);
  if (!ctx.deterministic) {
    w.Key("seconds");
    w.Double(s.seconds);
  }
  w.EndObject();
  w.EndObject();
  out += '\n';
  return out;
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
