// DKR006 untrusted-registry: A FROM image comes from a registry that is not in the trusted list.
#include <memory>
#include <string>

#include "dockerfile/rule_util.h"
#include "policycheck/dockerfile/model.h"
#include "policycheck/rule.h"

namespace policycheck::rules {
namespace {

namespace du = dockerfile_util;
using dockerfile::Dockerfile;
using dockerfile::BaseKind;
using dockerfile::Stage;

bool Trusted(const std::string& registry, const std::vector<std::string>& trusted) {
  for (const std::string& t : trusted) {
    if (t == registry) return true;
    if (t.starts_with("*.") && registry.ends_with(t.substr(1))) return true;
    if (t == "docker.io" && (registry == "index.docker.io" || registry == "registry-1.docker.io")) {
      return true;
    }
  }
  return false;
}

class UntrustedRegistryRule : public DockerfileRule {
 public:
  UntrustedRegistryRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR006",
          .name = "untrusted-registry",
          .target = Target::kDockerfile,
          .default_severity = Severity::kWarning,
          .enabled_by_default = false,
          .category = "security",
          .security_severity = 5.0,
          .summary = "A FROM image comes from a registry that is not in the trusted list.",
          .remediation = "Pull base images only from a registry listed in `trusted_registries` (mirror the image there if needed).",
          .params =
              {
              ParamSpec{"trusted_registries", ParamType::kStringList, "[]",
                        "Registry hosts images may come from; `*.example.com` matches subdomains; docker.io is the default registry."},
              },
          .equivalents = {"hadolint:DL3026"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& ctx, Reporter& out) const override {
    const auto& trusted = ctx.params.List("trusted_registries");
    if (trusted.empty()) return;
    for (const Stage& stage : file.stages) {
      if (stage.base_kind != BaseKind::kImage || stage.from.args.empty()) continue;
      if (stage.image.has_unexpanded_vars || stage.image.registry.empty()) continue;
      if (Trusted(stage.image.registry, trusted)) continue;
      out.Report(du::Diag(stage, stage.from.args[0].location,
                          "FROM image '" + stage.image.expanded + "' comes from registry '" +
                              stage.image.registry + "', which is not trusted"));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewUntrustedRegistryRule() { return std::make_unique<UntrustedRegistryRule>(); }

}  // namespace policycheck::rules
