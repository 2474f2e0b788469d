#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "policycheck/dockerfile/parser.h"
#include "policycheck/input.h"

namespace policycheck {

namespace fs = std::filesystem;

std::string_view InputKindName(InputKind kind) {
  switch (kind) {
    case InputKind::kDockerfile:
      return "dockerfile";
    case InputKind::kManifest:
      return "manifest";
    case InputKind::kChart:
      return "chart";
    case InputKind::kImage:
      return "image";
  }
  return "manifest";
}

std::string DisplayPath(const std::string& fs_path) {
  if (fs_path == "-") return "<stdin>";
  std::error_code ec;
  fs::path abs = fs::absolute(fs::path(fs_path), ec).lexically_normal();
  fs::path cwd = fs::current_path(ec);
  if (!ec) {
    fs::path rel = abs.lexically_relative(cwd);
    if (!rel.empty() && *rel.begin() != "..") {
      std::string s = rel.generic_string();
      if (s == ".") return ".";
      while (!s.empty() && s.back() == '/') s.pop_back();
      return s;
    }
  }
  std::string s = abs.generic_string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

bool IsManifestName(std::string_view name) {
  auto ends = [&](std::string_view suffix) {
    if (name.size() < suffix.size()) return false;
    return std::equal(suffix.begin(), suffix.end(), name.end() - static_cast<long>(suffix.size()),
                      [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
  };
  return ends(".yaml") || ends(".yml") || ends(".json");
}

namespace {

bool IsChartDir(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "Chart.yaml", ec);
}

// Content sniffing for explicitly named regular files with an unknown extension: the first
// 50 lines of at most the first 64 KiB.
InputKind SniffKind(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(64 * 1024, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  std::istringstream lines(head);
  std::string line;
  for (int i = 0; i < 50 && std::getline(lines, line); ++i) {
    size_t start = line.find_first_not_of(" \t\r\xEF\xBB\xBF");
    if (start == std::string::npos || line[start] == '#') continue;
    std::string word;
    for (size_t k = start; k < line.size() && std::isalpha(static_cast<unsigned char>(line[k])); ++k) {
      word += static_cast<char>(std::toupper(static_cast<unsigned char>(line[k])));
    }
    if (word == "FROM" || word == "ARG") return InputKind::kDockerfile;
    return InputKind::kManifest;
  }
  return InputKind::kManifest;
}

class Walker {
 public:
  Walker(const Config& config, DiscoveryResult* out) : config_(config), out_(out) {
    std::error_code ec;
    base_ = (config.base_dir.empty() ? fs::current_path(ec) : fs::path(config.base_dir)).lexically_normal();
  }

  void AddArgument(const std::string& arg) {
    if (arg == "-") {
      out_->units.push_back(InputUnit{InputKind::kManifest, "-", "<stdin>"});
      return;
    }
    fs::path path(arg);
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
      Issue(DisplayPath(arg), "no such file or directory");
      return;
    }
    if (fs::is_directory(st)) {
      if (IsChartDir(path)) {
        Add(InputKind::kChart, path);
        return;
      }
      root_ = fs::weakly_canonical(path, ec);
      walk_root_ = fs::absolute(path, ec).lexically_normal();
      visited_.clear();
      visited_.insert(root_.string());
      Walk(path, 0);
      return;
    }
    // An explicitly named file is always checked, whatever its name.
    std::string name = path.filename().string();
    if (dockerfile::IsDockerfileName(name)) {
      Add(InputKind::kDockerfile, path);
    } else if (IsManifestName(name)) {
      Add(InputKind::kManifest, path);
    } else if (fs::is_regular_file(st)) {
      Add(SniffKind(path), path);
    } else {
      // A pipe or device (`policycheck <(kustomize build)`): read once, as manifests; sniffing
      // would consume what it reads.
      Add(InputKind::kManifest, path);
    }
  }

 private:
  void Issue(const std::string& display, std::string message) {
    out_->issues.push_back(LoadIssue{"PC001", Location{display, 0, 0}, std::move(message)});
  }

  void Add(InputKind kind, const fs::path& path) {
    out_->units.push_back(InputUnit{kind, path.string(), DisplayPath(path.string())});
  }

  // Excludes are matched against the path relative to the config file's
  // directory (or the working directory), else relative to the walked root, so
  // the directories above a checkout never match a pattern.
  bool Excluded(const fs::path& path, bool is_dir) {
    if (config_.exclude.empty()) return false;
    std::error_code ec;
    fs::path abs = fs::absolute(path, ec).lexically_normal();
    fs::path rel = abs.lexically_relative(base_);
    if (rel.empty() || *rel.begin() == "..") rel = abs.lexically_relative(walk_root_);
    std::string rel_s = rel.generic_string();
    for (const auto& glob : config_.exclude) {
      if (PathMatches(glob, rel_s, is_dir)) return true;
    }
    return false;
  }

  bool InsideRoot(const fs::path& canonical) const {
    auto rel = canonical.lexically_relative(root_);
    return !rel.empty() && *rel.begin() != "..";
  }

  void Walk(const fs::path& dir, int depth) {
    if (depth > 256) {
      Issue(DisplayPath(dir.string()), "directory nesting deeper than 256 levels; not descended");
      return;
    }
    std::error_code ec;
    fs::directory_iterator it(dir, fs::directory_options::none, ec);
    if (ec) {
      Issue(DisplayPath(dir.string()), "cannot read directory: " + ec.message());
      return;
    }
    std::vector<fs::directory_entry> entries;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) {
        Issue(DisplayPath(dir.string()), "cannot read directory: " + ec.message());
        break;
      }
      entries.push_back(*it);
    }
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
    for (const auto& entry : entries) {
      const fs::path& path = entry.path();
      std::string name = path.filename().string();
      bool is_link = entry.is_symlink(ec);
      bool is_dir = entry.is_directory(ec);  // follows the link
      if (is_dir) {
        if (name == ".git" || name == "node_modules" || name == "vendor") continue;
      }
      if (Excluded(path, is_dir)) {
        ++out_->excluded;
        continue;
      }
      if (is_link) {
        fs::path target = fs::weakly_canonical(path, ec);
        if (ec || !fs::exists(target, ec)) {
          Issue(DisplayPath(path.string()), "broken symbolic link");
          continue;
        }
        if (!config_.follow_symlinks && !InsideRoot(target)) continue;  // leads out of the root
        if (is_dir && !config_.follow_symlinks) continue;  // directory links: only when asked
        if (is_dir && !visited_.insert(target.string()).second) {
          Issue(DisplayPath(path.string()), "symbolic link loop; not descended");
          continue;
        }
      }
      if (is_dir) {
        if (IsChartDir(path)) {
          Add(InputKind::kChart, path);
        } else {
          Walk(path, depth + 1);
        }
        continue;
      }
      if (!entry.is_regular_file(ec)) continue;  // sockets, fifos, devices
      if (dockerfile::IsDockerfileName(name)) {
        Add(InputKind::kDockerfile, path);
      } else if (IsManifestName(name)) {
        Add(InputKind::kManifest, path);
      }
    }
  }

  const Config& config_;
  DiscoveryResult* out_;
  fs::path base_;
  fs::path root_;       // canonical walked root (symlink containment)
  fs::path walk_root_;  // walked root as given, absolute (exclude matching)
  std::set<std::string> visited_;
};

}  // namespace

DiscoveryResult Discover(const std::vector<std::string>& paths, const Config& config) {
  DiscoveryResult result;
  Walker walker(config, &result);
  for (const auto& p : paths) walker.AddArgument(p);
  return result;
}

}  // namespace policycheck
