// DKR024 multiple-cmd-or-entrypoint: A stage has more than one CMD or ENTRYPOINT; only the last one takes effect.
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

class MultipleCmdOrEntrypointRule : public DockerfileRule {
 public:
  MultipleCmdOrEntrypointRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR024",
          .name = "multiple-cmd-or-entrypoint",
          .target = Target::kDockerfile,
          .default_severity = Severity::kWarning,
          .enabled_by_default = true,
          .category = "correctness",
          .summary = "A stage has more than one CMD or ENTRYPOINT; only the last one takes effect.",
          .remediation = "Keep a single CMD and a single ENTRYPOINT per stage.",
          .equivalents = {"hadolint:DL4003", "hadolint:DL4004", "trivy:DS007", "trivy:DS016"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Stage& stage : file.stages) {
      const Instruction* first_cmd = nullptr;
      const Instruction* first_entry = nullptr;
      for (const Instruction& inst : stage.instructions) {
        const Instruction** first = inst.Is("CMD") ? &first_cmd : inst.Is("ENTRYPOINT") ? &first_entry : nullptr;
        if (first == nullptr) continue;
        if (*first == nullptr) {
          *first = &inst;
          continue;
        }
        Diagnostic d = du::Diag(stage, inst.location,
                                "another " + inst.keyword + " in this stage; the earlier one has no effect");
        d.related.push_back(RelatedLocation{(*first)->location, "first " + inst.keyword});
        out.Report(std::move(d));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewMultipleCmdOrEntrypointRule() { return std::make_unique<MultipleCmdOrEntrypointRule>(); }

}  // namespace policycheck::rules
