// DKR002 user-not-required-uid: The final USER is not the UID the policy requires.
#include <algorithm>
#include <cctype>
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
using dockerfile::Stage;

class UserNotRequiredUidRule : public DockerfileRule {
 public:
  UserNotRequiredUidRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR002",
          .name = "user-not-required-uid",
          .target = Target::kDockerfile,
          .default_severity = Severity::kWarning,
          .enabled_by_default = true,
          .category = "security",
          .security_severity = 5.0,
          .summary = "The final USER is not the UID the policy requires.",
          .remediation = "Set the final USER to the required numeric UID (default 1001), or map the user name to it with `user_uids`.",
          .params =
              {
              ParamSpec{"uid", ParamType::kInt, "1001",
                        "The UID the final stage must run as."},
              ParamSpec{"user_uids", ParamType::kStringMap, "{}",
                        "User names and the numeric UID each stands for, e.g. {app: \"1001\"}."},
              },
          .equivalents = {},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& ctx, Reporter& out) const override {
    const Stage* final_stage = file.final_stage();
    if (final_stage == nullptr) return;
    const Instruction* user = du::EffectiveUser(file, *final_stage);
    if (user == nullptr) return;  // no USER at all: DKR001 reports it
    const std::string& value = user->args[0].text;
    if (du::IsRootUser(value)) return;  // DKR001 reports it
    std::string name(du::UserPart(value));
    if (name.empty() || name.find('$') != std::string::npos) return;  // unknown at lint time
    std::string required = std::to_string(ctx.params.Int("uid"));
    bool numeric = std::all_of(name.begin(), name.end(),
                               [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    std::string msg;
    if (numeric) {
      if (name == required) return;
      msg = "final USER " + value + " runs as UID " + name + ", not the required UID " + required;
    } else {
      const auto& names = ctx.params.Map("user_uids");
      auto it = names.find(name);
      if (it != names.end() && it->second == required) return;
      msg = it == names.end()
                ? "final USER '" + name + "' is a name whose UID is unknown; use USER " + required +
                      " or map the name in the user_uids param"
                : "final USER '" + name + "' maps to UID " + it->second + ", not the required UID " +
                      required;
    }
    out.Report(du::Diag(*final_stage, user->args[0].location, msg));
  }
};

}  // namespace

std::unique_ptr<Rule> NewUserNotRequiredUidRule() { return std::make_unique<UserNotRequiredUidRule>(); }

}  // namespace policycheck::rules
