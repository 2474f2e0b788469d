// K8S006 request-exceeds-limit: A container requests more of a resource than its limit allows.
#include <memory>

#include "policycheck/k8s/quantity.h"
#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class RequestExceedsLimitRule : public ObjectRule {
 public:
  RequestExceedsLimitRule()
      : ObjectRule(RuleInfo{
            .id = "K8S006",
            .name = "request-exceeds-limit",
            .target = Target::kPodSpec,
            .default_severity = Severity::kError,
            .enabled_by_default = true,
            .category = "correctness",
            .summary = "A container requests more of a resource than its limit allows.",
            .remediation = "Lower the request or raise the limit so that the request is at most the limit.",
            .equivalents = {},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Container& c : obj.pod_spec()->containers) {
      if (!TakesResources(c)) continue;
      const Node* resources = c.node->Get("resources");
      const Node* requests = Get(resources, "requests");
      const Node* limits = Get(resources, "limits");
      if (!requests || !limits || !requests->IsMap()) continue;
      for (size_t i = 0; i < requests->entry_count(); ++i) {
        const Node* request = requests->value(i);
        const Node* limit = limits->Get(requests->key(i)->text());
        if (!limit || !request->IsScalar() || !limit->IsScalar()) continue;
        auto r = k8s::Quantity::Parse(request->text());
        auto l = k8s::Quantity::Parse(limit->text());
        if (r && l && *r > *l) {
          Report(out, obj, request, &c,
                 Describe(c) + " requests " + request->text() + " " + requests->key(i)->text() +
                     ", more than its limit " + limit->text());
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewRequestExceedsLimitRule() { return std::make_unique<RequestExceedsLimitRule>(); }

}  // namespace policycheck::rules
