// Runs the policycheck binary under `timeout` (a safety net, never a timed
// assertion) and reports how it ended and its peak memory, for the robustness
// tests: every hostile input must end with an exit code and a located error.
#pragma once

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace policycheck::robustness {

namespace fs = std::filesystem;

// The policycheck binary: $POLICYCHECK_BINARY, else ../policycheck next to the test binary's directory.
inline std::string PolicycheckBinary() {
  if (const char* env = std::getenv("POLICYCHECK_BINARY"); env && *env) return env;
  return (fs::read_symlink("/proc/self/exe").parent_path().parent_path() / "policycheck").string();
}

struct Outcome {
  int exit_code = -1;     // -1 when killed by a signal
  int signal = 0;         // the signal that ended timeout's child (9 = hit the safety net)
  long max_rss_kb = 0;    // peak resident memory of the process tree
  std::string out, err;
  std::string Describe() const {
    return "exit " + std::to_string(exit_code) + " signal " + std::to_string(signal) + " rss " +
           std::to_string(max_rss_kb) + "KB\nstdout: " + out.substr(0, 2000) + "\nstderr: " + err.substr(0, 2000);
  }
};

struct RunSpec {
  std::vector<std::string> args;
  std::string cwd;                           // "" = inherit
  std::map<std::string, std::string> env;    // added to the environment
  int safety_net_seconds = 120;
};

inline std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// fork + exec `timeout -s KILL N policycheck ARGS...`; stdin is /dev/null.
inline Outcome RunBounded(const RunSpec& spec) {
  static int counter = 0;
  fs::path dir = fs::temp_directory_path() /
                 ("pc_robust_run_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  fs::create_directories(dir);
  std::string out_path = (dir / "out").string(), err_path = (dir / "err").string();
  std::vector<std::string> argv_s = {"timeout", "-s", "KILL", std::to_string(spec.safety_net_seconds),
                                     PolicycheckBinary()};
  argv_s.insert(argv_s.end(), spec.args.begin(), spec.args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    int in = ::open("/dev/null", O_RDONLY);
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0) ::_exit(126);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    if (!spec.cwd.empty() && ::chdir(spec.cwd.c_str()) != 0) ::_exit(126);
    for (const auto& [k, v] : spec.env) ::setenv(k.c_str(), v.c_str(), 1);
    ::execvp("timeout", argv.data());
    ::_exit(127);
  }
  Outcome o;
  int status = 0;
  struct rusage usage {};
  ::wait4(pid, &status, 0, &usage);
  o.max_rss_kb = usage.ru_maxrss;  // includes the reaped grandchild (policycheck)
  if (WIFEXITED(status)) {
    o.exit_code = WEXITSTATUS(status);
    if (o.exit_code == 128 + SIGKILL || o.exit_code == 124) o.signal = SIGKILL;
    else if (o.exit_code > 128) o.signal = o.exit_code - 128;  // timeout passes the child's signal on
  } else if (WIFSIGNALED(status)) {
    o.signal = WTERMSIG(status);
  }
  o.out = Slurp(out_path);
  o.err = Slurp(err_path);
  std::error_code ec;
  fs::remove_all(dir, ec);
  return o;
}

inline Outcome RunBounded(std::vector<std::string> args) {
  RunSpec spec;
  spec.args = std::move(args);
  return RunBounded(spec);
}

// A fresh temporary directory, removed (after restoring permissions) on destruction.
class Sandbox {
 public:
  Sandbox() {
    static int counter = 0;
    root_ = fs::temp_directory_path() /
            ("pc_robust_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  ~Sandbox() {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root_, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_symlink(ec)) fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    }
    fs::remove_all(root_, ec);
  }
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  std::string Put(const std::string& rel, const std::string& bytes) const {
    fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p.string();
  }
  std::string Path(const std::string& rel = "") const { return rel.empty() ? root_.string() : (root_ / rel).string(); }

 private:
  fs::path root_;
};

// The JSON report's findings with this rule id.
inline std::vector<nlohmann::json> FindingsOf(const Outcome& o, const std::string& rule_id) {
  std::vector<nlohmann::json> found;
  auto j = nlohmann::json::parse(o.out, nullptr, false);
  if (j.is_discarded() || !j.contains("findings")) return found;
  for (const auto& f : j["findings"]) {
    if (f["rule"]["id"] == rule_id) found.push_back(f);
  }
  return found;
}

}  // namespace policycheck::robustness
