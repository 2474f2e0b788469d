#include "policycheck/registry.h"

#include <gtest/gtest.h>

namespace policycheck {
namespace {

TEST(RegistryTest, BuiltinRulesRegisterWithoutDuplicates) {
  RuleRegistry registry;
  RegisterBuiltinRules(registry);
  EXPECT_NE(registry.Find("PC001"), nullptr);
  EXPECT_NE(registry.Find("invalid-input"), nullptr);
}

}  // namespace
}  // namespace policycheck
