// Credential detection shared by secret-in-configmap and secret-in-env.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace policycheck::rules {

// Stateless: its regular expressions are compiled once, on first use, and shared.
class SecretDetector {
 public:
  // True when a key or variable name reads like a credential (DB_PASSWORD, api-key).
  bool NameLooksSecret(std::string_view name) const;
  // True when a value is a literal worth protecting (not empty, a path, a flag or a reference).
  bool IsLiteralValue(std::string_view value) const;
  // What kind of credential a value contains ("a PEM private key"), if any.
  std::optional<std::string> Classify(std::string_view value) const;
};

// Shannon entropy in bits per character.
double ShannonEntropy(std::string_view s);
// Decodes standard or URL-safe base64; nullopt when invalid.
std::optional<std::string> DecodeBase64(std::string_view in);

}  // namespace policycheck::rules
