// DKR018 hardcoded-credential: A value in the Dockerfile matches a known credential format.
#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dockerfile/rule_util.h"
#include "policycheck/credentials.h"
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
      }) {}

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
  static void Scan(const Stage* stage, std::string_view text, const dockerfile::PositionMap& positions,
                   Reporter& out) {
    CredentialPatterns::Get().ForEach(text, [&](const CredentialMatch& m) {
      Diagnostic d;
      d.location = positions.At(m.offset);
      d.message = "hard-coded credential (" + std::string(m.name) + ") in the Dockerfile";
      if (stage != nullptr) d.stage = stage->DisplayName();
      out.Report(std::move(d));
    });
  }
};

}  // namespace

std::unique_ptr<Rule> NewHardcodedCredentialRule() { return std::make_unique<HardcodedCredentialRule>(); }

}  // namespace policycheck::rules
