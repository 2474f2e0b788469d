#include "store.h"

#include <filesystem>
#include <fstream>
#include <vector>

namespace policycheck::image::internal {
namespace {

constexpr size_t kChunk = 64 * 1024;

std::string StreamFile(const std::string& fs_path, int64_t offset, int64_t size, const ChunkSink& sink) {
  std::ifstream in(fs_path, std::ios::binary);
  if (!in) return "cannot open " + fs_path;
  in.seekg(offset);
  std::vector<char> buf(kChunk);
  int64_t left = size;
  while (left != 0) {
    size_t want = left < 0 ? kChunk : static_cast<size_t>(std::min<int64_t>(left, kChunk));
    in.read(buf.data(), static_cast<std::streamsize>(want));
    std::streamsize got = in.gcount();
    if (got <= 0) {
      if (left < 0) return "";
      return "unexpected end of data";
    }
    if (left > 0) left -= got;
    if (!sink(buf.data(), static_cast<size_t>(got))) return "";
    if (static_cast<size_t>(got) < want) {
      if (left < 0) return "";
      return "unexpected end of data";
    }
  }
  return "";
}

}  // namespace

std::string Store::ReadAll(const std::string& name, int64_t max_bytes, std::string* out) const {
  int64_t size = Size(name);
  if (size < 0) return "missing";
  if (size > max_bytes) return "too large (" + std::to_string(size) + " bytes)";
  out->clear();
  out->reserve(static_cast<size_t>(size));
  return Stream(name, [&](const char* data, size_t n) {
    out->append(data, n);
    return true;
  });
}

std::string DirStore::Resolve(const std::string& name) const {
  std::string norm = NormalizeTarPath(name);
  if (norm.empty()) return "";
  return (std::filesystem::path(fs_root_) / norm).string();
}

int64_t DirStore::Size(const std::string& name) const {
  std::string path = Resolve(name);
  if (path.empty()) return -1;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return -1;
  auto size = std::filesystem::file_size(path, ec);
  return ec ? -1 : static_cast<int64_t>(size);
}

std::string DirStore::Stream(const std::string& name, const ChunkSink& sink) const {
  std::string path = Resolve(name);
  if (path.empty()) return "path escapes the layout";
  int64_t size = Size(name);
  if (size < 0) return "missing";
  return StreamFile(path, 0, size, sink);
}

std::string DirStore::DisplayPath(const std::string& name) const {
  std::string root = display_root_;
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  return root + "/" + NormalizeTarPath(name);
}

TarStore::TarStore(std::string fs_path, std::string display_path, const TarIndex& index)
    : fs_path_(std::move(fs_path)), display_path_(std::move(display_path)) {
  for (const TarEntry& e : index.entries) entries_[e.name] = e;
}

const TarEntry* TarStore::Find(const std::string& name) const {
  std::string current = NormalizeTarPath(name);
  for (int hops = 0; hops < 16 && !current.empty(); ++hops) {
    auto it = entries_.find(current);
    if (it == entries_.end()) return nullptr;
    const TarEntry& e = it->second;
    if (e.type == '1') {  // hard link: target is relative to the archive root
      current = NormalizeTarPath(e.link_target);
    } else if (e.type == '2') {  // symlink: relative to the link's directory
      if (!e.link_target.empty() && e.link_target[0] == '/') {
        current = NormalizeTarPath(e.link_target);
      } else {
        size_t slash = e.name.rfind('/');
        std::string dir = slash == std::string::npos ? "" : e.name.substr(0, slash + 1);
        current = NormalizeTarPath(dir + e.link_target);
      }
    } else {
      return e.is_file() ? &e : nullptr;
    }
  }
  return nullptr;
}

int64_t TarStore::Size(const std::string& name) const {
  const TarEntry* e = Find(name);
  return e ? e->size : -1;
}

std::string TarStore::Stream(const std::string& name, const ChunkSink& sink) const {
  const TarEntry* e = Find(name);
  if (!e) return "missing";
  return StreamFile(fs_path_, e->data_offset, e->size, sink);
}

std::string TarStore::DisplayPath(const std::string& name) const {
  return display_path_ + "!/" + NormalizeTarPath(name);
}

}  // namespace policycheck::image::internal
