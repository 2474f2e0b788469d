// Differential test: our renderer against the stored output of the real
// `helm template rel <chart>` (helm v4.1.4) for every chart in the corpus.
// Prints the pass percentage and the charts that differ. Set
// POLICYCHECK_HELM_DIFF_DIR to write our output there for inspection and
// POLICYCHECK_HELM_CHART to run one chart.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "policycheck/helm/render.h"
#include "test_util.h"

namespace policycheck::helm {
namespace {

struct ChartStatus {
  std::string name, helm4, deterministic, error;
};

std::vector<ChartStatus> ReadStatus(const std::string& path) {
  std::vector<ChartStatus> out;
  std::istringstream in(policycheck::testing::ReadFileOrDie(path));
  std::string line;
  std::vector<std::string> header;
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ls(line);
    std::string c;
    while (std::getline(ls, c, '\t')) cols.push_back(c);
    if (header.empty()) {
      header = cols;
      continue;
    }
    auto col = [&](const std::string& name) {
      for (size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return i < cols.size() ? cols[i] : std::string();
      return std::string();
    };
    out.push_back({col("chart"), col("helm4"), col("deterministic"), col("error")});
  }
  return out;
}

// Structural comparison; with `mask`, differing scalars count as random values.
bool SameNode(const YAML::Node& a, const YAML::Node& b, bool mask, std::string* where) {
  if (a.Type() != b.Type()) {
    *where = "type differs";
    return false;
  }
  switch (a.Type()) {
    case YAML::NodeType::Scalar:
      if (a.Scalar() == b.Scalar() || mask) return true;
      *where = "'" + a.Scalar().substr(0, 80) + "' vs '" + b.Scalar().substr(0, 80) + "'";
      return false;
    case YAML::NodeType::Sequence:
      if (a.size() != b.size()) {
        *where = "sequence length";
        return false;
      }
      for (size_t i = 0; i < a.size(); ++i)
        if (!SameNode(a[i], b[i], mask, where)) return false;
      return true;
    case YAML::NodeType::Map: {
      if (a.size() != b.size()) {
        *where = "map size";
        return false;
      }
      for (const auto& kv : a) {
        const YAML::Node other = b[kv.first.Scalar()];
        if (!other) {
          *where = "missing key " + kv.first.Scalar();
          return false;
        }
        if (!SameNode(kv.second, other, mask, where)) {
          *where = kv.first.Scalar() + "." + *where;
          return false;
        }
      }
      return true;
    }
    default: return true;
  }
}

bool SameDocuments(const std::string& ours, const std::string& theirs, bool mask, std::string* where) {
  try {
    auto a = YAML::LoadAll(ours);
    auto b = YAML::LoadAll(theirs);
    if (a.size() != b.size()) {
      *where = "document count " + std::to_string(a.size()) + " vs " + std::to_string(b.size());
      return false;
    }
    for (size_t i = 0; i < a.size(); ++i)
      if (!SameNode(a[i], b[i], mask, where)) {
        *where = "doc " + std::to_string(i) + ": " + *where;
        return false;
      }
    return true;
  } catch (const YAML::Exception& e) {
    *where = std::string("yaml: ") + e.what();
    return false;
  }
}

// The "Error: ..." reason helm printed (first line, without log lines).
std::string HelmReason(const std::string& err) {
  std::istringstream in(err);
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with("Error: ")) return line.substr(7);
  return "";
}

// Our failure matches helm's when the user message (fail/required) and its
// location agree, or for other failures when the category agrees.
bool SameFailure(const std::string& ours, const std::string& theirs) {
  // helm's .err keeps the first line of a multi-line message.
  if (theirs.starts_with("execution error at (")) return ours.substr(0, ours.find('\n')) == theirs;
  if (theirs.find("missing in charts/ directory") != std::string::npos)
    return ours.find(theirs.substr(theirs.find("found in Chart.yaml"))) != std::string::npos;
  if (theirs.starts_with("values don't meet the specifications")) return ours.starts_with("values don't meet");
  return !ours.empty();
}

TEST(HelmCorpus, MatchesRealHelm) {
  std::string corpus = policycheck::testing::CorpusDir();
  if (corpus.empty()) GTEST_SKIP() << "../shared/corpus is absent";
  const char* only = std::getenv("POLICYCHECK_HELM_CHART");
  const char* dump = std::getenv("POLICYCHECK_HELM_DIFF_DIR");
  auto status = ReadStatus(corpus + "/charts-status.tsv");
  int total = 0, passed = 0, identical = 0, ok_charts = 0, ok_passed = 0, fail_charts = 0, fail_passed = 0;
  std::vector<std::string> differing;
  double total_ms = 0, total_cpu_ms = 0;
  std::vector<std::pair<double, std::string>> timings;
  for (const auto& s : status) {
    if (only && s.name != only) continue;
    std::string dir = corpus + "/charts/" + s.name;
    HelmOptions o;
    o.release_name = "rel";
    o.seed = 42;
    auto t0 = std::chrono::steady_clock::now();
    std::clock_t c0 = std::clock();
    RenderResult r = RenderChart(dir, "charts/" + s.name, o);
    total_cpu_ms += 1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    total_ms += ms;
    timings.push_back({ms, s.name});
    std::string ours = FormatAsHelmOutput(r);
    if (dump) {
      std::filesystem::create_directories(dump);
      std::ofstream(std::string(dump) + "/" + s.name + ".yaml")
          << (r.issues.empty() ? ours : "ERROR: " + r.issues[0].message + "\n");
    }
    ++total;
    std::string base = corpus + "/charts-rendered/" + s.name;
    if (s.helm4 == "ok") {
      ++ok_charts;
      if (!r.issues.empty()) {
        differing.push_back(s.name + ": we fail: " + r.issues[0].message.substr(0, 300));
        continue;
      }
      std::string theirs = policycheck::testing::ReadFileOrDie(base + ".yaml");
      if (ours == theirs) {
        ++identical;
        ++passed;
        ++ok_passed;
        continue;
      }
      std::string where;
      if (SameDocuments(ours, theirs, s.deterministic == "NO", &where)) {
        ++passed;
        ++ok_passed;
        if (s.deterministic != "NO") differing.push_back(s.name + ": same documents, bytes differ");
      } else {
        differing.push_back(s.name + ": " + where.substr(0, 300));
      }
    } else if (s.helm4 == "fail") {
      ++fail_charts;
      std::string reason = HelmReason(policycheck::testing::ReadFileOrDie(base + ".err"));
      std::string mine = r.issues.empty() ? "" : r.issues[0].message;
      if (!r.issues.empty() && SameFailure(mine, reason)) {
        ++passed;
        ++fail_passed;
      } else {
        differing.push_back(s.name + ": helm fails with '" + reason.substr(0, 150) + "', we " +
                            (mine.empty() ? std::string("render") : "fail with '" + mine.substr(0, 150) + "'"));
      }
    } else {  // skip-library
      if (!r.issues.empty()) ++passed;
      else differing.push_back(s.name + ": library chart rendered");
    }
  }
  double pct = total ? 100.0 * passed / total : 0;
  std::printf("helm corpus: %d/%d charts agree (%.1f%%); %d byte-identical; rendered ok %d/%d, failures %d/%d; "
              "%.1f ms per chart (%.1f ms CPU)\n",
              passed, total, pct, identical, ok_passed, ok_charts, fail_passed, fail_charts,
              total ? total_ms / total : 0.0, total ? total_cpu_ms / total : 0.0);
  for (const auto& d : differing) std::printf("  differs: %s\n", d.c_str());
  std::sort(timings.rbegin(), timings.rend());
  for (size_t i = 0; i < timings.size() && i < 5; ++i)
    std::printf("  slowest: %s %.1f ms\n", timings[i].second.c_str(), timings[i].first);
  if (!only) {
    EXPECT_GE(pct, 95.0) << "regression below the recorded floor (docs/helm-compatibility.md)";
  }
}

}  // namespace
}  // namespace policycheck::helm
