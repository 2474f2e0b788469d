// DKR017 secret-in-env-or-arg: An ENV or ARG named like a credential has a literal value.
#include <memory>
#include <re2/re2.h>
#include <string>

#include "dockerfile/rule_util.h"
#include "policycheck/dockerfile/model.h"
#include "policycheck/rule.h"

namespace policycheck::rules {
namespace {

namespace du = dockerfile_util;
using dockerfile::Dockerfile;
using dockerfile::Instruction;
using dockerfile::Stage;

class SecretInEnvOrArgRule : public DockerfileRule {
 public:
  SecretInEnvOrArgRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR017",
          .name = "secret-in-env-or-arg",
          .target = Target::kDockerfile,
          .default_severity = Severity::kError,
          .enabled_by_default = true,
          .category = "security",
          .security_severity = 8.0,
          .summary = "An ENV or ARG named like a credential has a literal value.",
          .remediation = "Pass secrets at run time or with `RUN --mount=type=secret`, never as ENV/ARG values.",
          .equivalents = {},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    static const RE2* name_re = new RE2(
        "(?i)(^|_)(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|SECRET_?KEY|"
        "PRIVATE_?KEY|AUTH_?KEY|CLIENT_?SECRET|CREDENTIALS?)(_|$)");
    static const RE2* not_secret_re =
        new RE2("(?i)_(FILE|PATH|DIR|URL|URI|ENDPOINT|HOST|LENGTH|NAME|HEADER|TYPE|ID|USER|USERNAME)$");
    du::ForEachInstruction(file, [&](const Stage& stage, const Instruction& inst) {
      if (!inst.Is("ENV") && !inst.Is("ARG")) return;
      for (const auto& kv : inst.pairs) {
        if (!kv.has_value || kv.raw_value.empty() || kv.raw_value.find('$') != std::string::npos) {
          continue;
        }
        if (!RE2::PartialMatch(kv.key, *name_re) || RE2::PartialMatch(kv.key, *not_secret_re)) {
          continue;
        }
        out.Report(du::Diag(stage, kv.key_location,
                            inst.keyword + " " + kv.key +
                                " has a literal value that is stored in the image; use RUN "
                                "--mount=type=secret or a run-time variable"));
      }
    });
    // Global ARGs (before the first FROM) leak through build history too.
    for (const auto& kv : file.global_args) {
      if (!kv.has_value || kv.raw_value.empty() || kv.raw_value.find('$') != std::string::npos) continue;
      if (!RE2::PartialMatch(kv.key, *name_re) || RE2::PartialMatch(kv.key, *not_secret_re)) continue;
      Diagnostic d;
      d.location = kv.key_location;
      d.message = "ARG " + kv.key +
                  " has a literal value that is stored in the image; use RUN --mount=type=secret or "
                  "a run-time variable";
      out.Report(std::move(d));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewSecretInEnvOrArgRule() { return std::make_unique<SecretInEnvOrArgRule>(); }

}  // namespace policycheck::rules
