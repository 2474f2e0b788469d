// DKR009 apt-lists-not-removed: A RUN that runs apt-get update leaves /var/lib/apt/lists in the image.
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
using dockerfile::ShellCommand;
using dockerfile::Stage;

class AptListsNotRemovedRule : public DockerfileRule {
 public:
  AptListsNotRemovedRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR009",
          .name = "apt-lists-not-removed",
          .target = Target::kDockerfile,
          .default_severity = Severity::kNote,
          .enabled_by_default = true,
          .category = "efficiency",
          .summary = "A RUN that runs apt-get update leaves /var/lib/apt/lists in the image.",
          .remediation = "End the same RUN with `rm -rf /var/lib/apt/lists/*`, or use a cache mount for /var/lib/apt.",
          .equivalents = {"hadolint:DL3009"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Stage* stage : du::ShippedStages(file)) {
      for (const Instruction& inst : stage->instructions) {
        if (!inst.Is("RUN") || du::HasCacheMount(inst, "/var/lib/apt")) continue;
        const ShellCommand* update = nullptr;
        bool cleaned = false;
        for (const ShellCommand& cmd : inst.commands) {
          du::PackageCall call;
          if (du::ParsePackageCall(cmd, &call) &&
              (call.manager == "apt-get" || call.manager == "apt") && call.subcommand == "update") {
            if (update == nullptr) update = &cmd;
            cleaned = false;
            continue;
          }
          size_t start = du::CommandStart(cmd);
          if (update != nullptr && du::BaseNameAt(cmd, start) == "rm") {
            for (size_t i = start + 1; i < cmd.argv.size(); ++i) {
              if (cmd.argv[i].text.starts_with("/var/lib/apt/lists")) cleaned = true;
            }
          }
        }
        if (update != nullptr && !cleaned) {
          out.Report(du::Diag(*stage, update->location(),
                              "apt-get update without removing /var/lib/apt/lists in the same RUN"));
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewAptListsNotRemovedRule() { return std::make_unique<AptListsNotRemovedRule>(); }

}  // namespace policycheck::rules
