// K8S017 dangerous-capability-added: A container adds a dangerous Linux capability.
#include <memory>

#include <string>
#include <vector>
#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class DangerousCapabilityAddedRule : public ObjectRule {
 public:
  DangerousCapabilityAddedRule()
      : ObjectRule(RuleInfo{
            .id = "K8S017",
            .name = "dangerous-capability-added",
            .target = Target::kPodSpec,
            .default_severity = Severity::kError,
            .enabled_by_default = true,
            .category = "security",
            .security_severity = 8.0,
            .summary = "A container adds a dangerous Linux capability.",
            .remediation = "Remove the capability from securityContext.capabilities.add, or isolate the workload that needs it.",
            .params = {
          ParamSpec{"capabilities", ParamType::kStringList, "[ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, SYS_RAWIO, DAC_READ_SEARCH, BPF, PERFMON, NET_RAW, SYS_BOOT, SYS_TIME]", "Capabilities (without the CAP_ prefix) that must not be added."},
      },
            .equivalents = {"checkov:CKV_K8S_39", "trivy:KSV005", "trivy:KSV022"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& ctx, Reporter& out) const override {
    const std::vector<std::string>& dangerous = ctx.params.List("capabilities");
    for (const Container& c : obj.pod_spec()->containers) {
      k8s::SecurityContext sc = k8s::ResolveSecurityContext(*obj.pod_spec(), c);
      const Node* add = Get(sc.capabilities, "add");
      if (!add) continue;
      for (const Node* item : add->items()) {
        if (!item->IsScalar()) continue;
        std::string cap = item->text();
        if (cap.starts_with("CAP_")) cap = cap.substr(4);
        for (const std::string& d : dangerous) {
          if (d == cap) {
            Report(out, obj, item, &c, Describe(c) + " adds capability " + item->text());
            break;
          }
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewDangerousCapabilityAddedRule() { return std::make_unique<DangerousCapabilityAddedRule>(); }

}  // namespace policycheck::rules
