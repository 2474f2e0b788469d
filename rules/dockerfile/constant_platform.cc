// DKR029 constant-platform: FROM --platform is set to a constant value.
#include <memory>
#include <string>

#include "dockerfile/rule_util.h"
#include "policycheck/dockerfile/model.h"
#include "policycheck/rule.h"

namespace policycheck::rules {
namespace {

namespace du = dockerfile_util;
using dockerfile::Dockerfile;
using dockerfile::Stage;

class ConstantPlatformRule : public DockerfileRule {
 public:
  ConstantPlatformRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR029",
          .name = "constant-platform",
          .target = Target::kDockerfile,
          .default_severity = Severity::kWarning,
          .enabled_by_default = true,
          .category = "reliability",
          .summary = "FROM --platform is set to a constant value.",
          .remediation = "Drop --platform, or use $BUILDPLATFORM / $TARGETPLATFORM.",
          .equivalents = {"hadolint:DL3029"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Stage& stage : file.stages) {
      if (stage.raw_platform.empty() || stage.raw_platform.find('$') != std::string::npos) continue;
      out.Report(du::Diag(stage, stage.platform_location,
                          "FROM --platform=" + stage.raw_platform +
                              " pins the platform; multi-platform builds cannot override it"));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewConstantPlatformRule() { return std::make_unique<ConstantPlatformRule>(); }

}  // namespace policycheck::rules
