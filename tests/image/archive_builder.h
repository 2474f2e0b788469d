// Test helpers that write tar archives, gzip streams and OCI digests
// themselves, so the image tests need no docker and no fixtures on disk.
#pragma once

#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "policycheck/source.h"

namespace policycheck {
// Readable Locations in gtest failure messages.
inline void PrintTo(const Location& l, std::ostream* os) {
  *os << l.file << ":" << l.line << ":" << l.column;
}
}  // namespace policycheck

namespace policycheck::image::testing {

// Writes POSIX ustar archives; names over 100 bytes use a GNU 'L' record or
// a pax 'x' header (see `long_names`).
class TarWriter {
 public:
  enum class LongNames { kGnu, kPax };
  explicit TarWriter(LongNames long_names = LongNames::kGnu) : long_names_(long_names) {}

  void AddFile(const std::string& name, const std::string& data) {
    if (name.size() > 99) {
      if (long_names_ == LongNames::kGnu) {
        AddRaw("././@LongLink", 'L', "", name + '\0');
      } else {
        std::string record = " path=" + name + "\n";
        // The length prefix counts itself.
        size_t len = record.size() + 1;
        while (std::to_string(len).size() + record.size() != len) ++len;
        AddRaw("PaxHeaders/x", 'x', "", std::to_string(len) + record);
      }
      AddRaw(name.substr(0, 99), '0', "", data);
    } else {
      AddRaw(name, '0', "", data);
    }
  }
  void AddDir(const std::string& name) { AddRaw(name, '5', "", ""); }
  void AddSymlink(const std::string& name, const std::string& target) { AddRaw(name, '2', target, ""); }
  void AddHardLink(const std::string& name, const std::string& target) { AddRaw(name, '1', target, ""); }

  // Writes a header whose size field is in GNU base-256 form.
  void AddFileBase256(const std::string& name, const std::string& data) {
    std::string header = Header(name, '0', "", data.size());
    std::memset(header.data() + 124, 0, 12);
    header[124] = static_cast<char>(0x80);
    uint64_t size = data.size();
    for (int i = 11; i >= 1 && size; --i, size >>= 8) header[124 + i] = static_cast<char>(size & 0xff);
    Checksum(header);
    out_ += header;
    out_ += data;
    Pad();
  }

  void AddRaw(const std::string& name, char type, const std::string& link, const std::string& data) {
    out_ += Header(name, type, link, data.size());
    out_ += data;
    Pad();
  }

  // The archive with its two end-of-archive zero blocks.
  std::string Finish() const { return out_ + std::string(1024, '\0'); }

 private:
  static std::string Octal(uint64_t v, size_t width) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%0*llo", static_cast<int>(width - 1), static_cast<unsigned long long>(v));
    return std::string(buf, width - 1) + '\0';
  }
  static void Checksum(std::string& h) {
    std::memset(h.data() + 148, ' ', 8);
    unsigned sum = 0;
    for (unsigned char c : h) sum += c;
    std::string chk = Octal(sum, 7);
    std::memcpy(h.data() + 148, chk.data(), 7);
    h[155] = ' ';
  }
  static std::string Header(const std::string& name, char type, const std::string& link, uint64_t size) {
    std::string h(512, '\0');
    std::memcpy(h.data(), name.data(), std::min<size_t>(name.size(), 100));
    std::memcpy(h.data() + 100, Octal(0644, 8).data(), 8);
    std::memcpy(h.data() + 108, Octal(0, 8).data(), 8);
    std::memcpy(h.data() + 116, Octal(0, 8).data(), 8);
    std::memcpy(h.data() + 124, Octal(size, 12).data(), 12);
    std::memcpy(h.data() + 136, Octal(0, 12).data(), 12);
    h[156] = type;
    std::memcpy(h.data() + 157, link.data(), std::min<size_t>(link.size(), 100));
    std::memcpy(h.data() + 257, "ustar\0" "00", 8);
    Checksum(h);
    return h;
  }
  void Pad() { out_.append((512 - out_.size() % 512) % 512, '\0'); }

  LongNames long_names_;
  std::string out_;
};

inline std::string Gzip(const std::string& data) {
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2");
  }
  std::string out(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  if (deflate(&zs, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate");
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// Deterministic bytes that do not compress much.
inline std::string Noise(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng() & 0xff);
  return s;
}

// A fake but well-formed digest: sha256-shaped, unique per label. The reader
// does not verify digests, only sizes and presence.
inline std::string FakeDigest(const std::string& label) {
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  uint64_t h = 1469598103934665603ULL;
  for (int round = 0; hex.size() < 64; ++round) {
    for (char c : label) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    h ^= static_cast<uint64_t>(round);
    for (int i = 0; i < 16 && hex.size() < 64; ++i) hex += kHex[(h >> (i * 4)) & 0xf];
  }
  return "sha256:" + hex;
}

inline std::string BlobName(const std::string& digest) { return "blobs/sha256/" + digest.substr(7); }

class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("pc_image_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string Write(const std::string& rel, const std::string& data) const {
    std::filesystem::path p = path_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << data;
    return p.string();
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// 1-based line and column of the first occurrence of `needle` in `text`.
inline std::pair<int, int> LineColOf(const std::string& text, const std::string& needle) {
  size_t pos = text.find(needle);
  if (pos == std::string::npos) return {0, 0};
  int line = 1, col = 1;
  for (size_t i = 0; i < pos; ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

}  // namespace policycheck::image::testing
