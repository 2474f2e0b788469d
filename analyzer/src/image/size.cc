#include "policycheck/image/size.h"

#include <fnmatch.h>

#include <cmath>
#include <cstdio>

#include "policycheck/rule.h"

namespace policycheck::image {

std::string FormatSize(int64_t bytes) {
  if (bytes < 0) return "unknown";
  static const char* kUnits[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  double v = static_cast<double>(bytes);
  int unit = 0;
  while (v >= 999.5 && unit < 6) {
    v /= 1000;
    ++unit;
  }
  char buf[32];
  if (unit == 0 || v >= 99.95) std::snprintf(buf, sizeof(buf), "%.0f %s", v, kUnits[unit]);
  else if (v >= 9.995) std::snprintf(buf, sizeof(buf), "%.1f %s", v, kUnits[unit]);
  else std::snprintf(buf, sizeof(buf), "%.2f %s", v, kUnits[unit]);
  return buf;
}

bool GlobMatch(const std::string& pattern, const std::string& text) {
  return fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

Budget ChooseBudget(int64_t default_bytes, const std::map<std::string, std::string>& budgets,
                    const std::vector<std::string>& names) {
  Budget chosen{default_bytes, "", ""};
  for (const auto& [pattern, value] : budgets) {
    bool matches = false;
    for (const std::string& name : names) matches = matches || (!name.empty() && GlobMatch(pattern, name));
    if (!matches || (!chosen.pattern.empty() && pattern.size() <= chosen.pattern.size())) continue;
    int64_t bytes = 0;
    if (!ParseByteSize(value, &bytes)) {
      chosen.error = "budgets: '" + value + "' (for '" + pattern + "') is not a size such as 500MB";
      continue;
    }
    chosen.bytes = bytes;
    chosen.pattern = pattern;
  }
  return chosen;
}

std::string ShortImageName(std::string_view reference) {
  std::string_view r = reference;
  for (std::string_view prefix : {"docker.io/library/", "index.docker.io/library/", "registry-1.docker.io/library/",
                                  "docker.io/", "index.docker.io/", "library/"}) {
    if (r.starts_with(prefix)) {
      r.remove_prefix(prefix.size());
      break;
    }
  }
  return std::string(r);
}

}  // namespace policycheck::image
