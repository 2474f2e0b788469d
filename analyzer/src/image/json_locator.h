// Internal: maps JSON pointers ("/layers/0/size") to the line and column of
// the value in the source text, since nlohmann_json keeps no positions.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "policycheck/source.h"

namespace policycheck::image::internal {

class JsonLocator {
 public:
  // `text` must outlive the locator. Scans once; tolerant of invalid JSON
  // (positions after the first error are simply absent).
  JsonLocator(std::string_view text, std::string file);

  // Location of the value at `pointer`; falls back to the nearest located
  // parent, and to 1:1 for the document itself.
  Location At(const std::string& pointer) const;
  // Location of a byte offset.
  Location AtOffset(size_t offset) const;

 private:
  std::string_view text_;
  std::string file_;
  std::vector<size_t> line_starts_;
  std::unordered_map<std::string, size_t> offsets_;
};

// Escapes a key for a JSON pointer (RFC 6901).
std::string PointerToken(std::string_view key);

}  // namespace policycheck::image::internal
