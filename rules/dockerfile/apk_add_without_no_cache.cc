// DKR012 apk-add-without-no-cache: apk add keeps the package index cache in the image.
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

class ApkAddWithoutNoCacheRule : public DockerfileRule {
 public:
  ApkAddWithoutNoCacheRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR012",
          .name = "apk-add-without-no-cache",
          .target = Target::kDockerfile,
          .default_severity = Severity::kNote,
          .enabled_by_default = true,
          .category = "efficiency",
          .summary = "apk add keeps the package index cache in the image.",
          .remediation = "Use `apk add --no-cache`.",
          .equivalents = {"hadolint:DL3019", "trivy:DS025"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Stage* stage : du::ShippedStages(file)) {
      for (const Instruction& inst : stage->instructions) {
        if (!inst.Is("RUN") || du::HasCacheMount(inst, "/var/cache/apk") ||
            du::HasCacheMount(inst, "/etc/apk/cache")) {
          continue;
        }
        bool cleaned = false;
        for (const ShellCommand& cmd : inst.commands) {
          size_t start = du::CommandStart(cmd);
          if (du::BaseNameAt(cmd, start) != "rm") continue;
          for (size_t i = start + 1; i < cmd.argv.size(); ++i) {
            if (cmd.argv[i].text.starts_with("/var/cache/apk")) cleaned = true;
          }
        }
        if (cleaned) continue;
        for (const ShellCommand& cmd : inst.commands) {
          du::PackageCall call;
          if (!du::ParsePackageCall(cmd, &call) || call.manager != "apk" || call.subcommand != "add") {
            continue;
          }
          if (call.args.Has("no-cache")) continue;
          out.Report(du::Diag(*stage, cmd.argv[call.sub_index].location, "'apk add' without --no-cache"));
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewApkAddWithoutNoCacheRule() { return std::make_unique<ApkAddWithoutNoCacheRule>(); }

}  // namespace policycheck::rules
