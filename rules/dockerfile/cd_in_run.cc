// DKR022 cd-in-run: A RUN changes directory with cd instead of using WORKDIR.
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

class CdInRunRule : public DockerfileRule {
 public:
  CdInRunRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR022",
          .name = "cd-in-run",
          .target = Target::kDockerfile,
          .default_severity = Severity::kNote,
          .enabled_by_default = true,
          .category = "style",
          .summary = "A RUN changes directory with cd instead of using WORKDIR.",
          .remediation = "Use WORKDIR to set the directory the following instructions run in.",
          .equivalents = {"hadolint:DL3003", "trivy:DS013"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    du::ForEachCommand(file, [&](const Stage& stage, const Instruction&, const ShellCommand& cmd) {
      if (cmd.name() == "cd") {
        out.Report(du::Diag(stage, cmd.argv[0].location, "cd in RUN; use WORKDIR"));
      }
    });
  }
};

}  // namespace

std::unique_ptr<Rule> NewCdInRunRule() { return std::make_unique<CdInRunRule>(); }

}  // namespace policycheck::rules
