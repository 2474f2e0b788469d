// DKR018 hardcoded-credential: A value in the Dockerfile matches a known credential format.
#include <algorithm>
#include <memory>
#include <re2/re2.h>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dockerfile/rule_util.h"
#include "policycheck/dockerfile/model.h"
#include "policycheck/rule.h"

namespace policycheck::rules {
namespace {

namespace du = dockerfile_util;
using dockerfile::Dockerfile;
using dockerfile::Instruction;
using dockerfile::Stage;

class HardcodedCredentialRule : public DockerfileRule {
 public:
  HardcodedCredentialRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR018",
          .name = "hardcoded-credential",
          .target = Target::kDockerfile,
          .default_severity = Severity::kError,
          .enabled_by_default = true,
          .category = "security",
          .security_severity = 9.0,
          .summary = "A value in the Dockerfile matches a known credential format.",
          .remediation = "Remove the credential, rotate it, and supply it with `RUN --mount=type=secret` or at run time.",
          .equivalents = {},
      }) {
    static constexpr std::pair<std::string_view, std::string_view> kPatterns[] = {
        {"private key", "-----BEGIN ((RSA|DSA|EC|OPENSSH|PGP|ENCRYPTED) )?PRIVATE KEY( BLOCK)?-----"},
        {"AWS access key id", "\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"},
        {"GitHub token", "\\b(gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\\b"},
        {"GitLab token", "\\bglpat-[A-Za-z0-9_-]{20,}"},
        {"Slack token", "\\bxox[baprs]-[A-Za-z0-9-]{10,}"},
        {"Stripe live key", "\\b(sk|rk)_live_[A-Za-z0-9]{24,}"},
        {"Google API key", "\\bAIza[0-9A-Za-z_-]{35}"},
        {"npm token", "\\bnpm_[A-Za-z0-9]{36}\\b"},
        {"password in URL", "\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@$]+:[^/\\s@$]+@[A-Za-z0-9.-]+"},
    };
    for (const auto& [name, pattern] : kPatterns) {
      patterns_.push_back({name, std::make_unique<RE2>(pattern)});
    }
  }

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Instruction& inst : file.preamble) Scan(nullptr, inst.raw_args, inst.positions, out);
    for (const Stage& stage : file.stages) {
      Scan(&stage, stage.from.raw_args, stage.from.positions, out);
      for (const Instruction& inst : stage.instructions) {
        Scan(&stage, inst.raw_args, inst.positions, out);
        for (const auto& h : inst.heredocs) Scan(&stage, h.body, h.positions, out);
      }
    }
  }

 private:
  void Scan(const Stage* stage, std::string_view text, const dockerfile::PositionMap& positions,
            Reporter& out) const {
    for (const auto& [name, re] : patterns_) {
      re2::StringPiece input(text.data(), text.size());
      re2::StringPiece match;
      size_t pos = 0;
      while (pos < text.size() &&
             re->Match(input, pos, text.size(), RE2::UNANCHORED, &match, 1)) {
        size_t offset = static_cast<size_t>(match.data() - text.data());
        Diagnostic d;
        d.location = positions.At(offset);
        d.message = "hard-coded credential (" + std::string(name) + ") in the Dockerfile";
        if (stage != nullptr) d.stage = stage->DisplayName();
        out.Report(std::move(d));
        pos = offset + std::max<size_t>(match.size(), 1);
      }
    }
  }

  struct Pattern {
    std::string_view name;
    std::unique_ptr<RE2> re;
  };
  std::vector<Pattern> patterns_;
};

}  // namespace

std::unique_ptr<Rule> NewHardcodedCredentialRule() { return std::make_unique<HardcodedCredentialRule>(); }

}  // namespace policycheck::rules
