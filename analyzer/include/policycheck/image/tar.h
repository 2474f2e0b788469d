// A bounded-memory reader for tar archives (POSIX ustar, GNU long names and
// base-256 sizes, pax extended headers). It indexes the headers and leaves
// the member data in the file, so a multi-gigabyte `docker save` archive is
// never loaded into memory. Never throws.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace policycheck::image {

struct TarEntry {
  std::string name;         // normalized: no leading "./" or "/", no trailing "/"
  char type = '0';          // '0' file, '1' hard link, '2' symlink, '5' directory, ...
  std::string link_target;  // for '1' and '2'
  int64_t size = 0;         // bytes of data
  int64_t header_offset = 0;
  int64_t data_offset = 0;  // where the data starts in the archive

  bool is_file() const { return type == '0' || type == '\0' || type == '7'; }
};

struct TarIndex {
  std::vector<TarEntry> entries;  // in archive order; later entries win on duplicate names
  // Empty when the archive is well formed; otherwise what is wrong, with
  // the byte offset of the header at fault in `error_offset`. Entries read
  // before the error are kept.
  std::string error;
  int64_t error_offset = -1;
};

struct TarLimits {
  int64_t max_entries = 200'000;  // docker save and OCI layouts hold a few hundred
  int64_t max_meta_bytes = 1 << 20;  // GNU long name / pax header data
};

// True if `block` (at least 512 bytes) is a tar header with a valid checksum.
bool LooksLikeTarHeader(const char* block, size_t size);

// Indexes the archive at `fs_path`.
TarIndex IndexTar(const std::string& fs_path, const TarLimits& limits = {});

// Normalizes a member path: strips "./" and leading "/", resolves "." and
// "..", collapses "//". Returns "" for a path that escapes the root.
std::string NormalizeTarPath(const std::string& path);

}  // namespace policycheck::image
