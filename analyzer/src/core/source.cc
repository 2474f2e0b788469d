#include "policycheck/source.h"

#include <fstream>
#include <sstream>

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
  std::ifstream in(fs_path, std::ios::binary);
  if (!in) return nullptr;
  std::ostringstream ss;
  ss << in.rdbuf();
  return Add(std::make_shared<SourceFile>(display_path, fs_path, ss.str()));
}

}  // namespace policycheck
