// IMG003 heavy-base-image: the final image is based on a full image where a
// slim or alpine variant of the same image exists.
#include <memory>

#include "image_rule_util.h"
#include "policycheck/dockerfile/model.h"
#include "policycheck/image/estimate.h"
#include "policycheck/image/size.h"
#include "policycheck/rule.h"

namespace policycheck::rules {
namespace {

using image::FormatSize;

class HeavyBaseImageRule : public DockerfileRule {
 public:
  HeavyBaseImageRule()
      : DockerfileRule(RuleInfo{
            .id = "IMG003",
            .name = "heavy-base-image",
            .target = Target::kDockerfile,
            .default_severity = Severity::kNote,
            .enabled_by_default = true,
            .category = "efficiency",
            .summary = "The final image uses a heavy base image where a slim or alpine variant of the same image "
                       "exists.",
            .remediation = "Base the final stage on the slim or alpine variant, and keep the full image for a "
                           "build stage if its tools are needed.",
            .params =
                {
                    ParamSpec{"min_savings", ParamType::kSize, "100MB",
                              "Only suggest a variant that is at least this much smaller."},
                    BaseSizesParam(),
                },
        }) {}

  void Check(const dockerfile::Dockerfile& file, const CheckContext& ctx, Reporter& out) const override {
    const dockerfile::Stage* final_stage = file.final_stage();
    if (!final_stage) return;
    image::SizeTable storage;
    const image::SizeTable& table = SizeTableFor(ctx.params, &storage, final_stage->from.location, out);
    image::StageEstimate est = image::EstimateStage(file, final_stage->index, table);
    if (!est.base || est.base_stage_index < 0) return;
    const dockerfile::Stage& named_at = file.stages[est.base_stage_index];
    auto variants = table.LighterVariants(*est.base, named_at.image.tag, ctx.params.Int("min_savings"));
    if (variants.empty()) return;
    std::string list;
    for (const auto& [entry, tag] : variants) {
      list += (list.empty() ? "" : ", ") + entry->name + ":" + tag + " (about " + FormatSize(entry->bytes) + ")";
    }
    std::string msg = "the final image is based on " + est.base_reference + " (about " +
                      FormatSize(est.base->bytes) + "); lighter variants of the same image exist: " + list;
    Location at = named_at.from.args_location.valid() ? named_at.from.args_location : named_at.from.location;
    out.Report(Diagnostic{.location = at, .message = msg});
  }
};

}  // namespace

std::unique_ptr<Rule> NewHeavyBaseImageRule() { return std::make_unique<HeavyBaseImageRule>(); }

}  // namespace policycheck::rules
