// DKR021 sudo-in-run: A RUN uses sudo.
#include <memory>
#include <string>

#include "dockerfile/rule_util.h"
#include "policycheck/dockerfile/model.h"
#include "policycheck/rule.h"

namespace policycheck::rules {
namespace {

namespace du = dockerfile_util;
using dockerfile::Dockerfile;
using dockerfile::Instruction;
using dockerfile::ShellCommand;
using dockerfile::Stage;

class SudoInRunRule : public DockerfileRule {
 public:
  SudoInRunRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR021",
          .name = "sudo-in-run",
          .target = Target::kDockerfile,
          .default_severity = Severity::kWarning,
          .enabled_by_default = true,
          .category = "security",
          .security_severity = 3.0,
          .summary = "A RUN uses sudo.",
          .remediation = "Drop sudo: switch with USER around the commands that need root instead.",
          .equivalents = {"hadolint:DL3004", "trivy:DS010", "checkov:CKV2_DOCKER_1"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    du::ForEachCommand(file, [&](const Stage& stage, const Instruction&, const ShellCommand& cmd) {
      if (cmd.base_name() == "sudo") {
        out.Report(du::Diag(stage, cmd.argv[0].location, "sudo in RUN"));
      }
    });
  }
};

}  // namespace

std::unique_ptr<Rule> NewSudoInRunRule() { return std::make_unique<SudoInRunRule>(); }

}  // namespace policycheck::rules
