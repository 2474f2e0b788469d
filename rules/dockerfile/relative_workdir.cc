// DKR023 relative-workdir: WORKDIR is a relative path.
#include <cctype>
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

class RelativeWorkdirRule : public DockerfileRule {
 public:
  RelativeWorkdirRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR023",
          .name = "relative-workdir",
          .target = Target::kDockerfile,
          .default_severity = Severity::kWarning,
          .enabled_by_default = true,
          .category = "reliability",
          .summary = "WORKDIR is a relative path.",
          .remediation = "Use an absolute WORKDIR path.",
          .equivalents = {"hadolint:DL3000", "trivy:DS009", "checkov:CKV_DOCKER_10"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    du::ForEachInstruction(file, [&](const Stage& stage, const Instruction& inst) {
      if (!inst.Is("WORKDIR") || inst.args.empty()) return;
      const std::string& dir = inst.args[0].text;
      if (dir.empty() || dir[0] == '/' || dir[0] == '\\' || dir.find('$') != std::string::npos) return;
      if (dir.size() >= 2 && std::isalpha(static_cast<unsigned char>(dir[0])) && dir[1] == ':') return;
      out.Report(du::Diag(stage, inst.args[0].location,
                          "WORKDIR '" + dir + "' is relative to whatever the previous WORKDIR was"));
    });
  }
};

}  // namespace

std::unique_ptr<Rule> NewRelativeWorkdirRule() { return std::make_unique<RelativeWorkdirRule>(); }

}  // namespace policycheck::rules
