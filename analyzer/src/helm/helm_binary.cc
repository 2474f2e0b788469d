#include "helm_binary.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <re2/re2.h>
#include <sstream>
#include <vector>

namespace policycheck::helm {
namespace {

struct ProcessResult {
  int exit_code = -1;
  std::string out, err;
  std::string spawn_error;
};

// Runs argv without a shell; output bounded by `max_bytes`, time by `timeout_s`.
ProcessResult Run(const std::vector<std::string>& argv, int64_t max_bytes, int timeout_s) {
  ProcessResult r;
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) {
    r.spawn_error = "cannot create pipes";
    return r;
  }
  pid_t pid = fork();
  if (pid < 0) {
    r.spawn_error = "cannot fork";
    return r;
  }
  if (pid == 0) {
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    close(out_pipe[0]);
    close(err_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[1]);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  int open_fds = 2;
  bool killed = false;
  char buf[65536];
  while (open_fds > 0) {
    int ms = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
    if (ms <= 0 || static_cast<int64_t>(r.out.size() + r.err.size()) > max_bytes) {
      kill(pid, SIGKILL);
      killed = true;
      break;
    }
    if (poll(fds, 2, ms) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? r.out : r.err).append(buf, n);
      }
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) close(f.fd);
  int status = 0;
  waitpid(pid, &status, 0);
  if (killed) {
    r.spawn_error = "helm did not finish within the time or output limit";
    return r;
  }
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (r.exit_code == 127 && r.out.empty()) r.spawn_error = "cannot run " + argv[0];
  return r;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l)) lines.push_back(l);
  return lines;
}

// Maps rendered lines to template lines with the same text (in order), else to the file.
class LineMatchMapper : public LocationMapper {
 public:
  LineMatchMapper(std::string display_path, const std::string& rendered, const std::string& template_text)
      : display_path_(std::move(display_path)) {
    std::vector<std::string> tl = Lines(template_text);
    std::vector<std::string> rl = Lines(rendered);
    size_t next = 0;
    for (const std::string& line : rl) {
      std::string t = Trim(line);
      int found = 0;
      if (!t.empty()) {
        for (size_t k = next; k < tl.size(); ++k) {
          if (Trim(tl[k]) == t) {
            found = static_cast<int>(k + 1);
            next = k + 1;
            break;
          }
        }
      }
      line_map_.push_back(found);
    }
  }

  MappedLocation Map(const Location& rendered) const override {
    MappedLocation m;
    m.rendered = rendered;
    m.location.file = display_path_;
    int l = rendered.line;
    if (l >= 1 && l <= static_cast<int>(line_map_.size()) && line_map_[l - 1] > 0) {
      m.location.line = line_map_[l - 1];
      m.location.column = rendered.column;
      m.precision = Precision::kAction;  // the line is known by its text, not the byte
    } else {
      m.precision = Precision::kFile;
    }
    return m;
  }

 private:
  std::string display_path_;
  std::vector<int> line_map_;
};

}  // namespace

RenderResult RenderWithHelmBinary(const std::string& chart_dir, const std::string& display_dir,
                                  const HelmOptions& options) {
  RenderResult result;
  std::vector<std::string> argv = {options.helm_binary, "template", options.release_name, chart_dir,
                                   "--namespace", options.ns, "--kube-version", options.kube_version};
  for (const auto& a : options.api_versions) argv.insert(argv.end(), {"--api-versions", a});
  for (const auto& f : options.values_files) argv.insert(argv.end(), {"--values", f});
  for (const auto& s : options.set) argv.insert(argv.end(), {"--set", s});
  for (const auto& s : options.set_string) argv.insert(argv.end(), {"--set-string", s});
  for (const auto& s : options.set_file) argv.insert(argv.end(), {"--set-file", s});
  for (const auto& s : options.set_json) argv.insert(argv.end(), {"--set-json", s});
  ProcessResult p = Run(argv, options.limits.max_template_output, 300);
  Location chart_yaml{display_dir + "/Chart.yaml", 1, 1};
  if (!p.spawn_error.empty()) {
    result.issues.push_back(LoadIssue{"PC005", chart_yaml, p.spawn_error});
    return result;
  }
  if (p.exit_code != 0) {
    std::string msg = p.err;
    size_t e = msg.find("Error: ");
    if (e != std::string::npos) msg = msg.substr(e + 7);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    Location loc = chart_yaml;
    std::string file;
    int line = 0, col = 0;
    static const RE2* re = new RE2(R"(([A-Za-z0-9_.\-]+/(?:[^\s:()]+)):(\d+):(\d+))");
    if (RE2::PartialMatch(msg, *re, &file, &line, &col)) {
      size_t slash = file.find('/');
      loc = Location{display_dir + file.substr(slash), line, col + 1};
    }
    result.issues.push_back(LoadIssue{"PC005", loc, msg});
    return result;
  }
  // Split "---\n# Source: <path>\n<text>".
  const std::string& out = p.out;
  const std::string marker = "---\n# Source: ";
  size_t pos = out.find(marker);
  while (pos != std::string::npos) {
    size_t path_start = pos + marker.size();
    size_t nl = out.find('\n', path_start);
    if (nl == std::string::npos) break;
    std::string path = out.substr(path_start, nl - path_start);
    size_t next = out.find("\n" + marker, nl);
    std::string text = out.substr(nl + 1, next == std::string::npos ? std::string::npos : next + 1 - (nl + 1));
    RenderedFile f;
    f.template_path = path;
    size_t slash = path.find('/');
    std::string rel = slash == std::string::npos ? path : path.substr(slash + 1);
    f.display_path = display_dir + "/" + rel;
    f.fs_path = chart_dir + "/" + rel;
    f.text = text;
    std::string template_text;
    std::ifstream in(f.fs_path, std::ios::binary);
    if (in) template_text.assign(std::istreambuf_iterator<char>(in), {});
    f.mapper = std::make_shared<LineMatchMapper>(f.display_path, f.text, template_text);
    result.files.push_back(std::move(f));
    pos = next == std::string::npos ? next : next + 1;
  }
  return result;
}

}  // namespace policycheck::helm
