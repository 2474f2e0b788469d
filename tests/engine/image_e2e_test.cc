// End to end: `policycheck --image save.tar DIR` maps the largest layers of an
// over-budget image to the Dockerfile lines that created them when the
// Dockerfile is among the inputs.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "image/archive_builder.h"
#include "test_util.h"

namespace policycheck {
namespace {

using image::testing::Gzip;
using image::testing::TarWriter;

std::string SaveArchive() {
  TarWriter layer;
  layer.AddFile("opt/blob", std::string(3'000'000, 'z'));
  std::string config =
      R"({"os":"linux","architecture":"amd64","history":[)"
      R"({"created_by":"RUN /bin/sh -c make install # buildkit"}],)"
      R"("rootfs":{"diff_ids":["sha256:aa"]}})";
  TarWriter save;
  save.AddFile("manifest.json", R"([{"Config":"c.json","RepoTags":["app:1"],"Layers":["l/layer.tar.gz"]}])");
  save.AddFile("c.json", config);
  save.AddFile("l/layer.tar.gz", Gzip(layer.Finish()));
  return save.Finish();
}

TEST(ImageEndToEndTest, LayersPointAtTheDockerfileLine) {
  image::testing::TempDir dir;
  std::string tar = dir.Write("app.tar", SaveArchive());
  dir.Write("src/Dockerfile", "FROM alpine:3.20\nRUN make install\nUSER 1001\n");
  auto r = testing::RunPolicycheck("--no-config --select IMG001 --format json --image-budget 2MB --image " + tar +
                                   " " + dir.path() + "/src");
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["findings"].size(), 1u) << r.out;
  const auto& f = j["findings"][0];
  EXPECT_EQ(f["rule"]["id"], "IMG001");
  EXPECT_EQ(f["object"]["image"], "app:1");
  bool mapped = false;
  for (const auto& rel : f["related"]) {
    mapped |= rel["file"].get<std::string>().ends_with("src/Dockerfile") && rel["line"] == 2;
  }
  EXPECT_TRUE(mapped) << f.dump(2);
  // Without the Dockerfile the image is still checked; layers point into the archive.
  r = testing::RunPolicycheck("--no-config --select IMG001 --format json --image-budget 2MB --image " + tar);
  ASSERT_EQ(r.exit_code, 1) << r.err;
  nlohmann::json report = nlohmann::json::parse(r.out);  // a temporary would die before the loop body
  for (const auto& rel : report["findings"][0]["related"]) {
    EXPECT_FALSE(rel["file"].get<std::string>().ends_with("Dockerfile")) << rel.dump();
  }
}

TEST(ImageEndToEndTest, BrokenArchiveIsALocatedError) {
  image::testing::TempDir dir;
  std::string tar = dir.Write("broken.tar", SaveArchive().substr(0, 700));
  auto r = testing::RunPolicycheck("--no-config --image " + tar);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("PC001 invalid-input"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace policycheck
