// Source text and locations. Every finding carries a Location from day one.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace policycheck {

// 1-based line and column (column counts bytes, as SARIF's default
// "utf16CodeUnits" differs only for non-ASCII; we declare columnKind
// unicodeCodePoints-free byte columns in SARIF). 0 means "unknown".
struct Location {
  std::string file;  // display path (repo-relative when possible, '/' separators)
  int line = 0;
  int column = 0;
  int end_line = 0;
  int end_column = 0;

  bool valid() const { return !file.empty(); }
  friend bool operator==(const Location&, const Location&) = default;
};

// How exactly a location was mapped back from rendered output to its source.
enum class Precision {
  kExact,     // the byte that produced the text is known
  kAction,    // the template action ({{ ... }}) that produced the text is known
  kFile,      // only the file is known (e.g. --renderer helm and no line match)
};
std::string_view PrecisionName(Precision p);

// A location plus the rendered position it was mapped from, when it was.
struct MappedLocation {
  Location location;
  Precision precision = Precision::kExact;
  std::optional<Location> rendered;  // set when `location` was mapped from generated text
};

// Maps positions in generated text (a rendered Helm template) back to
// their origin. Implemented by the Helm renderer's source map.
class LocationMapper {
 public:
  virtual ~LocationMapper() = default;
  // `rendered` is a location inside the generated text.
  virtual MappedLocation Map(const Location& rendered) const = 0;
  // Locations of values (values.yaml, -f files) that fed the rendered text
  // at this position, if known.
  virtual std::vector<Location> ValueOrigins(const Location& /*rendered*/) const { return {}; }
};

// The bytes of one input, read with a size bound (limits.max-file-size).
struct BoundedRead {
  std::string text;
  std::string error;       // "" when the read succeeded; else why (too large, not readable, ...)
  bool too_large = false;  // more than max_bytes: `text` is empty and nothing more was read
  bool regular = false;    // a regular file (not a pipe or a device)
};
// The error for an input over limits.max-file-size (`size` < 0: a stream of unknown size).
std::string TooLargeMessage(int64_t size, int64_t max_bytes);
// Reads a regular file, pipe or device, never more than max_bytes + 1 bytes: a regular file over
// the limit is refused from its size without reading it, a stream (/dev/zero, a pipe) is cut off
// at the limit, and a FIFO with no writer reads as empty instead of blocking. Directories and
// sockets are errors.
BoundedRead ReadFileBounded(const std::string& fs_path, int64_t max_bytes);
// The same for an open descriptor (stdin); the descriptor is not closed.
BoundedRead ReadFdBounded(int fd, int64_t max_bytes);

// One input's text, owned once and shared read-only by parser, rules and
// reporters. `display_path` is what users see; `fs_path` is what was read
// (empty for stdin and generated text).
class SourceFile {
 public:
  SourceFile(std::string display_path, std::string fs_path, std::string text);

  const std::string& display_path() const { return display_path_; }
  const std::string& fs_path() const { return fs_path_; }
  const std::string& text() const { return text_; }

  // 1-based line text without its line terminator; empty when out of range.
  std::string_view Line(int line) const;
  int line_count() const { return static_cast<int>(line_starts_.size()); }

 private:
  std::string display_path_;
  std::string fs_path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

// Owns every SourceFile of a run so reporters can print source lines and
// suppression scanners can read comments. Thread-safe for Add/Find.
class SourceStore {
 public:
  std::shared_ptr<const SourceFile> Add(std::shared_ptr<const SourceFile> file);
  // Finds a file by display path (the path used in Locations).
  std::shared_ptr<const SourceFile> Find(std::string_view display_path) const;
  // Reads `fs_path` from disk and registers it (used for template files that
  // findings are mapped to). Returns nullptr if unreadable, not a regular file
  // or larger than max_load_bytes (never reads such a file).
  std::shared_ptr<const SourceFile> FindOrLoad(const std::string& display_path,
                                               const std::string& fs_path);
  // The size limit of FindOrLoad (the engine sets limits.max-file-size).
  void set_max_load_bytes(int64_t bytes) { max_load_bytes_ = bytes; }
  // Filesystem paths of every file read (for refusing to write over an input).
  std::vector<std::string> FsPaths() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::shared_ptr<const SourceFile>> files_;
  // display path -> index in files_; keys view the stored files' own paths.
  std::unordered_map<std::string_view, size_t> index_;
  int64_t max_load_bytes_ = 64LL << 20;
};

}  // namespace policycheck
