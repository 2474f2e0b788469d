// Credential detection shared by secret-in-configmap and secret-in-env.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace policycheck::rules {

class SecretDetector {
 public:
  SecretDetector();
  // True when a key or variable name reads like a credential (DB_PASSWORD, api-key).
  bool NameLooksSecret(std::string_view name) const;
  // True when a value is a literal worth protecting (not empty, a path, a flag or a reference).
  bool IsLiteralValue(std::string_view value) const;
  // What kind of credential a value contains ("a PEM private key"), if any.
  std::optional<std::string> Classify(std::string_view value) const;

 private:
  struct Pattern {
    std::string what;
    std::unique_ptr<RE2> re;
  };
  std::unique_ptr<RE2> name_re_;
  std::unique_ptr<RE2> reference_re_;
  std::vector<Pattern> patterns_;
};

// Shannon entropy in bits per character.
double ShannonEntropy(std::string_view s);
// Decodes standard or URL-safe base64; nullopt when invalid.
std::optional<std::string> DecodeBase64(std::string_view in);

}  // namespace policycheck::rules
