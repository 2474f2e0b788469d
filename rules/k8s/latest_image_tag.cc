// K8S024 latest-image-tag: A container image is untagged or uses the latest tag.
#include <memory>

#include <string>
#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class LatestImageTagRule : public ObjectRule {
 public:
  LatestImageTagRule()
      : ObjectRule(RuleInfo{
            .id = "K8S024",
            .name = "latest-image-tag",
            .target = Target::kPodSpec,
            .default_severity = Severity::kWarning,
            .enabled_by_default = true,
            .category = "reliability",
            .summary = "A container image is untagged or uses the latest tag.",
            .remediation = "Pin the image to a version tag or, better, a digest.",
            .equivalents = {"kube-linter:latest-tag", "checkov:CKV_K8S_14", "checkov:CKV_K8S_43", "trivy:KSV013"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Container& c : obj.pod_spec()->containers) {
      const Node* image = Get(c.node, "image");
      if (!image || !image->IsScalar() || image->text().empty()) continue;
      bool digest = false;
      std::string tag = ImageTag(image->text(), &digest);
      if (digest) continue;
      if (tag.empty()) {
        Report(out, obj, image, &c, Describe(c) + " image " + image->text() + " has no tag (it means latest)");
      } else if (tag == "latest") {
        Report(out, obj, image, &c, Describe(c) + " image " + image->text() + " uses the latest tag");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewLatestImageTagRule() { return std::make_unique<LatestImageTagRule>(); }

}  // namespace policycheck::rules
