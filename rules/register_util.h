// Helper for the per-area register.cc files.
#pragma once

#include <cstdlib>
#include <iostream>
#include <memory>

#include "policycheck/registry.h"

namespace policycheck::rules {

// Adds a rule; a duplicate id or name is a programming error caught by every test run.
inline void AddRule(RuleRegistry& registry, std::unique_ptr<Rule> rule) {
  std::string error = registry.Add(std::move(rule));
  if (!error.empty()) {
    std::cerr << "policycheck: internal error: " << error << "\n";
    std::abort();
  }
}

}  // namespace policycheck::rules
