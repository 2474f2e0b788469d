// A small POSIX shell splitter: turns a RUN script into simple commands with
// located words. It is not a full shell parser; it knows what rules need:
// quoting, escapes, command and parameter substitutions (kept verbatim),
// operators (&&, ||, ;, |, &), redirections, heredoc bodies (skipped as
// data), reserved words of compound commands, and `sh -c '...'` (recursed).
#include <cctype>
#include <cstdint>
#include <string>

#include "policycheck/dockerfile/model.h"

namespace policycheck::dockerfile {

namespace {

bool IsMeta(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == '&' || c == '|' ||
         c == '<' || c == '>' || c == '(' || c == ')';
}

bool IsShellName(std::string_view base) {
  return base == "sh" || base == "bash" || base == "ash" || base == "dash" || base == "zsh" ||
         base == "ksh" || base == "mksh";
}

struct LexWord {
  std::string raw;
  std::string text;
  std::vector<uint32_t> origins;  // script offset of each byte of `text`
  size_t start = 0;
  bool quoted = false;
};

class Splitter {
 public:
  Splitter(std::string_view s, const PositionMap& pm, int depth, int* pipeline,
           std::vector<ShellCommand>* out)
      : s_(s), pm_(pm), depth_(depth), pipeline_(pipeline), out_(out) {}

  void Run() {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      char n = pos_ + 1 < s_.size() ? s_[pos_ + 1] : '\0';
      if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (c == '\\' && n == '\n') {
        pos_ += 2;
      } else if (c == '\n') {
        ++pos_;
        EndCommand(Connector::kSeq);
        SkipHeredocBodies();
      } else if (c == '#') {
        while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
      } else if (c == ';') {
        pos_ += n == ';' ? 2 : 1;
        if (n == ';') discard_ = in_case_;
        EndCommand(Connector::kSeq);
      } else if (c == '&' && n == '&') {
        pos_ += 2;
        EndCommand(Connector::kAnd);
      } else if (c == '&' && n == '>') {
        Redirect();
      } else if (c == '&') {
        ++pos_;
        EndCommand(Connector::kBackground);
      } else if (c == '|' && n == '|') {
        pos_ += 2;
        EndCommand(Connector::kOr);
      } else if (c == '|') {
        pos_ += n == '&' ? 2 : 1;
        EndCommand(Connector::kPipe);
      } else if (c == '(') {
        ++pos_;
        if (!cur_.argv.empty() && n == ')') {  // function definition `name()`
          ++pos_;
          discard_ = true;
        }
        EndCommand(Connector::kSeq);
      } else if (c == ')') {
        ++pos_;
        if (in_case_ && !cur_.argv.empty() && cur_.argv.size() == 1 && !seen_case_body_) {
          discard_ = true;  // a case pattern `a|b)`
        }
        EndCommand(Connector::kSeq);
      } else if (c == '<' || c == '>') {
        Redirect();
      } else if (std::isdigit(static_cast<unsigned char>(c)) && FdRedirectAhead()) {
        Redirect();
      } else {
        AddWord(Lex());
      }
    }
    EndCommand(Connector::kEnd);
  }

 private:
  bool FdRedirectAhead() const {
    size_t p = pos_;
    while (p < s_.size() && std::isdigit(static_cast<unsigned char>(s_[p]))) ++p;
    return p < s_.size() && (s_[p] == '<' || s_[p] == '>');
  }

  void Redirect() {
    size_t start = pos_;
    while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    static constexpr std::string_view kOps[] = {"&>>", "<<<", "<<-", "&>", "<<", "<>", "<&",
                                                ">>",  ">&",  ">|",  "<",  ">"};
    std::string_view rest = s_.substr(pos_);
    for (std::string_view op : kOps) {
      if (rest.starts_with(op)) {
        pos_ += op.size();
        break;
      }
    }
    pending_redirect_ = std::string(s_.substr(start, pos_ - start));
  }

  void AppendVerbatim(LexWord* w, size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      w->text += s_[i];
      w->origins.push_back(static_cast<uint32_t>(i));
    }
  }

  // Skips a $( ... ), ${ ... } or `...` starting at pos_ (at '(' / '{' / '`').
  size_t SkipBalanced(size_t p) const {
    char open = s_[p];
    char close = open == '(' ? ')' : open == '{' ? '}' : '`';
    int depth = 1;
    ++p;
    while (p < s_.size() && depth > 0) {
      char c = s_[p];
      if (c == '\\') {
        p += 2;
        continue;
      }
      if (open != '`' && c == '\'' ) {
        size_t q = s_.find('\'', p + 1);
        p = q == std::string_view::npos ? s_.size() : q + 1;
        continue;
      }
      if (c == close) {
        --depth;
      } else if (c == open && open != '`') {
        ++depth;
      }
      ++p;
    }
    return std::min(p, s_.size());
  }

  // At pos_: a $(...), ${...} or `...` is copied verbatim; any other byte as is.
  void AppendSubstitutionOrChar(LexWord* w) {
    char c = s_[pos_];
    size_t end = pos_ + 1;
    if (c == '$' && pos_ + 1 < s_.size() && (s_[pos_ + 1] == '(' || s_[pos_ + 1] == '{')) {
      end = SkipBalanced(pos_ + 1);
    } else if (c == '`') {
      end = SkipBalanced(pos_);
    }
    AppendVerbatim(w, pos_, end);
    pos_ = end;
  }

  LexWord Lex() {
    LexWord w;
    w.start = pos_;
    while (pos_ < s_.size() && !IsMeta(s_[pos_])) {
      char c = s_[pos_];
      if (c == '\\') {
        if (pos_ + 1 < s_.size()) {
          if (s_[pos_ + 1] != '\n') AppendVerbatim(&w, pos_ + 1, pos_ + 2);
          pos_ += 2;
        } else {
          ++pos_;
        }
        w.quoted = true;
      } else if (c == '\'') {
        size_t end = s_.find('\'', pos_ + 1);
        if (end == std::string_view::npos) end = s_.size();
        AppendVerbatim(&w, pos_ + 1, end);
        pos_ = std::min(end + 1, s_.size());
        w.quoted = true;
      } else if (c == '"') {
        ++pos_;
        w.quoted = true;
        while (pos_ < s_.size() && s_[pos_] != '"') {
          char d = s_[pos_];
          if (d == '\\' && pos_ + 1 < s_.size()) {
            char e = s_[pos_ + 1];
            if (e == '\n') {
              pos_ += 2;
            } else if (e == '$' || e == '`' || e == '"' || e == '\\') {
              AppendVerbatim(&w, pos_ + 1, pos_ + 2);
              pos_ += 2;
            } else {
              AppendVerbatim(&w, pos_, pos_ + 2);
              pos_ += 2;
            }
          } else {
            AppendSubstitutionOrChar(&w);
          }
        }
        if (pos_ < s_.size()) ++pos_;
      } else {
        AppendSubstitutionOrChar(&w);
      }
    }
    w.raw = std::string(s_.substr(w.start, pos_ - w.start));
    return w;
  }

  static bool IsAssignment(const LexWord& w) {
    if (w.raw.empty() || !(std::isalpha(static_cast<unsigned char>(w.raw[0])) || w.raw[0] == '_')) {
      return false;
    }
    for (char c : w.raw) {
      if (c == '=') return true;
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
    }
    return false;
  }

  void AddWord(LexWord w) {
    if (!pending_redirect_.empty()) {
      std::string_view op = pending_redirect_;
      if (op.ends_with("<<") || op.ends_with("<<-")) {
        bool stdin_fd = op.starts_with("<<") || op.starts_with("0<<");
        heredocs_.push_back({w.text, op.ends_with("-"), stdin_fd ? out_->size() : kNoCommand});
      }
      cur_.redirects.push_back(pending_redirect_ + w.raw);
      pending_redirect_.clear();
      return;
    }
    if (skip_) return;
    if (cur_.argv.empty() && !w.quoted) {
      std::string_view t = w.raw;
      if (t == "if" || t == "then" || t == "else" || t == "elif" || t == "do" || t == "while" ||
          t == "until" || t == "!" || t == "time" || t == "{" || t == "fi" || t == "done" ||
          t == "}") {
        return;
      }
      if (t == "esac") {
        in_case_ = false;
        return;
      }
      if (t == "for" || t == "select" || t == "function") {
        skip_ = true;
        return;
      }
      if (t == "case") {
        in_case_ = true;
        seen_case_body_ = false;
        skip_ = true;
        return;
      }
      if (cur_.argv.empty() && IsAssignment(w)) {
        cur_.assignments.push_back(Word{w.raw, w.text, pm_.At(w.start)});
        return;
      }
    }
    cur_.argv.push_back(Word{w.raw, w.text, pm_.At(w.start)});
    origins_.push_back(std::move(w.origins));
  }

  void EndCommand(Connector next) {
    pending_redirect_.clear();
    bool had_command = !cur_.argv.empty() || !cur_.assignments.empty();
    if (had_command && !discard_ && !skip_) {
      if (in_case_) seen_case_body_ = true;
      cur_.next = next;
      cur_.from_heredoc = from_heredoc_;
      cur_.pipeline = *pipeline_;
      cur_.depth = depth_;
      out_->push_back(std::move(cur_));
      if (next != Connector::kPipe) ++*pipeline_;
      RecurseShellC(out_->size() - 1);
    }
    if (next == Connector::kSeq && in_case_ && discard_) seen_case_body_ = false;
    cur_ = ShellCommand{};
    origins_.clear();
    discard_ = false;
    skip_ = false;
  }

  // `sh -c 'script'`, `bash -euo pipefail -c "..."`: split the script too.
  void RecurseShellC(size_t index) {
    if (depth_ >= 8) return;
    const ShellCommand& cmd = (*out_)[index];
    if (!IsShellName(cmd.base_name())) return;
    bool has_c = false;
    for (size_t i = 1; i < cmd.argv.size(); ++i) {
      const std::string& a = cmd.argv[i].text;
      if (a == "-o" || a == "+o") {
        ++i;
        continue;
      }
      if (a.size() > 1 && (a[0] == '-' || a[0] == '+') && a != "--") {
        if (a[0] == '-' && a[1] != '-' && a.find('c') != std::string::npos) has_c = true;
        continue;
      }
      if (!has_c) return;
      // Build a position map for the script from the word's byte origins.
      PositionMap nested;
      nested.set_file(pm_.file());
      const std::vector<uint32_t>& origins = origins_.empty() ? empty_ : origins_[i];
      int prev_line = -1, prev_col = -1;
      for (size_t k = 0; k < origins.size(); ++k) {
        int line = 0, col = 0;
        pm_.LineColumn(origins[k], &line, &col);
        if (!(line == prev_line && col == prev_col + 1)) nested.AddSegment(k, line, col);
        prev_line = line;
        prev_col = col;
      }
      std::string script = cmd.argv[i].text;
      std::vector<ShellCommand> inner;
      Splitter sub(script, nested, depth_ + 1, pipeline_, &inner);
      sub.Run();
      for (ShellCommand& c : inner) {
        c.from_heredoc = from_heredoc_;
        out_->push_back(std::move(c));
      }
      return;
    }
  }

  // True if out_[index] is a shell reading its script from stdin (`bash`, `sh -e`).
  bool ShellReadsStdin(size_t index) const {
    if (index >= out_->size()) return false;
    const ShellCommand& cmd = (*out_)[index];
    if (!IsShellName(cmd.base_name())) return false;
    for (size_t i = 1; i < cmd.argv.size(); ++i) {
      const std::string& a = cmd.argv[i].text;
      if (a == "-s") return true;
      if (a.empty() || a[0] != '-' || a.find('c') != std::string::npos) return false;
    }
    return true;
  }

  // After the line that announced heredocs: skips their bodies (data), but
  // splits a body that a shell reads as its script (`bash <<EOF`).
  void SkipHeredocBodies() {
    for (const PendingHeredoc& h : heredocs_) {
      size_t body_start = pos_, body_end = pos_;
      while (pos_ < s_.size()) {
        size_t eol = s_.find('\n', pos_);
        if (eol == std::string_view::npos) eol = s_.size();
        std::string_view line = s_.substr(pos_, eol - pos_);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (h.strip_tabs) {
          while (!line.empty() && line.front() == '\t') line.remove_prefix(1);
        }
        size_t line_start = pos_;
        pos_ = std::min(eol + 1, s_.size());
        if (line == h.delimiter) {
          body_end = line_start;
          break;
        }
        body_end = pos_;
      }
      if (depth_ < 8 && ShellReadsStdin(h.command)) {
        PositionMap nested;
        nested.AppendShifted(pm_, body_start, 0);
        Splitter sub(s_.substr(body_start, body_end - body_start), nested, depth_ + 1, pipeline_,
                     out_);
        sub.from_heredoc_ = true;
        sub.Run();
      }
    }
    heredocs_.clear();
  }

 public:
  bool from_heredoc_ = false;

 private:
  std::string_view s_;
  const PositionMap& pm_;
  int depth_;
  int* pipeline_;
  std::vector<ShellCommand>* out_;
  size_t pos_ = 0;
  ShellCommand cur_;
  std::vector<std::vector<uint32_t>> origins_;  // parallel to cur_.argv
  const std::vector<uint32_t> empty_;
  std::string pending_redirect_;
  struct PendingHeredoc {
    std::string delimiter;
    bool strip_tabs;
    size_t command;  // index in out_ of the command it feeds, kNoCommand if not stdin
  };
  static constexpr size_t kNoCommand = static_cast<size_t>(-1);
  std::vector<PendingHeredoc> heredocs_;
  bool skip_ = false;      // header of for/select/case: not a command
  bool discard_ = false;   // the current words are not a command
  bool in_case_ = false;
  bool seen_case_body_ = false;
};

}  // namespace

std::vector<ShellCommand> SplitShell(std::string_view script, const PositionMap& positions,
                                     int depth) {
  std::vector<ShellCommand> out;
  int pipeline = 0;
  Splitter splitter(script, positions, depth, &pipeline, &out);
  splitter.Run();
  return out;
}

}  // namespace policycheck::dockerfile
