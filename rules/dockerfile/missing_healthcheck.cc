// DKR033 missing-healthcheck: The final image defines no HEALTHCHECK.
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

class MissingHealthcheckRule : public DockerfileRule {
 public:
  MissingHealthcheckRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR033",
          .name = "missing-healthcheck",
          .target = Target::kDockerfile,
          .default_severity = Severity::kNote,
          .enabled_by_default = false,
          .category = "reliability",
          .summary = "The final image defines no HEALTHCHECK.",
          .remediation = "Add a HEALTHCHECK to the final stage (or to a stage it is built FROM).",
          .params =
              {
              ParamSpec{"allow_none", ParamType::kBool, "true",
                        "Accept an explicit `HEALTHCHECK NONE` as a decision."},
              },
          .equivalents = {"hadolint:DL3057", "trivy:DS026", "checkov:CKV_DOCKER_2"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& ctx, Reporter& out) const override {
    const Stage* final_stage = file.final_stage();
    if (final_stage == nullptr) return;
    bool allow_none = ctx.params.Bool("allow_none");
    for (const Stage* stage : du::ShippedStages(file)) {
      for (const Instruction& inst : stage->instructions) {
        if (!inst.Is("HEALTHCHECK")) continue;
        std::string first = inst.args_text.substr(0, 4);
        for (char& c : first) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (first != "NONE" || allow_none) return;
      }
    }
    out.Report(du::Diag(*final_stage, final_stage->from.location,
                        "final stage '" + final_stage->DisplayName() + "' defines no HEALTHCHECK"));
  }
};

}  // namespace

std::unique_ptr<Rule> NewMissingHealthcheckRule() { return std::make_unique<MissingHealthcheckRule>(); }

}  // namespace policycheck::rules
