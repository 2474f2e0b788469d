// DKR004 image-latest-or-untagged: A FROM image has no tag or uses the floating latest tag.
#include <memory>
#include <string>

#include "dockerfile/rule_util.h"
#include "policycheck/dockerfile/model.h"
#include "policycheck/rule.h"

namespace policycheck::rules {
namespace {

namespace du = dockerfile_util;
using dockerfile::Dockerfile;
using dockerfile::BaseKind;
using dockerfile::Stage;

class ImageLatestOrUntaggedRule : public DockerfileRule {
 public:
  ImageLatestOrUntaggedRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR004",
          .name = "image-latest-or-untagged",
          .target = Target::kDockerfile,
          .default_severity = Severity::kWarning,
          .enabled_by_default = true,
          .category = "reliability",
          .summary = "A FROM image has no tag or uses the floating latest tag.",
          .remediation = "Pin the base image to a specific version tag (or a digest).",
          .equivalents = {"hadolint:DL3006", "hadolint:DL3007", "trivy:DS001", "checkov:CKV_DOCKER_7"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Stage& stage : file.stages) {
      if (stage.base_kind != BaseKind::kImage || stage.from.args.empty()) continue;
      const auto& image = stage.image;
      if (!image.digest.empty()) continue;
      if (image.tag.empty() && image.has_unexpanded_vars) continue;  // value only known at build time
      std::string shown = "'" + image.expanded + "'";
      if (image.raw != image.expanded) shown += " (from '" + image.raw + "')";
      if (image.tag.empty()) {
        out.Report(du::Diag(stage, stage.from.args[0].location,
                            "FROM image " + shown + " has no tag, so it floats with :latest"));
      } else if (image.tag == "latest") {
        out.Report(du::Diag(stage, stage.from.args[0].location,
                            "FROM image " + shown + " uses the floating :latest tag"));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewImageLatestOrUntaggedRule() { return std::make_unique<ImageLatestOrUntaggedRule>(); }

}  // namespace policycheck::rules
