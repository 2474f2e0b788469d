#include "policycheck/registry.h"

#include <algorithm>
#include <cctype>

namespace policycheck {

namespace {
bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
         });
}
std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}
}  // namespace

std::string RuleRegistry::Add(std::unique_ptr<Rule> rule) {
  const RuleInfo& info = rule->info();
  for (const Rule* r : sorted_) {
    if (EqualsIgnoreCase(r->info().id, info.id)) return "duplicate rule id " + std::string(info.id);
    if (r->info().name == info.name) return "duplicate rule name " + std::string(info.name);
  }
  const Rule* raw = rule.get();
  owned_.push_back(std::move(rule));
  auto pos = std::lower_bound(sorted_.begin(), sorted_.end(), raw, [](const Rule* a, const Rule* b) {
    return a->info().id < b->info().id;
  });
  sorted_.insert(pos, raw);
  by_key_.emplace(Upper(info.id), raw);
  by_key_.emplace(std::string(info.name), raw);
  return "";
}

const Rule* RuleRegistry::Find(std::string_view id_or_name) const {
  // Ids are matched without case, names exactly; names are lower-case kebab, ids upper-case.
  if (auto it = by_key_.find(std::string(id_or_name)); it != by_key_.end()) {
    const RuleInfo& info = it->second->info();
    if (info.name == id_or_name || EqualsIgnoreCase(info.id, id_or_name)) return it->second;
  }
  auto it = by_key_.find(Upper(id_or_name));
  if (it != by_key_.end() && EqualsIgnoreCase(it->second->info().id, id_or_name)) return it->second;
  return nullptr;
}

std::vector<const Rule*> RuleRegistry::Select(std::string_view selector) const {
  std::vector<const Rule*> out;
  if (selector.empty()) return out;
  if (EqualsIgnoreCase(selector, "ALL")) return sorted_;
  if (const Rule* r = Find(selector)) return {r};
  // An id prefix must be letters followed by optional digits ("K8S", "K8S0", "DKR00").
  for (const Rule* r : sorted_) {
    if (StartsWithIgnoreCase(r->info().id, selector)) out.push_back(r);
  }
  return out;
}

std::vector<const Rule*> RuleRegistry::FindByEquivalent(std::string_view tool,
                                                        std::string_view code) const {
  std::vector<const Rule*> out;
  for (const Rule* r : sorted_) {
    for (std::string_view eq : r->info().equivalents) {
      auto colon = eq.find(':');
      if (colon == std::string_view::npos) continue;
      if (eq.substr(0, colon) == tool && EqualsIgnoreCase(eq.substr(colon + 1), code)) {
        out.push_back(r);
        break;
      }
    }
  }
  return out;
}

std::string_view RuleRegistry::Doc(std::string_view id) const {
  auto it = docs_.find(id);
  return it == docs_.end() ? std::string_view() : it->second;
}

void RuleRegistry::SetDoc(std::string_view id, std::string_view markdown) {
  docs_[std::string(id)] = markdown;
}

std::string RuleHelpUri(const RuleInfo& info) {
  return "https://github.com/policycheck/policycheck/blob/main/docs/rules/" + std::string(info.id) +
         ".md";
}

}  // namespace policycheck
