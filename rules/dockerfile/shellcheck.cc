// DKR034 shellcheck: runs the ShellCheck binary on every RUN script.
//
// Each script (shell-form RUN text, heredoc script, `sh -c` string) is written
// to a private temporary file that ShellCheck only reads: nothing from the
// input is ever executed. ShellCheck's line:column inside the script is mapped
// back to the Dockerfile through the script's PositionMap.
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "dockerfile/rule_util.h"
#include "policycheck/dockerfile/model.h"
#include "policycheck/rule.h"

extern char** environ;

namespace policycheck::rules {
namespace {

namespace du = dockerfile_util;
using dockerfile::Dockerfile;
using dockerfile::Instruction;
using dockerfile::ShellScript;
using dockerfile::Stage;

// Resolves `binary` like execvp would; "" when not found or not executable.
std::string FindBinary(const std::string& binary) {
  if (binary.empty()) return "";
  if (binary.find('/') != std::string::npos) {
    return ::access(binary.c_str(), X_OK) == 0 ? binary : "";
  }
  const char* path = std::getenv("PATH");
  std::string_view dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  while (!dirs.empty()) {
    size_t colon = dirs.find(':');
    std::string dir(dirs.substr(0, colon));
    dirs = colon == std::string_view::npos ? std::string_view() : dirs.substr(colon + 1);
    if (dir.empty()) continue;
    std::string candidate = dir + "/" + binary;
    struct stat st;
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return "";
}

// ShellCheck's --shell value for a script interpreter, "" if unsupported.
std::string_view DialectOf(std::string_view shell) {
  if (shell == "bash" || shell == "dash" || shell == "ksh") return shell;
  if (shell == "sh" || shell == "ash" || shell == "busybox" || shell == "mksh") return "sh";
  return "";
}

struct RunResult {
  bool started = false;
  std::string out;
};

// Runs `argv` with stdin from /dev/null, stdout captured, stderr discarded.
RunResult Run(const std::vector<std::string>& argv) {
  RunResult result;
  int fds[2];
  if (::pipe(fds) != 0) return result;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = ::posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    return result;
  }
  result.started = true;
  char buf[8192];
  ssize_t n;
  while ((n = ::read(fds[0], buf, sizeof buf)) > 0) result.out.append(buf, static_cast<size_t>(n));
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return result;
}

// A private temporary file holding `text`, removed on destruction.
class TempScript {
 public:
  explicit TempScript(std::string_view text) {
    const char* tmp = std::getenv("TMPDIR");
    path_ = std::string(tmp != nullptr && *tmp ? tmp : "/tmp") + "/policycheck-run-XXXXXX";
    int fd = ::mkstemp(path_.data());
    if (fd < 0) {
      path_.clear();
      return;
    }
    size_t written = 0;
    while (written < text.size()) {
      ssize_t n = ::write(fd, text.data() + written, text.size() - written);
      if (n <= 0) break;
      written += static_cast<size_t>(n);
    }
    ::close(fd);
    ok_ = written == text.size();
  }
  ~TempScript() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TempScript(const TempScript&) = delete;
  TempScript& operator=(const TempScript&) = delete;
  bool ok() const { return ok_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool ok_ = false;
};

class ShellcheckRule : public DockerfileRule {
 public:
  ShellcheckRule()
      : DockerfileRule(RuleInfo{
            .id = "DKR034",
            .name = "shellcheck",
            .target = Target::kDockerfile,
            .default_severity = Severity::kWarning,
            .enabled_by_default = false,
            .category = "correctness",
            .summary = "ShellCheck finds a problem in a RUN script.",
            .remediation = "Fix the script as the ShellCheck message explains (see https://www.shellcheck.net/wiki/).",
            .params =
                {
                    ParamSpec{"binary", ParamType::kString, "shellcheck",
                              "The ShellCheck executable: a path, or a name looked up on PATH."},
                    ParamSpec{"exclude", ParamType::kStringList, "[]",
                              "ShellCheck codes to ignore, e.g. [SC2086]."},
                    ParamSpec{"severity", ParamType::kString, "style",
                              "Lowest ShellCheck level reported: error, warning, info or style."},
                },
        }) {}

  void Check(const Dockerfile& file, const CheckContext& ctx, Reporter& out) const override {
    struct Item {
      const Stage* stage;
      const Instruction* inst;
      const ShellScript* script;
    };
    std::vector<Item> items;
    du::ForEachInstruction(file, [&](const Stage& stage, const Instruction& inst) {
      if (!inst.Is("RUN")) return;
      for (const ShellScript& s : inst.scripts) {
        if (!DialectOf(s.shell).empty() && !s.text.empty()) items.push_back({&stage, &inst, &s});
      }
    });
    if (items.empty()) return;
    const std::string& binary = ctx.params.String("binary");
    std::string resolved = FindBinary(binary);
    if (resolved.empty()) {
      out.Report(du::Diag(*items[0].stage, items[0].inst->location,
                          "shellcheck binary '" + binary +
                              "' not found; RUN scripts were not checked (install shellcheck or "
                              "set the binary param)"));
      return;
    }
    std::string exclude;
    for (const std::string& code : ctx.params.List("exclude")) {
      if (!exclude.empty()) exclude += ",";
      exclude += code;
    }
    std::string severity = ctx.params.String("severity");
    for (const Item& item : items) {
      TempScript tmp(item.script->text);
      if (!tmp.ok()) continue;
      std::vector<std::string> argv = {resolved, "--format=json1", "--norc",
                                       "--shell=" + std::string(DialectOf(item.script->shell))};
      if (!severity.empty()) argv.push_back("--severity=" + severity);
      if (!exclude.empty()) argv.push_back("--exclude=" + exclude);
      argv.push_back(tmp.path());
      RunResult run = Run(argv);
      if (!run.started) {
        out.Report(du::Diag(*item.stage, item.inst->location,
                            "shellcheck binary '" + resolved + "' could not be started"));
        return;
      }
      Report(*item.stage, *item.script, run.out, out);
    }
  }

 private:
  static void Report(const Stage& stage, const ShellScript& script, const std::string& json,
                     Reporter& out) {
    nlohmann::json doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object() || !doc.contains("comments") || !doc["comments"].is_array()) return;
    std::vector<size_t> line_starts = {0};
    for (size_t i = 0; i < script.text.size(); ++i) {
      if (script.text[i] == '\n') line_starts.push_back(i + 1);
    }
    for (const auto& c : doc["comments"]) {
      if (!c.is_object()) continue;
      int line = c.value("line", 1);
      int column = c.value("column", 1);
      int code = c.value("code", 0);
      std::string level = c.value("level", "warning");
      std::string message = c.value("message", "");
      size_t offset = 0;
      if (line >= 1 && static_cast<size_t>(line) <= line_starts.size()) {
        offset = line_starts[line - 1] + static_cast<size_t>(std::max(column, 1) - 1);
      }
      offset = std::min(offset, script.text.size());
      out.Report(du::Diag(stage, script.positions.At(offset),
                          "SC" + std::to_string(code) + " (" + level + "): " + message));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> NewShellcheckRule() { return std::make_unique<ShellcheckRule>(); }

}  // namespace policycheck::rules
