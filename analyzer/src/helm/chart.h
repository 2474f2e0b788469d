// Charts on disk (directories and .tgz archives), values coalescing,
// dependencies and helm's --set syntax.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "policycheck/frontend.h"
#include "value.h"

namespace policycheck::helm {

struct Chart {
  std::string name;          // Chart.yaml name
  std::string alias;         // dependency alias: the key of this chart's values
  std::string condition;     // dependency condition (comma-separated paths)
  std::vector<std::string> tags;  // dependency tags
  const std::string& values_key() const { return alias.empty() ? name : alias; }
  std::string api_version;   // v1 / v2
  std::string type;          // "application" / "library"
  Map metadata;              // Chart.yaml as read
  Value values;              // values.yaml (map)
  std::string schema;        // values.schema.json text
  // Shared so that copying a Chart (aliases, dependency processing) is cheap.
  std::shared_ptr<std::map<std::string, std::string>> templates =
      std::make_shared<std::map<std::string, std::string>>();  // "templates/x.yaml" -> text
  std::shared_ptr<std::map<std::string, std::string>> files =
      std::make_shared<std::map<std::string, std::string>>();  // everything else (for .Files)
  std::vector<std::shared_ptr<Chart>> subcharts;
  std::string display_dir;  // how users see this chart's directory
  std::string fs_dir;       // "" inside an archive
};

// Loads the chart in `dir` (recursively with its charts/). Returns false with
// *error ("Chart.yaml file is missing", ...) and *error_file set.
bool LoadChartDir(const std::string& dir, const std::string& display_dir, const Limits& limits,
                  std::shared_ptr<Chart>* out, std::string* error, std::string* error_file);

// Parses a .tgz chart archive.
bool LoadChartArchive(const std::string& bytes, const std::string& display, const Limits& limits,
                      std::shared_ptr<Chart>* out, std::string* error);

// helm's strvals: applies one --set / --set-string / --set-json expression.
bool ApplySet(const std::string& expr, Map* values, int mode, std::string* error);  // 0 set, 1 string, 2 json

// CoalesceValues semantics: `dest` (user values) wins over the chart's values.
void CoalesceChartValues(const Chart& chart, Map* dest);
// Deep merge of b into a where `a` wins (helm's coalesceTables).
void CoalesceTables(Map* dest, const Map& src);
// Later maps override earlier (helm's mergeMaps for -f / --set).
void MergeMaps(Map* dest, const Map& src);

}  // namespace policycheck::helm
