#include "policycheck/k8s/loader.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <iostream>

#include "../../analyzer/src/k8s/yaml_parse.h"
#include "policycheck/k8s/object.h"
#include "test_util.h"

namespace policycheck::k8s {
namespace {

LoadResult Load(const std::string& text, K8sOptions options = {}) {
  return LoadManifests(std::make_shared<SourceFile>("m.yaml", "", text), options);
}

std::string Issues(const LoadResult& r) {
  std::string s;
  for (const auto& i : r.issues) {
    s += i.rule_id + "@" + std::to_string(i.location.line) + ":" + std::to_string(i.location.column) + " ";
  }
  return s;
}

constexpr const char* kPod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n";

TEST(LoaderTest, MultiDocumentWithEmptyAndCommentOnlyDocuments) {
  auto r = Load("# header\n---\n---\n# only a comment\n---\n" + std::string(kPod) +
                "---\napiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: ns}\n...\n");
  ASSERT_EQ(r.objects.size(), 2u);
  EXPECT_EQ(r.documents, 2);
  EXPECT_EQ(r.objects[0]->kind(), "Pod");
  EXPECT_EQ(r.objects[0]->location().line, 6);
  EXPECT_EQ(r.objects[0]->location().column, 1);
  EXPECT_EQ(r.objects[1]->kind(), "Service");
  EXPECT_EQ(r.objects[1]->name(), "s");
  EXPECT_EQ(r.objects[1]->ns(), "ns");
  EXPECT_EQ(r.objects[1]->location().line, 11);
  EXPECT_TRUE(r.issues.empty()) << Issues(r);
}

TEST(LoaderTest, ListIsExpanded) {
  auto r = Load(
      "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n"
      "- apiVersion: v1\n  kind: Secret\n  metadata: {name: b}\n- just: data\n");
  ASSERT_EQ(r.objects.size(), 2u);
  EXPECT_EQ(r.objects[0]->name(), "a");
  EXPECT_EQ(r.objects[0]->location().line, 4);
  EXPECT_EQ(r.objects[0]->location().column, 3);
  EXPECT_EQ(r.objects[1]->kind(), "Secret");
}

TEST(LoaderTest, JsonBomAndCrlf) {
  auto r = Load("\xEF\xBB\xBF{\r\n  \"apiVersion\": \"v1\",\r\n  \"kind\": \"Pod\",\r\n"
                "  \"metadata\": {\"name\": \"j\", \"labels\": {\"a\": \"b\"}}\r\n}\r\n");
  ASSERT_EQ(r.objects.size(), 1u) << Issues(r);
  EXPECT_EQ(r.objects[0]->name(), "j");
  const Node* a = r.objects[0]->Find("metadata.labels.a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->text(), "b");
  EXPECT_EQ(a->line(), 4);
  EXPECT_EQ(a->column(), 45);
  EXPECT_EQ(r.objects[0]->location().line, 2);
  EXPECT_EQ(r.objects[0]->location().column, 3);
}

TEST(LoaderTest, AnchorsAliasesAndMergeKeysExplicitWins) {
  auto r = Load(std::string(kPod) +
                "spec:\n  base: &base\n    a: 1\n    b: 2\n  other: &other {c: 3, a: 9}\n"
                "  merged:\n    <<: [*base, *other]\n    b: 20\n  alias: *base\n");
  ASSERT_EQ(r.objects.size(), 1u) << Issues(r);
  const Object& o = *r.objects[0];
  const Node* merged = o.Find("spec.merged");
  ASSERT_NE(merged, nullptr);
  EXPECT_EQ(merged->entry_count(), 3u);
  EXPECT_EQ(merged->Get("a")->text(), "1");   // first merged map wins over later ones
  EXPECT_EQ(merged->Get("b")->text(), "20");  // explicit key wins
  EXPECT_EQ(merged->Get("c")->text(), "3");
  EXPECT_EQ(merged->Get("<<"), nullptr);
  EXPECT_EQ(o.Find("spec.alias.b")->line(), 8);  // aliases share the anchored node
  EXPECT_TRUE(r.issues.empty()) << Issues(r);
}

TEST(LoaderTest, Yaml11ScalarResolution) {
  auto r = Load(std::string(kPod) +
                "spec:\n  a: yes\n  b: off\n  c: 0777\n  d: \"yes\"\n  e: 0x1F\n  f: 1_000\n  g: ~\n  h: '0777'\n"
                "  i: !!str true\n  j: 1.5\n  k: Y\n");
  ASSERT_EQ(r.objects.size(), 1u);
  const Object& o = *r.objects[0];
  EXPECT_EQ(o.Find("spec.a")->AsBool(), true);
  EXPECT_EQ(o.Find("spec.b")->AsBool(), false);
  EXPECT_EQ(o.Find("spec.c")->AsInt(), 511);
  EXPECT_FALSE(o.Find("spec.d")->AsBool().has_value());
  EXPECT_TRUE(o.Find("spec.d")->IsString());
  EXPECT_EQ(o.Find("spec.e")->AsInt(), 31);
  EXPECT_EQ(o.Find("spec.f")->AsInt(), 1000);
  EXPECT_TRUE(o.Find("spec.g")->IsNull());
  EXPECT_FALSE(o.Find("spec.h")->AsInt().has_value());
  EXPECT_FALSE(o.Find("spec.i")->AsBool().has_value());
  EXPECT_TRUE(o.Find("spec.j")->IsNumber());
  EXPECT_FALSE(o.Find("spec.j")->IsString());
  EXPECT_EQ(o.Find("spec.k")->AsBool(), true);
}

TEST(LoaderTest, DuplicateKeysAreLocated) {
  auto r = Load(std::string(kPod) + "spec:\n  replicas: 1\n  replicas: 3\n");
  ASSERT_EQ(r.objects.size(), 1u);
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].rule_id, "PC003");
  EXPECT_EQ(r.issues[0].location.line, 7);
  EXPECT_EQ(r.issues[0].location.column, 3);
  EXPECT_EQ(r.objects[0]->Find("spec.replicas")->text(), "3");  // the last one wins
}

TEST(LoaderTest, SyntaxErrorIsLocatedAndOtherDocumentsLoad) {
  auto r = Load(std::string(kPod) + "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: [bad\n---\n" +
                std::string(kPod));
  EXPECT_EQ(r.objects.size(), 2u);
  ASSERT_EQ(r.issues.size(), 1u) << Issues(r);
  EXPECT_EQ(r.issues[0].rule_id, "PC001");
  EXPECT_GE(r.issues[0].location.line, 8);
  EXPECT_LE(r.issues[0].location.line, 10);
  EXPECT_GT(r.issues[0].location.column, 0);
}

TEST(LoaderTest, MalformedInputThatLoopsYamlCppIsAnError) {
  // yaml-cpp 0.7 emits empty documents forever for this input.
  auto r = Load(",apiVersion: v1\nkind: Pod\n---\n" + std::string(kPod));
  EXPECT_EQ(r.objects.size(), 1u);
  ASSERT_EQ(r.issues.size(), 1u) << Issues(r);
  EXPECT_EQ(r.issues[0].rule_id, "PC001");
  EXPECT_EQ(r.issues[0].location.line, 1);
  EXPECT_EQ(r.issues[0].location.column, 1);
}

TEST(LoaderTest, BadIndentationIsAnError) {
  auto r = Load("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n   labels: {}\n");
  EXPECT_TRUE(r.objects.empty());
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].rule_id, "PC001");
  EXPECT_EQ(r.issues[0].location.line, 5);
}

TEST(LoaderTest, BillionLaughsEndsQuicklyWithALocatedError) {
  std::string text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  std::string prev = "a";
  for (char c = 'b'; c <= 'i'; ++c) {
    text += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) text += (i ? ",*" : "*") + prev;
    text += "]\n";
    prev = std::string(1, c);
  }
  auto start = std::chrono::steady_clock::now();
  auto r = Load(text);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 1.0);
  ASSERT_EQ(r.issues.size(), 1u) << Issues(r);
  EXPECT_EQ(r.issues[0].rule_id, "PC001");
  EXPECT_EQ(r.issues[0].location.line, 7);  // "g": the first alias past 1,000,000 nodes
  EXPECT_EQ(r.issues[0].location.column, 8);
  EXPECT_NE(r.issues[0].message.find("alias"), std::string::npos);
}

TEST(LoaderTest, DepthLimit) {
  K8sOptions options;
  options.limits.max_yaml_depth = 50;
  auto r = Load(std::string(100, '[') + std::string(100, ']') + "\n", options);
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].rule_id, "PC001");
  EXPECT_EQ(r.issues[0].location.line, 1);
  auto deep = Load(std::string(5000, '[') + "\n");  // default limit, no crash
  EXPECT_EQ(deep.issues.size(), 1u);
}

// The limit counts collection levels, the same way in block and flow style and in both parsers:
// exactly max_yaml_depth levels load, one more is the error (flow used to stop at half the limit).
TEST(LoaderTest, DepthLimitCountsCollectionLevels) {
  K8sOptions options;
  options.limits.max_yaml_depth = 40;
  auto block = [](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += std::string(2 * i, ' ') + "k" + std::to_string(i) + ":\n";
    return s + std::string(2 * n, ' ') + "v\n";
  };
  auto flow = [](int n) { return "k: " + std::string(n - 1, '[') + std::string(n - 1, ']') + "\n"; };
  auto seq = [](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += "- ";
    return s + "x\n";
  };
  for (const auto& make : {std::function<std::string(int)>(block), std::function<std::string(int)>(flow),
                           std::function<std::string(int)>(seq)}) {
    EXPECT_EQ(Issues(Load(make(40), options)), "") << make(40);
    auto over = Load(make(41), options);
    ASSERT_EQ(over.issues.size(), 1u) << make(41);
    EXPECT_EQ(over.issues[0].message, "YAML nesting deeper than 40 levels");
  }
}

TEST(LoaderTest, NonKubernetesYamlIsCountedWithoutFindings) {
  auto r = Load("services:\n  web:\n    image: nginx\n---\nresources:\n- a.yaml\n---\n- 1\n---\nplain\n");
  EXPECT_TRUE(r.objects.empty());
  EXPECT_TRUE(r.issues.empty());
  EXPECT_EQ(r.documents, 4);
  EXPECT_EQ(r.non_k8s_documents, 4);
}

TEST(LoaderTest, UnrenderedTemplateIsOneNote) {
  auto r = Load("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n  labels:\n"
                "    {{- include \"x\" . | nindent 4 }}\n---\nkind: {{ .Values.kind }}\n");
  ASSERT_EQ(r.issues.size(), 1u) << Issues(r);
  EXPECT_EQ(r.issues[0].rule_id, "PC004");
  EXPECT_EQ(r.issues[0].location.line, 4);
  EXPECT_EQ(r.issues[0].location.column, 9);
  // Template-like text inside valid YAML strings is just text.
  auto ok = Load(std::string(kPod) + "  annotations:\n    summary: \"{{ $labels.instance }} down\"\n");
  EXPECT_TRUE(ok.issues.empty());
  EXPECT_EQ(ok.objects.size(), 1u);
}

TEST(LoaderTest, BlockScalarsAndMultiLineScalars) {
  auto r = Load(std::string(kPod) +
                "data:\n  lit: |\n    a\n     b\n\n  fold: >-\n    one\n    two\n\n    three\n"
                "  keep: |+\n    x\n\n  plain: first\n    second\n  dq: \"a\\tb\n    c\"\n  sq: 'it''s'\n"
                "  ind: |2-\n     lead\n");
  ASSERT_EQ(r.objects.size(), 1u) << Issues(r);
  const Object& o = *r.objects[0];
  EXPECT_EQ(o.Find("data.lit")->text(), "a\n b\n");
  EXPECT_EQ(o.Find("data.fold")->text(), "one two\nthree");
  EXPECT_EQ(o.Find("data.keep")->text(), "x\n\n");
  EXPECT_EQ(o.Find("data.plain")->text(), "first second");
  EXPECT_EQ(o.Find("data.dq")->text(), "a\tb c");
  EXPECT_EQ(o.Find("data.sq")->text(), "it's");
  EXPECT_EQ(o.Find("data.ind")->text(), " lead");
  EXPECT_EQ(o.Find("data.lit")->line(), 6);
  EXPECT_EQ(o.Find("data.lit")->column(), 8);
}

TEST(LoaderTest, LocationsOfPathsAndNearestParent) {
  auto r = Load(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n"
      "      containers:\n      - name: app\n        image: nginx:1.25\n");
  ASSERT_EQ(r.objects.size(), 1u);
  const Object& o = *r.objects[0];
  Location image = o.LocationOfPath("spec.template.spec.containers[0].image");
  EXPECT_EQ(image.file, "m.yaml");
  EXPECT_EQ(image.line, 10);
  EXPECT_EQ(image.column, 16);
  Location missing = o.LocationOfPath("spec.template.spec.containers[0].securityContext.runAsUser");
  EXPECT_EQ(missing.line, 9);  // the container mapping
  EXPECT_EQ(missing.column, 9);
  EXPECT_EQ(o.LocationOfKey(o.Find("spec.template.spec"), "containers").line, 8);
}

TEST(LoaderTest, FastParserAgreesWithYamlCpp) {
  // Constructs the fast parser must either handle exactly like yaml-cpp or decline.
  const char* cases[] = {
      "a: b\nc:\n- d\n- e: f\n  g: h\n",
      "k: [a, {b: c}, \"d\", 'e']\n",
      "- - a\n  - b\n- c\n",
      "a: &x 1\nb: *x\n",
      "a: |\n  x\n\n  y\nb: >\n  p\n   q\n  r\n",
      "a: \"multi\n  line\\\n  escaped\"\n",
      "? complex\n: key\n",
      "a: b: c\n",
      "url: http://x:80/y\nt: 12:30\n",
      "a: plain # comment\n  # another\nb: 1\n",
      "a:\n\n  b: 1\n",
      "{\"a\": [1, 2, {\"b\": null}]}\n",
  };
  Limits limits;
  for (const char* c : cases) {
    auto fast = internal::ParseYamlStreamWith(c, limits, internal::ParserChoice::kFastOnly);
    auto ref = internal::ParseYamlStreamWith(c, limits, internal::ParserChoice::kYamlCppOnly);
    ASSERT_EQ(fast.size(), 1u) << c;
    if (fast[0].failed) continue;  // declined: yaml-cpp decides
    ASSERT_EQ(ref.size(), 1u) << c;
    ASSERT_FALSE(ref[0].failed) << c;
    std::function<void(const Node*, const Node*)> same = [&](const Node* a, const Node* b) {
      ASSERT_EQ(a->IsNull(), b->IsNull()) << c;
      if (a->IsNull()) return;
      ASSERT_EQ(a->kind(), b->kind()) << c;
      EXPECT_EQ(a->text(), b->text()) << c;
      EXPECT_EQ(a->plain(), b->plain()) << c;
      EXPECT_EQ(a->line(), b->line()) << c;
      EXPECT_EQ(a->column(), b->column()) << c;
      ASSERT_EQ(a->children_.size(), b->children_.size()) << c;
      for (size_t i = 0; i < a->children_.size(); ++i) same(a->children_[i], b->children_[i]);
    };
    same(fast[0].doc->root, ref[0].doc->root);
  }
}

TEST(LoaderTest, CorpusLoadsWithEveryErrorLocated) {
  std::string corpus = testing::CorpusDir();
  if (corpus.empty()) GTEST_SKIP() << "../shared/corpus is absent";
  std::filesystem::path dir = std::filesystem::path(corpus) / "manifests";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << dir << " is absent";
  std::vector<std::shared_ptr<SourceFile>> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string ext = entry.path().extension().string();
    if (ext != ".yaml" && ext != ".yml" && ext != ".json") continue;
    files.push_back(std::make_shared<SourceFile>(entry.path().filename().string(), entry.path().string(),
                                                 testing::ReadFileOrDie(entry.path().string())));
  }
  auto start = std::chrono::steady_clock::now();
  size_t objects = 0, errors = 0, documents = 0, non_k8s = 0, pod_specs = 0;
  for (const auto& f : files) {
    LoadResult r = LoadManifests(f, K8sOptions{});
    objects += r.objects.size();
    documents += r.documents;
    non_k8s += r.non_k8s_documents;
    for (const auto& o : r.objects) pod_specs += o->has_pod_spec();
    for (const auto& issue : r.issues) {
      ++errors;
      EXPECT_EQ(issue.location.file, f->display_path());
      EXPECT_GT(issue.location.line, 0) << issue.message;
      EXPECT_GT(issue.location.column, 0) << issue.message;
      EXPECT_LE(issue.location.line, f->line_count()) << issue.message;
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[corpus] files=" << files.size() << " documents=" << documents << " objects=" << objects
            << " pod_specs=" << pod_specs << " non_k8s_documents=" << non_k8s << " issues=" << errors
            << " load_seconds=" << seconds << "\n";
  EXPECT_GE(files.size(), 2600u);
  EXPECT_GT(objects, 3000u);
}

}  // namespace
}  // namespace policycheck::k8s
