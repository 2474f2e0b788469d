// DKR007 apt-get-missing-yes: apt-get install runs without -y and waits for a confirmation that never comes.
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

class AptGetMissingYesRule : public DockerfileRule {
 public:
  AptGetMissingYesRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR007",
          .name = "apt-get-missing-yes",
          .target = Target::kDockerfile,
          .default_severity = Severity::kWarning,
          .enabled_by_default = true,
          .category = "reliability",
          .summary = "apt-get install runs without -y and waits for a confirmation that never comes.",
          .remediation = "Add `-y` (or `--yes`) to apt-get install.",
          .equivalents = {"hadolint:DL3014", "trivy:DS021"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    du::ForEachPackageCall(file, [&](const Stage& stage, const Instruction&, const ShellCommand& cmd,
                                     const du::PackageCall& call) {
      if (call.manager != "apt-get" && call.manager != "apt") return;
      const std::string& sub = call.subcommand;
      if (sub != "install" && sub != "upgrade" && sub != "dist-upgrade" && sub != "full-upgrade" &&
          sub != "remove" && sub != "purge" && sub != "autoremove") {
        return;
      }
      if (call.args.Has("yes", 'y') || call.args.Has("assume-yes")) return;
      for (const auto* w : call.args.options) {
        // -qq implies -y; so does -o APT::Get::Assume-Yes=true.
        if (w->text == "-qq" || w->text == "-q=2" || w->text == "--quiet=2" ||
            w->text.find("Assume-Yes=true") != std::string::npos) {
          return;
        }
      }
      out.Report(du::Diag(stage, cmd.argv[call.sub_index].location,
                          "'" + call.manager + " " + sub + "' without -y"));
    });
  }
};

}  // namespace

std::unique_ptr<Rule> NewAptGetMissingYesRule() { return std::make_unique<AptGetMissingYesRule>(); }

}  // namespace policycheck::rules
