// The rule registry: the single source of truth for ids, names, defaults,
// params and documentation. Created in main and passed down; no global state.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "policycheck/rule.h"

namespace policycheck {

class RuleRegistry {
 public:
  // Registers a rule. Duplicate ids or names are a programming error and
  // are returned as an error message (tests assert it is empty).
  std::string Add(std::unique_ptr<Rule> rule);

  // Lookup by exact id ("K8S001") or name ("privileged-container"), case-insensitive id.
  const Rule* Find(std::string_view id_or_name) const;
  // Rules selected by a selector: an id, a name, or an id prefix ("K8S", "K8S0", "DKR00").
  // "ALL" selects everything.
  std::vector<const Rule*> Select(std::string_view selector) const;
  // Rules whose equivalents contain "<tool>:<code>" (e.g. "hadolint:DL3002").
  std::vector<const Rule*> FindByEquivalent(std::string_view tool, std::string_view code) const;

  // All rules sorted by id.
  const std::vector<const Rule*>& rules() const { return sorted_; }

  // Embedded markdown doc of a rule (from rules/**/<rule>.md), empty if none.
  std::string_view Doc(std::string_view id) const;
  void SetDoc(std::string_view id, std::string_view markdown);

 private:
  std::vector<std::unique_ptr<Rule>> owned_;
  std::vector<const Rule*> sorted_;
  std::unordered_map<std::string, const Rule*> by_key_;  // upper-case id, and name -> rule
  std::map<std::string, std::string_view, std::less<>> docs_;
};

// Registers every built-in rule (rules/all_rules.cc) and embeds their docs.
void RegisterBuiltinRules(RuleRegistry& registry);

// Documentation URL of a rule (SARIF helpUri, text output).
std::string RuleHelpUri(const RuleInfo& info);

}  // namespace policycheck
