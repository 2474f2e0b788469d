#include "test_util.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string_view>

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

namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Appends "K8S001, DKR002:7" as annotations of `line`.
void AddIds(std::string_view list, int line, std::vector<FixtureAnnotation>* out) {
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    while (!item.empty() && IsBlank(item.front())) item.remove_prefix(1);
    while (!item.empty() && IsBlank(item.back())) item.remove_suffix(1);
    if (item.empty()) continue;
    FixtureAnnotation a;
    a.line = line;
    size_t colon = item.find(':');
    a.rule = std::string(item.substr(0, colon));
    if (colon != std::string_view::npos) a.column = std::stoi(std::string(item.substr(colon + 1)));
    out->push_back(std::move(a));
  }
}

// If `text` (after optional blanks) is `#`, blanks, `keyword`: returns what follows, else nullopt.
std::optional<std::string_view> AfterMarker(std::string_view text, std::string_view keyword) {
  size_t i = 0;
  while (i < text.size() && IsBlank(text[i])) ++i;
  if (i >= text.size() || text[i] != '#') return std::nullopt;
  ++i;
  while (i < text.size() && IsBlank(text[i])) ++i;
  if (text.substr(i, keyword.size()) != keyword) return std::nullopt;
  return text.substr(i + keyword.size());
}

}  // namespace

std::vector<FixtureAnnotation> ParseFixtureAnnotations(const std::string& text) {
  std::vector<FixtureAnnotation> out;
  std::string_view rest(text);
  int number = 0;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    ++number;
    if (auto ids = AfterMarker(line, "expect-next:")) {
      AddIds(*ids, number + 1, &out);
      continue;
    }
    // `text  # expect: ID`: the last `#` that starts an `expect:` marker, with text before it.
    for (size_t hash = line.rfind('#'); hash != std::string_view::npos && hash > 0;
         hash = line.rfind('#', hash - 1)) {
      auto ids = AfterMarker(line.substr(hash), "expect:");
      if (!ids) continue;
      std::string_view before = line.substr(0, hash);
      if (before.find_first_not_of(" \t") != std::string_view::npos) AddIds(*ids, number, &out);
      break;
    }
  }
  return out;
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
