// DKR030 duplicate-stage-name: Two stages have the same name.
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "dockerfile/rule_util.h"
#include "policycheck/dockerfile/model.h"
#include "policycheck/rule.h"

namespace policycheck::rules {
namespace {

namespace du = dockerfile_util;
using dockerfile::Dockerfile;
using dockerfile::Stage;

class DuplicateStageNameRule : public DockerfileRule {
 public:
  DuplicateStageNameRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR030",
          .name = "duplicate-stage-name",
          .target = Target::kDockerfile,
          .default_severity = Severity::kError,
          .enabled_by_default = true,
          .category = "correctness",
          .summary = "Two stages have the same name.",
          .remediation = "Give every stage a unique name.",
          .equivalents = {"hadolint:DL3024", "trivy:DS012", "checkov:CKV_DOCKER_11"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    std::unordered_map<std::string_view, const Stage*> first;  // linear in the number of stages
    for (const Stage& stage : file.stages) {
      if (stage.name.empty()) continue;
      auto [it, inserted] = first.emplace(stage.name, &stage);
      if (inserted) continue;
      const Stage& earlier = *it->second;
      Diagnostic d = du::Diag(stage, stage.name_location,
                              "stage name '" + stage.name + "' is already used by an earlier stage");
      d.related.push_back(RelatedLocation{earlier.name_location, "first defined here"});
      out.Report(std::move(d));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewDuplicateStageNameRule() { return std::make_unique<DuplicateStageNameRule>(); }

}  // namespace policycheck::rules
