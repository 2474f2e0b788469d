// SARIF 2.1.0 reporter, shaped for GitHub code scanning.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <tuple>
#include <filesystem>
#include <string_view>
#include <unordered_map>

#include "json_writer.h"
#include "policycheck/report.h"

namespace policycheck {

using ojson = nlohmann::ordered_json;
namespace fs = std::filesystem;

namespace {

// RFC 3986 path encoding: keep unreserved characters and '/'.
std::string PercentEncode(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~' || c == '@' || c == '+' ||
        c == ',' || c == '=' || c == ':' || c == '!' || c == '$' || c == '&' || c == '\'' || c == '(' ||
        c == ')' || c == '*' || c == ';') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

class UriMaker {
 public:
  UriMaker(const std::string& srcroot, const std::string& cwd) : root_(srcroot), cwd_(cwd) {}

  // Writes the artifactLocation object of a display path (relative to cwd, or absolute).
  void Write(report::JsonWriter& w, const std::string& display) const {
    w.BeginObject();
    if (display.empty() || display == "<stdin>") {
      w.Field("uri", "stdin");
      w.Field("uriBaseId", "%SRCROOT%");
      w.EndObject();
      return;
    }
    fs::path p(display);
    fs::path abs = (p.is_absolute() ? p : fs::path(cwd_) / p).lexically_normal();
    fs::path rel = abs.lexically_relative(root_);
    if (!rel.empty() && *rel.begin() != "..") {
      std::string uri = rel.generic_string();
      if (uri.starts_with("./")) uri = uri.substr(2);
      w.Field("uri", PercentEncode(uri));
      w.Field("uriBaseId", "%SRCROOT%");
    } else {
      w.Field("uri", "file://" + PercentEncode(abs.generic_string()));
    }
    w.EndObject();
  }

 private:
  fs::path root_;
  std::string cwd_;
};

void WriteRegion(report::JsonWriter& w, const Location& loc, SourceStore& sources) {
  int line = loc.line > 0 ? loc.line : 1;
  int col = loc.column > 0 ? loc.column : 1;
  int end_line = loc.end_line >= line ? loc.end_line : line;
  int end_col = loc.end_column;
  if (end_line == line && end_col <= col) {
    // A point location: cover the rest of the token, or at least one character.
    end_col = col + 1;
    if (loc.column <= 0) {
      if (auto src = sources.FindOrLoad(loc.file, loc.file == "<stdin>" ? "" : loc.file)) {
        end_col = static_cast<int>(src->Line(line).size()) + 1;
        if (end_col <= col) end_col = col + 1;
      }
    }
  }
  if (end_col < 1) end_col = col + 1;
  w.BeginObject();
  w.Field("startLine", line);
  w.Field("startColumn", col);
  w.Field("endLine", end_line);
  w.Field("endColumn", end_col);
  w.EndObject();
}

// {"physicalLocation": {"artifactLocation": ..., "region": ...}} members.
void WritePhysicalLocation(report::JsonWriter& w, const UriMaker& uris, const Location& loc, SourceStore& sources) {
  w.Key("physicalLocation");
  w.BeginObject();
  w.Key("artifactLocation");
  uris.Write(w, loc.file);
  w.Key("region");
  WriteRegion(w, loc, sources);
  w.EndObject();
}

const char* Level(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "warning";
}

// First paragraph under "## What it flags" of a rule doc, else the summary.
std::string FullDescription(std::string_view doc, const RuleInfo& info) {
  size_t pos = doc.find("## What it flags");
  if (pos != std::string_view::npos) {
    pos = doc.find('\n', pos);
    if (pos != std::string_view::npos) {
      size_t end = doc.find("\n\n", pos + 1);
      size_t next_heading = doc.find("\n#", pos + 1);
      end = std::min(end, next_heading);
      std::string text(doc.substr(pos + 1, end == std::string_view::npos ? std::string_view::npos : end - pos - 1));
      while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
      if (!text.empty()) {
        if (text.size() > 1000) text = text.substr(0, 997) + "...";
        return text;
      }
    }
  }
  return std::string(info.summary);
}

ojson RuleJson(const RuleRegistry& registry, const RuleInfo& info) {
  ojson j;
  j["id"] = info.id;
  j["name"] = info.name;
  j["shortDescription"] = {{"text", info.summary}};
  std::string_view doc = registry.Doc(info.id);
  j["fullDescription"] = {{"text", FullDescription(doc, info)}};
  std::string markdown = doc.empty() ? std::string(info.summary) + "\n\n" + std::string(info.remediation)
                                     : std::string(doc);
  j["help"] = {{"text", std::string(info.summary) + " " + std::string(info.remediation)}, {"markdown", markdown}};
  j["helpUri"] = RuleHelpUri(info);
  j["defaultConfiguration"] = {{"level", Level(info.default_severity)}, {"enabled", info.enabled_by_default}};
  ojson props;
  ojson tags = ojson::array();
  tags.push_back(std::string(info.category));
  tags.push_back(std::string(TargetName(info.target)));
  if (info.security_severity > 0 && info.category != "security") tags.push_back("security");
  props["tags"] = tags;
  props["precision"] = "high";
  props["problem.severity"] = info.default_severity == Severity::kNote ? "recommendation"
                                                                       : Level(info.default_severity);
  if (info.security_severity > 0) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f", info.security_severity);
    props["security-severity"] = buf;
  }
  j["properties"] = props;
  return j;
}

}  // namespace

namespace {

// Which findings fit in a run of at most `max_results`: all of them, or the most severe.
std::vector<bool> ResultsToKeep(const std::vector<Finding>& findings, size_t max_results) {
  std::vector<bool> keep(findings.size(), true);
  if (findings.size() <= max_results) return keep;
  std::vector<size_t> order(findings.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto rank = [&](size_t i) {
    const Finding& f = findings[i];
    return std::make_tuple(f.suppression.has_value(), -static_cast<int>(f.severity), i);
  };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rank(a) < rank(b); });
  for (size_t k = max_results; k < order.size(); ++k) keep[order[k]] = false;
  return keep;
}

}  // namespace

std::string FormatSarif(const ReportContext& ctx, size_t max_results) {
  const RunResult& r = ctx.result;
  UriMaker uris(ctx.srcroot, ctx.cwd);
  const std::vector<bool> keep = ResultsToKeep(r.findings, max_results);
  const size_t omitted = r.findings.size() > max_results ? r.findings.size() - max_results : 0;
  std::string out;
  out.reserve(64 * 1024 + r.findings.size() * 1200);
  report::JsonWriter w(&out);
  w.BeginObject();
  w.Field("$schema", "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json");
  w.Field("version", "2.1.0");
  w.Key("runs");
  w.BeginArray();
  w.BeginObject();  // the run

  w.Key("tool");
  w.BeginObject();
  w.Key("driver");
  w.BeginObject();
  w.Field("name", "policycheck");
  w.Field("fullName", "policycheck: Dockerfile, Kubernetes and Helm policy checker");
  w.Field("version", POLICYCHECK_VERSION);
  w.Field("semanticVersion", POLICYCHECK_VERSION);
  w.Field("informationUri", "https://github.com/policycheck/policycheck");
  w.Key("rules");
  w.BeginArray();
  std::unordered_map<std::string_view, int> rule_index;
  for (const Rule* rule : ctx.registry.rules()) {
    rule_index.emplace(rule->info().id, static_cast<int>(rule_index.size()));
    w.Value(RuleJson(ctx.registry, rule->info()));
  }
  w.EndArray();
  w.EndObject();  // driver
  w.EndObject();  // tool

  w.Key("automationDetails");
  w.BeginObject();
  w.Field("id", "policycheck/");
  w.EndObject();
  // Golden files must not depend on where the repository is checked out.
  std::string root_uri = ctx.deterministic ? std::string("file:///SRCROOT/")
                                           : "file://" + PercentEncode(fs::path(ctx.srcroot).generic_string());
  if (!root_uri.ends_with('/')) root_uri += '/';
  w.Key("originalUriBaseIds");
  w.BeginObject();
  w.Key("%SRCROOT%");
  w.BeginObject();
  w.Field("uri", root_uri);
  w.EndObject();
  w.EndObject();

  w.Key("invocations");
  w.BeginArray();
  w.BeginObject();
  w.Field("executionSuccessful", ctx.exit_code != 2);
  w.Field("exitCode", ctx.exit_code);
  if (!ctx.arguments.empty()) {
    w.Key("arguments");
    w.BeginArray();
    for (const auto& a : ctx.arguments) w.String(a);
    w.EndArray();
  }
  w.Key("toolExecutionNotifications");
  w.BeginArray();
  for (const auto& n : r.notifications) {
    w.BeginObject();
    w.Field("level", "error");
    w.Key("message");
    w.BeginObject();
    w.Field("text", n.message);
    w.EndObject();
    w.Key("descriptor");
    w.BeginObject();
    w.Field("id", n.rule_id);
    w.EndObject();
    if (n.location.valid()) {
      w.Key("locations");
      w.BeginArray();
      w.BeginObject();
      WritePhysicalLocation(w, uris, n.location, ctx.sources);
      w.EndObject();
      w.EndArray();
    }
    w.EndObject();
  }
  if (omitted > 0) {
    w.BeginObject();
    w.Field("level", "warning");
    w.Key("message");
    w.BeginObject();
    w.Field("text", std::to_string(omitted) + " of " + std::to_string(r.findings.size()) +
                        " results left out: GitHub code scanning accepts at most " + std::to_string(max_results) +
                        " results per run; the most severe are kept, and the text and JSON reports list all");
    w.EndObject();
    w.Key("descriptor");
    w.BeginObject();
    w.Field("id", "results-truncated");
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();  // invocation
  w.EndArray();

  w.Key("results");
  w.BeginArray();
  for (size_t fi = 0; fi < r.findings.size(); ++fi) {
    if (!keep[fi]) continue;
    const Finding& f = r.findings[fi];
    w.BeginObject();
    w.Field("ruleId", f.rule_id);
    if (auto it = rule_index.find(f.rule_id); it != rule_index.end()) w.Field("ruleIndex", it->second);
    w.Field("level", Level(f.severity));
    w.Key("message");
    w.BeginObject();
    w.Field("text", f.message);
    w.EndObject();
    w.Key("locations");
    w.BeginArray();
    w.BeginObject();
    WritePhysicalLocation(w, uris, f.location, ctx.sources);
    if (!f.object.empty()) {
      w.Key("logicalLocations");
      w.BeginArray();
      w.BeginObject();
      w.Field("fullyQualifiedName", f.object.ToString());
      w.Field("kind", f.object.kind.empty() ? "module" : "object");
      w.EndObject();
      w.EndArray();
    }
    w.EndObject();
    w.EndArray();
    bool any_related = false;
    int id = 1;
    for (const auto& rel : f.related) {
      if (!rel.location.valid() || rel.location.file.starts_with("rendered:")) continue;
      if (!any_related) {
        w.Key("relatedLocations");
        w.BeginArray();
        any_related = true;
      }
      w.BeginObject();
      w.Field("id", id++);
      WritePhysicalLocation(w, uris, rel.location, ctx.sources);
      w.Key("message");
      w.BeginObject();
      w.Field("text", rel.message);
      w.EndObject();
      w.EndObject();
    }
    if (any_related) w.EndArray();
    w.Key("partialFingerprints");
    w.BeginObject();
    w.Field("primaryLocationLineHash", f.fingerprint);
    w.Field("policycheck/v1", f.fingerprint);
    w.EndObject();
    w.Key("properties");
    w.BeginObject();
    w.Field("precision", PrecisionName(f.precision));
    if (f.rendered) {
      std::string file = f.rendered->file;
      if (size_t hash = file.find('#'); hash != std::string::npos) file = file.substr(hash + 1);
      w.Field("renderedLocation",
              file + ":" + std::to_string(f.rendered->line) + ":" + std::to_string(f.rendered->column));
    }
    if (!f.object.empty()) w.Field("object", f.object.ToString());
    w.EndObject();
    if (f.suppression) {
      w.Key("suppressions");
      w.BeginArray();
      w.BeginObject();
      w.Field("kind", f.suppression->kind == "baseline" || f.suppression->kind == "annotation" ||
                              f.suppression->kind == "kube-linter"
                          ? "external"
                          : "inSource");
      w.Field("status", "accepted");
      w.Field("justification", f.suppression->reason.empty()
                                   ? "suppressed by " + f.suppression->kind + " directive"
                                   : f.suppression->reason);
      if (f.suppression->location.valid() && !f.suppression->location.file.starts_with("rendered:")) {
        w.Key("location");
        w.BeginObject();
        WritePhysicalLocation(w, uris, f.suppression->location, ctx.sources);
        w.EndObject();
      }
      w.EndObject();
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndArray();
  w.Field("columnKind", "utf16CodeUnits");

  w.EndObject();  // the run
  w.EndArray();
  w.EndObject();
  out += '\n';
  return out;
}

}  // namespace policycheck
