// DKR005 image-not-pinned-by-digest: A FROM image is referenced by tag instead of an immutable digest.
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

class ImageNotPinnedByDigestRule : public DockerfileRule {
 public:
  ImageNotPinnedByDigestRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR005",
          .name = "image-not-pinned-by-digest",
          .target = Target::kDockerfile,
          .default_severity = Severity::kNote,
          .enabled_by_default = false,
          .category = "security",
          .security_severity = 3.0,
          .summary = "A FROM image is referenced by tag instead of an immutable digest.",
          .remediation = "Reference the image as `name:tag@sha256:<digest>` and update it with a bot such as Renovate.",
          .equivalents = {},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Stage& stage : file.stages) {
      if (stage.base_kind != BaseKind::kImage || stage.from.args.empty()) continue;
      if (!stage.image.digest.empty()) continue;
      out.Report(du::Diag(stage, stage.from.args[0].location,
                          "FROM image '" + stage.image.expanded + "' is not pinned by digest"));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewImageNotPinnedByDigestRule() { return std::make_unique<ImageNotPinnedByDigestRule>(); }

}  // namespace policycheck::rules
