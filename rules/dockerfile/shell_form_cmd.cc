// DKR025 shell-form-cmd: CMD or ENTRYPOINT uses shell form, so the process does not receive signals.
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

class ShellFormCmdRule : public DockerfileRule {
 public:
  ShellFormCmdRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR025",
          .name = "shell-form-cmd",
          .target = Target::kDockerfile,
          .default_severity = Severity::kWarning,
          .enabled_by_default = true,
          .category = "reliability",
          .summary = "CMD or ENTRYPOINT uses shell form, so the process does not receive signals.",
          .remediation = "Use the exec (JSON array) form, e.g. `CMD [\"nginx\", \"-g\", \"daemon off;\"]`.",
          .equivalents = {"hadolint:DL3025"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Stage* stage : du::ShippedStages(file)) {
      for (const Instruction& inst : stage->instructions) {
        if ((inst.Is("CMD") || inst.Is("ENTRYPOINT")) && inst.form == dockerfile::InstructionForm::kShell &&
            !inst.args_text.empty()) {
          out.Report(du::Diag(*stage, inst.location,
                              inst.keyword + " in shell form runs under /bin/sh -c, which does not "
                                             "forward SIGTERM"));
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewShellFormCmdRule() { return std::make_unique<ShellFormCmdRule>(); }

}  // namespace policycheck::rules
