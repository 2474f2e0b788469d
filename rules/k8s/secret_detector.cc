#include "secret_detector.h"

#include <re2/re2.h>

#include <cmath>

#include "policycheck/credentials.h"

namespace policycheck::rules {

bool SecretDetector::NameLooksSecret(std::string_view name) const {
  // SECRET_NAME, TOKEN_FILE, PASSWORD_MIN_LENGTH name or describe a secret; they do not hold one.
  static const RE2* name_re = new RE2(
      "(?i)(passw(or)?d|passwd|\\bpwd\\b|_pwd$|^pwd|secret|token|api[_.-]?key|apikey|private[_.-]?key|"
      "credential|access[_.-]?key|auth[_.-]?key|client[_.-]?secret|connection[_.-]?string)");
  static const RE2* reference_re = new RE2(
      "(?i)(name|names|file|path|dir|ref|mount|location|length|ttl|expiry|expiration|timeout|enabled|type|header|"
      "size|url_env|key_id|policy|version|mode|format|endpoint)$");
  return RE2::PartialMatch(name, *name_re) && !RE2::PartialMatch(name, *reference_re);
}

bool SecretDetector::IsLiteralValue(std::string_view v) const {
  if (v.size() < 4 || v.size() > 4096) return false;
  if (v.find_first_of(" \n\t") != std::string_view::npos) return false;
  if (v[0] == '/' || v.starts_with("./") || v.starts_with("${") || v.starts_with("$(") ||
      v.starts_with("{{") || v.starts_with("<") || v.starts_with("%")) {
    return false;
  }
  std::string lower;
  for (char c : v) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view flag : {"true", "false", "enabled", "disabled", "none", "null", "required", "optional"}) {
    if (lower == flag) return false;
  }
  bool digits_only = true;
  for (char c : v) digits_only = digits_only && ((c >= '0' && c <= '9') || c == '.');
  if (digits_only) return false;
  // A file name (token.txt, key.pem) names where a secret lives, not the secret.
  for (std::string_view ext : {".txt", ".pem", ".key", ".crt", ".json", ".yaml", ".yml", ".conf", ".file"}) {
    if (lower.ends_with(ext)) return false;
  }
  return true;
}

double ShannonEntropy(std::string_view s) {
  if (s.empty()) return 0;
  int counts[256] = {};
  for (unsigned char c : s) ++counts[c];
  double h = 0;
  for (int n : counts) {
    if (n == 0) continue;
    double p = static_cast<double>(n) / static_cast<double>(s.size());
    h -= p * std::log2(p);
  }
  return h;
}

std::optional<std::string> SecretDetector::Classify(std::string_view value) const {
  if (auto m = CredentialPatterns::Get().First(value)) return std::string(m->description);
  // Long random-looking tokens (not inside certificates or public keys, which are public).
  for (std::string_view public_material : {"CERTIFICATE", "PUBLIC KEY", "ssh-rsa ", "ssh-ed25519 ", "ssh-dss ",
                                           "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-"}) {
    if (value.find(public_material) != std::string_view::npos) return std::nullopt;
  }
  size_t i = 0;
  while (i < value.size()) {
    size_t j = i;
    while (j < value.size() && (std::isalnum(static_cast<unsigned char>(value[j])) || value[j] == '+' ||
                                value[j] == '/' || value[j] == '=' || value[j] == '_' || value[j] == '-')) {
      ++j;
    }
    std::string_view token = value.substr(i, j - i);
    if (token.size() >= 32 && token.size() <= 512) {
      bool digit = false, upper = false, lower = false;
      for (char c : token) {
        digit |= c >= '0' && c <= '9';
        upper |= c >= 'A' && c <= 'Z';
        lower |= c >= 'a' && c <= 'z';
      }
      // Hex digests top out at 4 bits per character; random base64 sits near 5.5.
      if (digit && upper && lower && ShannonEntropy(token) >= 4.5 &&
          token.find('/') == std::string_view::npos) {
        return std::string("a high-entropy token");
      }
    }
    i = j + 1;
  }
  return std::nullopt;
}

std::optional<std::string> DecodeBase64(std::string_view in) {
  std::string out;
  uint32_t buf = 0;
  int bits = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z') {
      v = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      v = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      v = c - '0' + 52;
    } else if (c == '+' || c == '-') {
      v = 62;
    } else if (c == '/' || c == '_') {
      v = 63;
    } else if (c == '=' || c == '\n' || c == '\r' || c == ' ') {
      continue;
    } else {
      return std::nullopt;
    }
    buf = (buf << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace policycheck::rules
