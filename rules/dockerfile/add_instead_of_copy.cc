// DKR015 add-instead-of-copy: ADD is used for local files where COPY does the same without surprises.
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

bool IsRemote(std::string_view s) {
  return s.starts_with("http://") || s.starts_with("https://") || s.starts_with("git@") ||
         s.starts_with("git://");
}

bool IsArchive(std::string_view s) {
  for (std::string_view ext : {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz",
                               ".txz", ".tar.zst", ".tzst", ".tar.lz", ".tar.lzma", ".gz", ".bz2",
                               ".xz"}) {
    if (s.ends_with(ext)) return true;
  }
  return s.find('$') != std::string_view::npos;  // unknown: may be an archive
}

class AddInsteadOfCopyRule : public DockerfileRule {
 public:
  AddInsteadOfCopyRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR015",
          .name = "add-instead-of-copy",
          .target = Target::kDockerfile,
          .default_severity = Severity::kWarning,
          .enabled_by_default = true,
          .category = "security",
          .security_severity = 3.0,
          .summary = "ADD is used for local files where COPY does the same without surprises.",
          .remediation = "Use COPY for local files; keep ADD only to extract local tar archives or fetch with --checksum.",
          .equivalents = {"hadolint:DL3020", "trivy:DS005", "checkov:CKV_DOCKER_4"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    du::ForEachInstruction(file, [&](const Stage& stage, const Instruction& inst) {
      if (!inst.Is("ADD")) return;
      for (const auto* src : du::CopySources(inst)) {
        if (IsRemote(src->text) || IsArchive(src->text)) return;
      }
      out.Report(du::Diag(stage, inst.location, "ADD of local files; COPY does the same explicitly"));
    });
  }
};

}  // namespace

std::unique_ptr<Rule> NewAddInsteadOfCopyRule() { return std::make_unique<AddInsteadOfCopyRule>(); }

}  // namespace policycheck::rules
