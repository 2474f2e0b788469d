#include "secret_detector.h"

#include <cmath>

namespace policycheck::rules {

SecretDetector::SecretDetector() {
  RE2::Options opts;
  opts.set_log_errors(false);
  name_re_ = std::make_unique<RE2>(
      "(?i)(passw(or)?d|passwd|\\bpwd\\b|_pwd$|^pwd|secret|token|api[_.-]?key|apikey|private[_.-]?key|"
      "credential|access[_.-]?key|auth[_.-]?key|client[_.-]?secret|connection[_.-]?string)",
      opts);
  reference_re_ = std::make_unique<RE2>(
      "(?i)(name|names|file|path|dir|ref|mount|location|length|ttl|expiry|expiration|timeout|enabled|type|header|"
      "size|url_env|key_id|policy|version|mode|format|endpoint)$",
      opts);
  auto add = [&](std::string what, const char* re) {
    patterns_.push_back(Pattern{std::move(what), std::make_unique<RE2>(re, opts)});
  };
  add("a PEM private key", "-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----");
  add("an AWS access key id", "\\b(AKIA|ASIA)[0-9A-Z]{16}\\b");
  add("a GitHub token", "\\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\\b");
  add("a GitLab token", "\\bglpat-[A-Za-z0-9_-]{20,}\\b");
  add("a Slack token", "\\bxox[baprs]-[A-Za-z0-9-]{10,}");
  add("a Google API key", "\\bAIza[0-9A-Za-z_-]{35}\\b");
  add("a Stripe secret key", "\\b[sr]k_live_[0-9a-zA-Z]{20,}\\b");
  add("a JSON Web Token", "\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}");
  add("a URL with a password", "\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@${}]+:[^/\\s@${}<>*]{3,}@[^\\s]");
}

bool SecretDetector::NameLooksSecret(std::string_view name) const {
  // SECRET_NAME, TOKEN_FILE, PASSWORD_MIN_LENGTH name or describe a secret; they do not hold one.
  return RE2::PartialMatch(name, *name_re_) && !RE2::PartialMatch(name, *reference_re_);
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
  for (const Pattern& p : patterns_) {
    if (RE2::PartialMatch(value, *p.re)) return p.what;
  }
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
