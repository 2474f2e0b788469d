#include "policycheck/credentials.h"

#include <re2/re2.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace policycheck {

namespace {

struct Format {
  std::string_view name;
  std::string_view description;
  std::string_view pattern;
};

// Ordered from the most specific to the most general; each is anchored on a distinctive prefix.
constexpr Format kFormats[] = {
    {"private key", "a PEM private key", "-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----"},
    {"AWS access key id", "an AWS access key id", "\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"},
    {"GitHub token", "a GitHub token", "\\b(gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\\b"},
    {"GitLab token", "a GitLab token", "\\bglpat-[A-Za-z0-9_-]{20,}"},
    {"Slack token", "a Slack token", "\\bxox[baprs]-[A-Za-z0-9-]{10,}"},
    {"Stripe live key", "a Stripe secret key", "\\b[sr]k_live_[0-9a-zA-Z]{20,}"},
    {"Google API key", "a Google API key", "\\bAIza[0-9A-Za-z_-]{35}"},
    {"npm token", "an npm token", "\\bnpm_[A-Za-z0-9]{36}\\b"},
    {"JSON Web Token", "a JSON Web Token", "\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"},
    // user:password@host, not placeholders (${PASS}, {{ .pass }}, <password>, ***).
    {"password in URL", "a URL with a password",
     "\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@${}]+:[^/\\s@${}<>*]{3,}@[^\\s]"},
};

}  // namespace

struct CredentialPatterns::Impl {
  struct Pattern {
    const Format* format;
    std::unique_ptr<RE2> re;
  };
  // The distinctive start of every format, without counted repetitions: it compiles in
  // microseconds and rejects text without credentials in one pass, so the full patterns (whose
  // {36,255} repetitions are costly to compile) are compiled only when some text needs them.
  RE2 prefilter{"-----BEGIN |AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox[baprs]-|[sr]k_live_|AIza|npm_|eyJ|"
                "://[^/\\s:@]+:[^/\\s@]+@"};
  std::once_flag compiled;
  std::vector<Pattern> patterns;

  const std::vector<Pattern>& Patterns() {
    std::call_once(compiled, [this] {
      RE2::Options options;
      options.set_log_errors(false);
      for (const Format& f : kFormats) patterns.push_back({&f, std::make_unique<RE2>(f.pattern, options)});
    });
    return patterns;
  }
};

CredentialPatterns::CredentialPatterns() : impl_(new Impl) {}

CredentialPatterns::~CredentialPatterns() { delete impl_; }

const CredentialPatterns& CredentialPatterns::Get() {
  static const CredentialPatterns* patterns = new CredentialPatterns();  // never destroyed: used at exit
  return *patterns;
}

std::optional<CredentialMatch> CredentialPatterns::First(std::string_view text) const {
  re2::StringPiece input(text.data(), text.size());
  if (!RE2::PartialMatch(input, impl_->prefilter)) return std::nullopt;
  for (const Impl::Pattern& p : impl_->Patterns()) {
    re2::StringPiece match;
    if (p.re->Match(input, 0, text.size(), RE2::UNANCHORED, &match, 1)) {
      return CredentialMatch{static_cast<size_t>(match.data() - text.data()), match.size(), p.format->name,
                             p.format->description};
    }
  }
  return std::nullopt;
}

void CredentialPatterns::ForEach(std::string_view text,
                                 const std::function<void(const CredentialMatch&)>& fn) const {
  re2::StringPiece input(text.data(), text.size());
  if (!RE2::PartialMatch(input, impl_->prefilter)) return;
  for (const Impl::Pattern& p : impl_->Patterns()) {
    re2::StringPiece match;
    size_t pos = 0;
    while (pos < text.size() && p.re->Match(input, pos, text.size(), RE2::UNANCHORED, &match, 1)) {
      size_t offset = static_cast<size_t>(match.data() - text.data());
      fn(CredentialMatch{offset, match.size(), p.format->name, p.format->description});
      pos = offset + std::max<size_t>(match.size(), 1);
    }
  }
}

}  // namespace policycheck
