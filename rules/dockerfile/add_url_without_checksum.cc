// DKR016 add-url-without-checksum: ADD downloads a remote URL without verifying its checksum.
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

class AddUrlWithoutChecksumRule : public DockerfileRule {
 public:
  AddUrlWithoutChecksumRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR016",
          .name = "add-url-without-checksum",
          .target = Target::kDockerfile,
          .default_severity = Severity::kWarning,
          .enabled_by_default = true,
          .category = "security",
          .security_severity = 5.0,
          .summary = "ADD downloads a remote URL without verifying its checksum.",
          .remediation = "Add `--checksum=sha256:<digest>` to the ADD, or download and verify in a RUN.",
          .equivalents = {},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    du::ForEachInstruction(file, [&](const Stage& stage, const Instruction& inst) {
      if (!inst.Is("ADD") || inst.FindFlag("checksum") != nullptr) return;
      for (const auto* src : du::CopySources(inst)) {
        const std::string& s = src->text;
        // A git URL (`https://host/repo.git#ref`) is a repository, not a file.
        std::string_view no_ref = std::string_view(s).substr(0, s.find('#'));
        if ((s.starts_with("http://") || s.starts_with("https://")) && !no_ref.ends_with(".git")) {
          out.Report(du::Diag(stage, src->location,
                              "ADD of remote URL '" + s + "' without --checksum"));
        }
      }
    });
  }
};

}  // namespace

std::unique_ptr<Rule> NewAddUrlWithoutChecksumRule() { return std::make_unique<AddUrlWithoutChecksumRule>(); }

}  // namespace policycheck::rules
