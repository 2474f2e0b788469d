// SARIF 2.1.0 reporter, shaped for GitHub code scanning.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>

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

  // Fills artifactLocation for a display path (relative to cwd, or absolute).
  ojson ArtifactLocation(const std::string& display) const {
    ojson j;
    if (display.empty() || display == "<stdin>") {
      j["uri"] = "stdin";
      j["uriBaseId"] = "%SRCROOT%";
      return j;
    }
    fs::path p(display);
    fs::path abs = (p.is_absolute() ? p : fs::path(cwd_) / p).lexically_normal();
    fs::path rel = abs.lexically_relative(root_);
    if (!rel.empty() && *rel.begin() != "..") {
      std::string uri = rel.generic_string();
      if (uri.starts_with("./")) uri = uri.substr(2);
      j["uri"] = PercentEncode(uri);
      j["uriBaseId"] = "%SRCROOT%";
    } else {
      j["uri"] = "file://" + PercentEncode(abs.generic_string());
    }
    return j;
  }

 private:
  fs::path root_;
  std::string cwd_;
};

ojson Region(const Location& loc, SourceStore& sources) {
  ojson r;
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
  r["startLine"] = line;
  r["startColumn"] = col;
  r["endLine"] = end_line;
  r["endColumn"] = end_col;
  return r;
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

std::string FormatSarif(const ReportContext& ctx) {
  const RunResult& r = ctx.result;
  UriMaker uris(ctx.srcroot, ctx.cwd);
  ojson driver;
  driver["name"] = "policycheck";
  driver["fullName"] = "policycheck: Dockerfile, Kubernetes and Helm policy checker";
  driver["version"] = POLICYCHECK_VERSION;
  driver["semanticVersion"] = POLICYCHECK_VERSION;
  driver["informationUri"] = "https://github.com/policycheck/policycheck";
  ojson rules = ojson::array();
  std::map<std::string, int> rule_index;
  for (const Rule* rule : ctx.registry.rules()) {
    rule_index[std::string(rule->info().id)] = static_cast<int>(rules.size());
    rules.push_back(RuleJson(ctx.registry, rule->info()));
  }
  driver["rules"] = rules;

  ojson results = ojson::array();
  for (const Finding& f : r.findings) {
    ojson res;
    res["ruleId"] = f.rule_id;
    if (auto it = rule_index.find(f.rule_id); it != rule_index.end()) res["ruleIndex"] = it->second;
    res["level"] = Level(f.severity);
    res["message"] = {{"text", f.message}};
    ojson phys;
    phys["artifactLocation"] = uris.ArtifactLocation(f.location.file);
    phys["region"] = Region(f.location, ctx.sources);
    ojson loc;
    loc["physicalLocation"] = phys;
    if (!f.object.empty()) {
      loc["logicalLocations"] = ojson::array({ojson{{"fullyQualifiedName", f.object.ToString()},
                                                    {"kind", f.object.kind.empty() ? "module" : "object"}}});
    }
    res["locations"] = ojson::array({loc});
    if (!f.related.empty()) {
      ojson related = ojson::array();
      int id = 1;
      for (const auto& rel : f.related) {
        if (!rel.location.valid() || rel.location.file.starts_with("rendered:")) continue;
        ojson rl;
        rl["id"] = id++;
        rl["physicalLocation"] = {{"artifactLocation", uris.ArtifactLocation(rel.location.file)},
                                  {"region", Region(rel.location, ctx.sources)}};
        rl["message"] = {{"text", rel.message}};
        related.push_back(rl);
      }
      if (!related.empty()) res["relatedLocations"] = related;
    }
    res["partialFingerprints"] = {{"primaryLocationLineHash", f.fingerprint}, {"policycheck/v1", f.fingerprint}};
    ojson props;
    props["precision"] = PrecisionName(f.precision);
    if (f.rendered) {
      std::string file = f.rendered->file;
      if (size_t hash = file.find('#'); hash != std::string::npos) file = file.substr(hash + 1);
      props["renderedLocation"] = file + ":" + std::to_string(f.rendered->line) + ":" +
                                  std::to_string(f.rendered->column);
    }
    if (!f.object.empty()) props["object"] = f.object.ToString();
    res["properties"] = props;
    if (f.suppression) {
      ojson s;
      s["kind"] = f.suppression->kind == "baseline" || f.suppression->kind == "annotation" ||
                          f.suppression->kind == "kube-linter"
                      ? "external"
                      : "inSource";
      s["status"] = "accepted";
      s["justification"] = f.suppression->reason.empty() ? "suppressed by " + f.suppression->kind + " directive"
                                                         : f.suppression->reason;
      if (f.suppression->location.valid() && !f.suppression->location.file.starts_with("rendered:")) {
        s["location"] = {{"physicalLocation",
                          {{"artifactLocation", uris.ArtifactLocation(f.suppression->location.file)},
                           {"region", Region(f.suppression->location, ctx.sources)}}}};
      }
      res["suppressions"] = ojson::array({s});
    }
    results.push_back(std::move(res));
  }

  ojson notifications = ojson::array();
  for (const auto& n : r.notifications) {
    ojson note;
    note["level"] = "error";
    note["message"] = {{"text", n.message}};
    note["descriptor"] = {{"id", n.rule_id}};
    if (n.location.valid()) {
      note["locations"] = ojson::array({ojson{
          {"physicalLocation",
           {{"artifactLocation", uris.ArtifactLocation(n.location.file)}, {"region", Region(n.location, ctx.sources)}}}}});
    }
    notifications.push_back(note);
  }
  ojson invocation;
  invocation["executionSuccessful"] = ctx.exit_code != 2;
  invocation["exitCode"] = ctx.exit_code;
  if (!ctx.arguments.empty()) invocation["arguments"] = ctx.arguments;
  invocation["toolExecutionNotifications"] = notifications;

  ojson run;
  run["tool"] = {{"driver", driver}};
  run["automationDetails"] = {{"id", "policycheck/"}};
  // Golden files must not depend on where the repository is checked out.
  std::string root_uri = ctx.deterministic ? std::string("file:///SRCROOT/")
                                           : "file://" + PercentEncode(fs::path(ctx.srcroot).generic_string());
  if (!root_uri.ends_with('/')) root_uri += '/';
  run["originalUriBaseIds"] = {{"%SRCROOT%", {{"uri", root_uri}}}};
  run["invocations"] = ojson::array({invocation});
  run["results"] = results;
  run["columnKind"] = "utf16CodeUnits";

  ojson log;
  log["$schema"] = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
  log["version"] = "2.1.0";
  log["runs"] = ojson::array({run});
  return log.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

}  // namespace policycheck
