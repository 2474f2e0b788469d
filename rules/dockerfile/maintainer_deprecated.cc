// DKR031 maintainer-deprecated: MAINTAINER is deprecated.
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
using dockerfile::Stage;

class MaintainerDeprecatedRule : public DockerfileRule {
 public:
  MaintainerDeprecatedRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR031",
          .name = "maintainer-deprecated",
          .target = Target::kDockerfile,
          .default_severity = Severity::kNote,
          .enabled_by_default = true,
          .category = "style",
          .summary = "MAINTAINER is deprecated.",
          .remediation = "Use `LABEL org.opencontainers.image.authors=\"...\"` instead.",
          .equivalents = {"hadolint:DL4000", "trivy:DS022", "checkov:CKV_DOCKER_6"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    du::ForEachInstruction(file, [&](const Stage& stage, const Instruction& inst) {
      if (inst.Is("MAINTAINER")) {
        out.Report(du::Diag(stage, inst.location, "MAINTAINER is deprecated"));
      }
    });
  }
};

}  // namespace

std::unique_ptr<Rule> NewMaintainerDeprecatedRule() { return std::make_unique<MaintainerDeprecatedRule>(); }

}  // namespace policycheck::rules
