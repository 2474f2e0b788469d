#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "policycheck/dockerfile/model.h"
#include "policycheck/dockerfile/parser.h"
#include "policycheck/image/estimate.h"
#include "policycheck/image/size.h"
#include "test_util.h"

namespace policycheck::image {
namespace {

constexpr int64_t kMB = 1'000'000;

std::unique_ptr<dockerfile::Dockerfile> ParseDockerfile(const std::string& text, const std::string& path = "Dockerfile") {
  auto r = dockerfile::Parse(std::make_shared<SourceFile>(path, "", text));
  EXPECT_TRUE(r.issues.empty()) << (r.issues.empty() ? "" : r.issues[0].message);
  return std::move(r.file);
}

StageEstimate EstimateFinal(const std::string& text) {
  auto file = ParseDockerfile(text);
  return EstimateStage(*file, -1, SizeTable::Builtin());
}

TEST(SizeTableTest, EmbeddedTableIsTheRepositoryFileAndParses) {
  std::string on_disk = testing::ReadFileOrDie(testing::SourceDir() + "/data/base-images.yaml");
  EXPECT_EQ(EmbeddedSizeTableYaml(), on_disk) << "rebuild: the embedded copy is stale";
  SizeTable table;
  EXPECT_EQ(SizeTable::Parse(on_disk, &table), "");
  EXPECT_GE(table.images().size(), 50u);
  EXPECT_EQ(SizeTable::Builtin().images().size(), table.images().size());
  // The issue's families are all there, each with provenance.
  std::set<std::string> names;
  for (const BaseImageSize& e : table.images()) {
    names.insert(e.name);
    EXPECT_FALSE(e.as_of.empty()) << e.name;
    EXPECT_FALSE(e.source.empty()) << e.name;
    EXPECT_GT(e.bytes, 0) << e.name;
  }
  for (const char* n : {"node", "python", "golang", "openjdk", "eclipse-temurin", "debian", "ubuntu", "alpine",
                        "nginx", "gcr.io/distroless/static-debian12"}) {
    EXPECT_TRUE(names.count(n)) << n;
  }
}

TEST(SizeTableTest, ParseRejectsEntriesWithoutProvenanceOrSize) {
  SizeTable t;
  EXPECT_NE(SizeTable::Parse("images:\n  - {name: x, tags: [\"1\"], size: 10MB}\n", &t), "");
  EXPECT_NE(SizeTable::Parse("images:\n  - {name: x, tags: [\"1\"], size: big, as_of: 2024-01, source: s}\n", &t), "");
  EXPECT_NE(SizeTable::Parse("images: [\n", &t), "");
  EXPECT_EQ(SizeTable::Parse("images:\n  - {name: x, tags: [\"1\"], size: 10MB, as_of: 2024-01, source: s}\n", &t), "");
  ASSERT_NE(t.Find("x", "1"), nullptr);
  EXPECT_EQ(t.Find("x", "1")->bytes, 10 * kMB);
}

TEST(SizeTableTest, FindNormalizesNamesAndTags) {
  const SizeTable& t = SizeTable::Builtin();
  std::string tag;
  const BaseImageSize* e = t.Find("docker.io/library/node", "20.11.1-alpine3.19", &tag);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(tag, "20-alpine");
  e = t.Find("python", "3.11.9-slim-bookworm", &tag);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(tag, "3.11-slim-bookworm");
  ASSERT_NE(t.Find("node", "20"), nullptr);
  EXPECT_TRUE(t.Find("node", "20")->full);
  EXPECT_NE(t.Find("ubuntu", ""), nullptr);  // latest
  EXPECT_EQ(t.Find("node", "4"), nullptr);
  EXPECT_EQ(t.Find("myorg/app", "1"), nullptr);
}

TEST(SizeTableTest, OverridesComeFirstAndBadSizesAreReported) {
  SizeTable storage;
  std::string error;
  const SizeTable& t = TableWithOverrides({{"myorg/base:1", "300MB"}, {"node:20", "900MB"}, {"x:1", "lots"}},
                                          &storage, &error);
  EXPECT_NE(error.find("lots"), std::string::npos);
  ASSERT_NE(t.Find("myorg/base", "1"), nullptr);
  EXPECT_EQ(t.Find("myorg/base", "1")->bytes, 300 * kMB);
  EXPECT_EQ(t.Find("node", "20")->bytes, 900 * kMB);
  EXPECT_TRUE(t.Find("node", "20")->full);  // keeps what the entry it overrides says
  EXPECT_EQ(t.Find("x", "1"), nullptr);
  std::string none;
  EXPECT_EQ(&TableWithOverrides({}, &storage, &none), &SizeTable::Builtin());
}

TEST(SizeTableTest, LighterVariantsOfTheSameVersion) {
  const SizeTable& t = SizeTable::Builtin();
  std::string tag;
  const BaseImageSize* node20 = t.Find("node", "20", &tag);
  ASSERT_NE(node20, nullptr);
  auto v = t.LighterVariants(*node20, "20", 100 * kMB);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].second, "20-alpine");  // lightest first
  EXPECT_EQ(v[1].second, "20-slim");
  const BaseImageSize* slim = t.Find("node", "20-slim");
  EXPECT_TRUE(t.LighterVariants(*slim, "20-slim", 100 * kMB).empty());  // alpine saves less than that
  const BaseImageSize* deb = t.Find("debian", "bookworm");
  EXPECT_TRUE(t.LighterVariants(*deb, "bookworm", 100 * kMB).empty());
  ASSERT_EQ(t.LighterVariants(*deb, "bookworm", 10 * kMB).size(), 1u);
  EXPECT_EQ(t.LighterVariants(*deb, "bookworm", 10 * kMB)[0].second, "bookworm-slim");
}

TEST(SizeTest, FormatAndBudgets) {
  EXPECT_EQ(FormatSize(0), "0 B");
  EXPECT_EQ(FormatSize(999), "999 B");
  EXPECT_EQ(FormatSize(1'500), "1.50 kB");
  EXPECT_EQ(FormatSize(45'300'000), "45.3 MB");
  EXPECT_EQ(FormatSize(812'000'000), "812 MB");
  EXPECT_EQ(FormatSize(1'100'000'000), "1.10 GB");
  EXPECT_EQ(ShortImageName("docker.io/library/node:20"), "node:20");
  EXPECT_EQ(ShortImageName("ghcr.io/o/a:1"), "ghcr.io/o/a:1");
  std::map<std::string, std::string> budgets = {{"*", "1GB"}, {"services/ml/*", "3GB"}, {"bad/*", "x"}};
  EXPECT_EQ(ChooseBudget(500 * kMB, budgets, {"services/ml/Dockerfile"}).bytes, 3'000 * kMB);
  EXPECT_EQ(ChooseBudget(500 * kMB, budgets, {"services/ml/Dockerfile"}).pattern, "services/ml/*");
  EXPECT_EQ(ChooseBudget(500 * kMB, budgets, {"web/Dockerfile"}).bytes, 1'000 * kMB);
  EXPECT_EQ(ChooseBudget(500 * kMB, {}, {"web/Dockerfile"}).bytes, 500 * kMB);
  Budget bad = ChooseBudget(500 * kMB, budgets, {"bad/Dockerfile"});
  EXPECT_EQ(bad.bytes, 1'000 * kMB);
  EXPECT_NE(bad.error.find("'x'"), std::string::npos);
}

// ---- estimates ----

std::string ReferenceDockerfile(const std::string& name) {
  return testing::ReadFileOrDie(testing::SourceDir() + "/fixtures/todo-app/" + name + "/Dockerfile");
}

TEST(EstimateTest, ReferenceAppIsUnder500MB) {
  for (const char* app : {"frontend", "backend"}) {
    StageEstimate est = EstimateFinal(ReferenceDockerfile(app));
    ASSERT_NE(est.base, nullptr) << app;
    EXPECT_GT(est.total.low, 40 * kMB) << app;
    EXPECT_LT(est.total.low, 500 * kMB) << app << ": " << FormatRange(est.total);
    // What is copied from the builder is counted as unknown but bounded.
    bool copies_builder = false;
    for (const EstimatePart& p : est.parts) copies_builder |= p.what.starts_with("COPY --from=builder");
    EXPECT_TRUE(copies_builder) << app;
  }
}

TEST(EstimateTest, FullNodeWithBuildToolsIsOverBudget) {
  StageEstimate est = EstimateFinal(
      "FROM node:20\n"
      "RUN apt-get update && apt-get install -y build-essential python3\n"
      "COPY . /app\n");
  EXPECT_GE(est.total.low, 1'000 * kMB);
  EXPECT_TRUE(est.total.unbounded);  // the build context
  EXPECT_EQ(est.not_estimated["COPY from the build context"], 1);
  // node:20 ships build tools already: the install adds nothing for sure.
  ASSERT_GE(est.parts.size(), 2u);
  EXPECT_EQ(est.parts[1].what, "apt-get install build-essential python3");
  EXPECT_EQ(est.parts[1].size.low, 0);
  EXPECT_GE(est.parts[1].size.high, 300 * kMB);
  EXPECT_EQ(est.parts[1].location.line, 2);
}

TEST(EstimateTest, BuildToolsOnSlimBaseCountForSure) {
  StageEstimate est = EstimateFinal(
      "FROM python:3.11-slim\n"
      "RUN apt-get update && apt-get install -y --no-install-recommends build-essential=12.9 \\\n"
      "    && rm -rf /var/lib/apt/lists/*\n");
  EXPECT_EQ(est.total.low, (120 + 150) * kMB);
  EXPECT_FALSE(est.total.unbounded);
  EXPECT_EQ(est.parts.size(), 2u);  // base + install; apt lists were removed
}

TEST(EstimateTest, PackagesRemovedInTheSameRunAddNothing) {
  StageEstimate est = EstimateFinal(
      "FROM alpine:3.19\n"
      "RUN apk add --no-cache --virtual .build-deps build-base && make && apk del .build-deps\n");
  EXPECT_EQ(est.total.low, 7 * kMB);
  StageEstimate kept = EstimateFinal("FROM alpine:3.19\nRUN apk add --no-cache build-base\n");
  EXPECT_EQ(kept.total.low, (7 + 120) * kMB);
}

TEST(EstimateTest, CopyFromBuilderIsBoundedByTheBuilder) {
  StageEstimate est = EstimateFinal(
      "FROM golang:1.22 AS build\n"
      "RUN go build -o /out/app .\n"
      "FROM gcr.io/distroless/static-debian12\n"
      "COPY --from=build /out/app /app\n");
  EXPECT_EQ(est.total.low, 2 * kMB);
  EXPECT_EQ(est.total.high, (2 + 800) * kMB);
  EXPECT_FALSE(est.total.unbounded);
  EXPECT_EQ(est.parts.back().what, "COPY --from=build");
  EXPECT_EQ(est.parts.back().size.low, 0);
}

TEST(EstimateTest, StageChainsPipAndUnknownBases) {
  StageEstimate est = EstimateFinal(
      "ARG PY=3.12\n"
      "FROM python:${PY}-slim AS base\n"
      "FROM base\n"
      "RUN pip install --no-cache-dir torch==2.3 numpy\n");
  ASSERT_NE(est.base, nullptr);
  EXPECT_EQ(est.base_reference, "python:3.12-slim");
  EXPECT_EQ(est.base_stage_index, 0);
  EXPECT_EQ(est.total.low, (120 + 500 + 20) * kMB);

  StageEstimate pinned = EstimateFinal("FROM docker.io/library/node:20.11.1-alpine3.19@sha256:" + std::string(64, 'a') + "\n");
  ASSERT_EQ(pinned.parts.size(), 1u);
  EXPECT_EQ(pinned.parts[0].what, "base node:20.11.1-alpine3.19@sha256:" + std::string(64, 'a') +
                                      " (as node:20-alpine in the size table, as of 2024-06)");

  StageEstimate unknown = EstimateFinal("FROM myorg/runtime:7\nRUN make\n");
  EXPECT_EQ(unknown.base, nullptr);
  EXPECT_TRUE(unknown.total.unbounded);
  EXPECT_EQ(unknown.total.low, 0);
  EXPECT_EQ(unknown.not_estimated.size(), 2u);  // the base, and the RUN

  StageEstimate scratch = EstimateFinal("FROM scratch\nCOPY --from=alpine:3.19 /bin/busybox /\n");
  EXPECT_EQ(scratch.total.low, 0);
  EXPECT_EQ(scratch.total.high, 7 * kMB);
  EXPECT_EQ(FormatRange(scratch.total), "0 B to 7.00 MB");
}

TEST(EstimateTest, NpmAndRequirementsAreUnbounded) {
  StageEstimate est = EstimateFinal(
      "FROM node:20-slim\nWORKDIR /app\nRUN npm ci --omit=dev\nRUN pip install -r requirements.txt\n");
  EXPECT_TRUE(est.total.unbounded);
  EXPECT_EQ(est.total.low, 190 * kMB);
  EXPECT_EQ(FormatRange(est.total), "at least 190 MB (no upper bound)");
}

// Every real-world Dockerfile of the corpus gets an estimate without trouble.
TEST(EstimateTest, CorpusSmoke) {
  std::string corpus = testing::CorpusDir();
  if (corpus.empty()) GTEST_SKIP() << "../shared/corpus is absent";
  int files = 0, known_base = 0;
  for (const auto& e : std::filesystem::directory_iterator(corpus + "/dockerfiles")) {
    if (!e.is_regular_file() || !e.path().string().ends_with("Dockerfile")) continue;
    auto r = dockerfile::Parse(std::make_shared<SourceFile>(e.path().filename().string(), e.path().string(),
                                                            testing::ReadFileOrDie(e.path().string())));
    StageEstimate est = EstimateStage(*r.file, -1, SizeTable::Builtin());
    if (!est.total.unbounded) {
      EXPECT_LE(est.total.low, est.total.high) << e.path();
    }
    ++files;
    known_base += est.base != nullptr;
  }
  EXPECT_GT(files, 500);
  EXPECT_GT(known_base, 100);
  RecordProperty("corpus_files", files);
  RecordProperty("known_base", known_base);
}

}  // namespace
}  // namespace policycheck::image
