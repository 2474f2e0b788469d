// Internal: a read-only view of the files of an image input, either a
// directory (OCI layout, extracted docker save) or a tar archive.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "policycheck/image/tar.h"

namespace policycheck::image::internal {

// Receives data chunks; returns false to stop.
using ChunkSink = std::function<bool(const char* data, size_t size)>;

class Store {
 public:
  virtual ~Store() = default;
  // Size of member `name` ('/'-separated, relative), or -1 if absent.
  virtual int64_t Size(const std::string& name) const = 0;
  // Streams member `name` in bounded chunks. Returns "" or an error message.
  virtual std::string Stream(const std::string& name, const ChunkSink& sink) const = 0;
  // Path users see for a member: "dir/index.json" or "image.tar!/manifest.json".
  virtual std::string DisplayPath(const std::string& name) const = 0;

  // Reads a whole member of at most `max_bytes`. Returns "" or an error.
  std::string ReadAll(const std::string& name, int64_t max_bytes, std::string* out) const;
};

class DirStore : public Store {
 public:
  DirStore(std::string fs_root, std::string display_root)
      : fs_root_(std::move(fs_root)), display_root_(std::move(display_root)) {}
  int64_t Size(const std::string& name) const override;
  std::string Stream(const std::string& name, const ChunkSink& sink) const override;
  std::string DisplayPath(const std::string& name) const override;

 private:
  std::string Resolve(const std::string& name) const;  // "" if it escapes the root
  std::string fs_root_;
  std::string display_root_;
};

class TarStore : public Store {
 public:
  TarStore(std::string fs_path, std::string display_path, const TarIndex& index);
  int64_t Size(const std::string& name) const override;
  std::string Stream(const std::string& name, const ChunkSink& sink) const override;
  std::string DisplayPath(const std::string& name) const override;

 private:
  const TarEntry* Find(const std::string& name) const;  // follows links
  std::string fs_path_;
  std::string display_path_;
  std::map<std::string, TarEntry, std::less<>> entries_;
};

}  // namespace policycheck::image::internal
