// DKR001 last-user-root: The final stage of the image runs as root.
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
using dockerfile::Instruction;
using dockerfile::Stage;

class LastUserRootRule : public DockerfileRule {
 public:
  LastUserRootRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR001",
          .name = "last-user-root",
          .target = Target::kDockerfile,
          .default_severity = Severity::kError,
          .enabled_by_default = true,
          .category = "security",
          .security_severity = 8.0,
          .summary = "The final stage of the image runs as root.",
          .remediation = "Add `USER <uid>` (a non-zero UID such as 1001) as the last USER of the final stage.",
          .equivalents = {"hadolint:DL3002", "trivy:DS002", "checkov:CKV_DOCKER_3", "checkov:CKV_DOCKER_8"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    const Stage* final_stage = file.final_stage();
    if (final_stage == nullptr) return;
    const Stage* chain_root = final_stage;
    const Instruction* user = du::EffectiveUser(file, *final_stage, &chain_root);
    if (user == nullptr) {
      std::string msg = "final stage '" + final_stage->DisplayName() + "' sets no USER";
      if (chain_root != final_stage) {
        msg += " (nor do the stages it is built FROM)";
      }
      msg += chain_root->base_kind == BaseKind::kScratch
                 ? ": a scratch image runs as UID 0"
                 : ": the base image's default user applies, which is root unless the image sets one";
      out.Report(du::Diag(*final_stage, final_stage->from.location, msg));
      return;
    }
    const std::string& value = user->args[0].text;
    if (!du::IsRootUser(value)) return;
    bool in_final = !final_stage->instructions.empty() && user >= &final_stage->instructions.front() &&
                    user <= &final_stage->instructions.back();
    if (in_final) {
      out.Report(du::Diag(*final_stage, user->args[0].location,
                          "final stage runs as root (USER " + value + ")"));
      return;
    }
    Diagnostic d = du::Diag(*final_stage, final_stage->from.location,
                            "final stage '" + final_stage->DisplayName() +
                                "' inherits USER " + value + " from an earlier stage and runs as root");
    d.related.push_back(RelatedLocation{user->args[0].location, "USER set here"});
    out.Report(std::move(d));
  }
};

}  // namespace

std::unique_ptr<Rule> NewLastUserRootRule() { return std::make_unique<LastUserRootRule>(); }

}  // namespace policycheck::rules
