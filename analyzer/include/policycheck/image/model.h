// The built-image model: what LoadImage reads from a `docker save` archive,
// an OCI image layout (directory or tar), `docker image inspect` JSON or a
// registry manifest. Owned by the image front end.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "policycheck/source.h"

namespace policycheck::image {

// Sizes are bytes; kUnknownSize when the input does not tell.
inline constexpr int64_t kUnknownSize = -1;

// One filesystem layer of an image.
struct Layer {
  std::string digest;      // "sha256:..." when known (descriptor digest or diff id)
  std::string media_type;  // descriptor media type; empty for docker save layers
  // Bytes as stored in the input or the registry (the blob size). For an
  // uncompressed layer this equals uncompressed_size.
  int64_t stored_size = kUnknownSize;
  // Bytes of the compressed blob (gzip / zstd); kUnknownSize for a layer
  // stored uncompressed (docker save) or when only a total is known.
  int64_t compressed_size = kUnknownSize;
  // Bytes of the layer tar after decompression; kUnknownSize when the blob
  // is absent (registry manifest) or cannot be decompressed (zstd).
  int64_t uncompressed_size = kUnknownSize;
  // The build step that created it, from the config history ("RUN ...").
  std::string created_by;
  Location location;  // where the layer is named in the input
  // The Dockerfile instruction that created it, once AttachDockerfile
  // (history.h) has matched the history against a Dockerfile; else empty.
  Location instruction;
};

// One step of the image config's history (including empty layers, e.g. ENV).
struct HistoryEntry {
  std::string created_by;
  std::string created;  // RFC 3339 timestamp, may be empty
  bool empty_layer = false;
};

struct Image {
  std::string reference;  // ENGINE: repo:tag or digest, for ObjectRef::image
  std::string path;       // display path of the file it was read from

  // "docker-save", "oci-layout", "docker-inspect", "registry-manifest".
  std::string format;
  std::string platform;         // "linux/amd64", "linux/arm64/v8"; empty if unknown
  std::string manifest_digest;  // when known
  std::string config_digest;    // image id for docker save / inspect
  std::vector<std::string> tags;  // every repo:tag naming this image
  std::vector<Layer> layers;      // bottom first
  std::vector<HistoryEntry> history;

  // Totals; kUnknownSize when no layer (or no total) gives the figure.
  // `uncompressed_size` is what `docker image ls` shows; `compressed_size`
  // is what a registry stores and a pull transfers.
  int64_t compressed_size = kUnknownSize;
  int64_t uncompressed_size = kUnknownSize;

  Location location;  // where the image is described (manifest entry / descriptor)
};

}  // namespace policycheck::image
