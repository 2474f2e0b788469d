// DKR014 unpinned-package-version: A package is installed without a pinned version.
#include <cctype>
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
using dockerfile::ShellCommand;
using dockerfile::Stage;

bool IsPathOrUrl(std::string_view s) {
  return s.starts_with("/") || s.starts_with("./") || s.starts_with("../") || s == "." ||
         s.find("://") != std::string_view::npos || s.starts_with("git+") ||
         s.ends_with(".deb") || s.ends_with(".apk") || s.ends_with(".whl") ||
         s.ends_with(".tar.gz") || s.ends_with(".tgz") || s.ends_with(".zip") ||
         s.find('$') != std::string_view::npos;
}

bool IsPinned(const std::string& manager, std::string_view pkg) {
  if (manager == "apt-get" || manager == "apt" || manager == "yum" || manager == "dnf" ||
      manager == "microdnf") {
    return pkg.find('=') != std::string_view::npos ||
           ((manager != "apt-get" && manager != "apt") && pkg.find('-') != std::string_view::npos &&
            std::isdigit(static_cast<unsigned char>(pkg.back())));
  }
  if (manager == "apk") return pkg.find_first_of("=~<>") != std::string_view::npos;
  if (manager == "pip") return pkg.find_first_of("=<>~!@") != std::string_view::npos;
  if (manager == "npm" || manager == "yarn" || manager == "pnpm") {
    return pkg.find('@', pkg.starts_with("@") ? 1 : 0) != std::string_view::npos;
  }
  if (manager == "gem") return pkg.find(':') != std::string_view::npos;
  return true;
}

class UnpinnedPackageVersionRule : public DockerfileRule {
 public:
  UnpinnedPackageVersionRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR014",
          .name = "unpinned-package-version",
          .target = Target::kDockerfile,
          .default_severity = Severity::kNote,
          .enabled_by_default = false,
          .category = "reliability",
          .summary = "A package is installed without a pinned version.",
          .remediation = "Pin the version (`curl=8.5.0-2`, `curl=8.5.0-r0`, `flask==3.0.3`, `left-pad@1.3.0`, `gem install -v 1.2 x`).",
          .equivalents = {"hadolint:DL3008", "hadolint:DL3018", "hadolint:DL3013", "hadolint:DL3016", "hadolint:DL3028"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    du::ForEachPackageCall(file, [&](const Stage& stage, const Instruction&, const ShellCommand&,
                                     const du::PackageCall& call) {
      const std::string& sub = call.subcommand;
      bool install = sub == "install" || sub == "add" || sub == "i";
      if (!install || (call.manager == "npm" && call.args.operands.empty())) return;
      if (call.manager == "gem" && (call.args.Has("version", 'v'))) return;
      std::string group = call.manager == "apk" ? call.args.Value("virtual", 't') : "";
      for (const auto* w : call.args.operands) {
        if (w->text.empty() || w->text == group || IsPathOrUrl(w->text)) continue;
        if (IsPinned(call.manager, w->text)) continue;
        out.Report(du::Diag(stage, w->location,
                            "'" + call.manager + " " + sub + "' of '" + w->text +
                                "' without a pinned version"));
      }
    });
  }
};

}  // namespace

std::unique_ptr<Rule> NewUnpinnedPackageVersionRule() { return std::make_unique<UnpinnedPackageVersionRule>(); }

}  // namespace policycheck::rules
