// Known credential formats (private keys, cloud and forge tokens, JSON Web Tokens, passwords in
// URLs), shared by every rule that looks for secrets: the Dockerfile rules, the ConfigMap and env
// rules. One table, compiled once on first use and shared by all threads.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>

namespace policycheck {

struct CredentialMatch {
  size_t offset = 0;  // of the match in the scanned text
  size_t length = 0;
  std::string_view name;         // "AWS access key id"
  std::string_view description;  // "an AWS access key id"
};

class CredentialPatterns {
 public:
  static const CredentialPatterns& Get();

  // The first format (in table order) that occurs in `text`, with its first occurrence.
  std::optional<CredentialMatch> First(std::string_view text) const;
  // Every occurrence of every format, format by format in table order, then by position.
  void ForEach(std::string_view text, const std::function<void(const CredentialMatch&)>& fn) const;

  CredentialPatterns(const CredentialPatterns&) = delete;
  CredentialPatterns& operator=(const CredentialPatterns&) = delete;

 private:
  CredentialPatterns();
  ~CredentialPatterns();
  struct Impl;
  Impl* impl_;
};

}  // namespace policycheck
