#include <gtest/gtest.h>

#include "policycheck/k8s/loader.h"
#include "policycheck/k8s/object.h"
#include "policycheck/k8s/quantity.h"
#include "policycheck/k8s/security_context.h"

namespace policycheck::k8s {
namespace {

__int128 Nanos(std::string_view s) {
  auto q = Quantity::Parse(s);
  EXPECT_TRUE(q.has_value()) << s;
  return q ? q->nanos() : -1;
}

TEST(QuantityTest, ParsesLikeKubernetes) {
  EXPECT_EQ(Nanos("500m"), 500'000'000);
  EXPECT_EQ(Nanos("0.5"), 500'000'000);
  EXPECT_EQ(Nanos(".5"), 500'000'000);
  EXPECT_EQ(Nanos("1"), 1'000'000'000);
  EXPECT_EQ(Nanos("1Gi") / 1'000'000'000, static_cast<__int128>(1) << 30);
  EXPECT_EQ(Nanos("1G") / 1'000'000'000, 1'000'000'000);
  EXPECT_EQ(Nanos("1e3") / 1'000'000'000, 1000);
  EXPECT_EQ(Nanos("1.5Gi") / 1'000'000'000, 1610612736);
  EXPECT_EQ(Nanos("512Mi") / 1'000'000'000, 536870912);
  EXPECT_EQ(Nanos("1n"), 1);
  EXPECT_EQ(Nanos("1E-2"), 10'000'000);
  EXPECT_EQ(Nanos("+1k") / 1'000'000'000, 1000);
  EXPECT_EQ(Nanos("-1"), -1'000'000'000);
  EXPECT_LT(*Quantity::Parse("500m"), *Quantity::Parse("1"));
  EXPECT_EQ(*Quantity::Parse("1000m"), *Quantity::Parse("1"));
  EXPECT_LT(*Quantity::Parse("1G"), *Quantity::Parse("1Gi"));
  for (const char* bad : {"", "m", "1.5.5", "1 Gi", "1gi", "1KB", "1K", "abc", "1e", "Gi", "1.2.3m", "0x10"}) {
    EXPECT_FALSE(Quantity::Parse(bad).has_value()) << bad;
  }
}

const Object& Only(const LoadResult& r) {
  EXPECT_EQ(r.objects.size(), 1u);
  return *r.objects.at(0);
}

TEST(PodSpecTest, TableCoversEveryWorkloadKind) {
  struct Case {
    const char* kind;
    const char* prefix;  // YAML from the object root down to the pod spec
  } cases[] = {
      {"Pod", "spec:\n"},
      {"Deployment", "spec:\n template:\n  spec:\n"},
      {"ReplicaSet", "spec:\n template:\n  spec:\n"},
      {"ReplicationController", "spec:\n template:\n  spec:\n"},
      {"StatefulSet", "spec:\n template:\n  spec:\n"},
      {"DaemonSet", "spec:\n template:\n  spec:\n"},
      {"Job", "spec:\n template:\n  spec:\n"},
      {"CronJob", "spec:\n jobTemplate:\n  spec:\n   template:\n    spec:\n"},
      {"PodTemplate", "template:\n spec:\n"},
  };
  for (const auto& c : cases) {
    std::string text = std::string("apiVersion: v1\nkind: ") + c.kind + "\nmetadata: {name: x}\n" + c.prefix +
                       "      initContainers: [{name: i}, {name: s, restartPolicy: Always}]\n"
                       "      containers: [{name: a}]\n"
                       "      ephemeralContainers: [{name: e}]\n";
    auto r = LoadManifests(std::make_shared<SourceFile>("m.yaml", "", text), K8sOptions{});
    const Object& o = Only(r);
    ASSERT_TRUE(o.has_pod_spec()) << c.kind << "\n" << text;
    const PodSpec* pod = o.pod_spec();
    ASSERT_EQ(pod->containers.size(), 4u) << c.kind;
    EXPECT_EQ(pod->containers[0].role, ContainerRole::kInit);
    EXPECT_EQ(pod->containers[1].role, ContainerRole::kSidecar);
    EXPECT_EQ(pod->containers[2].role, ContainerRole::kRegular);
    EXPECT_EQ(pod->containers[2].name, "a");
    EXPECT_EQ(pod->containers[3].role, ContainerRole::kEphemeral);
  }
}

TEST(PodSpecTest, CrdPathsComeFromOptions) {
  std::string text =
      "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: r}\nspec:\n  template:\n"
      "    metadata: {labels: {app: r}}\n    spec:\n      containers: [{name: a}]\n";
  auto plain = LoadManifests(std::make_shared<SourceFile>("m.yaml", "", text), K8sOptions{});
  EXPECT_FALSE(Only(plain).has_pod_spec());
  K8sOptions options;
  options.pod_spec_paths["Rollout"] = "spec.template.spec";
  auto r = LoadManifests(std::make_shared<SourceFile>("m.yaml", "", text), options);
  ASSERT_TRUE(Only(r).has_pod_spec());
  EXPECT_EQ(Only(r).pod_spec()->labels()->Get("app")->text(), "r");
}

TEST(PodSpecTest, PatchWithoutPodSpecHasNone) {
  auto r = LoadManifests(std::make_shared<SourceFile>("m.yaml", "",
                                                      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: "
                                                      "x}\nspec:\n  replicas: 3\n"),
                         K8sOptions{});
  EXPECT_FALSE(Only(r).has_pod_spec());
}

TEST(SecurityContextTest, ContainerOverPodOverDefault) {
  auto r = LoadManifests(
      std::make_shared<SourceFile>(
          "m.yaml", "",
          "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    runAsUser: 1000\n"
          "    runAsNonRoot: yes\n    fsGroup: 2000\n  containers:\n  - name: a\n    securityContext:\n"
          "      runAsUser: 0\n      privileged: on\n  - name: b\n  - name: c\n    securityContext:\n"
          "      runAsUser: \"1001\"\n      allowPrivilegeEscalation: false\n"),
      K8sOptions{});
  const Object& o = Only(r);
  const PodSpec& pod = *o.pod_spec();
  SecurityContext a = ResolveSecurityContext(pod, pod.containers[0]);
  EXPECT_EQ(a.run_as_user.value, 0);
  EXPECT_EQ(a.run_as_user.origin, Origin::kContainer);
  EXPECT_EQ(a.run_as_user.node->line(), 12);
  EXPECT_EQ(a.run_as_non_root.value, true);
  EXPECT_EQ(a.run_as_non_root.origin, Origin::kPod);
  EXPECT_EQ(a.privileged.value, true);
  EXPECT_EQ(a.fs_group.value, 2000);
  SecurityContext b = ResolveSecurityContext(pod, pod.containers[1]);
  EXPECT_EQ(b.run_as_user.value, 1000);
  EXPECT_EQ(b.run_as_user.origin, Origin::kPod);
  EXPECT_EQ(b.privileged.value, false);
  EXPECT_EQ(b.privileged.origin, Origin::kDefault);
  EXPECT_EQ(b.allow_privilege_escalation.value, true);
  SecurityContext c = ResolveSecurityContext(pod, pod.containers[2]);
  ASSERT_EQ(c.invalid.size(), 1u);  // a string runAsUser is reported, not a crash
  EXPECT_EQ(c.invalid[0].field, "securityContext.runAsUser");
  EXPECT_EQ(c.invalid[0].node->line(), 17);
  EXPECT_EQ(c.run_as_user.value, 1000);  // falls back to the pod's value
  EXPECT_EQ(c.allow_privilege_escalation.value, false);
}

}  // namespace
}  // namespace policycheck::k8s
