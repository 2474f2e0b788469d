// K8S007 resource-outside-budget: A container request or limit is outside the configured minimum or maximum.
#include <memory>

#include "policycheck/k8s/quantity.h"
#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class ResourceOutsideBudgetRule : public ObjectRule {
 public:
  ResourceOutsideBudgetRule()
      : ObjectRule(RuleInfo{
            .id = "K8S007",
            .name = "resource-outside-budget",
            .target = Target::kPodSpec,
            .default_severity = Severity::kWarning,
            .enabled_by_default = true,
            .category = "efficiency",
            .summary = "A container request or limit is outside the configured minimum or maximum.",
            .remediation = "Bring the request or limit within the budget the team configured, or change the budget.",
            .params = {
          ParamSpec{"min_cpu_request", ParamType::kString, "\"\"", "The smallest allowed cpu request (a quantity such as 500m); empty does not check it."},
          ParamSpec{"max_cpu_request", ParamType::kString, "\"\"", "The largest allowed cpu request (a quantity such as 500m); empty does not check it."},
          ParamSpec{"min_memory_request", ParamType::kString, "\"\"", "The smallest allowed memory request (a quantity such as 512Mi); empty does not check it."},
          ParamSpec{"max_memory_request", ParamType::kString, "\"\"", "The largest allowed memory request (a quantity such as 512Mi); empty does not check it."},
          ParamSpec{"min_cpu_limit", ParamType::kString, "\"\"", "The smallest allowed cpu limit (a quantity such as 500m); empty does not check it."},
          ParamSpec{"max_cpu_limit", ParamType::kString, "\"\"", "The largest allowed cpu limit (a quantity such as 500m); empty does not check it."},
          ParamSpec{"min_memory_limit", ParamType::kString, "\"\"", "The smallest allowed memory limit (a quantity such as 512Mi); empty does not check it."},
          ParamSpec{"max_memory_limit", ParamType::kString, "\"\"", "The largest allowed memory limit (a quantity such as 512Mi); empty does not check it."},
      },
            .equivalents = {},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& ctx, Reporter& out) const override {
    struct Bound {
      const char* param;
      const char* section;
      const char* resource;
      bool min;
    };
    static constexpr Bound kBounds[] = {
        {"min_cpu_request", "requests", "cpu", true},     {"max_cpu_request", "requests", "cpu", false},
        {"min_memory_request", "requests", "memory", true}, {"max_memory_request", "requests", "memory", false},
        {"min_cpu_limit", "limits", "cpu", true},         {"max_cpu_limit", "limits", "cpu", false},
        {"min_memory_limit", "limits", "memory", true},   {"max_memory_limit", "limits", "memory", false},
    };
    for (const Bound& b : kBounds) {
      const std::string& text = ctx.params.String(b.param);
      if (text.empty()) continue;
      auto bound = k8s::Quantity::Parse(text);
      if (!bound) continue;  // an invalid budget is reported by config validation of the quantity text
      for (const Container& c : obj.pod_spec()->containers) {
        if (!TakesResources(c)) continue;
        const Node* v = Get(Get(c.node->Get("resources"), b.section), b.resource);
        if (!v || !v->IsScalar()) continue;
        auto q = k8s::Quantity::Parse(v->text());
        if (!q) continue;
        if (b.min ? *q < *bound : *q > *bound) {
          std::string kind = std::string(b.resource) + (b.section[0] == 'r' ? " request " : " limit ");
          Report(out, obj, v, &c,
                 Describe(c) + " has " + kind + v->text() + (b.min ? ", below the minimum " : ", above the maximum ") +
                     text);
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewResourceOutsideBudgetRule() { return std::make_unique<ResourceOutsideBudgetRule>(); }

}  // namespace policycheck::rules
