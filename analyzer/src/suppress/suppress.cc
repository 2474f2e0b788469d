#include "policycheck/suppress.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace policycheck {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string_view::npos) comma = s.size();
    std::string_view item = Trim(s.substr(start, comma - start));
    if (!item.empty()) out.emplace_back(item);
    start = comma + 1;
  }
  return out;
}

// Parses the text after '#'. Returns true and fills `d` for a directive.
bool ParseDirective(std::string_view comment, Directive* d) {
  comment = Trim(comment);
  std::string_view tool;
  for (std::string_view t : {std::string_view("policycheck"), std::string_view("hadolint")}) {
    if (comment.starts_with(t)) {
      tool = t;
      comment.remove_prefix(t.size());
      break;
    }
  }
  if (tool.empty()) return false;
  if (!comment.empty() && comment.front() == ':') comment.remove_prefix(1);
  comment = Trim(comment);
  bool file_scope = false;
  if (comment.starts_with("global ")) {
    file_scope = true;
    comment = Trim(comment.substr(7));
  }
  std::string_view key;
  if (comment.starts_with("ignore-file=")) {
    file_scope = true;
    key = "ignore-file=";
  } else if (comment.starts_with("ignore=")) {
    key = "ignore=";
  } else {
    return false;
  }
  comment.remove_prefix(key.size());
  std::string_view list = comment, reason;
  if (size_t dash = comment.find("--"); dash != std::string_view::npos) {
    list = comment.substr(0, dash);
    reason = Trim(comment.substr(dash + 2));
  }
  // The id list ends at the first space (hadolint allows "ignore=DL3008 reason").
  list = Trim(list);
  if (size_t space = list.find_first_of(" \t"); space != std::string_view::npos) {
    if (reason.empty()) reason = Trim(list.substr(space));
    list = list.substr(0, space);
  }
  d->tool = std::string(tool);
  d->targets = SplitList(list);
  d->reason = std::string(reason);
  d->scope = file_scope ? Directive::Scope::kFile : Directive::Scope::kNextLine;
  return !d->targets.empty();
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool SelectorMatches(std::string_view selector, const RuleInfo& rule, const RuleRegistry& registry) {
  if (EqualsIgnoreCase(selector, "all")) return true;
  for (const Rule* r : registry.Select(selector)) {
    if (r->info().id == rule.id) return true;
  }
  return false;
}

}  // namespace

std::vector<Directive> ScanDirectives(const std::string& file, std::string_view text, bool allow_trailing) {
  std::vector<Directive> out;
  // Cheap pre-check: most files have no directive at all.
  if (text.find("policycheck") == std::string_view::npos && text.find("hadolint") == std::string_view::npos) {
    return out;
  }
  std::vector<size_t> pending;  // next-line directives waiting for a code line
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    ++line_no;
    std::string_view trimmed = Trim(line);
    bool is_comment = trimmed.starts_with('#');
    if (is_comment) {
      Directive d;
      if (ParseDirective(trimmed.substr(1), &d)) {
        d.location = Location{file, line_no, static_cast<int>(line.find('#')) + 1};
        out.push_back(std::move(d));
        if (out.back().scope == Directive::Scope::kNextLine) pending.push_back(out.size() - 1);
      }
    } else if (!trimmed.empty()) {
      for (size_t i : pending) out[i].applies_to_line = out[i].applies_to_end_line = line_no;
      if (!allow_trailing && !pending.empty()) {
        // Dockerfile: the directive covers the whole instruction, continuation lines included.
        int last = line_no;
        size_t p = end;
        std::string_view cur = trimmed;
        while ((cur.ends_with('\\') || cur.ends_with('`')) && p < text.size()) {
          size_t e = text.find('\n', p + 1);
          if (e == std::string_view::npos) e = text.size();
          cur = Trim(text.substr(p + 1, e - p - 1));
          ++last;
          p = e;
        }
        for (size_t i : pending) out[i].applies_to_end_line = last;
      }
      pending.clear();
      if (allow_trailing) {
        // A trailing "# policycheck ignore=..." after code covers this line.
        size_t hash = line.find(" #");
        while (hash != std::string_view::npos) {
          Directive d;
          if (ParseDirective(line.substr(hash + 2), &d) && d.tool == "policycheck") {
            d.scope = Directive::Scope::kSameLine;
            d.applies_to_line = d.applies_to_end_line = line_no;
            d.location = Location{file, line_no, static_cast<int>(hash) + 2};
            out.push_back(std::move(d));
            break;
          }
          hash = line.find(" #", hash + 2);
        }
      }
    }
    if (end == text.size()) break;
    pos = end + 1;
  }
  return out;
}

bool DirectiveMatches(const Directive& directive, const RuleInfo& rule, const RuleRegistry& registry) {
  for (const auto& target : directive.targets) {
    if (directive.tool == "hadolint") {
      for (std::string_view eq : rule.equivalents) {
        if (eq.starts_with("hadolint:") && EqualsIgnoreCase(eq.substr(9), target)) return true;
      }
      // hadolint users may also name our own ids.
      if (EqualsIgnoreCase(target, rule.id)) return true;
    } else if (SelectorMatches(target, rule, registry)) {
      return true;
    }
  }
  return false;
}

std::optional<Suppression> AnnotationSuppression(const std::map<std::string, std::string>& annotations,
                                                 const RuleInfo& rule, const RuleRegistry& registry) {
  if (annotations.empty()) return std::nullopt;
  if (auto it = annotations.find("policycheck.io/ignore"); it != annotations.end()) {
    std::string_view value = it->second, reason;
    if (size_t dash = value.find("--"); dash != std::string_view::npos) {
      reason = Trim(value.substr(dash + 2));
      value = value.substr(0, dash);
    }
    for (const auto& sel : SplitList(value)) {
      if (SelectorMatches(sel, rule, registry)) {
        return Suppression{"annotation", std::string(reason), Location{}};
      }
    }
  }
  constexpr std::string_view kKubeLinter = "ignore-check.kube-linter.io/";
  for (const auto& [key, value] : annotations) {
    if (!key.starts_with(kKubeLinter)) continue;
    std::string_view check = std::string_view(key).substr(kKubeLinter.size());
    for (std::string_view eq : rule.equivalents) {
      if (eq.starts_with("kube-linter:") && eq.substr(12) == check) {
        return Suppression{"kube-linter", value, Location{}};
      }
    }
  }
  return std::nullopt;
}

std::string WriteBaseline(const std::vector<Finding>& findings) {
  nlohmann::ordered_json j;
  j["version"] = 1;
  j["tool"] = "policycheck";
  auto& list = j["findings"] = nlohmann::ordered_json::array();
  for (const auto& f : findings) {
    if (f.suppression) continue;
    nlohmann::ordered_json e;
    e["fingerprint"] = f.fingerprint;
    e["rule"] = f.rule_id;
    e["file"] = f.location.file;
    e["message"] = f.message;
    list.push_back(std::move(e));
  }
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::optional<std::set<std::string>> ReadBaseline(const std::string& text, std::string* error) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    *error = "not a JSON object";
    return std::nullopt;
  }
  if (!j.contains("version") || j["version"] != 1) {
    *error = "unsupported baseline version (expected \"version\": 1)";
    return std::nullopt;
  }
  if (!j.contains("findings") || !j["findings"].is_array()) {
    *error = "missing \"findings\" array";
    return std::nullopt;
  }
  std::set<std::string> out;
  for (const auto& e : j["findings"]) {
    if (!e.is_object() || !e.contains("fingerprint") || !e["fingerprint"].is_string()) {
      *error = "every finding needs a string \"fingerprint\"";
      return std::nullopt;
    }
    out.insert(e["fingerprint"].get<std::string>());
  }
  return out;
}

}  // namespace policycheck
