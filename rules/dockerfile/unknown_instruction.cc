// DKR032 unknown-instruction: A line starts with a word that is not a Dockerfile instruction.
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

class UnknownInstructionRule : public DockerfileRule {
 public:
  UnknownInstructionRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR032",
          .name = "unknown-instruction",
          .target = Target::kDockerfile,
          .default_severity = Severity::kError,
          .enabled_by_default = true,
          .category = "correctness",
          .summary = "A line starts with a word that is not a Dockerfile instruction.",
          .remediation = "Fix the instruction keyword, or add the missing line continuation on the line before.",
          .equivalents = {},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    auto report = [&](const Stage* stage, const Instruction& inst) {
      if (inst.known) return;
      Diagnostic d;
      d.location = inst.location;
      d.message = "unknown instruction '" + inst.keyword + "'";
      if (stage != nullptr) d.stage = stage->DisplayName();
      out.Report(std::move(d));
    };
    for (const Instruction& inst : file.preamble) report(nullptr, inst);
    for (const Stage& stage : file.stages) {
      for (const Instruction& inst : stage.instructions) {
        report(&stage, inst);
        if (inst.onbuild) report(&stage, *inst.onbuild);
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewUnknownInstructionRule() { return std::make_unique<UnknownInstructionRule>(); }

}  // namespace policycheck::rules
