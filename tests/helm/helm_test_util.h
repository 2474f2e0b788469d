// Helpers for the Helm renderer tests: build a throwaway chart and render it.
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "policycheck/helm/render.h"

namespace policycheck::helm::testing {

// A chart in a fresh temporary directory, removed on destruction.
class TempChart {
 public:
  explicit TempChart(const std::map<std::string, std::string>& files) {
    static int counter = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("pc_helm_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::create_directories(dir_);
    bool has_chart = files.count("Chart.yaml") > 0;
    if (!has_chart) Write("Chart.yaml", "apiVersion: v2\nname: app\nversion: 0.1.0\nappVersion: \"1.0\"\n");
    for (const auto& [path, text] : files) Write(path, text);
  }
  ~TempChart() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  void Write(const std::string& rel, const std::string& text) {
    auto p = dir_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
  std::string dir() const { return dir_.string(); }

 private:
  std::filesystem::path dir_;
};

inline HelmOptions TestOptions() {
  HelmOptions o;
  o.release_name = "rel";
  o.seed = 1;
  return o;
}

// Renders one template (templates/t.yaml) with values; returns the text of
// all rendered files, or "ERROR: <message>" on a render error.
inline std::string RenderOne(const std::string& tmpl, const std::string& values = "",
                             std::map<std::string, std::string> extra = {}) {
  extra["templates/t.yaml"] = tmpl;
  if (!values.empty()) extra["values.yaml"] = values;
  TempChart c(extra);
  RenderResult r = RenderChart(c.dir(), "charts/app", TestOptions());
  if (!r.issues.empty()) return "ERROR: " + r.issues[0].message;
  std::string out;
  for (const auto& f : r.files) out += f.text;
  return out;
}

}  // namespace policycheck::helm::testing
