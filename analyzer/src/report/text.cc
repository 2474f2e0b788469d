// Text reporter: compiler-style diagnostics with the source line and a caret.
#include <cstdio>
#include <sstream>

#include "policycheck/report.h"

namespace policycheck {

namespace {

struct Style {
  bool on;
  std::string operator()(const char* code, std::string_view text) const {
    if (!on) return std::string(text);
    return std::string("\033[") + code + "m" + std::string(text) + "\033[0m";
  }
};

const char* SeverityColor(Severity s) {
  switch (s) {
    case Severity::kError:
      return "1;31";
    case Severity::kWarning:
      return "1;33";
    case Severity::kNote:
      return "1;36";
  }
  return "0";
}

std::string Position(const Location& loc) {
  std::string out = loc.file.empty() ? std::string("<unknown>") : loc.file;
  if (loc.line > 0) {
    out += ":" + std::to_string(loc.line);
    if (loc.column > 0) out += ":" + std::to_string(loc.column);
  }
  return out;
}

std::string Plural(int n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// Prints "  12 | source" and the caret line under the located span.
void PrintSnippet(std::ostringstream& out, const Style& style, SourceStore& sources, const Location& loc,
                  Severity severity) {
  if (loc.line <= 0 || loc.file.empty() || loc.file.starts_with("rendered:")) return;
  auto src = sources.FindOrLoad(loc.file, loc.file == "<stdin>" ? "" : loc.file);
  if (!src) return;
  std::string_view line = src->Line(loc.line);
  if (line.empty() && loc.line > src->line_count()) return;
  constexpr size_t kMaxShown = 200;
  std::string number = std::to_string(loc.line);
  std::string gutter(number.size(), ' ');
  std::string shown(line.substr(0, kMaxShown));
  for (char& c : shown) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t') c = ' ';
  }
  out << " " << style("1;34", number + " |") << " " << shown << (line.size() > kMaxShown ? "..." : "") << "\n";
  if (loc.column <= 0) return;
  size_t col = static_cast<size_t>(loc.column - 1);
  if (col > shown.size()) col = shown.size();
  std::string pad;
  for (size_t i = 0; i < col; ++i) pad += shown[i] == '\t' ? '\t' : ' ';
  size_t width = 1;
  if (loc.end_line == loc.line && loc.end_column > loc.column) {
    width = static_cast<size_t>(loc.end_column - loc.column);
  }
  if (col + width > shown.size() + 1) width = std::max<size_t>(1, shown.size() + 1 - col);
  std::string marks = "^" + std::string(width - 1, '~');
  out << " " << style("1;34", gutter + " |") << " " << pad << style(SeverityColor(severity), marks) << "\n";
}

}  // namespace

std::string FormatText(const ReportContext& ctx) {
  std::ostringstream out;
  Style style{ctx.color};
  const RunResult& r = ctx.result;
  for (const Finding& f : r.findings) {
    if (f.suppression && !ctx.show_suppressed) continue;
    out << style("1", Position(f.location) + ":") << " "
        << style(SeverityColor(f.severity), std::string(SeverityName(f.severity)) + ":") << " " << f.message
        << " " << style("2", "[" + f.rule_id + " " + f.rule_name + "]")
        << (f.suppression ? " (suppressed: " + f.suppression->kind + ")" : "") << "\n";
    PrintSnippet(out, style, ctx.sources, f.location, f.severity);
    if (!f.object.empty()) out << "   " << style("2", "= object:") << " " << f.object.ToString() << "\n";
    if (f.rendered) {
      std::string rendered = f.rendered->file;
      if (size_t hash = rendered.find('#'); hash != std::string::npos) rendered = rendered.substr(hash + 1);
      out << "   " << style("2", "= rendered:") << " " << rendered << ":" << f.rendered->line << ":"
          << f.rendered->column << " (mapped to the template, precision " << PrecisionName(f.precision) << ")\n";
    }
    for (const auto& rel : f.related) {
      out << "   " << style("2", "= note:") << " " << Position(rel.location) << ": " << rel.message << "\n";
    }
    if (const Rule* rule = ctx.registry.Find(f.rule_id)) {
      out << "   " << style("2", "= help:") << " " << rule->info().remediation << "\n";
    }
    out << "\n";
  }
  const RunSummary& s = r.summary;
  int total = s.by_severity[0] + s.by_severity[1] + s.by_severity[2];
  std::string counts = Plural(s.by_severity[2], "error") + ", " + Plural(s.by_severity[1], "warning") + ", " +
                       Plural(s.by_severity[0], "note");
  if (total == 0) {
    out << style("1;32", "No findings") << " (" << counts << ")";
  } else {
    out << style("1", "Found " + Plural(total, "finding")) << " (" << counts << ")";
  }
  out << " in " << Plural(s.inputs, "input") << " (" << Plural(s.dockerfiles, "Dockerfile") << ", "
      << Plural(s.manifest_files, "manifest file") << ", " << Plural(s.charts, "chart");
  if (s.images) out << ", " << Plural(s.images, "image");
  out << "), " << Plural(s.objects, "Kubernetes object");
  if (s.non_k8s_documents) out << "; " << s.non_k8s_documents << " non-Kubernetes YAML documents skipped";
  if (s.load_errors) out << "; " << Plural(s.load_errors, "input") << " failed to load";
  if (s.suppressed) out << "; " << s.suppressed << " suppressed";
  if (s.baseline_hidden) out << "; " << s.baseline_hidden << " hidden by the baseline";
  if (s.excluded) out << "; " << s.excluded << " paths excluded";
  if (!ctx.deterministic) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", s.seconds);
    out << "; " << buf << "s";
  }
  out << ".\n";
  return out.str();
}

}  // namespace policycheck
