#include "blob.h"

#include <zlib.h>

#include <cstring>
#include <vector>

namespace policycheck::image::internal {
namespace {

constexpr size_t kOutChunk = 64 * 1024;
// A gzip bomb is stopped once it has produced this much at a ratio no real
// layer reaches (deflate's maximum is about 1032:1).
constexpr int64_t kBombBytes = 1'000'000'000;
constexpr int64_t kBombRatio = 1000;

// Inflates gzip members chunk by chunk and counts the output.
class GzipCounter {
 public:
  GzipCounter() {
    std::memset(&zs_, 0, sizeof(zs_));
    ok_ = inflateInit2(&zs_, 15 + 16) == Z_OK;
    if (!ok_) error_ = "cannot initialize zlib";
    out_.resize(kOutChunk);
  }
  ~GzipCounter() {
    if (ok_) inflateEnd(&zs_);
  }
  GzipCounter(const GzipCounter&) = delete;
  GzipCounter& operator=(const GzipCounter&) = delete;

  // Feeds compressed bytes. Returns false once an error is known.
  bool Feed(const char* data, size_t size) {
    if (!error_.empty()) return false;
    fed_ += static_cast<int64_t>(size);
    zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
    zs_.avail_in = static_cast<uInt>(size);
    while (zs_.avail_in > 0) {
      if (member_done_) {
        // Another gzip member may follow (concatenated streams are valid gzip).
        if (zs_.next_in[0] != 0x1f) {
          error_ = "unexpected data after the end of the gzip stream";
          return false;
        }
        inflateReset(&zs_);
        member_done_ = false;
      }
      zs_.next_out = reinterpret_cast<Bytef*>(out_.data());
      zs_.avail_out = static_cast<uInt>(out_.size());
      int rc = inflate(&zs_, Z_NO_FLUSH);
      total_out_ += static_cast<int64_t>(out_.size() - zs_.avail_out);
      if (total_out_ > kBombBytes && total_out_ / kBombRatio > fed_) {
        error_ = "gzip data expands more than " + std::to_string(kBombRatio) + " times (a decompression bomb?)";
        return false;
      }
      if (rc == Z_STREAM_END) {
        member_done_ = true;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        error_ = std::string("invalid gzip data (") + (zs_.msg ? zs_.msg : "zlib error") + ")";
        return false;
      } else if (rc == Z_BUF_ERROR && zs_.avail_in > 0 && zs_.avail_out > 0) {
        error_ = "invalid gzip data (no progress)";
        return false;
      }
    }
    return true;
  }

  // Call after the last chunk.
  std::string Finish() {
    if (error_.empty() && !member_done_) error_ = "the gzip stream is truncated";
    return error_;
  }
  int64_t total_out() const { return total_out_; }

 private:
  z_stream zs_;
  bool ok_ = false;
  bool member_done_ = false;
  int64_t total_out_ = 0;
  int64_t fed_ = 0;  // compressed bytes given so far (all members)
  std::string error_;
  std::vector<char> out_;
};

Compression Sniff(const unsigned char* p, size_t n) {
  if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) return Compression::kGzip;
  if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd) return Compression::kZstd;
  return Compression::kNone;
}

}  // namespace

BlobFacts InspectBlob(const Store& store, const std::string& name) {
  BlobFacts facts;
  facts.stored_size = store.Size(name);
  if (facts.stored_size < 0) {
    facts.error = "missing";
    return facts;
  }
  unsigned char head[4] = {0, 0, 0, 0};
  size_t head_len = 0;
  std::string err = store.Stream(name, [&](const char* data, size_t n) {
    head_len = std::min<size_t>(n, sizeof(head));
    std::memcpy(head, data, head_len);
    return false;
  });
  if (!err.empty()) {
    facts.error = err;
    return facts;
  }
  facts.compression = Sniff(head, head_len);
  switch (facts.compression) {
    case Compression::kNone:
      facts.uncompressed_size = facts.stored_size;
      return facts;
    case Compression::kZstd:
      return facts;  // no zstd decoder available: the uncompressed size stays unknown
    case Compression::kGzip:
      break;
  }
  GzipCounter counter;
  err = store.Stream(name, [&](const char* data, size_t n) { return counter.Feed(data, n); });
  std::string gz_err = counter.Finish();
  if (!gz_err.empty()) {
    facts.error = gz_err;
  } else if (!err.empty()) {
    facts.error = err;
  } else {
    facts.uncompressed_size = counter.total_out();
  }
  return facts;
}

}  // namespace policycheck::image::internal
