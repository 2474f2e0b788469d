// DKR027 expose-ssh-port: The image exposes the SSH port 22.
#include <charconv>
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

int ParsePort(std::string_view p) {
  int v = -1;
  auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
  return ec == std::errc() && ptr == p.data() + p.size() ? v : -1;
}

class ExposeSshPortRule : public DockerfileRule {
 public:
  ExposeSshPortRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR027",
          .name = "expose-ssh-port",
          .target = Target::kDockerfile,
          .default_severity = Severity::kWarning,
          .enabled_by_default = true,
          .category = "security",
          .security_severity = 5.0,
          .summary = "The image exposes the SSH port 22.",
          .remediation = "Do not run sshd in containers; use `kubectl exec` or `docker exec` for access.",
          .equivalents = {"trivy:DS004", "checkov:CKV_DOCKER_1"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    du::ForEachInstruction(file, [&](const Stage& stage, const Instruction& inst) {
      if (!inst.Is("EXPOSE")) return;
      for (const auto& w : inst.args) {
        std::string_view spec = std::string_view(w.text).substr(0, w.text.find('/'));
        size_t dash = spec.find('-');
        int lo = ParsePort(spec.substr(0, dash));
        int hi = dash == std::string_view::npos ? lo : ParsePort(spec.substr(dash + 1));
        if (lo >= 0 && lo <= 22 && hi >= 22) {
          out.Report(du::Diag(stage, w.location, "EXPOSE of the SSH port 22"));
        }
      }
    });
  }
};

}  // namespace

std::unique_ptr<Rule> NewExposeSshPortRule() { return std::make_unique<ExposeSshPortRule>(); }

}  // namespace policycheck::rules
