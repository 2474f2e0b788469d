// IMG002 estimate-over-size-budget: the Dockerfile's final stage is estimated
// to be larger than the budget, before anything is built.
#include <algorithm>
#include <memory>

#include "image_rule_util.h"
#include "policycheck/dockerfile/model.h"
#include "policycheck/image/estimate.h"
#include "policycheck/image/size.h"
#include "policycheck/rule.h"

namespace policycheck::rules {
namespace {

using image::FormatRange;
using image::FormatSize;

class EstimateOverSizeBudgetRule : public DockerfileRule {
 public:
  EstimateOverSizeBudgetRule()
      : DockerfileRule(RuleInfo{
            .id = "IMG002",
            .name = "estimate-over-size-budget",
            .target = Target::kDockerfile,
            .default_severity = Severity::kWarning,
            .enabled_by_default = true,
            .category = "efficiency",
            .summary = "The final stage of a Dockerfile is estimated to exceed the image size budget.",
            .remediation = "Build in an earlier stage and copy only the output into a slim or alpine final stage, "
                           "or raise the budget for this Dockerfile.",
            .params =
                {
                    ParamSpec{"budget", ParamType::kSize, "500MB",
                              "Size budget for Dockerfiles without a `budgets` match."},
                    ParamSpec{"budgets", ParamType::kStringMap, "{}",
                              "Budgets by Dockerfile path glob (`services/ml/*`: 2GB); the longest matching pattern "
                              "wins."},
                    BaseSizesParam(),
                },
        }) {}

  void Check(const dockerfile::Dockerfile& file, const CheckContext& ctx, Reporter& out) const override {
    const dockerfile::Stage* final_stage = file.final_stage();
    if (!final_stage) return;
    const Params& p = ctx.params;
    image::SizeTable storage;
    const image::SizeTable& table = SizeTableFor(p, &storage, final_stage->from.location, out);
    image::Budget budget = image::ChooseBudget(p.Int("budget"), p.Map("budgets"), {file.path});
    if (!budget.error.empty()) out.Report(Diagnostic{.location = final_stage->from.location, .message = budget.error});
    image::StageEstimate est = image::EstimateStage(file, final_stage->index, table);
    if (est.total.low <= budget.bytes) return;

    std::string msg = "final stage size estimate " + FormatRange(est.total) + " is over the " +
                      FormatSize(budget.bytes) + " budget";
    if (!budget.pattern.empty()) msg += " for '" + budget.pattern + "'";
    // The contributions, largest lower bound first.
    std::vector<const image::EstimatePart*> parts;
    for (const auto& part : est.parts) parts.push_back(&part);
    std::stable_sort(parts.begin(), parts.end(), [](const auto* a, const auto* b) {
      if (a->size.low != b->size.low) return a->size.low > b->size.low;
      if (a->size.unbounded != b->size.unbounded) return a->size.unbounded;
      return a->size.high > b->size.high;
    });
    std::vector<RelatedLocation> related;
    std::string list;
    for (size_t i = 0; i < parts.size() && i < 4; ++i) {
      list += (list.empty() ? "" : "; ") + parts[i]->what + " " + FormatRange(parts[i]->size);
      related.push_back(RelatedLocation{parts[i]->location, parts[i]->what + ": " + FormatRange(parts[i]->size)});
    }
    if (!list.empty()) msg += ": " + list;
    std::string unknown;
    for (const auto& [what, count] : est.not_estimated) {
      unknown += (unknown.empty() ? "" : ", ") + what + (count > 1 ? " (" + std::to_string(count) + ")" : "");
    }
    if (!unknown.empty()) msg += "; not estimated: " + unknown;
    out.Report(Diagnostic{.location = final_stage->from.location, .message = msg, .related = std::move(related)});
  }
};

}  // namespace

std::unique_ptr<Rule> NewEstimateOverSizeBudgetRule() { return std::make_unique<EstimateOverSizeBudgetRule>(); }

}  // namespace policycheck::rules
