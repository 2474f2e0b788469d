// End-to-end tests of the CLI binary: exit codes, stdin, directory walks,
// config errors, formats, baseline, determinism, and never writing inputs.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "test_util.h"

namespace policycheck {
namespace {

namespace fs = std::filesystem;
using testing::RunPolicycheck;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("pc_e2e_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string Write(const std::string& rel, const std::string& content) const {
    fs::path p = path_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
  static inline int counter_ = 0;
};

const char* kBrokenYaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: [\n";

TEST(CliTest, VersionAndHelp) {
  auto r = RunPolicycheck("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("policycheck ", 0), 0u);
  EXPECT_EQ(RunPolicycheck("--help").exit_code, 0);
}

TEST(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(RunPolicycheck("").exit_code, 2);
  EXPECT_EQ(RunPolicycheck("--bogus .").exit_code, 2);
  EXPECT_EQ(RunPolicycheck("--format xml .").exit_code, 2);
  EXPECT_EQ(RunPolicycheck("--select NOPE999 .").exit_code, 2);
  EXPECT_EQ(RunPolicycheck("--fail-on sometimes .").exit_code, 2);
  EXPECT_EQ(RunPolicycheck("explain NOPE999").exit_code, 2);
}

TEST(CliTest, MissingPathAndEmptyDirectoryExitTwo) {
  TempDir dir;
  auto r = RunPolicycheck(dir.str() + "/does-not-exist");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no such file"), std::string::npos);
  r = RunPolicycheck(dir.str());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no Dockerfile, manifest, chart or image found"), std::string::npos);
}

TEST(CliTest, BrokenYamlOnStdinIsALocatedError) {
  auto r = RunPolicycheck("--no-config -", kBrokenYaml);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("<stdin>:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PC001 invalid-input"), std::string::npos) << r.out;
}

TEST(CliTest, FailOnControlsTheExitCode) {
  EXPECT_EQ(RunPolicycheck("--no-config --fail-on none -", kBrokenYaml).exit_code, 0);
  EXPECT_EQ(RunPolicycheck("--no-config --fail-on error -", kBrokenYaml).exit_code, 1);
}

TEST(CliTest, BadConfigIsLocatedAndExitsTwo) {
  TempDir dir;
  dir.Write("m.yaml", "a: 1\n");
  std::string cfg = dir.Write(".policycheck.yaml", "fail-on: error\nrules:\n  ignor: [PC001]\n");
  auto r = RunPolicycheck("--config " + cfg + " " + dir.str());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(".policycheck.yaml:3:3: error: unknown key 'rules.ignor'"), std::string::npos) << r.err;
  // Found by walking up from the target, too.
  r = RunPolicycheck(dir.str() + "/m.yaml");
  EXPECT_EQ(r.exit_code, 2);
}

TEST(CliTest, BinaryFileIsReportedNotSkipped) {
  TempDir dir;
  std::string bin = dir.Write("blob.yaml", std::string("\x7f" "ELF\0\0\0binary", 13));
  auto r = RunPolicycheck("--no-config " + bin);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("binary file"), std::string::npos) << r.out;
}

TEST(CliTest, DirectoryWalkSkipsVendoredAndExcludedPaths) {
  TempDir dir;
  dir.Write("ok/m.yaml", kBrokenYaml);
  dir.Write(".git/m.yaml", kBrokenYaml);
  dir.Write("node_modules/m.yaml", kBrokenYaml);
  dir.Write("vendor/m.yaml", kBrokenYaml);
  dir.Write("skipme/m.yaml", kBrokenYaml);
  dir.Write("notes.txt", kBrokenYaml);
  auto r = RunPolicycheck("--no-config --format json --exclude skipme/ " + dir.str());
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["findings"].size(), 1u) << r.out;
  EXPECT_NE(j["findings"][0]["location"]["file"].get<std::string>().find("ok/m.yaml"), std::string::npos);
  EXPECT_EQ(j["summary"]["excluded"], 1);
}

TEST(CliTest, SymlinkLoopsDoNotHang) {
  TempDir dir;
  dir.Write("a/m.yaml", kBrokenYaml);
  fs::create_directory_symlink(dir.str() + "/a", dir.str() + "/a/loop");
  fs::create_symlink("/etc/passwd", dir.str() + "/a/outside.yaml");
  auto r = RunPolicycheck("--no-config --format json " + dir.str());
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["findings"].size(), 1u) << r.out;  // neither the loop nor the link out of the root
  r = RunPolicycheck("--no-config --format json --follow-symlinks " + dir.str());
  EXPECT_EQ(r.exit_code, 1);  // terminates
}

TEST(CliTest, SeveralFormatsInOneRun) {
  TempDir dir;
  std::string m = dir.Write("m.yaml", kBrokenYaml);
  std::string sarif = dir.str() + "/out.sarif", json = dir.str() + "/out.json";
  auto r = RunPolicycheck("--no-config --format sarif --output " + sarif + " --format json --output " + json +
                          " --format text " + m);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("PC001"), std::string::npos);
  auto s = nlohmann::json::parse(testing::ReadFileOrDie(sarif));
  EXPECT_EQ(s["version"], "2.1.0");
  ASSERT_EQ(s["runs"][0]["results"].size(), 1u);
  EXPECT_EQ(s["runs"][0]["invocations"][0]["exitCode"], 1);
  EXPECT_FALSE(s["runs"][0]["invocations"][0]["toolExecutionNotifications"].empty());
  auto j = nlohmann::json::parse(testing::ReadFileOrDie(json));
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["summary"]["loadErrors"], 1);
}

TEST(CliTest, BaselineHidesRecordedFindings) {
  TempDir dir;
  std::string m = dir.Write("m.yaml", kBrokenYaml);
  auto b = RunPolicycheck("baseline --no-config " + m);
  ASSERT_EQ(b.exit_code, 0) << b.err;
  std::string baseline = dir.Write("baseline.json", b.out);
  auto r = RunPolicycheck("--no-config --baseline " + baseline + " " + m);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("1 hidden by the baseline"), std::string::npos) << r.out;
  // Unrelated edits (lines added above) keep the fingerprint.
  dir.Write("m.yaml", std::string("# a comment\n\n") + kBrokenYaml);
  r = RunPolicycheck("--no-config --baseline " + baseline + " " + m);
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST(CliTest, InlineSuppression) {
  TempDir dir;
  // The parser reports an unclosed flow sequence at the end of the file, so the file-wide form is used.
  std::string m = dir.Write("m.yaml", "# policycheck ignore-file=PC001 -- fixture\napiVersion: v1\nkind: ConfigMap\ndata: [\n");
  auto r = RunPolicycheck("--no-config --format json " + m);
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["findings"].size(), 1u) << r.out;
  EXPECT_TRUE(j["findings"][0]["suppressed"].get<bool>()) << r.out;
  EXPECT_EQ(r.exit_code, 0);
}

TEST(CliTest, OutputIsDeterministicWhateverTheThreadCount) {
  TempDir dir;
  for (int i = 0; i < 30; ++i) dir.Write("d" + std::to_string(i % 7) + "/m" + std::to_string(i) + ".yaml", kBrokenYaml);
  auto one = RunPolicycheck("--no-config --deterministic --jobs 1 --format json " + dir.str());
  auto many = RunPolicycheck("--no-config --deterministic --jobs 8 --format json " + dir.str());
  EXPECT_EQ(one.out, many.out);
  // SARIF records the command line (which differs in --jobs); everything else must be identical.
  auto without_arguments = [](const std::string& sarif) {
    auto j = nlohmann::json::parse(sarif);
    j["runs"][0]["invocations"][0].erase("arguments");
    return j.dump(2);
  };
  auto one_s = RunPolicycheck("--no-config --deterministic --jobs 1 --format sarif " + dir.str());
  auto many_s = RunPolicycheck("--no-config --deterministic --jobs 8 --format sarif " + dir.str());
  EXPECT_TRUE(without_arguments(one_s.out) == without_arguments(many_s.out));
}

TEST(CliTest, NeverWritesTheFilesItChecks) {
  TempDir dir;
  std::string m = dir.Write("m.yaml", kBrokenYaml);
  auto before = fs::last_write_time(m);
  RunPolicycheck("--no-config --format sarif " + dir.str());
  EXPECT_EQ(fs::last_write_time(m), before);
  EXPECT_EQ(testing::ReadFileOrDie(m), kBrokenYaml);
}

TEST(CliTest, RefusesToWriteOutputOverAnInput) {
  TempDir dir;
  std::string m = dir.Write("m.yaml", kBrokenYaml);
  auto r = RunPolicycheck("--no-config --format json --output " + m + " " + dir.str());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not overwriting"), std::string::npos) << r.err;
  EXPECT_EQ(testing::ReadFileOrDie(m), kBrokenYaml);
}

TEST(CliTest, RulesCatalogAsJson) {
  auto r = RunPolicycheck("rules --format json");
  ASSERT_EQ(r.exit_code, 0);
  auto j = nlohmann::json::parse(r.out);
  bool found = false;
  for (const auto& rule : j["rules"]) found |= rule["id"] == "PC001";
  EXPECT_TRUE(found);
}

TEST(CliTest, ConfigDumpIsLoadable) {
  TempDir dir;
  auto r = RunPolicycheck("config dump --no-config");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string cfg = dir.Write("dumped.yaml", r.out);
  dir.Write("m.yaml", "a: 1\n");
  auto again = RunPolicycheck("--config " + cfg + " " + dir.str() + "/m.yaml");
  EXPECT_EQ(again.exit_code, 0) << again.err;
}

TEST(CliTest, HugeFileIsRefusedWithALocatedError) {
  TempDir dir;
  std::string cfg = dir.Write("c.yaml", "limits:\n  max-file-size: 1KB\n");
  std::string m = dir.Write("big.yaml", std::string(5000, '#'));
  auto r = RunPolicycheck("--config " + cfg + " " + m);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("larger than the limit"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace policycheck
