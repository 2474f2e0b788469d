#include "policycheck/image/tar.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string_view>

namespace policycheck::image {
namespace {

constexpr int64_t kBlock = 512;

// Field offsets of the ustar header.
constexpr size_t kNameOff = 0, kNameLen = 100;
constexpr size_t kSizeOff = 124, kSizeLen = 12;
constexpr size_t kChksumOff = 148, kChksumLen = 8;
constexpr size_t kTypeOff = 156;
constexpr size_t kLinkOff = 157, kLinkLen = 100;
constexpr size_t kMagicOff = 257;
constexpr size_t kPrefixOff = 345, kPrefixLen = 155;

std::string Field(const char* block, size_t off, size_t len) {
  size_t n = 0;
  while (n < len && block[off + n] != '\0') ++n;
  return std::string(block + off, n);
}

// Parses an octal field (NUL/space padded) or a GNU base-256 field.
bool ParseNumber(const char* block, size_t off, size_t len, int64_t* out) {
  const auto* p = reinterpret_cast<const unsigned char*>(block + off);
  if (p[0] & 0x80) {  // base-256, big endian, first byte's high bit is the marker
    if (p[0] & 0x40) return false;  // negative
    int64_t v = p[0] & 0x3f;
    for (size_t i = 1; i < len; ++i) {
      if (v > (INT64_MAX >> 8)) return false;
      v = (v << 8) | p[i];
    }
    *out = v;
    return true;
  }
  size_t i = 0;
  while (i < len && p[i] == ' ') ++i;
  int64_t v = 0;
  bool any = false;
  for (; i < len && p[i] >= '0' && p[i] <= '7'; ++i) {
    if (v > (INT64_MAX >> 3)) return false;
    v = v * 8 + (p[i] - '0');
    any = true;
  }
  for (; i < len; ++i) {
    if (p[i] != ' ' && p[i] != '\0') return false;
  }
  *out = any ? v : 0;
  return true;
}

bool AllZero(const char* block) {
  for (int64_t i = 0; i < kBlock; ++i) {
    if (block[i] != 0) return false;
  }
  return true;
}

int64_t Padded(int64_t size) { return (size + kBlock - 1) / kBlock * kBlock; }

// Parses pax records "<len> <key>=<value>\n".
bool ParsePax(std::string_view data, std::map<std::string, std::string>* out) {
  size_t pos = 0;
  while (pos < data.size()) {
    if (data[pos] == '\0') break;  // some writers pad with NULs
    size_t space = data.find(' ', pos);
    if (space == std::string_view::npos) return false;
    int64_t len = 0;
    for (size_t i = pos; i < space; ++i) {
      if (data[i] < '0' || data[i] > '9' || len > (1 << 30)) return false;
      len = len * 10 + (data[i] - '0');
    }
    if (len <= 0 || pos + static_cast<size_t>(len) > data.size()) return false;
    std::string_view record = data.substr(space + 1, pos + len - space - 1);
    if (record.empty() || record.back() != '\n') return false;
    record.remove_suffix(1);
    size_t eq = record.find('=');
    if (eq == std::string_view::npos) return false;
    (*out)[std::string(record.substr(0, eq))] = std::string(record.substr(eq + 1));
    pos += len;
  }
  return true;
}

}  // namespace

bool LooksLikeTarHeader(const char* block, size_t size) {
  if (size < static_cast<size_t>(kBlock) || AllZero(block)) return false;
  int64_t stored = 0;
  if (!ParseNumber(block, kChksumOff, kChksumLen, &stored)) return false;
  int64_t unsigned_sum = 0, signed_sum = 0;
  for (int64_t i = 0; i < kBlock; ++i) {
    bool in_chksum = i >= static_cast<int64_t>(kChksumOff) &&
                     i < static_cast<int64_t>(kChksumOff + kChksumLen);
    unsigned char c = in_chksum ? ' ' : static_cast<unsigned char>(block[i]);
    unsigned_sum += c;
    signed_sum += static_cast<signed char>(c);
  }
  return stored == unsigned_sum || stored == signed_sum;
}

std::string NormalizeTarPath(const std::string& path) {
  std::vector<std::string> parts;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string::npos) slash = path.size();
    std::string part = path.substr(pos, slash - pos);
    pos = slash + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (parts.empty()) return "";
      parts.pop_back();
      continue;
    }
    parts.push_back(std::move(part));
  }
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += '/';
    out += p;
  }
  return out;
}

TarIndex IndexTar(const std::string& fs_path, const TarLimits& limits) {
  TarIndex index;
  std::error_code ec;
  int64_t file_size = static_cast<int64_t>(std::filesystem::file_size(fs_path, ec));
  std::ifstream in(fs_path, std::ios::binary);
  if (ec || !in) {
    index.error = "cannot read the archive";
    index.error_offset = 0;
    return index;
  }
  auto fail = [&](int64_t offset, std::string message) {
    index.error = std::move(message);
    index.error_offset = offset;
    return index;
  };

  char block[kBlock];
  int64_t offset = 0;
  std::string long_name, long_link;
  std::map<std::string, std::string> pax;
  bool have_long_name = false, have_long_link = false;
  while (true) {
    if (offset + kBlock > file_size) {
      if (offset == file_size && offset > 0) {
        return fail(offset, "the archive is truncated: it ends at byte " + std::to_string(file_size) +
                                " without the end-of-archive marker");
      }
      return fail(offset, "the archive is truncated: a header is cut off at byte " +
                              std::to_string(file_size));
    }
    in.seekg(offset);
    if (!in.read(block, kBlock)) return fail(offset, "cannot read the header at byte " + std::to_string(offset));
    if (AllZero(block)) return index;  // end of archive (one zero block is enough to stop)
    if (!LooksLikeTarHeader(block, kBlock)) {
      return fail(offset, "not a tar header (bad checksum) at byte " + std::to_string(offset));
    }
    int64_t size = 0;
    if (!ParseNumber(block, kSizeOff, kSizeLen, &size)) {
      return fail(offset, "bad size field in the header at byte " + std::to_string(offset));
    }
    char type = block[kTypeOff];
    if (!pax.empty()) {
      if (auto it = pax.find("size"); it != pax.end()) {
        int64_t v = 0;
        bool ok = !it->second.empty();
        for (char c : it->second) {
          if (c < '0' || c > '9' || v > (INT64_MAX / 10 - 10)) ok = false;
          else v = v * 10 + (c - '0');
        }
        if (!ok) return fail(offset, "bad pax size '" + it->second + "' for the entry at byte " + std::to_string(offset));
        size = v;
      }
    }
    int64_t data_offset = offset + kBlock;
    if (size > file_size - data_offset) {
      return fail(offset, "the archive is truncated: the entry '" + Field(block, kNameOff, kNameLen) +
                              "' at byte " + std::to_string(offset) + " claims " + std::to_string(size) +
                              " bytes but only " + std::to_string(file_size - data_offset) + " remain");
    }
    int64_t next = data_offset + Padded(size);

    if (type == 'L' || type == 'K' || type == 'x' || type == 'g') {
      if (size > limits.max_meta_bytes) {
        return fail(offset, "extended header at byte " + std::to_string(offset) + " is too large");
      }
      std::string data(static_cast<size_t>(size), '\0');
      if (!in.read(data.data(), size)) return fail(offset, "cannot read the extended header at byte " + std::to_string(offset));
      if (type == 'L' || type == 'K') {
        size_t nul = data.find('\0');
        if (nul != std::string::npos) data.resize(nul);
        (type == 'L' ? long_name : long_link) = data;
        (type == 'L' ? have_long_name : have_long_link) = true;
      } else if (type == 'x') {
        if (!ParsePax(data, &pax)) return fail(offset, "malformed pax header at byte " + std::to_string(offset));
      }
      // 'g' (global pax) carries no per-entry facts we use.
      offset = next;
      continue;
    }

    TarEntry e;
    std::string name = Field(block, kNameOff, kNameLen);
    if (std::memcmp(block + kMagicOff, "ustar\0", 6) == 0) {
      std::string prefix = Field(block, kPrefixOff, kPrefixLen);
      if (!prefix.empty()) name = prefix + "/" + name;
    }
    if (have_long_name) name = long_name;
    e.link_target = have_long_link ? long_link : Field(block, kLinkOff, kLinkLen);
    if (auto it = pax.find("path"); it != pax.end()) name = it->second;
    if (auto it = pax.find("linkpath"); it != pax.end()) e.link_target = it->second;
    e.name = NormalizeTarPath(name);
    e.type = type;
    e.size = size;
    e.header_offset = offset;
    e.data_offset = data_offset;
    if (static_cast<int64_t>(index.entries.size()) >= limits.max_entries) {
      return fail(offset, "more than " + std::to_string(limits.max_entries) + " entries");
    }
    if (!e.name.empty()) index.entries.push_back(std::move(e));
    long_name.clear();
    long_link.clear();
    have_long_name = have_long_link = false;
    pax.clear();
    offset = next;
  }
}

}  // namespace policycheck::image
