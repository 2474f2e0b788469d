// DKR020 curl-pipe-shell: A download is piped straight into a shell.
#include <memory>
#include <string>
#include <string_view>

#include "dockerfile/rule_util.h"
#include "policycheck/dockerfile/model.h"
#include "policycheck/rule.h"

namespace policycheck::rules {
namespace {

namespace du = dockerfile_util;
using dockerfile::Dockerfile;
using dockerfile::Instruction;
using dockerfile::Stage;

bool IsShell(std::string_view b) {
  return b == "sh" || b == "bash" || b == "zsh" || b == "dash" || b == "ash" || b == "ksh";
}

class CurlPipeShellRule : public DockerfileRule {
 public:
  CurlPipeShellRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR020",
          .name = "curl-pipe-shell",
          .target = Target::kDockerfile,
          .default_severity = Severity::kWarning,
          .enabled_by_default = true,
          .category = "security",
          .security_severity = 5.0,
          .summary = "A download is piped straight into a shell.",
          .remediation = "Download to a file, verify its checksum or signature, then run it.",
          .equivalents = {},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    du::ForEachInstruction(file, [&](const Stage& stage, const Instruction& inst) {
      if (!inst.Is("RUN")) return;
      const auto& cmds = inst.commands;
      for (size_t i = 0; i + 1 < cmds.size(); ++i) {
        std::string_view tool = du::BaseNameAt(cmds[i], du::CommandStart(cmds[i]));
        if ((tool != "curl" && tool != "wget") || cmds[i].next != dockerfile::Connector::kPipe) continue;
        // The rest of the same pipeline.
        for (size_t j = i + 1; j < cmds.size() && cmds[j].pipeline == cmds[i].pipeline; ++j) {
          std::string_view sink = du::BaseNameAt(cmds[j], du::CommandStart(cmds[j]));
          if (IsShell(sink)) {
            out.Report(du::Diag(stage, cmds[i].location(),
                                std::string(tool) + " output is piped into " + std::string(sink) +
                                    " without verification"));
            break;
          }
        }
      }
    });
  }
};

}  // namespace

std::unique_ptr<Rule> NewCurlPipeShellRule() { return std::make_unique<CurlPipeShellRule>(); }

}  // namespace policycheck::rules
