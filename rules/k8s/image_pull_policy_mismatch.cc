// K8S025 image-pull-policy-mismatch: A mutable image tag is combined with an imagePullPolicy that can run a stale image.
#include <memory>

#include <string>
#include "k8s/k8s_util.h"

namespace policycheck::rules {
namespace {

using namespace k8s_util;  // NOLINT(build/namespaces)

class ImagePullPolicyMismatchRule : public ObjectRule {
 public:
  ImagePullPolicyMismatchRule()
      : ObjectRule(RuleInfo{
            .id = "K8S025",
            .name = "image-pull-policy-mismatch",
            .target = Target::kPodSpec,
            .default_severity = Severity::kWarning,
            .enabled_by_default = true,
            .category = "reliability",
            .summary = "A mutable image tag is combined with an imagePullPolicy that can run a stale image.",
            .remediation = "Pin the image to a version or digest, or use imagePullPolicy: Always for mutable tags.",
            .equivalents = {"checkov:CKV_K8S_15"},
        }) {}

  void Check(const k8s::Object& obj, const CheckContext& /*ctx*/, Reporter& out) const override {
    for (const Container& c : obj.pod_spec()->containers) {
      const Node* image = Get(c.node, "image");
      const Node* policy = Get(c.node, "imagePullPolicy");
      if (!image || !policy || !image->IsScalar() || !policy->IsScalar()) continue;
      bool digest = false;
      std::string tag = ImageTag(image->text(), &digest);
      bool mutable_tag = !digest && (tag.empty() || tag == "latest");
      if (mutable_tag && (policy->text() == "IfNotPresent" || policy->text() == "Never")) {
        Report(out, obj, policy, &c,
               Describe(c) + " uses mutable image " + image->text() + " with imagePullPolicy " + policy->text() +
                   ", so nodes can run different, stale versions");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewImagePullPolicyMismatchRule() { return std::make_unique<ImagePullPolicyMismatchRule>(); }

}  // namespace policycheck::rules
