#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "archive_builder.h"
#include "policycheck/image/image.h"
#include "policycheck/image/model.h"
#include "policycheck/image/tar.h"

namespace policycheck::image {
namespace {

using testing::BlobName;
using testing::FakeDigest;
using testing::Gzip;
using testing::LineColOf;
using testing::Noise;
using testing::TarWriter;
using testing::TempDir;
using Json = nlohmann::json;

std::string LayerTar(const std::string& path, const std::string& content) {
  TarWriter w;
  w.AddFile(path, content);
  return w.Finish();
}

std::string IssuesText(const LoadResult& r) {
  std::string s;
  for (const LoadIssue& i : r.issues) {
    s += i.location.file + ":" + std::to_string(i.location.line) + ":" + std::to_string(i.location.column) +
         ": " + i.message + "\n";
  }
  return s;
}

// A classic `docker save` archive: one uncompressed and one gzip layer.
struct DockerSave {
  std::string plain_layer = LayerTar("bin/app", Noise(3000, 1));
  std::string gz_inner = LayerTar("usr/lib/libbig.so", std::string(200000, 'a'));
  std::string gz_layer = Gzip(gz_inner);
  std::string config_name = FakeDigest("config").substr(7) + ".json";
  std::string manifest;
  std::string config;

  DockerSave() {
    Json cfg = {
        {"architecture", "amd64"},
        {"os", "linux"},
        {"rootfs", {{"type", "layers"}, {"diff_ids", {FakeDigest("d1"), FakeDigest("d2")}}}},
        {"history",
         {{{"created", "2024-01-01T00:00:00Z"}, {"created_by", "/bin/sh -c #(nop) ADD file:abc in / "}},
          {{"created_by", "/bin/sh -c #(nop)  ENV NODE_ENV=production"}, {"empty_layer", true}},
          {{"created_by", "RUN /bin/sh -c apt-get install -y build-essential # buildkit"}}}},
    };
    config = cfg.dump(2);
    Json m = Json::array({{{"Config", config_name},
                           {"RepoTags", {"registry.example/app:1.0"}},
                           {"Layers", {"aaa/layer.tar", "bbb/layer.tar"}}}});
    manifest = m.dump(2);
  }

  std::string Archive(TarWriter::LongNames long_names = TarWriter::LongNames::kGnu) const {
    TarWriter w(long_names);
    w.AddFile("manifest.json", manifest);
    w.AddFile(config_name, config);
    w.AddDir("aaa/");
    w.AddFile("aaa/layer.tar", plain_layer);
    w.AddDir("bbb/");
    w.AddFile("bbb/layer.tar", gz_layer);
    return w.Finish();
  }
};

TEST(LoadImageTest, DockerSaveArchiveWithPlainAndGzipLayers) {
  DockerSave save;
  TempDir dir;
  std::string path = dir.Write("app.tar", save.Archive());
  LoadResult r = LoadImage(path, "app.tar");
  ASSERT_TRUE(r.issues.empty()) << IssuesText(r);
  ASSERT_EQ(r.images.size(), 1u);
  const Image& img = *r.images[0];
  EXPECT_EQ(img.format, "docker-save");
  EXPECT_EQ(img.reference, "registry.example/app:1.0");
  EXPECT_EQ(img.platform, "linux/amd64");
  EXPECT_EQ(img.config_digest, FakeDigest("config"));
  EXPECT_EQ(img.path, "app.tar");
  ASSERT_EQ(img.layers.size(), 2u);
  // Uncompressed layer: its stored bytes are the layer tar.
  EXPECT_EQ(img.layers[0].stored_size, static_cast<int64_t>(save.plain_layer.size()));
  EXPECT_EQ(img.layers[0].uncompressed_size, static_cast<int64_t>(save.plain_layer.size()));
  EXPECT_EQ(img.layers[0].compressed_size, kUnknownSize);
  // gzip layer: decompressed to count.
  EXPECT_EQ(img.layers[1].compressed_size, static_cast<int64_t>(save.gz_layer.size()));
  EXPECT_EQ(img.layers[1].uncompressed_size, static_cast<int64_t>(save.gz_inner.size()));
  EXPECT_LT(img.layers[1].compressed_size, img.layers[1].uncompressed_size / 10);
  // History: the empty ENV step is skipped when matching layers.
  EXPECT_EQ(img.layers[0].created_by, "/bin/sh -c #(nop) ADD file:abc in / ");
  EXPECT_EQ(img.layers[1].created_by, "RUN /bin/sh -c apt-get install -y build-essential # buildkit");
  EXPECT_EQ(img.layers[0].digest, FakeDigest("d1"));
  EXPECT_EQ(img.history.size(), 3u);
  EXPECT_EQ(img.uncompressed_size, static_cast<int64_t>(save.plain_layer.size() + save.gz_inner.size()));
  EXPECT_EQ(img.compressed_size, kUnknownSize);  // one layer is stored uncompressed
  // The image and its layers are located in manifest.json inside the archive.
  EXPECT_EQ(img.location.file, "app.tar!/manifest.json");
  auto [line, col] = LineColOf(save.manifest, "\"bbb/layer.tar\"");
  EXPECT_EQ(img.layers[1].location.line, line);
  EXPECT_EQ(img.layers[1].location.column, col);
}

TEST(LoadImageTest, PaxLongNamesAndSymlinkedLayers) {
  DockerSave save;
  std::string long_dir(120, 'd');
  Json m = Json::array({{{"Config", save.config_name},
                         {"RepoTags", Json::array()},
                         {"Layers", {long_dir + "/layer.tar", "link/layer.tar", "hard/layer.tar"}}}});
  Json config = Json::parse(save.config);
  config["rootfs"]["diff_ids"].push_back(FakeDigest("d3"));
  for (auto mode : {TarWriter::LongNames::kPax, TarWriter::LongNames::kGnu}) {
    TarWriter w(mode);
    w.AddFile("manifest.json", m.dump(2));
    w.AddFile(save.config_name, config.dump());
    w.AddFile(long_dir + "/layer.tar", save.plain_layer);
    w.AddFile("aaa/layer.tar", save.gz_layer);
    w.AddSymlink("link/layer.tar", "../aaa/layer.tar");
    w.AddHardLink("hard/layer.tar", "aaa/layer.tar");
    TempDir dir;
    LoadResult r = LoadImage(dir.Write("x.tar", w.Finish()), "x.tar");
    ASSERT_TRUE(r.issues.empty()) << IssuesText(r);
    ASSERT_EQ(r.images.size(), 1u);
    EXPECT_EQ(r.images[0]->reference, FakeDigest("config"));  // no tag: the image id
    ASSERT_EQ(r.images[0]->layers.size(), 3u);
    EXPECT_EQ(r.images[0]->layers[0].uncompressed_size, static_cast<int64_t>(save.plain_layer.size()));
    EXPECT_EQ(r.images[0]->layers[1].uncompressed_size, static_cast<int64_t>(save.gz_inner.size()));
    EXPECT_EQ(r.images[0]->layers[2].compressed_size, static_cast<int64_t>(save.gz_layer.size()));
  }
}

TEST(LoadImageTest, ExtractedDockerSaveDirectory) {
  DockerSave save;
  TempDir dir;
  dir.Write("img/manifest.json", save.manifest);
  dir.Write("img/" + save.config_name, save.config);
  dir.Write("img/aaa/layer.tar", save.plain_layer);
  dir.Write("img/bbb/layer.tar", save.gz_layer);
  LoadResult r = LoadImage(dir.path() + "/img", "img");
  ASSERT_TRUE(r.issues.empty()) << IssuesText(r);
  ASSERT_EQ(r.images.size(), 1u);
  EXPECT_EQ(r.images[0]->uncompressed_size,
            static_cast<int64_t>(save.plain_layer.size() + save.gz_inner.size()));
  EXPECT_EQ(r.images[0]->location.file, "img/manifest.json");
}

// Docker 25+ `docker save`: OCI blobs plus manifest.json naming them; a zstd
// layer keeps its uncompressed size unknown (no decoder), not an error.
TEST(LoadImageTest, Docker25SaveWithBlobPathsAndZstdLayer) {
  DockerSave save;
  std::string cfg_d = FakeDigest("cfg25"), plain_d = FakeDigest("plain25"), zstd_d = FakeDigest("zstd25");
  std::string zstd_blob = std::string("\x28\xb5\x2f\xfd", 4) + Noise(500, 4);
  Json m = Json::array({{{"Config", BlobName(cfg_d)},
                         {"RepoTags", {"app:25"}},
                         {"Layers", {BlobName(plain_d), BlobName(zstd_d)}}}});
  TarWriter w;
  w.AddFile("oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  w.AddFile("index.json", R"({"schemaVersion":2,"manifests":[]})");
  w.AddFile("manifest.json", m.dump());
  w.AddFile(BlobName(cfg_d), save.config);
  w.AddFile(BlobName(plain_d), save.plain_layer);
  w.AddFile(BlobName(zstd_d), zstd_blob);
  TempDir dir;
  LoadResult r = LoadImage(dir.Write("d25.tar", w.Finish()), "d25.tar");
  ASSERT_TRUE(r.issues.empty()) << IssuesText(r);
  ASSERT_EQ(r.images.size(), 1u);
  const Image& img = *r.images[0];
  EXPECT_EQ(img.format, "docker-save");
  EXPECT_EQ(img.config_digest, cfg_d);
  EXPECT_EQ(img.layers[1].compressed_size, static_cast<int64_t>(zstd_blob.size()));
  EXPECT_EQ(img.layers[1].uncompressed_size, kUnknownSize);
  EXPECT_EQ(img.uncompressed_size, kUnknownSize);
}

// An OCI layout with a multi-platform index, a shared gzip layer and an
// attestation manifest (which is not an image).
struct OciLayout {
  std::map<std::string, std::string> files;  // path -> bytes
  std::string index_json;
  std::string amd64_manifest;
  std::string shared_inner = LayerTar("etc/os-release", std::string(50000, 'x'));
  std::string shared = Gzip(shared_inner);
  std::string amd_inner = LayerTar("app/amd", Noise(7000, 2));
  std::string amd = Gzip(amd_inner);
  std::string arm_plain = LayerTar("app/arm", Noise(9000, 3));  // uncompressed OCI layer

  std::string AddBlob(const std::string& label, const std::string& data) {
    std::string d = FakeDigest(label);
    files[BlobName(d)] = data;
    return d;
  }
  Json Desc(const std::string& media_type, const std::string& digest, size_t size) {
    return {{"mediaType", media_type}, {"digest", digest}, {"size", size}};
  }
  std::string Manifest(const std::string& label, const std::string& arch,
                       std::vector<std::pair<std::string, std::string>> layers, std::string* text = nullptr) {
    Json cfg = {{"architecture", arch},
                {"os", "linux"},
                {"history", {{{"created_by", "ADD rootfs / # buildkit"}}, {{"created_by", "COPY app /app # buildkit"}}}}};
    std::string cfg_text = cfg.dump();
    std::string cfg_digest = AddBlob(label + "-config", cfg_text);
    Json m = {{"schemaVersion", 2},
              {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
              {"config", Desc("application/vnd.oci.image.config.v1+json", cfg_digest, cfg_text.size())},
              {"layers", Json::array()}};
    for (const auto& [media_type, digest] : layers) {
      m["layers"].push_back(Desc(media_type, digest, files[BlobName(digest)].size()));
    }
    std::string m_text = m.dump(2);
    if (text) *text = m_text;
    return AddBlob(label, m_text);
  }

  OciLayout() {
    const std::string gz = "application/vnd.oci.image.layer.v1.tar+gzip";
    std::string shared_d = AddBlob("shared", shared);
    std::string amd_d = AddBlob("amd", amd);
    std::string arm_d = AddBlob("arm", arm_plain);
    std::string amd_m = Manifest("m-amd", "amd64", {{gz, shared_d}, {gz, amd_d}}, &amd64_manifest);
    std::string arm_m = Manifest("m-arm", "arm64", {{gz, shared_d}, {"application/vnd.oci.image.layer.v1.tar", arm_d}});
    std::string att_m = Manifest("m-att", "unknown", {});
    const std::string mt = "application/vnd.oci.image.manifest.v1+json";
    Json nested = {{"schemaVersion", 2}, {"mediaType", "application/vnd.oci.image.index.v1+json"}, {"manifests", Json::array()}};
    Json a = Desc(mt, amd_m, files[BlobName(amd_m)].size());
    a["platform"] = {{"os", "linux"}, {"architecture", "amd64"}};
    Json b = Desc(mt, arm_m, files[BlobName(arm_m)].size());
    b["platform"] = {{"os", "linux"}, {"architecture", "arm64"}, {"variant", "v8"}};
    Json c = Desc(mt, att_m, files[BlobName(att_m)].size());
    c["platform"] = {{"os", "unknown"}, {"architecture", "unknown"}};
    c["annotations"] = {{"vnd.docker.reference.type", "attestation-manifest"}};
    nested["manifests"] = {a, b, c};
    std::string nested_text = nested.dump(2);
    std::string nested_d = AddBlob("nested-index", nested_text);
    Json top = {{"schemaVersion", 2},
                {"manifests",
                 {{{"mediaType", "application/vnd.oci.image.index.v1+json"},
                   {"digest", nested_d},
                   {"size", nested_text.size()},
                   {"annotations", {{"io.containerd.image.name", "docker.io/library/web:2"},
                                    {"org.opencontainers.image.ref.name", "2"}}}}}}};
    index_json = top.dump(2);
    files["index.json"] = index_json;
    files["oci-layout"] = R"({"imageLayoutVersion":"1.0.0"})";
  }

  std::string Tar() const {
    TarWriter w;
    for (const auto& [name, data] : files) w.AddFile(name, data);
    return w.Finish();
  }
  std::string WriteDir(const TempDir& dir, const std::string& sub) const {
    for (const auto& [name, data] : files) dir.Write(sub + "/" + name, data);
    return dir.path() + "/" + sub;
  }
};

void ExpectMultiPlatform(const LoadResult& r, const OciLayout& oci) {
  ASSERT_TRUE(r.issues.empty()) << IssuesText(r);
  ASSERT_EQ(r.images.size(), 2u);  // the attestation manifest is not an image
  const Image& amd = *r.images[0];
  const Image& arm = *r.images[1];
  EXPECT_EQ(amd.platform, "linux/amd64");
  EXPECT_EQ(arm.platform, "linux/arm64/v8");
  EXPECT_EQ(amd.reference, "docker.io/library/web:2");
  EXPECT_EQ(amd.format, "oci-layout");
  EXPECT_EQ(amd.manifest_digest, FakeDigest("m-amd"));
  EXPECT_EQ(amd.compressed_size, static_cast<int64_t>(oci.shared.size() + oci.amd.size()));
  EXPECT_EQ(amd.uncompressed_size, static_cast<int64_t>(oci.shared_inner.size() + oci.amd_inner.size()));
  EXPECT_EQ(arm.uncompressed_size, static_cast<int64_t>(oci.shared_inner.size() + oci.arm_plain.size()));
  EXPECT_EQ(arm.compressed_size, kUnknownSize);  // one layer is stored uncompressed
  EXPECT_EQ(arm.layers[1].stored_size, static_cast<int64_t>(oci.arm_plain.size()));
  EXPECT_EQ(amd.layers[1].created_by, "COPY app /app # buildkit");
}

TEST(LoadImageTest, OciLayoutDirectoryMultiPlatform) {
  OciLayout oci;
  TempDir dir;
  LoadResult r = LoadImage(oci.WriteDir(dir, "layout"), "layout");
  ExpectMultiPlatform(r, oci);
  EXPECT_EQ(r.images[0]->location.file, "layout/" + BlobName(FakeDigest("nested-index")));
}

TEST(LoadImageTest, OciLayoutTarMultiPlatform) {
  OciLayout oci;
  TempDir dir;
  LoadResult r = LoadImage(dir.Write("web.oci.tar", oci.Tar()), "web.oci.tar");
  ExpectMultiPlatform(r, oci);
  EXPECT_EQ(r.images[0]->layers[0].location.file, "web.oci.tar!/" + BlobName(FakeDigest("m-amd")));
}

// ---- broken inputs: each is a located issue, never a crash ----

TEST(LoadImageTest, TruncatedTarIsLocated) {
  DockerSave save;
  std::string archive = save.Archive();
  TempDir dir;
  // Cut inside the data of the last layer.
  std::string cut = archive.substr(0, archive.size() - 1024 - 300);
  LoadResult r = LoadImage(dir.Write("cut.tar", cut), "cut.tar");
  ASSERT_FALSE(r.issues.empty());
  EXPECT_EQ(r.issues[0].rule_id, "PC001");
  EXPECT_EQ(r.issues[0].location.file, "cut.tar");
  EXPECT_NE(r.issues[0].message.find("truncated"), std::string::npos) << IssuesText(r);
  EXPECT_NE(r.issues[0].message.find("bbb/layer.tar"), std::string::npos) << IssuesText(r);
  // The missing layer is reported at its place in manifest.json.
  bool located_layer = false;
  for (const LoadIssue& i : r.issues) {
    located_layer |= i.location.file == "cut.tar!/manifest.json" && i.location.line > 0 &&
                     i.message.find("bbb/layer.tar") != std::string::npos;
  }
  EXPECT_TRUE(located_layer) << IssuesText(r);
}

TEST(LoadImageTest, EveryTruncationIsAnIssueNotACrash) {
  DockerSave save;
  std::string archive = save.Archive();
  TempDir dir;
  for (size_t len = 1; len < archive.size() - 1024; len += 97) {
    LoadResult r = LoadImage(dir.Write("t.tar", archive.substr(0, len)), "t.tar");
    EXPECT_FALSE(r.issues.empty()) << "length " << len;
  }
}

// Random byte flips anywhere in valid inputs: never a crash or a hang, and
// every result is either images or located issues.
TEST(LoadImageTest, MutatedInputsNeverCrash) {
  DockerSave save;
  OciLayout oci;
  std::string inputs[] = {save.Archive(), oci.Tar(), oci.index_json, oci.amd64_manifest};
  std::mt19937 rng(42);
  TempDir dir;
  for (const std::string& input : inputs) {
    for (int round = 0; round < 150; ++round) {
      std::string mutated = input;
      int flips = 1 + static_cast<int>(rng() % 8);
      for (int f = 0; f < flips; ++f) mutated[rng() % mutated.size()] = static_cast<char>(rng() & 0xff);
      LoadResult r = LoadImage(dir.Write("m.bin", mutated), "m.bin");
      for (const LoadIssue& issue : r.issues) {
        EXPECT_EQ(issue.rule_id, "PC001");
        EXPECT_FALSE(issue.location.file.empty());
        EXPECT_FALSE(issue.message.empty());
      }
      EXPECT_TRUE(!r.images.empty() || !r.issues.empty());
    }
  }
}

TEST(LoadImageTest, ManifestNamingMissingLayerIsLocated) {
  DockerSave save;
  TarWriter w;
  w.AddFile("manifest.json", save.manifest);
  w.AddFile(save.config_name, save.config);
  w.AddFile("aaa/layer.tar", save.plain_layer);  // bbb/layer.tar is absent
  TempDir dir;
  LoadResult r = LoadImage(dir.Write("m.tar", w.Finish()), "m.tar");
  ASSERT_EQ(r.issues.size(), 1u) << IssuesText(r);
  auto [line, col] = LineColOf(save.manifest, "\"bbb/layer.tar\"");
  EXPECT_EQ(r.issues[0].location, (Location{"m.tar!/manifest.json", line, col}));
  EXPECT_NE(r.issues[0].message.find("missing"), std::string::npos);
  ASSERT_EQ(r.images.size(), 1u);  // what could be read is still returned
  EXPECT_EQ(r.images[0]->uncompressed_size, kUnknownSize);
}

TEST(LoadImageTest, MissingOciBlobIsLocated) {
  OciLayout oci;
  oci.files.erase(BlobName(FakeDigest("amd")));
  TempDir dir;
  LoadResult r = LoadImage(oci.WriteDir(dir, "l"), "l");
  ASSERT_EQ(r.issues.size(), 1u) << IssuesText(r);
  std::string digest = FakeDigest("amd");
  // The second "digest" occurrence of the amd64 manifest is this layer's.
  std::string m = oci.amd64_manifest;
  size_t at = m.find("\"digest\": \"" + digest + "\"");
  auto [line, col] = LineColOf(m, m.substr(at, 30));
  EXPECT_EQ(r.issues[0].location, (Location{"l/" + BlobName(FakeDigest("m-amd")), line, col + 10}));
  EXPECT_EQ(r.images.size(), 2u);
}

TEST(LoadImageTest, LyingDescriptorSizeIsLocated) {
  OciLayout oci;
  std::string blob = oci.files[BlobName(FakeDigest("amd"))];
  oci.files[BlobName(FakeDigest("amd"))] = blob + "extra";  // now 5 bytes longer than the manifest says
  TempDir dir;
  LoadResult r = LoadImage(oci.WriteDir(dir, "l"), "l");
  ASSERT_EQ(r.issues.size(), 1u) << IssuesText(r);
  EXPECT_NE(r.issues[0].message.find("does not match"), std::string::npos) << IssuesText(r);
  EXPECT_EQ(r.issues[0].location.file, "l/" + BlobName(FakeDigest("m-amd")));
  std::string needle = "\"size\": " + std::to_string(blob.size());
  auto [line, col] = LineColOf(oci.amd64_manifest, needle);
  EXPECT_EQ(r.issues[0].location.line, line);
  EXPECT_EQ(r.issues[0].location.column, col + 8);
}

TEST(LoadImageTest, LyingTarHeaderSizeIsTruncation) {
  TarWriter w;
  w.AddFile("manifest.json", "[]");
  std::string archive = w.Finish();
  // Claim 1 MB for manifest.json.
  std::string header = archive.substr(0, 512);
  std::snprintf(header.data() + 124, 12, "%011o", 1 << 20);
  std::memset(header.data() + 148, ' ', 8);
  unsigned sum = 0;
  for (unsigned char c : header) sum += c;
  std::snprintf(header.data() + 148, 8, "%06o", sum);
  archive.replace(0, 512, header);
  TempDir dir;
  LoadResult r = LoadImage(dir.Write("lie.tar", archive), "lie.tar");
  ASSERT_FALSE(r.issues.empty());
  EXPECT_NE(r.issues[0].message.find("claims 1048576 bytes"), std::string::npos) << IssuesText(r);
}

TEST(LoadImageTest, CorruptAndTruncatedGzipLayers) {
  DockerSave save;
  for (int mode = 0; mode < 2; ++mode) {
    std::string bad = save.gz_layer;
    if (mode == 0) bad.resize(bad.size() / 2);      // truncated
    else bad[bad.size() / 2] ^= 0x55, bad[12] ^= 0x7f;  // corrupt
    TarWriter w;
    w.AddFile("manifest.json", save.manifest);
    w.AddFile(save.config_name, save.config);
    w.AddFile("aaa/layer.tar", save.plain_layer);
    w.AddFile("bbb/layer.tar", bad);
    TempDir dir;
    LoadResult r = LoadImage(dir.Write("g.tar", w.Finish()), "g.tar");
    ASSERT_EQ(r.issues.size(), 1u) << IssuesText(r);
    EXPECT_NE(r.issues[0].message.find("gzip"), std::string::npos) << IssuesText(r);
    EXPECT_EQ(r.issues[0].location.file, "g.tar!/manifest.json");
  }
}

TEST(LoadImageTest, BadJsonInsideArchiveIsLocated) {
  DockerSave save;
  TarWriter w;
  w.AddFile("manifest.json", "[\n  {\"Config\": \"x.json\",\n   \"Layers\": [1 2]}\n]\n");
  TempDir dir;
  LoadResult r = LoadImage(dir.Write("j.tar", w.Finish()), "j.tar");
  ASSERT_EQ(r.issues.size(), 1u) << IssuesText(r);
  EXPECT_EQ(r.issues[0].location.file, "j.tar!/manifest.json");
  EXPECT_EQ(r.issues[0].location.line, 3);
  EXPECT_EQ(r.issues[0].location.column, 17);
  EXPECT_NE(r.issues[0].message.find("invalid JSON"), std::string::npos);
}

TEST(LoadImageTest, NotAnImage) {
  TempDir dir;
  EXPECT_FALSE(LoadImage(dir.Write("e", ""), "e").issues.empty());
  EXPECT_FALSE(LoadImage(dir.Write("r", Noise(5000, 9)), "r").issues.empty());
  EXPECT_FALSE(LoadImage(dir.Write("g.tar.gz", Gzip("x")), "g.tar.gz").issues.empty());
  EXPECT_FALSE(LoadImage(dir.path() + "/absent", "absent").issues.empty());
  TarWriter w;
  w.AddFile("hello.txt", "hi");
  LoadResult r = LoadImage(dir.Write("other.tar", w.Finish()), "other.tar");
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_NE(r.issues[0].message.find("manifest.json"), std::string::npos);
  EXPECT_FALSE(LoadImage(dir.Write("bad.json", "{\"layers\": [{\"size\": -5}]}"), "bad.json").issues.empty());
}

// ---- JSON inputs ----

TEST(LoadImageTest, DockerImageInspectJson) {
  Json j = Json::array({{{"Id", FakeDigest("id")},
                         {"RepoTags", {"web:3"}},
                         {"Os", "linux"},
                         {"Architecture", "arm64"},
                         {"Variant", "v8"},
                         {"Size", 734003200},
                         {"RootFS", {{"Type", "layers"}, {"Layers", {FakeDigest("a"), FakeDigest("b")}}}}}});
  TempDir dir;
  LoadResult r = LoadImage(dir.Write("inspect.json", j.dump(2)), "inspect.json");
  ASSERT_TRUE(r.issues.empty()) << IssuesText(r);
  ASSERT_EQ(r.images.size(), 1u);
  EXPECT_EQ(r.images[0]->format, "docker-inspect");
  EXPECT_EQ(r.images[0]->reference, "web:3");
  EXPECT_EQ(r.images[0]->platform, "linux/arm64/v8");
  EXPECT_EQ(r.images[0]->uncompressed_size, 734003200);
  EXPECT_EQ(r.images[0]->layers.size(), 2u);
  EXPECT_EQ(r.images[0]->location, (Location{"inspect.json", 2, 3}));
}

TEST(LoadImageTest, RegistryManifestJson) {
  std::string text = R"({
  "schemaVersion": 2,
  "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
  "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7023, "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7"},
  "layers": [
    {"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 32654, "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f"},
    {"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 16724, "digest": "sha256:3c3a4604a545cdc127456d94e421cd355bca5b528f4a9c1905b15da2eb4a4c6b"}
  ]
})";
  TempDir dir;
  LoadResult r = LoadImage(dir.Write("m.json", text), "m.json");
  ASSERT_TRUE(r.issues.empty()) << IssuesText(r);
  ASSERT_EQ(r.images.size(), 1u);
  EXPECT_EQ(r.images[0]->compressed_size, 32654 + 16724);
  EXPECT_EQ(r.images[0]->uncompressed_size, kUnknownSize);
  EXPECT_EQ(r.images[0]->layers[1].location, (Location{"m.json", 7, 5}));

  // A size field of the wrong type is located at the field.
  std::string bad = text;
  bad.replace(bad.find("16724"), 5, "\"16k\"");
  LoadResult rb = LoadImage(dir.Write("b.json", bad), "b.json");
  ASSERT_EQ(rb.issues.size(), 1u);
  auto [line, col] = LineColOf(bad, "\"16k\"");
  EXPECT_EQ(line, 7);
  EXPECT_EQ(rb.issues[0].location, (Location{"b.json", line, col}));
}

TEST(LoadImageTest, ManifestInspectVerboseGivesOneImagePerPlatform) {
  Json manifest = {{"schemaVersion", 2},
                   {"layers", {{{"mediaType", "application/vnd.oci.image.layer.v1.tar+gzip"},
                                {"size", 1000},
                                {"digest", FakeDigest("l")}}}}};
  Json j = Json::array();
  for (std::string arch : {"amd64", "arm64"}) {
    j.push_back({{"Ref", "docker.io/library/web:3@" + FakeDigest(arch)},
                 {"Descriptor", {{"platform", {{"os", "linux"}, {"architecture", arch}}}}},
                 {"OCIManifest", manifest}});
  }
  TempDir dir;
  LoadResult r = LoadImage(dir.Write("v.json", j.dump(1)), "v.json");
  ASSERT_TRUE(r.issues.empty()) << IssuesText(r);
  ASSERT_EQ(r.images.size(), 2u);
  EXPECT_EQ(r.images[1]->platform, "linux/arm64");
  EXPECT_EQ(r.images[1]->compressed_size, 1000);
}

TEST(LoadImageTest, IndexJsonAloneIsExplained) {
  TempDir dir;
  LoadResult r = LoadImage(dir.Write("i.json", R"({"schemaVersion":2,"manifests":[]})"), "i.json");
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_NE(r.issues[0].message.find("platform"), std::string::npos);
}

// ---- the tar reader itself ----

TEST(TarTest, Base256SizeAndLinks) {
  TarWriter w;
  w.AddFileBase256("big", std::string(1000, 'b'));
  w.AddHardLink("hard", "big");
  TempDir dir;
  TarIndex index = IndexTar(dir.Write("t.tar", w.Finish()));
  ASSERT_TRUE(index.error.empty()) << index.error;
  ASSERT_EQ(index.entries.size(), 2u);
  EXPECT_EQ(index.entries[0].size, 1000);
  EXPECT_EQ(index.entries[0].data_offset, 512);
  EXPECT_EQ(index.entries[1].type, '1');
  EXPECT_EQ(index.entries[1].link_target, "big");
}

TEST(TarTest, MissingEndMarkerAndBadChecksum) {
  TarWriter w;
  w.AddFile("a", "x");
  std::string t = w.Finish();
  TempDir dir;
  TarIndex no_end = IndexTar(dir.Write("a.tar", t.substr(0, 1024)));
  EXPECT_NE(no_end.error.find("end-of-archive"), std::string::npos);
  EXPECT_EQ(no_end.entries.size(), 1u);
  t[1] ^= 1;
  TarIndex bad = IndexTar(dir.Write("b.tar", t));
  EXPECT_NE(bad.error.find("checksum"), std::string::npos);
  EXPECT_EQ(bad.error_offset, 0);
}

TEST(TarTest, NormalizePath) {
  EXPECT_EQ(NormalizeTarPath("./a//b/./c/"), "a/b/c");
  EXPECT_EQ(NormalizeTarPath("a/../b"), "b");
  EXPECT_EQ(NormalizeTarPath("../etc/passwd"), "");
}

}  // namespace
}  // namespace policycheck::image
