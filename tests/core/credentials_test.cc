#include "policycheck/credentials.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace policycheck {
namespace {

TEST(CredentialPatternsTest, EveryFormatIsFoundAndLocated) {
  const std::pair<std::string, std::string> samples[] = {
      {"-----BEGIN OPENSSH PRIVATE KEY-----", "private key"},
      {"-----BEGIN PRIVATE KEY-----", "private key"},
      {"AKIAIOSFODNN7EXAMPLE", "AWS access key id"},
      {"ghp_" + std::string(36, 'a'), "GitHub token"},
      {"github_pat_" + std::string(30, 'B'), "GitHub token"},
      {"glpat-" + std::string(20, 'x'), "GitLab token"},
      {"xoxb-1234567890-abc", "Slack token"},
      {"sk_live_" + std::string(24, '0'), "Stripe live key"},
      {"AIza" + std::string(35, 'Q'), "Google API key"},
      {"npm_" + std::string(36, 'z'), "npm token"},
      {"eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.SflKxwRJSMeKKF2Q", "JSON Web Token"},
      {"postgres://app:s3cr3t@db:5432/app", "password in URL"},
  };
  for (const auto& [secret, name] : samples) {
    std::string text = "ENV X=1 " + secret + " tail";
    auto m = CredentialPatterns::Get().First(text);
    ASSERT_TRUE(m.has_value()) << secret;
    EXPECT_EQ(m->name, name) << secret;
    EXPECT_EQ(m->offset, 8u) << secret;
    std::vector<std::string> all;
    CredentialPatterns::Get().ForEach(text, [&](const CredentialMatch& c) { all.emplace_back(c.name); });
    EXPECT_FALSE(all.empty()) << secret;
  }
}

TEST(CredentialPatternsTest, PlaceholdersAndLookalikesAreNotCredentials) {
  for (const char* text : {"", "plain text", "https://example.com/path", "postgres://user:${PASS}@db",
                           "postgres://user:<password>@db", "postgres://user:***@db", "AKIA-not-a-key",
                           "ghp_short", "-----BEGIN CERTIFICATE-----", "-----BEGIN PUBLIC KEY-----"}) {
    EXPECT_FALSE(CredentialPatterns::Get().First(text).has_value()) << text;
  }
}

TEST(CredentialPatternsTest, ForEachReportsEveryOccurrence) {
  std::string text = "a AKIAIOSFODNN7EXAMPLE b AKIAIOSFODNN7EXAMPLF c";
  std::vector<size_t> offsets;
  CredentialPatterns::Get().ForEach(text, [&](const CredentialMatch& c) { offsets.push_back(c.offset); });
  EXPECT_EQ(offsets, (std::vector<size_t>{2, 25}));
}

}  // namespace
}  // namespace policycheck
