// LoadImage: docker save archives, OCI layouts and image JSON.
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "blob.h"
#include "json_locator.h"
#include "policycheck/image/image.h"
#include "policycheck/image/model.h"
#include "store.h"

namespace policycheck::image {
namespace {

using internal::BlobFacts;
using internal::Compression;
using internal::DirStore;
using internal::JsonLocator;
using internal::Store;
using internal::TarStore;
using Json = nlohmann::json;

constexpr int kMaxIndexDepth = 8;

// A parsed JSON document with positions.
struct Doc {
  std::string text;
  Json json;
  std::unique_ptr<JsonLocator> locator;
  Location At(const std::string& pointer) const { return locator->At(pointer); }
};

const Json* Member(const Json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

std::string String(const Json& j, const char* key) {
  const Json* v = Member(j, key);
  return v && v->is_string() ? v->get<std::string>() : std::string();
}

// A non-negative integer member. nullopt when absent or not such a number.
std::optional<int64_t> Size(const Json& j, const char* key) {
  const Json* v = Member(j, key);
  if (!v) return std::nullopt;
  if (v->is_number_unsigned()) {
    uint64_t u = v->get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(u);
  }
  if (v->is_number_integer()) {
    int64_t s = v->get<int64_t>();
    if (s < 0) return std::nullopt;
    return s;
  }
  return std::nullopt;
}

std::string Platform(const std::string& os, const std::string& arch, const std::string& variant) {
  if (os.empty() && arch.empty()) return "";
  std::string p = os + "/" + arch;
  if (!variant.empty()) p += "/" + variant;
  return p;
}

std::string PlatformOf(const Json& j) {  // OCI "platform" object or image config
  return Platform(String(j, "os"), String(j, "architecture"), String(j, "variant"));
}

// "sha256:abc" -> "blobs/sha256/abc"; "" when the digest is malformed.
std::string BlobPath(const std::string& digest) {
  size_t colon = digest.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= digest.size()) return "";
  for (size_t i = 0; i < digest.size(); ++i) {
    char c = digest[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '.' || c == '_' || c == '-' || c == '=' || i == colon;
    if (!ok) return "";
  }
  return "blobs/" + digest.substr(0, colon) + "/" + digest.substr(colon + 1);
}

bool IsIndexMediaType(const std::string& mt) {
  return mt == "application/vnd.oci.image.index.v1+json" ||
         mt == "application/vnd.docker.distribution.manifest.list.v2+json";
}

bool IsUncompressedLayerType(const std::string& mt) {
  return mt == "application/vnd.oci.image.layer.v1.tar" ||
         mt == "application/vnd.oci.image.layer.nondistributable.v1.tar" ||
         mt == "application/vnd.docker.image.rootfs.diff.tar";
}

bool IsAttestation(const Json& descriptor) {
  const Json* ann = Member(descriptor, "annotations");
  if (ann && String(*ann, "vnd.docker.reference.type") == "attestation-manifest") return true;
  const Json* platform = Member(descriptor, "platform");
  return platform && String(*platform, "os") == "unknown";
}

void ApplyFacts(const BlobFacts& facts, Layer* layer) {
  layer->stored_size = facts.stored_size;
  layer->uncompressed_size = facts.uncompressed_size;
  if (facts.compression != Compression::kNone) layer->compressed_size = facts.stored_size;
}

std::vector<std::string> Tags(const Json& j, const char* key) {
  std::vector<std::string> out;
  if (const Json* tags = Member(j, key); tags && tags->is_array()) {
    for (const Json& t : *tags) {
      if (t.is_string()) out.push_back(t.get<std::string>());
    }
  }
  return out;
}

std::string FormatCount(int64_t n) { return std::to_string(n) + (n == 1 ? " byte" : " bytes"); }

void Totals(Image& image) {
  int64_t compressed = 0, uncompressed = 0;
  bool all_c = !image.layers.empty(), all_u = !image.layers.empty();
  for (const Layer& l : image.layers) {
    if (l.compressed_size < 0) all_c = false;
    else compressed += l.compressed_size;
    if (l.uncompressed_size < 0) all_u = false;
    else uncompressed += l.uncompressed_size;
  }
  if (all_c) image.compressed_size = compressed;
  if (all_u) image.uncompressed_size = uncompressed;
}

// Copies created_by of the non-empty history entries onto the layers.
void AttachHistory(Image& image) {
  size_t layer = 0;
  for (const HistoryEntry& h : image.history) {
    if (h.empty_layer) continue;
    if (layer >= image.layers.size()) break;
    image.layers[layer++].created_by = h.created_by;
  }
}

std::vector<HistoryEntry> ParseHistory(const Json& config) {
  std::vector<HistoryEntry> out;
  const Json* history = Member(config, "history");
  if (!history || !history->is_array()) return out;
  for (const Json& h : *history) {
    HistoryEntry e;
    e.created_by = String(h, "created_by");
    e.created = String(h, "created");
    const Json* empty = Member(h, "empty_layer");
    e.empty_layer = empty && empty->is_boolean() && empty->get<bool>();
    out.push_back(std::move(e));
  }
  return out;
}

// A layer named by a descriptor at `pointer` of `doc`; sizes are filled later.
Layer DescriptorLayer(const Doc& doc, const std::string& pointer, const Json& descriptor) {
  Layer layer;
  layer.location = doc.At(pointer);
  layer.digest = String(descriptor, "digest");
  layer.media_type = String(descriptor, "mediaType");
  return layer;
}

class Loader {
 public:
  Loader(std::string display_path, const Limits& limits, LoadResult* result)
      : display_path_(std::move(display_path)), limits_(limits), result_(result) {}

  void Load(const std::string& fs_path);

 private:
  void Issue(Location location, std::string message) {
    result_->issues.push_back(LoadIssue{"PC001", std::move(location), std::move(message)});
  }
  // Parses JSON text; on failure adds a located issue and returns nullptr.
  std::unique_ptr<Doc> ParseJson(std::string text, const std::string& file);
  // Reads and parses a JSON member; `from` locates the reference to it.
  std::unique_ptr<Doc> ReadJson(const Store& store, const std::string& name, const Location& from,
                                const std::string& what);
  const BlobFacts& Blob(const Store& store, const std::string& name);

  void LoadFromStore(const Store& store, const Location& origin);
  void LoadDockerSave(const Store& store);
  void LoadOciLayout(const Store& store);
  // Visits a descriptor of an OCI index; `doc`/`pointer` locate it.
  void VisitDescriptor(const Store& store, const Doc& doc, const std::string& pointer,
                       const std::string& reference, int depth);
  void LoadOciManifest(const Store& store, const Doc& manifest, const Location& location,
                       const std::string& digest, const std::string& reference,
                       const std::string& platform);
  void LoadJsonFile(const std::string& fs_path);
  // A registry manifest (schema 2 / OCI) held in `doc` at `pointer`.
  void AddManifestJson(const Doc& doc, const std::string& pointer, const std::string& reference,
                       const std::string& platform);
  void AddInspect(const Doc& doc, const std::string& pointer);

  std::string display_path_;
  Limits limits_;
  LoadResult* result_;
  std::map<std::string, BlobFacts> blob_cache_;
};

std::unique_ptr<Doc> Loader::ParseJson(std::string text, const std::string& file) {
  auto doc = std::make_unique<Doc>();
  doc->text = std::move(text);
  doc->locator = std::make_unique<JsonLocator>(doc->text, file);
  try {
    doc->json = Json::parse(doc->text);
  } catch (const Json::parse_error& e) {
    size_t byte = e.byte > 0 ? e.byte - 1 : 0;
    std::string what = e.what();
    size_t pos = what.find("syntax error");
    Issue(doc->locator->AtOffset(std::min(byte, doc->text.size())),
          "invalid JSON: " + (pos == std::string::npos ? what : what.substr(pos)));
    return nullptr;
  } catch (const Json::exception& e) {
    Issue(Location{file, 1, 1}, std::string("invalid JSON: ") + e.what());
    return nullptr;
  }
  return doc;
}

std::unique_ptr<Doc> Loader::ReadJson(const Store& store, const std::string& name, const Location& from,
                                      const std::string& what) {
  std::string text;
  std::string err = store.ReadAll(name, limits_.max_file_bytes, &text);
  if (err == "missing") {
    Issue(from, what + " '" + name + "' is missing from " + display_path_);
    return nullptr;
  }
  if (!err.empty()) {
    Issue(from, "cannot read " + what + " '" + name + "': " + err);
    return nullptr;
  }
  return ParseJson(std::move(text), store.DisplayPath(name));
}

const BlobFacts& Loader::Blob(const Store& store, const std::string& name) {
  auto it = blob_cache_.find(name);
  if (it != blob_cache_.end()) return it->second;
  return blob_cache_.emplace(name, internal::InspectBlob(store, name)).first->second;
}

void Loader::Load(const std::string& fs_path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::file_status st = fs::status(fs_path, ec);
  if (ec || !fs::exists(st)) {
    Issue(Location{display_path_}, "cannot read the image input: no such file or directory");
    return;
  }
  if (fs::is_directory(st)) {
    DirStore store(fs_path, display_path_);
    LoadFromStore(store, Location{display_path_});
    return;
  }
  char head[512] = {};
  std::ifstream in(fs_path, std::ios::binary);
  if (!in) {
    Issue(Location{display_path_}, "cannot read the image input");
    return;
  }
  in.read(head, sizeof(head));
  size_t n = static_cast<size_t>(in.gcount());
  size_t first = 0;
  while (first < n && (head[first] == ' ' || head[first] == '\n' || head[first] == '\r' || head[first] == '\t')) {
    ++first;
  }
  if (first < n && (head[first] == '{' || head[first] == '[')) {
    LoadJsonFile(fs_path);
    return;
  }
  if (n >= 2 && static_cast<unsigned char>(head[0]) == 0x1f && static_cast<unsigned char>(head[1]) == 0x8b) {
    Issue(Location{display_path_, 1, 1},
          "a gzip-compressed archive cannot be read in place; decompress it first (docker save without gzip)");
    return;
  }
  if (!LooksLikeTarHeader(head, n)) {
    Issue(Location{display_path_, n == 0 ? 0 : 1, n == 0 ? 0 : 1},
          n == 0 ? "the image input is empty"
                 : "not an image input: expected a docker save or OCI tar archive, an OCI layout directory, "
                   "or image JSON");
    return;
  }
  TarIndex index = IndexTar(fs_path);
  if (!index.error.empty()) {
    Issue(Location{display_path_}, index.error);
  }
  TarStore store(fs_path, display_path_, index);
  LoadFromStore(store, Location{display_path_});
}

void Loader::LoadFromStore(const Store& store, const Location& origin) {
  size_t before = result_->images.size();
  if (store.Size("manifest.json") >= 0) {
    LoadDockerSave(store);
  } else if (store.Size("index.json") >= 0) {
    LoadOciLayout(store);
  } else {
    Issue(origin, "neither manifest.json (docker save) nor index.json (OCI image layout) was found");
    return;
  }
  if (result_->images.size() == before && result_->issues.empty()) {
    Issue(origin, "the input names no image");
  }
}

void Loader::LoadDockerSave(const Store& store) {
  std::unique_ptr<Doc> doc = ReadJson(store, "manifest.json", Location{display_path_}, "manifest");
  if (!doc) return;
  if (!doc->json.is_array()) {
    Issue(doc->At(""), "manifest.json must be a JSON array of images");
    return;
  }
  for (size_t i = 0; i < doc->json.size(); ++i) {
    const Json& entry = doc->json[i];
    std::string ptr = "/" + std::to_string(i);
    auto image = std::make_unique<Image>();
    image->path = display_path_;
    image->format = "docker-save";
    image->location = doc->At(ptr);
    image->tags = Tags(entry, "RepoTags");
    std::string config_name = String(entry, "Config");
    std::vector<std::string> diff_ids;
    if (config_name.empty()) {
      Issue(doc->At(ptr), "image entry has no \"Config\"");
    } else {
      std::string stem = std::filesystem::path(config_name).filename().string();
      if (stem.size() > 5 && stem.ends_with(".json")) stem.resize(stem.size() - 5);
      image->config_digest = stem.find(':') == std::string::npos && stem.size() == 64 ? "sha256:" + stem : "";
      if (config_name.starts_with("blobs/")) {  // Docker 25+: blobs/sha256/<hex>
        std::string rest = config_name.substr(6);
        size_t slash = rest.find('/');
        if (slash != std::string::npos) image->config_digest = rest.substr(0, slash) + ":" + rest.substr(slash + 1);
      }
      if (auto config = ReadJson(store, config_name, doc->At(ptr + "/Config"), "image config")) {
        image->platform = PlatformOf(config->json);
        image->history = ParseHistory(config->json);
        if (const Json* rootfs = Member(config->json, "rootfs")) {
          if (const Json* ids = Member(*rootfs, "diff_ids"); ids && ids->is_array()) {
            for (const Json& d : *ids) diff_ids.push_back(d.is_string() ? d.get<std::string>() : "");
          }
        }
      }
    }
    const Json* layers = Member(entry, "Layers");
    if (!layers || !layers->is_array()) {
      Issue(doc->At(ptr), "image entry has no \"Layers\" list");
    } else {
      if (!diff_ids.empty() && diff_ids.size() != layers->size()) {
        Issue(doc->At(ptr + "/Layers"), "the manifest lists " + std::to_string(layers->size()) +
                                            " layers but the image config has " + std::to_string(diff_ids.size()) +
                                            " (rootfs.diff_ids)");
      }
      for (size_t j = 0; j < layers->size(); ++j) {
        std::string lptr = ptr + "/Layers/" + std::to_string(j);
        const Json& lj = (*layers)[j];
        Layer layer;
        layer.location = doc->At(lptr);
        if (j < diff_ids.size()) layer.digest = diff_ids[j];
        if (!lj.is_string()) {
          Issue(layer.location, "layer entry must be a path string");
          image->layers.push_back(std::move(layer));
          continue;
        }
        std::string name = lj.get<std::string>();
        const BlobFacts& facts = Blob(store, name);
        if (facts.error == "missing") {
          Issue(layer.location, "layer '" + name + "' is missing from " + display_path_);
        } else if (!facts.error.empty()) {
          Issue(layer.location, "layer '" + name + "': " + facts.error);
        }
        ApplyFacts(facts, &layer);
        image->layers.push_back(std::move(layer));
      }
    }
    AttachHistory(*image);
    Totals(*image);
    image->reference = !image->tags.empty() ? image->tags.front()
                       : !image->config_digest.empty() ? image->config_digest
                                                       : display_path_;
    result_->images.push_back(std::move(image));
  }
}

void Loader::LoadOciLayout(const Store& store) {
  std::unique_ptr<Doc> doc = ReadJson(store, "index.json", Location{display_path_}, "index");
  if (!doc) return;
  const Json* manifests = Member(doc->json, "manifests");
  if (!manifests || !manifests->is_array()) {
    Issue(doc->At(""), "index.json has no \"manifests\" list");
    return;
  }
  for (size_t i = 0; i < manifests->size(); ++i) {
    VisitDescriptor(store, *doc, "/manifests/" + std::to_string(i), "", 0);
  }
}

void Loader::VisitDescriptor(const Store& store, const Doc& doc, const std::string& pointer,
                             const std::string& reference, int depth) {
  const Json& d = doc.json.at(Json::json_pointer(pointer));
  Location location = doc.At(pointer);
  if (!d.is_object()) {
    Issue(location, "descriptor must be an object");
    return;
  }
  if (IsAttestation(d)) return;
  std::string ref = reference;
  if (const Json* ann = Member(d, "annotations")) {
    std::string name = String(*ann, "io.containerd.image.name");
    if (name.empty()) name = String(*ann, "org.opencontainers.image.ref.name");
    if (!name.empty()) ref = name;
  }
  std::string digest = String(d, "digest");
  std::string path = BlobPath(digest);
  if (path.empty()) {
    Issue(doc.At(pointer + "/digest"), "descriptor has no valid \"digest\"");
    return;
  }
  std::optional<int64_t> size = Size(d, "size");
  if (!size) {
    Issue(doc.At(pointer + "/size"), "descriptor has no valid \"size\"");
    return;
  }
  int64_t actual = store.Size(path);
  if (actual < 0) {
    Issue(doc.At(pointer + "/digest"), "blob " + digest + " is missing from " + display_path_);
    return;
  }
  if (actual != *size) {
    Issue(doc.At(pointer + "/size"), "descriptor size " + FormatCount(*size) + " does not match blob " + digest +
                                         " (" + FormatCount(actual) + ")");
    return;
  }
  std::unique_ptr<Doc> child = ReadJson(store, path, location, "manifest");
  if (!child) return;
  std::string media_type = String(d, "mediaType");
  if (media_type.empty()) media_type = String(child->json, "mediaType");
  bool is_index = IsIndexMediaType(media_type) ||
                  (media_type.empty() && Member(child->json, "manifests") && !Member(child->json, "layers"));
  if (is_index) {
    if (depth >= kMaxIndexDepth) {
      Issue(location, "image indexes nest too deeply");
      return;
    }
    const Json* manifests = Member(child->json, "manifests");
    if (!manifests || !manifests->is_array()) {
      Issue(child->At(""), "image index has no \"manifests\" list");
      return;
    }
    for (size_t i = 0; i < manifests->size(); ++i) {
      VisitDescriptor(store, *child, "/manifests/" + std::to_string(i), ref, depth + 1);
    }
    return;
  }
  std::string platform;
  if (const Json* p = Member(d, "platform")) platform = PlatformOf(*p);
  LoadOciManifest(store, *child, location, digest, ref, platform);
}

void Loader::LoadOciManifest(const Store& store, const Doc& manifest, const Location& location,
                             const std::string& digest, const std::string& reference,
                             const std::string& platform) {
  auto image = std::make_unique<Image>();
  image->path = display_path_;
  image->format = "oci-layout";
  image->location = location;
  image->manifest_digest = digest;
  image->platform = platform;
  image->reference = reference.empty() ? digest : reference;
  if (!reference.empty()) image->tags.push_back(reference);
  const Json* config = Member(manifest.json, "config");
  if (!config) {
    Issue(manifest.At(""), "manifest has no \"config\" descriptor");
  } else {
    image->config_digest = String(*config, "digest");
    std::string path = BlobPath(image->config_digest);
    std::optional<int64_t> size = Size(*config, "size");
    if (path.empty() || store.Size(path) < 0) {
      Issue(manifest.At("/config/digest"), "config blob " + image->config_digest + " is missing from " +
                                               display_path_);
    } else if (size && *size != store.Size(path)) {
      Issue(manifest.At("/config/size"), "descriptor size " + FormatCount(*size) + " does not match blob " +
                                             image->config_digest + " (" + FormatCount(store.Size(path)) + ")");
    } else if (auto cfg = ReadJson(store, path, manifest.At("/config"), "image config")) {
      if (image->platform.empty()) image->platform = PlatformOf(cfg->json);
      image->history = ParseHistory(cfg->json);
    }
  }
  const Json* layers = Member(manifest.json, "layers");
  if (!layers || !layers->is_array()) {
    Issue(manifest.At(""), "manifest has no \"layers\" list");
  } else {
    for (size_t j = 0; j < layers->size(); ++j) {
      std::string lptr = "/layers/" + std::to_string(j);
      const Json& lj = (*layers)[j];
      Layer layer = DescriptorLayer(manifest, lptr, lj);
      std::optional<int64_t> size = Size(lj, "size");
      std::string path = BlobPath(layer.digest);
      if (path.empty()) {
        Issue(manifest.At(lptr + "/digest"), "layer descriptor has no valid \"digest\"");
      } else if (!size) {
        Issue(manifest.At(lptr + "/size"), "layer descriptor has no valid \"size\"");
      } else {
        const BlobFacts& facts = Blob(store, path);
        if (facts.error == "missing") {
          Issue(manifest.At(lptr + "/digest"), "layer blob " + layer.digest + " is missing from " + display_path_);
        } else if (facts.stored_size != *size) {
          Issue(manifest.At(lptr + "/size"), "descriptor size " + FormatCount(*size) + " does not match blob " +
                                                 layer.digest + " (" + FormatCount(facts.stored_size) + ")");
        } else if (!facts.error.empty()) {
          Issue(layer.location, "layer blob " + layer.digest + ": " + facts.error);
        }
        if (facts.error != "missing") ApplyFacts(facts, &layer);
      }
      image->layers.push_back(std::move(layer));
    }
  }
  AttachHistory(*image);
  Totals(*image);
  result_->images.push_back(std::move(image));
}

void Loader::LoadJsonFile(const std::string& fs_path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(fs_path, ec);
  if (ec) {
    Issue(Location{display_path_}, "cannot read the image input");
    return;
  }
  if (static_cast<int64_t>(size) > limits_.max_file_bytes) {
    Issue(Location{display_path_, 1, 1}, "the file is larger than the limit of " +
                                             FormatCount(limits_.max_file_bytes));
    return;
  }
  std::ifstream in(fs_path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::unique_ptr<Doc> doc = ParseJson(std::move(text), display_path_);
  if (!doc) return;
  const Json& j = doc->json;
  auto kind_of = [](const Json& e) -> std::string {
    if (Member(e, "SchemaV2Manifest") || Member(e, "OCIManifest")) return "manifest-verbose";
    if (Member(e, "Id") && (Member(e, "RootFS") || Member(e, "Size"))) return "inspect";
    if (Member(e, "layers")) return "manifest";
    if (Member(e, "manifests")) return "index";
    if (const Json* v = Member(e, "schemaVersion"); v && *v == 1) return "schema1";
    return "";
  };
  std::vector<std::string> pointers;
  if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) pointers.push_back("/" + std::to_string(i));
  } else {
    pointers.push_back("");
  }
  if (pointers.empty()) {
    Issue(doc->At(""), "the JSON names no image");
    return;
  }
  for (const std::string& ptr : pointers) {
    const Json& e = j.at(Json::json_pointer(ptr));
    std::string kind = kind_of(e);
    if (kind == "inspect") {
      AddInspect(*doc, ptr);
    } else if (kind == "manifest") {
      AddManifestJson(*doc, ptr, display_path_, "");
    } else if (kind == "manifest-verbose") {  // docker manifest inspect -v
      std::string inner = Member(e, "SchemaV2Manifest") ? "/SchemaV2Manifest" : "/OCIManifest";
      std::string platform;
      if (const Json* desc = Member(e, "Descriptor")) {
        if (const Json* p = Member(*desc, "platform")) platform = PlatformOf(*p);
      }
      std::string ref = String(e, "Ref");
      AddManifestJson(*doc, ptr + inner, ref.empty() ? display_path_ : ref, platform);
    } else if (kind == "index") {
      Issue(doc->At(ptr + "/manifests"),
            "an image index lists platform manifests but not their layer sizes; give one platform's manifest "
            "(docker manifest inspect -v lists them all)");
    } else if (kind == "schema1") {
      Issue(doc->At(ptr + "/schemaVersion"), "schema 1 manifests are not supported (they carry no layer sizes)");
    } else {
      Issue(doc->At(ptr), "not image JSON: expected docker image inspect output or an image manifest");
    }
  }
}

void Loader::AddManifestJson(const Doc& doc, const std::string& pointer, const std::string& reference,
                             const std::string& platform) {
  const Json& m = doc.json.at(Json::json_pointer(pointer));
  auto image = std::make_unique<Image>();
  image->path = display_path_;
  image->format = "registry-manifest";
  image->location = doc.At(pointer);
  image->reference = reference;
  image->platform = platform;
  if (const Json* config = Member(m, "config")) image->config_digest = String(*config, "digest");
  const Json* layers = Member(m, "layers");
  if (!layers || !layers->is_array()) {
    Issue(doc.At(pointer), "manifest has no \"layers\" list");
    return;
  }
  for (size_t i = 0; i < layers->size(); ++i) {
    std::string lptr = pointer + "/layers/" + std::to_string(i);
    const Json& lj = (*layers)[i];
    Layer layer = DescriptorLayer(doc, lptr, lj);
    std::optional<int64_t> size = Size(lj, "size");
    if (!size) {
      Issue(doc.At(lptr + "/size"), "layer descriptor has no valid \"size\"");
    } else {
      layer.stored_size = *size;
      if (IsUncompressedLayerType(layer.media_type)) {
        layer.uncompressed_size = *size;
      } else {
        layer.compressed_size = *size;
      }
    }
    image->layers.push_back(std::move(layer));
  }
  Totals(*image);
  result_->images.push_back(std::move(image));
}

void Loader::AddInspect(const Doc& doc, const std::string& pointer) {
  const Json& e = doc.json.at(Json::json_pointer(pointer));
  auto image = std::make_unique<Image>();
  image->path = display_path_;
  image->format = "docker-inspect";
  image->location = doc.At(pointer);
  image->config_digest = String(e, "Id");
  image->tags = Tags(e, "RepoTags");
  image->reference = image->tags.empty() ? image->config_digest : image->tags.front();
  image->platform = Platform(String(e, "Os"), String(e, "Architecture"), String(e, "Variant"));
  if (const Json* rootfs = Member(e, "RootFS")) {
    if (const Json* ids = Member(*rootfs, "Layers"); ids && ids->is_array()) {
      for (size_t i = 0; i < ids->size(); ++i) {
        Layer layer;
        layer.digest = (*ids)[i].is_string() ? (*ids)[i].get<std::string>() : "";
        layer.location = doc.At(pointer + "/RootFS/Layers/" + std::to_string(i));
        image->layers.push_back(std::move(layer));
      }
    }
  }
  if (Member(e, "Size")) {
    std::optional<int64_t> size = Size(e, "Size");
    if (!size) Issue(doc.At(pointer + "/Size"), "\"Size\" must be a non-negative integer");
    else image->uncompressed_size = *size;
  }
  result_->images.push_back(std::move(image));
}

}  // namespace

LoadResult LoadImage(const std::string& fs_path, const std::string& display_path, const Limits& limits) {
  LoadResult result;
  try {
    Loader loader(display_path, limits, &result);
    loader.Load(fs_path);
  } catch (const std::exception& e) {  // defensive: nothing may escape a front end
    result.issues.push_back(LoadIssue{"PC001", Location{display_path}, std::string("cannot read the image: ") + e.what()});
  }
  return result;
}

}  // namespace policycheck::image
