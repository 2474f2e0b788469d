// DKR011 package-update-alone: A RUN updates the package index without installing anything in the same RUN.
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

class PackageUpdateAloneRule : public DockerfileRule {
 public:
  PackageUpdateAloneRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR011",
          .name = "package-update-alone",
          .target = Target::kDockerfile,
          .default_severity = Severity::kWarning,
          .enabled_by_default = true,
          .category = "reliability",
          .summary = "A RUN updates the package index without installing anything in the same RUN.",
          .remediation = "Combine `apt-get update` and `apt-get install` in one RUN.",
          .equivalents = {"trivy:DS017", "checkov:CKV_DOCKER_5"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    du::ForEachInstruction(file, [&](const Stage& stage, const Instruction& inst) {
      if (!inst.Is("RUN")) return;
      const ShellCommand* update = nullptr;
      bool installs = false;
      for (const ShellCommand& cmd : inst.commands) {
        du::PackageCall call;
        if (!du::ParsePackageCall(cmd, &call)) continue;
        bool is_update = call.subcommand == "update" &&
                         (call.manager == "apt-get" || call.manager == "apt" || call.manager == "apk");
        if (is_update && update == nullptr) update = &cmd;
        if (call.subcommand == "install" || call.subcommand == "add" || call.subcommand == "upgrade" ||
            call.subcommand == "dist-upgrade") {
          installs = true;
        }
      }
      if (update != nullptr && !installs) {
        out.Report(du::Diag(stage, update->location(),
                            "package index updated in a RUN that installs nothing"));
      }
    });
  }
};

}  // namespace

std::unique_ptr<Rule> NewPackageUpdateAloneRule() { return std::make_unique<PackageUpdateAloneRule>(); }

}  // namespace policycheck::rules
