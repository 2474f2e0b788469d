// Byte sizes and budgets shared by the image rules (IMG001-IMG003).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace policycheck::image {

// "1.2 GB", "812 MB", "45.3 MB", "900 B": SI units, three significant
// digits, like `docker image ls`.
std::string FormatSize(int64_t bytes);

// Shell-style glob: '*' matches any run of characters including '/', '?'
// one character, "[...]" a class (fnmatch without flags).
bool GlobMatch(const std::string& pattern, const std::string& text);

struct Budget {
  int64_t bytes = 0;
  std::string pattern;  // the `budgets` key that chose it; "" for the default
  std::string error;    // a `budgets` value that is not a size (then `bytes` is the default)
};

// The budget for something known by `names` (image references, paths): the
// longest `budgets` pattern that matches any name wins; else `default_bytes`.
Budget ChooseBudget(int64_t default_bytes, const std::map<std::string, std::string>& budgets,
                    const std::vector<std::string>& names);

// "docker.io/library/node:20" -> "node:20"; "docker.io/org/app" -> "org/app".
std::string ShortImageName(std::string_view reference);

}  // namespace policycheck::image
