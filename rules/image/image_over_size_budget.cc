// IMG001 image-over-size-budget: a built image is larger than its budget.
#include <algorithm>
#include <memory>

#include "policycheck/image/history.h"
#include "policycheck/image/model.h"
#include "policycheck/image/size.h"
#include "policycheck/rule.h"

namespace policycheck::rules {
namespace {

using image::FormatSize;
using image::Image;
using image::Layer;

// The build step that created a layer, readable and short.
std::string Step(const std::string& created_by) {
  std::string s = image::NormalizeStep(created_by);
  if (s.size() > 80) s = s.substr(0, 77) + "...";
  return s.empty() ? "unknown step" : s;
}

class ImageOverSizeBudgetRule : public ImageRule {
 public:
  ImageOverSizeBudgetRule()
      : ImageRule(RuleInfo{
            .id = "IMG001",
            .name = "image-over-size-budget",
            .target = Target::kImage,
            .default_severity = Severity::kWarning,
            .enabled_by_default = true,
            .category = "efficiency",
            .summary = "A built image is larger than its size budget.",
            .remediation = "Shrink the largest layers listed (multi-stage builds, slim bases, cleaning caches in the "
                           "same RUN), or raise the budget for this image.",
            .params =
                {
                    ParamSpec{"budget", ParamType::kSize, "500MB", "Size budget for images without a `budgets` match."},
                    ParamSpec{"budgets", ParamType::kStringMap, "{}",
                              "Budgets by image-reference or input-path glob (`myorg/api:*`: 800MB); the longest "
                              "matching pattern wins."},
                    ParamSpec{"measure", ParamType::kString, "uncompressed",
                              "Which size is compared: `uncompressed` (as `docker image ls` shows) or `compressed` "
                              "(as pushed to a registry)."},
                    ParamSpec{"top_layers", ParamType::kInt, "3", "How many of the largest layers the message lists."},
                },
        }) {}

  void Check(const Image& img, const CheckContext& ctx, Reporter& out) const override {
    const Params& p = ctx.params;
    std::vector<std::string> names = img.tags;
    names.push_back(img.reference);
    for (const std::string& t : img.tags) names.push_back(image::ShortImageName(t));
    names.push_back(image::ShortImageName(img.reference));
    names.push_back(img.path);
    image::Budget budget = image::ChooseBudget(p.Int("budget"), p.Map("budgets"), names);
    if (!budget.error.empty()) out.Report(Diagnostic{.location = img.location, .message = budget.error});

    bool compressed = p.String("measure") == "compressed";
    // The size compared, and whether it is exact or a lower bound (some
    // layers unknown, or compressed bytes standing in for uncompressed).
    int64_t size = compressed ? img.compressed_size : img.uncompressed_size;
    bool lower_bound = false;
    if (size < 0) {
      size = 0;
      for (const Layer& l : img.layers) {
        int64_t v = compressed ? l.compressed_size : (l.uncompressed_size >= 0 ? l.uncompressed_size : l.compressed_size);
        if (v >= 0) size += v;
      }
      if (!compressed && img.layers.empty() && img.compressed_size >= 0) size = img.compressed_size;
      lower_bound = true;
    }
    if (size <= budget.bytes) return;

    std::string who = img.reference.empty() ? img.path : img.reference;
    if (!img.platform.empty()) who += " (" + img.platform + ")";
    std::string msg = "image " + who + " is " + (lower_bound ? "at least " : "") + FormatSize(size) +
                      (compressed ? " compressed" : " uncompressed");
    if (!compressed && img.compressed_size >= 0) msg += " (" + FormatSize(img.compressed_size) + " compressed)";
    msg += ", over the " + FormatSize(budget.bytes) + " budget";
    if (!budget.pattern.empty()) msg += " for '" + budget.pattern + "'";

    std::vector<const Layer*> layers;
    for (const Layer& l : img.layers) layers.push_back(&l);
    auto layer_size = [&](const Layer* l) {
      int64_t u = compressed ? l->compressed_size : l->uncompressed_size;
      return u >= 0 ? u : l->stored_size;
    };
    std::stable_sort(layers.begin(), layers.end(),
                     [&](const Layer* a, const Layer* b) { return layer_size(a) > layer_size(b); });
    std::vector<RelatedLocation> related;
    std::string list;
    int64_t top = std::max<int64_t>(0, p.Int("top_layers"));
    for (size_t i = 0; i < layers.size() && static_cast<int64_t>(i) < top; ++i) {
      if (layer_size(layers[i]) < 0) break;
      std::string step = Step(layers[i]->created_by);
      list += (list.empty() ? "" : "; ") + FormatSize(layer_size(layers[i])) + " from `" + step + "`";
      // The Dockerfile instruction when the engine attached one (history.h).
      const Location& where = layers[i]->instruction.valid() ? layers[i]->instruction : layers[i]->location;
      related.push_back(RelatedLocation{where, FormatSize(layer_size(layers[i])) + " layer: " + step});
    }
    if (!list.empty()) msg += "; largest layers: " + list;
    out.Report(Diagnostic{.location = img.location, .message = msg, .related = std::move(related)});
  }
};

}  // namespace

std::unique_ptr<Rule> NewImageOverSizeBudgetRule() { return std::make_unique<ImageOverSizeBudgetRule>(); }

}  // namespace policycheck::rules
