// DKR003 single-stage-build-tooling: A single-stage build installs build tooling that then ships in the image.
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

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

bool IsBuildTool(std::string_view name) {
  static constexpr std::string_view kTools[] = {
      "gcc", "g++", "gcc-c++", "clang", "make", "cmake", "build-essential", "build-base",
      "autoconf", "automake", "libtool", "pkg-config", "pkgconf", "pkgconfig", "binutils",
      "golang", "go", "rust", "rustc", "cargo", "maven", "gradle", "nasm", "yasm", "bison",
      "flex", "ninja-build", "meson", "cython", "maturin", "scikit-build", "pybind11"};
  for (std::string_view t : kTools) {
    if (name == t) return true;
  }
  return name.ends_with("-dev") || name.ends_with("-devel") || name.starts_with("gcc-") ||
         name.starts_with("g++-") || name.starts_with("clang-") || name.find("-jdk") != std::string_view::npos;
}

// The package name of an install operand ("gcc=12.2", "musl-dev~1.2", "cython==3").
std::string_view PackageName(std::string_view operand) {
  size_t cut = operand.find_first_of("=~<>[@");
  return operand.substr(0, cut);
}

bool InstallsProjectDevDeps(const du::PackageCall& call, const std::set<std::string>& env_production) {
  if (call.manager == "npm" && (call.subcommand == "install" || call.subcommand == "i" ||
                                call.subcommand == "ci")) {
    if (!call.args.operands.empty() || call.args.Has("global", 'g')) return false;
    if (call.args.Has("production")) return false;
    std::string omit = call.args.Value("omit");
    std::string only = call.args.Value("only");
    if (omit == "dev" || only.starts_with("prod")) return false;
    return env_production.empty();
  }
  if (call.manager == "yarn" && call.subcommand == "install") {
    return !call.args.Has("production") && env_production.empty();
  }
  return false;
}

class SingleStageBuildToolingRule : public DockerfileRule {
 public:
  SingleStageBuildToolingRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR003",
          .name = "single-stage-build-tooling",
          .target = Target::kDockerfile,
          .default_severity = Severity::kWarning,
          .enabled_by_default = true,
          .category = "efficiency",
          .summary = "A single-stage build installs build tooling that then ships in the image.",
          .remediation = "Build in a separate stage and COPY only the artifacts into a slim final stage.",
          .params =
              {
              ParamSpec{"require_multi_stage", ParamType::kBool, "false",
                        "Report every single-stage Dockerfile, whatever it installs."},
              },
          .equivalents = {},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& ctx, Reporter& out) const override {
    if (file.stages.size() != 1) return;
    const Stage& stage = file.stages[0];
    if (ctx.params.Bool("require_multi_stage")) {
      out.Report(du::Diag(stage, stage.from.location,
                          "single-stage build: this policy requires a multi-stage build"));
      return;
    }
    std::set<std::string> env_production;  // NODE_ENV=production makes npm skip devDependencies
    for (const Instruction& inst : stage.instructions) {
      if (inst.Is("ENV") || inst.Is("ARG")) {
        for (const auto& kv : inst.pairs) {
          if (kv.key == "NODE_ENV" && kv.value == "production") env_production.insert(kv.key);
        }
      }
      if (!inst.Is("RUN")) continue;
      // Packages removed again in the same RUN do not ship.
      std::set<std::string> removed;
      bool auto_purge = false;
      for (const ShellCommand& cmd : inst.commands) {
        du::PackageCall call;
        if (!du::ParsePackageCall(cmd, &call)) continue;
        const std::string& sub = call.subcommand;
        if (sub == "del" || sub == "remove" || sub == "purge" || sub == "uninstall" || sub == "erase") {
          for (const auto* w : call.args.operands) removed.insert(w->text);
          if (call.args.Has("auto-remove")) auto_purge = true;
        }
        if (sub == "autoremove") auto_purge = true;
      }
      for (const ShellCommand& cmd : inst.commands) {
        du::PackageCall call;
        if (!du::ParsePackageCall(cmd, &call)) continue;
        if (InstallsProjectDevDeps(call, env_production)) {
          out.Report(du::Diag(stage, cmd.argv[call.sub_index].location,
                              "single-stage build runs '" + call.manager + " " + call.subcommand +
                                  "' with devDependencies, which ship in the image"));
          continue;
        }
        bool install = call.subcommand == "install" || call.subcommand == "add";
        if (!install || (auto_purge && call.manager != "pip")) continue;
        std::string group = call.manager == "apk" ? call.args.Value("virtual", 't') : "";
        if (!group.empty() && removed.count(group)) continue;
        for (const auto* w : call.args.operands) {
          std::string_view name = PackageName(w->text);
          if (IsBuildTool(name) && !removed.count(std::string(name))) {
            out.Report(du::Diag(stage, w->location,
                                "single-stage build installs build tooling '" + std::string(name) +
                                    "', which ships in the final image"));
            break;
          }
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewSingleStageBuildToolingRule() { return std::make_unique<SingleStageBuildToolingRule>(); }

}  // namespace policycheck::rules
