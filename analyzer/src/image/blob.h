// Internal: what a layer blob holds (compression and byte counts).
#pragma once

#include <cstdint>
#include <string>

#include "store.h"

namespace policycheck::image::internal {

enum class Compression { kNone, kGzip, kZstd };

struct BlobFacts {
  int64_t stored_size = -1;        // bytes of the blob
  int64_t uncompressed_size = -1;  // bytes after decompression; -1 if unknown
  Compression compression = Compression::kNone;
  std::string error;  // "" when the blob was read completely
};

// Reads the blob's first bytes to tell its compression; gzip blobs are
// inflated in bounded chunks (multi-member streams too) to count bytes.
BlobFacts InspectBlob(const Store& store, const std::string& name);

}  // namespace policycheck::image::internal
