// The image rules through their public check interfaces.
#include <gtest/gtest.h>

#include "archive_builder.h"
#include "policycheck/dockerfile/model.h"
#include "policycheck/dockerfile/parser.h"
#include "policycheck/image/history.h"
#include "policycheck/image/image.h"
#include "policycheck/image/model.h"
#include "policycheck/registry.h"
#include "policycheck/rule.h"

namespace policycheck {
namespace rules {
std::unique_ptr<Rule> NewImageOverSizeBudgetRule();
std::unique_ptr<Rule> NewEstimateOverSizeBudgetRule();
std::unique_ptr<Rule> NewHeavyBaseImageRule();
void RegisterImageRules(RuleRegistry& registry);
}  // namespace rules

namespace {

constexpr int64_t kMB = 1'000'000;

class Collect : public Reporter {
 public:
  using Reporter::Report;
  void Report(Diagnostic d) override { found.push_back(std::move(d)); }
  std::vector<Diagnostic> found;
};

// The rule's declared defaults, with `overrides` as YAML flow text.
Params ParamsOf(const Rule& rule, const std::map<std::string, std::string>& overrides = {}) {
  Params params;
  for (const ParamSpec& spec : rule.info().params) {
    auto it = overrides.find(std::string(spec.name));
    std::string text = it != overrides.end() ? it->second : std::string(spec.default_value);
    ParamValue value;
    std::string err = ParseParamText(spec.type, text, &value);
    EXPECT_EQ(err, "") << spec.name;
    params.Set(std::string(spec.name), value);
  }
  return params;
}

image::Image BigImage() {
  image::Image img;
  img.reference = "docker.io/library/web:2";
  img.tags = {img.reference};
  img.path = "web.tar";
  img.platform = "linux/amd64";
  img.location = Location{"web.tar!/manifest.json", 2, 3};
  auto layer = [](int64_t mb, std::string created_by, int line) {
    image::Layer l;
    l.uncompressed_size = mb * kMB;
    l.compressed_size = mb * kMB / 3;
    l.stored_size = l.compressed_size;
    l.created_by = std::move(created_by);
    l.location = Location{"web.tar!/manifest.json", line, 7};
    return l;
  };
  img.layers = {layer(80, "/bin/sh -c #(nop) ADD file:4b03 in / ", 5),
                layer(420, "RUN /bin/sh -c apt-get update && apt-get install -y build-essential # buildkit", 6),
                layer(5, "COPY . /app # buildkit", 7), layer(120, "RUN /bin/sh -c npm ci # buildkit", 8)};
  img.uncompressed_size = 625 * kMB;
  img.compressed_size = 0;
  for (const auto& l : img.layers) img.compressed_size += l.compressed_size;
  return img;
}

std::vector<Diagnostic> CheckImage(const image::Image& img, const std::map<std::string, std::string>& params = {}) {
  auto rule = rules::NewImageOverSizeBudgetRule();
  Params p = ParamsOf(*rule, params);
  Collect out;
  static_cast<const ImageRule&>(*rule).Check(img, CheckContext{p}, out);
  return out.found;
}

TEST(ImageOverSizeBudgetTest, ListsTheLargestLayersWithTheirSteps) {
  auto found = CheckImage(BigImage());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].location, (Location{"web.tar!/manifest.json", 2, 3}));
  EXPECT_EQ(found[0].message,
            "image docker.io/library/web:2 (linux/amd64) is 625 MB uncompressed (208 MB compressed), over the "
            "500 MB budget; largest layers: 420 MB from `RUN apt-get update && apt-get install -y build-essential`; "
            "120 MB from `RUN npm ci`; 80.0 MB from `ADD file:4b03 in /`");
  ASSERT_EQ(found[0].related.size(), 3u);
  EXPECT_EQ(found[0].related[0].location.line, 6);
}

TEST(ImageOverSizeBudgetTest, BudgetsByGlobMeasureAndLowerBounds) {
  image::Image img = BigImage();
  EXPECT_TRUE(CheckImage(img, {{"budget", "700MB"}}).empty());
  EXPECT_TRUE(CheckImage(img, {{"budgets", "{'web:*': 1GB}"}}).empty());  // short name matches
  auto found = CheckImage(img, {{"budgets", "{'*web*': 600MB, 'docker.io/library/web:*': 2GB}"}});
  EXPECT_TRUE(found.empty());  // the longest pattern wins
  found = CheckImage(img, {{"budget", "100MB"}, {"measure", "compressed"}, {"top_layers", "1"}});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].message.find("is 208 MB compressed, over the 100 MB budget; largest layers: 140 MB from"),
            std::string::npos)
      << found[0].message;
  // Only part of the layers known: the known part is a lower bound.
  img.uncompressed_size = image::kUnknownSize;
  img.layers[0].uncompressed_size = image::kUnknownSize;
  img.layers[0].compressed_size = image::kUnknownSize;
  found = CheckImage(img);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].message.find("is at least 545 MB uncompressed"), std::string::npos) << found[0].message;
  EXPECT_EQ(CheckImage(img, {{"budgets", "{'web*': huge}"}}).size(), 2u);  // bad budget is reported too
}

TEST(ImageOverSizeBudgetTest, EndToEndFromADockerSaveArchive) {
  using image::testing::Gzip;
  using image::testing::TarWriter;
  TarWriter layer;
  layer.AddFile("opt/blob", std::string(3'000'000, 'z'));  // compresses to a few kB
  std::string layer_tar = layer.Finish();
  std::string config =
      R"({"os":"linux","architecture":"arm64","history":[{"created_by":"COPY blob /opt/ # buildkit"}],)"
      R"("rootfs":{"diff_ids":["sha256:aa"]}})";
  TarWriter save;
  save.AddFile("manifest.json", R"([{"Config":"c.json","RepoTags":["blob:1"],"Layers":["l/layer.tar.gz"]}])");
  save.AddFile("c.json", config);
  save.AddFile("l/layer.tar.gz", Gzip(layer_tar));
  image::testing::TempDir dir;
  image::LoadResult r = image::LoadImage(dir.Write("b.tar", save.Finish()), "b.tar");
  ASSERT_TRUE(r.issues.empty());
  ASSERT_EQ(r.images.size(), 1u);
  auto found = CheckImage(*r.images[0], {{"budget", "2MB"}});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].message.find("image blob:1 (linux/arm64) is 3.00 MB uncompressed"), std::string::npos)
      << found[0].message;
  EXPECT_NE(found[0].message.find("from `COPY blob /opt/`"), std::string::npos) << found[0].message;
  EXPECT_TRUE(CheckImage(*r.images[0], {{"budget", "2MB"}, {"measure", "compressed"}}).empty());
}

std::vector<Diagnostic> CheckDockerfile(const Rule& rule, const std::string& text,
                                        const std::map<std::string, std::string>& params = {},
                                        const std::string& path = "Dockerfile") {
  auto parsed = dockerfile::Parse(std::make_shared<SourceFile>(path, "", text));
  Params p = ParamsOf(rule, params);
  Collect out;
  static_cast<const DockerfileRule&>(rule).Check(*parsed.file, CheckContext{p}, out);
  return out.found;
}

TEST(EstimateOverSizeBudgetTest, FlagsOnlyWhenTheLowerBoundIsOver) {
  auto rule = rules::NewEstimateOverSizeBudgetRule();
  const std::string heavy =
      "FROM node:20-alpine AS build\nRUN npm ci\n"
      "FROM node:20\nRUN apt-get update && apt-get install -y build-essential\nCOPY --from=build /app /app\n";
  auto found = CheckDockerfile(*rule, heavy);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].location.line, 3);
  EXPECT_EQ(found[0].message,
            "final stage size estimate at least 1.00 GB (no upper bound) is over the 500 MB budget: "
            "base node:20 (size table, as of 2024-06) 1.00 GB; COPY --from=build of unknown size; "
            "apt-get install build-essential 0 B to 350 MB; apt lists left by apt-get update 0 B to 60.0 MB");
  EXPECT_TRUE(CheckDockerfile(*rule, heavy, {{"budget", "2GB"}}).empty());
  EXPECT_TRUE(CheckDockerfile(*rule, heavy, {{"budgets", "{'svc/*': 2GB}"}}, "svc/Dockerfile").empty());
  EXPECT_EQ(CheckDockerfile(*rule, heavy, {{"budgets", "{'svc/*': 2GB}"}}, "web/Dockerfile").size(), 1u);
  // A user-sized base.
  EXPECT_EQ(CheckDockerfile(*rule, "FROM myorg/fat:3\n", {{"base_sizes", "{'myorg/fat:3': 2GB}"}}).size(), 1u);
  EXPECT_TRUE(CheckDockerfile(*rule, "FROM myorg/fat:3\n").empty());
}

TEST(HeavyBaseImageTest, SuggestsLighterVariantsForTheFinalStageOnly) {
  auto rule = rules::NewHeavyBaseImageRule();
  auto found = CheckDockerfile(*rule, "FROM python:3.11 AS build\nRUN pip wheel .\nFROM python:3.11\n");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].location, (Location{"Dockerfile", 3, 6}));
  EXPECT_EQ(found[0].message,
            "the final image is based on python:3.11 (about 1.00 GB); lighter variants of the same image exist: "
            "python:3.11-alpine (about 50.0 MB), python:3.11-slim (about 120 MB)");
  EXPECT_TRUE(CheckDockerfile(*rule, "FROM python:3.11 AS build\nFROM python:3.11-slim\n").empty());
  EXPECT_TRUE(CheckDockerfile(*rule, "FROM ubuntu:22.04\n").empty());
  // Through a stage alias the FROM that names the image is reported.
  found = CheckDockerfile(*rule, "FROM node:20 AS base\nFROM base\n");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].location.line, 1);
  EXPECT_TRUE(CheckDockerfile(*rule, "FROM node:20\n", {{"min_savings", "2GB"}}).empty());
}

TEST(HistoryTest, NormalizeStep) {
  EXPECT_EQ(image::NormalizeStep("RUN |2 A=1 B=2 /bin/sh -c make   all # buildkit"), "RUN make all");
  EXPECT_EQ(image::NormalizeStep("/bin/sh -c #(nop)  WORKDIR /app"), "WORKDIR /app");
  EXPECT_EQ(image::NormalizeStep("/bin/sh -c apt-get update"), "RUN apt-get update");
  EXPECT_EQ(image::NormalizeStep("COPY --chown=1:1 src ./src # buildkit"), "COPY --chown=1:1 src ./src");
}

TEST(HistoryTest, AttachDockerfileMapsLayersToInstructions) {
  auto parsed = dockerfile::Parse(std::make_shared<SourceFile>(
      "app/Dockerfile", "",
      "FROM node:20-alpine AS base\n"
      "RUN apk add --no-cache tini\n"
      "FROM base\n"
      "WORKDIR /app\n"
      "COPY package.json ./\n"
      "RUN npm ci \\\n    --omit=dev\n"
      "COPY . .\n"));
  image::Image img = BigImage();
  auto layer = [](std::string created_by) {
    image::Layer l;
    l.uncompressed_size = 10 * kMB;
    l.created_by = std::move(created_by);
    return l;
  };
  img.layers = {layer("/bin/sh -c #(nop) ADD file:abc in / "),             // the alpine base
                layer("RUN /bin/sh -c apk add --no-cache tini # buildkit"),  // stage base
                layer("COPY package.json ./ # buildkit"),
                layer("RUN /bin/sh -c npm ci     --omit=dev # buildkit"),
                layer("/bin/sh -c #(nop) COPY dir:0f3a in . ")};             // classic builder
  EXPECT_EQ(image::AttachDockerfile(img, *parsed.file), 4);
  EXPECT_FALSE(img.layers[0].instruction.valid());
  EXPECT_EQ(img.layers[1].instruction.line, 2);
  EXPECT_EQ(img.layers[2].instruction.line, 5);
  EXPECT_EQ(img.layers[3].instruction.line, 6);
  EXPECT_EQ(img.layers[4].instruction.line, 8);
  // IMG001 then points at the instruction.
  img.uncompressed_size = 900 * kMB;
  img.layers[3].uncompressed_size = 800 * kMB;
  auto found = CheckImage(img);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].related[0].location, (Location{"app/Dockerfile", 6, 1}));
  EXPECT_NE(found[0].message.find("800 MB from `RUN npm ci --omit=dev`"), std::string::npos) << found[0].message;
}

TEST(ImageRulesTest, RegisterWithWellFormedInfo) {
  RuleRegistry registry;
  rules::RegisterImageRules(registry);
  ASSERT_EQ(registry.rules().size(), 3u);
  for (const Rule* r : registry.rules()) {
    const RuleInfo& info = r->info();
    EXPECT_TRUE(std::string(info.id).starts_with("IMG"));
    EXPECT_TRUE(info.summary.ends_with('.')) << info.id;
    EXPECT_TRUE(info.remediation.ends_with('.')) << info.id;
    for (const ParamSpec& p : info.params) {
      ParamValue v;
      EXPECT_EQ(ParseParamText(p.type, p.default_value, &v), "") << info.id << " " << p.name;
      EXPECT_TRUE(p.description.ends_with('.')) << info.id << " " << p.name;
    }
  }
}

}  // namespace
}  // namespace policycheck
