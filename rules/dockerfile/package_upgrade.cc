// DKR010 package-upgrade: The build upgrades all installed packages.
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

class PackageUpgradeRule : public DockerfileRule {
 public:
  PackageUpgradeRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR010",
          .name = "package-upgrade",
          .target = Target::kDockerfile,
          .default_severity = Severity::kWarning,
          .enabled_by_default = true,
          .category = "reliability",
          .summary = "The build upgrades all installed packages.",
          .remediation = "Use a newer base image instead, and install only the packages you need at pinned versions.",
          .equivalents = {"hadolint:DL3005", "hadolint:DL3017", "trivy:DS024"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    du::ForEachPackageCall(file, [&](const Stage& stage, const Instruction&, const ShellCommand& cmd,
                                     const du::PackageCall& call) {
      const std::string& sub = call.subcommand;
      bool upgrade = ((call.manager == "apt-get" || call.manager == "apt") &&
                      (sub == "upgrade" || sub == "dist-upgrade" || sub == "full-upgrade")) ||
                     (call.manager == "apk" && sub == "upgrade" && call.args.operands.empty());
      if (!upgrade) return;
      out.Report(du::Diag(stage, cmd.argv[call.sub_index].location,
                          "'" + call.manager + " " + sub + "' upgrades every package of the base image"));
    });
  }
};

}  // namespace

std::unique_ptr<Rule> NewPackageUpgradeRule() { return std::make_unique<PackageUpgradeRule>(); }

}  // namespace policycheck::rules
