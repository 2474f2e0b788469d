#include "test_util.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace policycheck::testing {

std::string SourceDir() {
  if (const char* env = std::getenv("POLICYCHECK_SOURCE_DIR"); env && *env) return env;
  return POLICYCHECK_SOURCE_DIR;
}

std::string CorpusDir() {
  if (const char* env = std::getenv("POLICYCHECK_CORPUS"); env && *env) {
    return std::filesystem::is_directory(env) ? std::string(env) : std::string();
  }
  std::filesystem::path p = std::filesystem::path(SourceDir()) / ".." / "shared" / "corpus";
  std::error_code ec;
  if (!std::filesystem::is_directory(p, ec)) return "";
  return std::filesystem::weakly_canonical(p, ec).string();
}

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

CommandResult RunPolicycheck(const std::string& args, const std::string& stdin_text) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() /
                 ("pc_run_" + std::to_string(::getpid()) + "_" + std::to_string(std::rand()));
  fs::create_directories(dir);
  fs::path in = dir / "stdin", out = dir / "stdout", err = dir / "stderr";
  {
    std::ofstream f(in, std::ios::binary);
    f << stdin_text;
  }
  std::string cmd = std::string(POLICYCHECK_BINARY) + " " + args + " <" + in.string() + " >" +
                    out.string() + " 2>" + err.string();
  int status = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadFileOrDie(out.string());
  r.err = ReadFileOrDie(err.string());
  std::error_code ec;
  fs::remove_all(dir, ec);
  return r;
}

}  // namespace policycheck::testing
