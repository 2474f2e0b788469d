// Input discovery: files, directories (walked), Helm chart directories, stdin.
#pragma once

#include <string>
#include <vector>

#include "policycheck/config.h"
#include "policycheck/frontend.h"

namespace policycheck {

enum class InputKind { kDockerfile, kManifest, kChart, kImage };
std::string_view InputKindName(InputKind kind);

struct InputUnit {
  InputKind kind;
  std::string fs_path;       // "-" for stdin
  std::string display_path;  // relative to the working directory when below it, '/' separators
};

struct DiscoveryResult {
  std::vector<InputUnit> units;   // deterministic order (arguments in order, directory entries sorted)
  std::vector<LoadIssue> issues;  // unreadable files/directories, symlink loops, missing paths
  int excluded = 0;               // paths skipped by paths.exclude
};

// Expands `paths` into input units. Directories are walked recursively, skipping
// .git, node_modules, vendor and config.exclude; a directory with Chart.yaml is a
// chart (not descended into). Symlinks leading out of the scanned root are not
// followed unless config.follow_symlinks.
DiscoveryResult Discover(const std::vector<std::string>& paths, const Config& config);

// The display form of a filesystem path: relative to the current directory
// when below it, else absolute; '/' separators, no "./" prefix.
std::string DisplayPath(const std::string& fs_path);

// Classification by name alone (directory walks): Dockerfile or manifest.
bool IsManifestName(std::string_view filename);

}  // namespace policycheck
