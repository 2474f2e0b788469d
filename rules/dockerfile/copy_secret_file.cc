// DKR019 copy-secret-file: COPY or ADD copies a file that usually holds a secret into the image.
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

// The secret kind a path names, or "" when it does not look like a secret.
std::string_view SecretKind(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  size_t slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  for (std::string_view key : {"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"}) {
    if (base == key) return "SSH private key";
  }
  if (base == ".env" || (base.starts_with(".env.") && !base.ends_with(".example") &&
                         !base.ends_with(".sample") && !base.ends_with(".template") &&
                         !base.ends_with(".dist"))) {
    return "environment file";
  }
  if (base.ends_with(".pem") || base.ends_with(".key") || base.ends_with(".p12") ||
      base.ends_with(".pfx") || base.ends_with(".jks") || base.ends_with(".keystore")) {
    return "key or certificate store";
  }
  if (base == ".npmrc" || base == ".pypirc" || base == ".netrc" || base == ".git-credentials" ||
      base == ".dockercfg" || base == ".pgpass") {
    return "credentials file";
  }
  if (path.ends_with(".aws/credentials") || path.ends_with(".docker/config.json") ||
      path.ends_with(".kube/config")) {
    return "credentials file";
  }
  return "";
}

class CopySecretFileRule : public DockerfileRule {
 public:
  CopySecretFileRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR019",
          .name = "copy-secret-file",
          .target = Target::kDockerfile,
          .default_severity = Severity::kError,
          .enabled_by_default = true,
          .category = "security",
          .security_severity = 8.0,
          .summary = "COPY or ADD copies a file that usually holds a secret into the image.",
          .remediation = "Do not copy the file: mount it for the step that needs it with `RUN --mount=type=secret`.",
          .equivalents = {},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    du::ForEachInstruction(file, [&](const Stage& stage, const Instruction& inst) {
      if (!inst.Is("COPY") && !inst.Is("ADD")) return;
      for (const auto* src : du::CopySources(inst)) {
        std::string_view kind = SecretKind(src->text);
        if (kind.empty()) continue;
        out.Report(du::Diag(stage, src->location,
                            inst.keyword + " of '" + src->text + "' (" + std::string(kind) +
                                ") bakes a secret into an image layer; use RUN --mount=type=secret"));
      }
    });
  }
};

}  // namespace

std::unique_ptr<Rule> NewCopySecretFileRule() { return std::make_unique<CopySecretFileRule>(); }

}  // namespace policycheck::rules
