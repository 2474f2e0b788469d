// A static estimate of an image's size from its Dockerfile: the base image
// from a size table (data/base-images.yaml, embedded at build time, and
// extendable by the user) plus what the stage installs or copies.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "policycheck/source.h"

namespace policycheck::dockerfile {
class Dockerfile;
struct Stage;
}  // namespace policycheck::dockerfile

namespace policycheck::image {

// [low, high] bytes; `unbounded` when something adds an unknown amount (the
// build context, an unknown base), in which case `high` covers the rest only.
struct SizeRange {
  int64_t low = 0;
  int64_t high = 0;
  bool unbounded = false;

  void Add(const SizeRange& other) {
    low += other.low;
    high += other.high;
    unbounded = unbounded || other.unbounded;
  }
};

// "1.0 GB to 1.4 GB", "130 MB", "at least 130 MB (no upper bound)", "of unknown size".
std::string FormatRange(const SizeRange& range);

struct BaseImageSize {
  std::string name;               // "node", "gcr.io/distroless/base-debian12"
  std::vector<std::string> tags;  // equivalent tags: "20", "20-bookworm"
  int64_t bytes = 0;              // uncompressed, linux/amd64
  bool full = false;              // buildpack-deps based: build tools preinstalled
  std::string as_of;              // "2024-06"
  std::string source;             // where the figure comes from
};

struct PackageSize {
  int64_t min = 0;
  int64_t max = 0;
};

class SizeTable {
 public:
  // The table embedded from data/base-images.yaml (parsed once, thread-safe).
  static const SizeTable& Builtin();
  // Parses the YAML format of data/base-images.yaml. Returns "" or an error.
  static std::string Parse(std::string_view yaml, SizeTable* out);

  // Adds or overrides entries from a rule param: "image:tag" -> "300MB".
  // Returns "" or the first error (the valid entries are still added).
  std::string AddOverrides(const std::map<std::string, std::string>& image_tag_sizes);

  // The entry for an image name ("node", "docker.io/library/node") and tag.
  // Tags are matched exactly first, then with the patch and minor versions
  // dropped and OS release numbers removed ("20.11.1-alpine3.19" tries
  // "20.11-alpine3.19", "20-alpine3.19", "20.11.1-alpine", ..., "20-alpine").
  // An empty tag means "latest". `matched_tag` receives the table's tag.
  const BaseImageSize* Find(std::string_view name, std::string_view tag, std::string* matched_tag = nullptr) const;

  // Entries of the same image with the same version whose tag names a slim or
  // alpine variant and that are at least `min_savings` bytes smaller, with the
  // tag to suggest; lightest first.
  std::vector<std::pair<const BaseImageSize*, std::string>> LighterVariants(const BaseImageSize& entry,
                                                                           std::string_view tag,
                                                                           int64_t min_savings) const;

  // What installing `package` with `manager` ("apt", "apk", "pip", "npm") adds.
  PackageSize Package(std::string_view manager, std::string_view package) const;

  const std::vector<BaseImageSize>& images() const { return images_; }

 private:
  std::vector<BaseImageSize> images_;
  std::map<std::string, std::map<std::string, PackageSize, std::less<>>, std::less<>> packages_;
};

// The built-in table extended by a rule's `base_sizes` param. Returns the
// built-in table itself when `base_sizes` is empty, else a copy kept in
// `storage`; a bad size is described in `error` (other entries still apply).
const SizeTable& TableWithOverrides(const std::map<std::string, std::string>& base_sizes, SizeTable* storage,
                                    std::string* error);

// The raw text of data/base-images.yaml as embedded in the binary.
std::string_view EmbeddedSizeTableYaml();

// One contribution to an estimate.
struct EstimatePart {
  std::string what;  // "base node:20", "apt-get install build-essential", "COPY --from=builder"
  SizeRange size;
  Location location;
};

struct StageEstimate {
  SizeRange total;
  std::vector<EstimatePart> parts;
  // What could not be judged, e.g. "COPY from the build context" -> 2.
  std::map<std::string, int> not_estimated;
  // The registry image at the bottom of the stage chain (after FROM <stage>
  // hops), or nullptr for scratch / unknown; with the stage that names it.
  const BaseImageSize* base = nullptr;
  std::string base_reference;  // "node:20" as written (expanded)
  int base_stage_index = -1;   // the stage whose FROM names the image
};

// Estimates stage `stage_index` of `file` (the final stage when -1).
StageEstimate EstimateStage(const dockerfile::Dockerfile& file, int stage_index, const SizeTable& table);

}  // namespace policycheck::image
