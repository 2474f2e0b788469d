// DKR028 copy-from-invalid-stage: COPY --from names the current stage, a later stage, or no stage at all.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <memory>
#include <string>
#include <unordered_map>

#include "dockerfile/rule_util.h"
#include "policycheck/dockerfile/model.h"
#include "policycheck/rule.h"

namespace policycheck::rules {
namespace {

namespace du = dockerfile_util;
using dockerfile::Dockerfile;
using dockerfile::Instruction;
using dockerfile::Stage;

class CopyFromInvalidStageRule : public DockerfileRule {
 public:
  CopyFromInvalidStageRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR028",
          .name = "copy-from-invalid-stage",
          .target = Target::kDockerfile,
          .default_severity = Severity::kError,
          .enabled_by_default = true,
          .category = "correctness",
          .summary = "COPY --from names the current stage, a later stage, or no stage at all.",
          .remediation = "Point `COPY --from` at a stage defined earlier in the file (by name or index), or at a full image reference.",
          .equivalents = {"hadolint:DL3022", "hadolint:DL3023", "trivy:DS006"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    // Dockerfile::FindStage(ref) with an index, so many COPY --from stay linear.
    std::unordered_map<std::string, const Stage*> by_name;  // stage names are lower case
    for (const Stage& stage : file.stages) {
      if (!stage.name.empty()) by_name.emplace(stage.name, &stage);
    }
    auto find_stage = [&](const std::string& ref) -> const Stage* {
      std::string lower = ref;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (auto it = by_name.find(lower); it != by_name.end()) return it->second;
      size_t index = 0;
      auto [end, ec] = std::from_chars(ref.data(), ref.data() + ref.size(), index);
      if (ref.empty() || ec != std::errc() || end != ref.data() + ref.size() || index >= file.stages.size()) {
        return nullptr;
      }
      return &file.stages[index];
    };
    for (const Stage& stage : file.stages) {
      for (const Instruction& inst : stage.instructions) {
        if (!inst.Is("COPY")) continue;
        const dockerfile::Flag* from = inst.FindFlag("from");
        if (from == nullptr || from->value.empty() || from->value.find('$') != std::string::npos) continue;
        const std::string& ref = from->value;
        std::string msg;
        bool numeric = std::all_of(ref.begin(), ref.end(),
                                   [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
        const Stage* target = find_stage(ref);
        if (numeric) {
          int index = target != nullptr ? target->index : static_cast<int>(file.stages.size());
          if (index == stage.index) {
            msg = "COPY --from=" + ref + " names the current stage";
          } else if (index > stage.index) {
            msg = "COPY --from=" + ref + " names a stage that is not defined before this one";
          }
        } else if (target != nullptr) {
          if (target->index == stage.index) {
            msg = "COPY --from=" + ref + " names the current stage";
          } else if (target->index > stage.index) {
            msg = "COPY --from=" + ref + " names a stage defined later in the file";
          }
        } else if (ref.find_first_of("/:.@") == std::string::npos) {
          msg = "COPY --from=" + ref + " names no stage; BuildKit would pull an image called '" + ref + "'";
        }
        if (!msg.empty()) out.Report(du::Diag(stage, from->value_location, msg));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewCopyFromInvalidStageRule() { return std::make_unique<CopyFromInvalidStageRule>(); }

}  // namespace policycheck::rules
