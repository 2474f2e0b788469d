#include "policycheck/finding.h"

#include <tuple>

namespace policycheck {

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kNote:
      return "note";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "warning";
}

std::optional<Severity> ParseSeverity(std::string_view s) {
  if (s == "note" || s == "info") return Severity::kNote;
  if (s == "warning") return Severity::kWarning;
  if (s == "error") return Severity::kError;
  return std::nullopt;
}

std::string ObjectRef::ToString() const {
  std::string out;
  if (!kind.empty() || !name.empty()) {
    out = kind;
    if (!name.empty()) {
      if (!out.empty()) out += ' ';
      if (!ns.empty()) out += ns + "/";
      out += name;
    }
    if (!container.empty()) out += " container " + container;
  } else if (!container.empty()) {
    out = "container " + container;
  }
  if (!stage.empty()) {
    if (!out.empty()) out += ' ';
    out += "stage " + stage;
  }
  if (!image.empty()) {
    if (!out.empty()) out += ' ';
    out += "image " + image;
  }
  return out;
}

bool FindingLess(const Finding& a, const Finding& b) {
  return std::tie(a.location.file, a.location.line, a.location.column, a.rule_id, a.message,
                  a.object.kind, a.object.ns, a.object.name, a.object.container, a.object.stage) <
         std::tie(b.location.file, b.location.line, b.location.column, b.rule_id, b.message,
                  b.object.kind, b.object.ns, b.object.name, b.object.container, b.object.stage);
}

}  // namespace policycheck
