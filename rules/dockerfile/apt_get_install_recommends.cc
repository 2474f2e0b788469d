// DKR008 apt-get-install-recommends: apt-get install pulls in recommended packages.
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

class AptGetInstallRecommendsRule : public DockerfileRule {
 public:
  AptGetInstallRecommendsRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR008",
          .name = "apt-get-install-recommends",
          .target = Target::kDockerfile,
          .default_severity = Severity::kNote,
          .enabled_by_default = true,
          .category = "efficiency",
          .summary = "apt-get install pulls in recommended packages.",
          .remediation = "Add `--no-install-recommends` to apt-get install.",
          .equivalents = {"hadolint:DL3015", "trivy:DS029"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    du::ForEachPackageCall(file, [&](const Stage& stage, const Instruction&, const ShellCommand& cmd,
                                     const du::PackageCall& call) {
      if ((call.manager != "apt-get" && call.manager != "apt") || call.subcommand != "install") return;
      if (call.args.Has("no-install-recommends")) return;
      for (const auto* w : call.args.options) {
        if (w->text.find("Install-Recommends=false") != std::string::npos ||
            w->text.find("Install-Recommends=0") != std::string::npos) {
          return;
        }
      }
      out.Report(du::Diag(stage, cmd.argv[call.sub_index].location,
                          "'" + call.manager + " install' without --no-install-recommends"));
    });
  }
};

}  // namespace

std::unique_ptr<Rule> NewAptGetInstallRecommendsRule() { return std::make_unique<AptGetInstallRecommendsRule>(); }

}  // namespace policycheck::rules
