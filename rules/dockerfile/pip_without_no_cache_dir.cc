// DKR013 pip-without-no-cache-dir: pip install keeps its download cache in the image.
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

class PipWithoutNoCacheDirRule : public DockerfileRule {
 public:
  PipWithoutNoCacheDirRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR013",
          .name = "pip-without-no-cache-dir",
          .target = Target::kDockerfile,
          .default_severity = Severity::kNote,
          .enabled_by_default = true,
          .category = "efficiency",
          .summary = "pip install keeps its download cache in the image.",
          .remediation = "Use `pip install --no-cache-dir` (or set `ENV PIP_NO_CACHE_DIR=1`).",
          .equivalents = {"hadolint:DL3042"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    // The shipped chain runs from the final stage down to its root; a stage
    // inherits PIP_NO_CACHE_DIR from itself and every stage below it, so walk
    // it root first (linear in the number of stages).
    std::vector<const Stage*> shipped = du::ShippedStages(file);
    bool env_no_cache = false;
    for (auto it = shipped.rbegin(); it != shipped.rend(); ++it) {
      const Stage* stage = *it;
      for (const Instruction& inst : stage->instructions) {
        if (!inst.Is("ENV") && !inst.Is("ARG")) continue;
        for (const auto& kv : inst.pairs) {
          if (kv.key == "PIP_NO_CACHE_DIR") env_no_cache = true;
        }
      }
      if (env_no_cache) break;
      for (const Instruction& inst : stage->instructions) {
        if (!inst.Is("RUN") || du::HasCacheMount(inst, "/root/.cache")) continue;
        for (const ShellCommand& cmd : inst.commands) {
          du::PackageCall call;
          if (!du::ParsePackageCall(cmd, &call) || call.manager != "pip" || call.subcommand != "install") {
            continue;
          }
          if (call.args.Has("no-cache-dir")) continue;
          out.Report(du::Diag(*stage, cmd.argv[call.sub_index].location,
                              "'pip install' without --no-cache-dir"));
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewPipWithoutNoCacheDirRule() { return std::make_unique<PipWithoutNoCacheDirRule>(); }

}  // namespace policycheck::rules
