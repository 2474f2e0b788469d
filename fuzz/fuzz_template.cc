// Fuzzes the Helm template engine: the input is one template of a small chart.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "policycheck/helm/render.h"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("pc_fuzz_chart_" + std::to_string(::getpid()));
    fs::create_directories(d / "templates");
    std::ofstream(d / "Chart.yaml") << "apiVersion: v2\nname: fuzz\nversion: 0.1.0\n";
    std::ofstream(d / "values.yaml") << "image: {repository: nginx, tag: \"1.0\"}\nlist: [1, 2, 3]\nn: 3\n";
    std::ofstream(d / "templates" / "_helpers.tpl") << "{{- define \"h\" -}}x{{ . }}{{- end -}}\n";
    return d;
  }();
  std::ofstream(dir / "templates" / "t.yaml", std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  policycheck::HelmOptions options;
  options.seed = 1;
  options.limits.max_template_steps = 200000;
  options.limits.max_template_output = 1 << 20;
  options.limits.max_include_depth = 20;
  auto result = policycheck::helm::RenderChart(dir.string(), "fuzz", options);
  (void)policycheck::helm::FormatAsHelmOutput(result);
  return 0;
}
