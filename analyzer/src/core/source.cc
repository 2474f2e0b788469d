#include "policycheck/source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace policycheck {

std::string_view PrecisionName(Precision p) {
  switch (p) {
    case Precision::kExact:
      return "exact";
    case Precision::kAction:
      return "action";
    case Precision::kFile:
      return "file";
  }
  return "file";
}

SourceFile::SourceFile(std::string display_path, std::string fs_path, std::string text)
    : display_path_(std::move(display_path)), fs_path_(std::move(fs_path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n' && i + 1 < text_.size()) line_starts_.push_back(static_cast<uint32_t>(i + 1));
  }
}

std::string_view SourceFile::Line(int line) const {
  if (line < 1 || line > line_count()) return {};
  size_t begin = line_starts_[line - 1];
  size_t end = text_.find('\n', begin);
  if (end == std::string::npos) end = text_.size();
  if (end > begin && text_[end - 1] == '\r') --end;
  return std::string_view(text_).substr(begin, end - begin);
}

std::string TooLargeMessage(int64_t size, int64_t max_bytes) {
  std::string what = size >= 0 ? "file is " + std::to_string(size) + " bytes, larger" : "input is larger";
  return what + " than the limit of " + std::to_string(max_bytes) + " bytes (limits.max-file-size); not checked";
}

namespace {

// Reads until EOF or max_bytes + 1 bytes.
BoundedRead ReadStream(int fd, int64_t max_bytes, BoundedRead out) {
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      out.error = std::string("cannot read file: ") + std::strerror(errno);
      out.text.clear();
      return out;
    }
    if (n == 0) return out;
    if (static_cast<int64_t>(out.text.size()) + n > max_bytes) {
      out.too_large = true;
      out.error = TooLargeMessage(-1, max_bytes);
      out.text = std::string();
      return out;
    }
    out.text.append(buffer, static_cast<size_t>(n));
  }
}

}  // namespace

BoundedRead ReadFdBounded(int fd, int64_t max_bytes) {
  BoundedRead out;
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    out.error = std::string("cannot read file: ") + std::strerror(errno);
    return out;
  }
  if (S_ISDIR(st.st_mode)) {
    out.error = "cannot read file: is a directory";
    return out;
  }
  if (S_ISSOCK(st.st_mode)) {
    out.error = "cannot read file: is a socket";
    return out;
  }
  out.regular = S_ISREG(st.st_mode);
  if (out.regular) {
    if (st.st_size > max_bytes) {
      out.too_large = true;
      out.error = TooLargeMessage(st.st_size, max_bytes);
      return out;
    }
    out.text.reserve(static_cast<size_t>(st.st_size));
  }
  return ReadStream(fd, max_bytes, std::move(out));
}

BoundedRead ReadFileBounded(const std::string& fs_path, int64_t max_bytes) {
  // O_NONBLOCK: opening a FIFO with no writer must not wait for one. Reads are blocking again
  // afterwards, and a FIFO without a writer then reads as end of file.
  int fd = ::open(fs_path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    BoundedRead out;
    out.error = std::string("cannot read file: ") + std::strerror(errno);
    return out;
  }
  int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  BoundedRead out = ReadFdBounded(fd, max_bytes);
  ::close(fd);
  return out;
}

std::shared_ptr<const SourceFile> SourceStore::Add(std::shared_ptr<const SourceFile> file) {
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, inserted] = index_.emplace(file->display_path(), files_.size());
  if (!inserted) return files_[it->second];
  files_.push_back(std::move(file));
  return files_.back();
}

std::shared_ptr<const SourceFile> SourceStore::Find(std::string_view display_path) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(display_path);
  return it == index_.end() ? nullptr : files_[it->second];
}

std::vector<std::string> SourceStore::FsPaths() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  for (const auto& f : files_) {
    if (!f->fs_path().empty()) out.push_back(f->fs_path());
  }
  return out;
}

std::shared_ptr<const SourceFile> SourceStore::FindOrLoad(const std::string& display_path,
                                                          const std::string& fs_path) {
  if (auto f = Find(display_path)) return f;
  if (fs_path.empty()) return nullptr;
  // Only regular files: reading a pipe or a device here would consume or block on it.
  struct stat st {};
  if (::stat(fs_path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return nullptr;
  BoundedRead read = ReadFileBounded(fs_path, max_load_bytes_);
  if (!read.error.empty() || !read.regular) return nullptr;
  return Add(std::make_shared<SourceFile>(display_path, fs_path, std::move(read.text)));
}

}  // namespace policycheck
