// The Dockerfile parser, following BuildKit's frontend/dockerfile/parser
// (line handling, directives, continuations, heredocs, flags) and
// instructions/dockerfile2llb (JSON vs shell form, ARG/ENV expansion).
// It never stops at a bad line: each problem becomes a located LoadIssue
// (PC001) and parsing continues with the next instruction.
#include "policycheck/dockerfile/parser.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "policycheck/dockerfile/model.h"

namespace policycheck::dockerfile {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::string ToUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsPosixShell(std::string_view base) {
  return base == "sh" || base == "bash" || base == "ash" || base == "dash" || base == "zsh" ||
         base == "ksh" || base == "mksh" || base == "busybox";
}

std::string_view BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Quote and escape removal without variable expansion (instructions BuildKit
// does not expand: RUN, CMD, ENTRYPOINT, ...).
std::string Unquote(std::string_view raw, char escape) {
  std::string out;
  out.reserve(raw.size());
  size_t i = 0;
  while (i < raw.size()) {
    char c = raw[i];
    if (c == '\'') {
      size_t end = raw.find('\'', i + 1);
      if (end == std::string_view::npos) end = raw.size();
      out.append(raw.substr(i + 1, end - i - 1));
      i = std::min(end + 1, raw.size());
    } else if (c == '"') {
      ++i;
      while (i < raw.size() && raw[i] != '"') {
        if (raw[i] == escape && i + 1 < raw.size() &&
            (raw[i + 1] == '"' || raw[i + 1] == '$' || raw[i + 1] == escape)) {
          ++i;
        }
        out += raw[i++];
      }
      if (i < raw.size()) ++i;
    } else if (c == escape && i + 1 < raw.size()) {
      out += raw[i + 1];
      i += 2;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

// A word of BuildKit's parseWords: quotes and escapes kept.
struct RawWord {
  std::string text;
  size_t offset;  // within the string that was split
};

std::vector<RawWord> ParseWords(std::string_view rest, char escape) {
  std::vector<RawWord> words;
  size_t pos = 0;
  const size_t n = rest.size();
  while (pos < n) {
    while (pos < n && IsSpace(rest[pos])) ++pos;
    if (pos >= n) break;
    RawWord w{{}, pos};
    char quote = 0;
    while (pos < n) {
      char c = rest[pos];
      if (quote == 0 && IsSpace(c)) break;
      if (quote == 0 && (c == '\'' || c == '"')) {
        quote = c;
      } else if (quote != 0 && c == quote) {
        quote = 0;
      } else if (c == escape && quote != '\'') {
        // The escape character and the byte it escapes stay in the word.
        if (pos + 1 == n) {
          ++pos;
          continue;
        }
        w.text += c;
        ++pos;
        c = rest[pos];
      }
      w.text += c;
      ++pos;
    }
    words.push_back(std::move(w));
  }
  return words;
}

// Parses `text` as a JSON array of strings. On success fills `out` with the
// decoded strings and their offsets (of the opening quote) within `text`.
bool ParseJsonStringArray(std::string_view text, std::vector<RawWord>* out) {
  size_t i = 0;
  const size_t n = text.size();
  auto skip_ws = [&] {
    while (i < n && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) ++i;
  };
  skip_ws();
  if (i >= n || text[i] != '[') return false;
  ++i;
  skip_ws();
  std::vector<RawWord> words;
  if (i < n && text[i] == ']') {
    ++i;
  } else {
    while (true) {
      skip_ws();
      if (i >= n || text[i] != '"') return false;
      RawWord w{{}, i};
      ++i;
      bool closed = false;
      while (i < n) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '"') {
          closed = true;
          ++i;
          break;
        }
        if (c < 0x20) return false;
        if (c == '\\') {
          if (i + 1 >= n) return false;
          char e = text[i + 1];
          i += 2;
          switch (e) {
            case '"': w.text += '"'; break;
            case '\\': w.text += '\\'; break;
            case '/': w.text += '/'; break;
            case 'b': w.text += '\b'; break;
            case 'f': w.text += '\f'; break;
            case 'n': w.text += '\n'; break;
            case 'r': w.text += '\r'; break;
            case 't': w.text += '\t'; break;
            case 'u': {
              if (i + 4 > n) return false;
              unsigned cp = 0;
              for (int k = 0; k < 4; ++k) {
                char h = text[i + k];
                cp <<= 4;
                if (h >= '0' && h <= '9') cp |= h - '0';
                else if (h >= 'a' && h <= 'f') cp |= h - 'a' + 10;
                else if (h >= 'A' && h <= 'F') cp |= h - 'A' + 10;
                else return false;
              }
              i += 4;
              if (cp < 0x80) {
                w.text += static_cast<char>(cp);
              } else if (cp < 0x800) {
                w.text += static_cast<char>(0xC0 | (cp >> 6));
                w.text += static_cast<char>(0x80 | (cp & 0x3F));
              } else {
                w.text += static_cast<char>(0xE0 | (cp >> 12));
                w.text += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                w.text += static_cast<char>(0x80 | (cp & 0x3F));
              }
              break;
            }
            default:
              return false;
          }
          continue;
        }
        w.text += static_cast<char>(c);
        ++i;
      }
      if (!closed) return false;
      words.push_back(std::move(w));
      skip_ws();
      if (i < n && text[i] == ',') {
        ++i;
        continue;
      }
      if (i < n && text[i] == ']') {
        ++i;
        break;
      }
      return false;
    }
  }
  skip_ws();
  if (i != n) return false;
  *out = std::move(words);
  return true;
}

const std::vector<std::string_view>* AllowedFlags(std::string_view keyword) {
  static const std::map<std::string_view, std::vector<std::string_view>> kFlags = {
      {"FROM", {"platform"}},
      {"RUN", {"mount", "network", "security", "device"}},
      {"COPY", {"from", "chown", "chmod", "link", "parents", "exclude"}},
      {"ADD", {"chown", "chmod", "link", "checksum", "keep-git-dir", "exclude", "unpack"}},
      {"HEALTHCHECK", {"interval", "timeout", "start-period", "start-interval", "retries"}},
  };
  static const std::vector<std::string_view> kNone;
  auto it = kFlags.find(keyword);
  return it == kFlags.end() ? &kNone : &it->second;
}

bool IsValidStageName(std::string_view name) {
  if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) {
      return false;
    }
  }
  return true;
}

bool IsArgName(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (IsSpace(c) || c == '=' || c == '$' || c == '"' || c == '\'') return false;
  }
  return true;
}

// Parse state of one stage for ARG/ENV expansion.
struct Scope {
  std::map<std::string, std::string> vars;  // what $VAR expands to
  std::set<std::string> env_keys;           // keys set by ENV (ARG does not override them)
  std::map<std::string, std::string> env;   // inherited by stages built FROM this one
  std::vector<std::string> shell = {"/bin/sh", "-c"};
};

class Parser {
 public:
  explicit Parser(std::shared_ptr<const SourceFile> source)
      : source_(std::move(source)), text_(source_->text()) {}

  ParseResult Run() {
    auto file = std::make_unique<Dockerfile>();
    df_ = file.get();
    df_->path = source_->display_path();
    df_->source = source_;
    path_ = df_->path;

    size_t nul = text_.find('\0');
    if (nul != std::string::npos) {
      SplitLines(nul + 1);
      int line = static_cast<int>(lines_.size());
      int col = static_cast<int>(nul - lines_.back().first) + 1;
      Issue(At(line, col), "binary file (NUL byte): not a Dockerfile");
      return Finish(std::move(file));
    }
    SplitLines(text_.size());
    ParseDirectives();
    ParseBody();
    return Finish(std::move(file));
  }

 private:
  ParseResult Finish(std::unique_ptr<Dockerfile> file) {
    ParseResult r;
    r.file = std::move(file);
    r.issues = std::move(issues_);
    return r;
  }

  Location At(int line, int col) const {
    Location l;
    l.file = path_;
    l.line = line;
    l.column = col;
    return l;
  }

  void Issue(Location loc, std::string message) {
    issues_.push_back(LoadIssue{"PC001", std::move(loc), std::move(message)});
  }

  // Physical lines: [start, end) without '\n' and trailing '\r'.
  void SplitLines(size_t limit) {
    size_t pos = 0;
    while (pos < limit) {
      size_t eol = text_.find('\n', pos);
      if (eol == std::string::npos || eol >= limit) eol = std::min(limit, text_.size());
      size_t end = eol;
      while (end > pos && text_[end - 1] == '\r') --end;
      lines_.emplace_back(pos, end);
      pos = eol + 1;
    }
    if (lines_.empty()) lines_.emplace_back(0, 0);
    // A UTF-8 BOM on the first line is not content (columns stay byte-based).
    if (text_.compare(0, 3, "\xEF\xBB\xBF") == 0 && lines_[0].second >= 3) bom_ = 3;
  }

  std::string_view LineText(size_t i) const {
    size_t start = lines_[i].first + (i == 0 ? bom_ : 0);
    return std::string_view(text_).substr(start, lines_[i].second - start);
  }
  // Column (1-based) of byte `p` of LineText(i).
  int ColumnOf(size_t i, size_t p) const { return static_cast<int>(p + (i == 0 ? bom_ : 0)) + 1; }

  static size_t FirstNonSpace(std::string_view s) {
    size_t p = 0;
    while (p < s.size() && IsSpace(s[p])) ++p;
    return p;
  }

  static bool IsCommentLine(std::string_view s) {
    size_t p = FirstNonSpace(s);
    return p < s.size() && s[p] == '#';
  }

  // `# name = value`: returns false when the line is not directive-shaped.
  static bool MatchDirective(std::string_view s, std::string* name, std::string* value,
                             size_t* hash) {
    size_t p = FirstNonSpace(s);
    if (p >= s.size() || s[p] != '#') return false;
    *hash = p;
    ++p;
    while (p < s.size() && IsSpace(s[p])) ++p;
    size_t ns = p;
    if (p >= s.size() || !std::isalpha(static_cast<unsigned char>(s[p]))) return false;
    while (p < s.size() && std::isalnum(static_cast<unsigned char>(s[p]))) ++p;
    *name = ToLower(s.substr(ns, p - ns));
    while (p < s.size() && IsSpace(s[p])) ++p;
    if (p >= s.size() || s[p] != '=') return false;
    ++p;
    while (p < s.size() && IsSpace(s[p])) ++p;
    size_t e = s.size();
    while (e > p && IsSpace(s[e - 1])) --e;
    if (e <= p) return false;
    *value = std::string(s.substr(p, e - p));
    return true;
  }

  void ParseDirectives() {
    std::set<std::string> seen;
    for (size_t i = 0; i < lines_.size(); ++i) {
      std::string name, value;
      size_t hash = 0;
      std::string_view line = LineText(i);
      if (!MatchDirective(line, &name, &value, &hash)) break;
      if (name != "syntax" && name != "escape" && name != "check") break;
      Location loc = At(static_cast<int>(i) + 1, ColumnOf(i, hash));
      if (!seen.insert(name).second) {
        Issue(loc, "only one " + name + " parser directive can be used");
        continue;
      }
      if (name == "escape") {
        if (value == "`" || value == "\\") {
          df_->escape = value[0];
        } else {
          Issue(loc, "invalid escape token '" + value + "': it must be ` or \\ (using \\)");
        }
      }
      df_->directives.push_back(Directive{name, value, loc});
    }
    escape_ = df_->escape;
  }

  // Strips a trailing escape character (followed only by spaces/tabs).
  bool TrimContinuation(std::string_view* s) const {
    size_t e = s->size();
    while (e > 0 && ((*s)[e - 1] == ' ' || (*s)[e - 1] == '\t')) --e;
    if (e > 0 && (*s)[e - 1] == escape_) {
      *s = s->substr(0, e - 1);
      return true;
    }
    return false;
  }

  void ParseBody() {
    size_t i = 0;
    const size_t n = lines_.size();
    while (i < n) {
      std::string_view line = LineText(i);
      size_t first = FirstNonSpace(line);
      if (first >= line.size() || line[first] == '#') {
        ++i;
        continue;
      }
      std::string logical;
      PositionMap pm;
      pm.set_file(path_);
      std::string_view piece = line.substr(first);
      bool continued = TrimContinuation(&piece);
      pm.AddSegment(0, static_cast<int>(i) + 1, ColumnOf(i, first));
      logical.append(piece);
      size_t last = i;
      while (continued && i + 1 < n) {
        ++i;
        std::string_view next = LineText(i);
        if (IsCommentLine(next)) continue;
        if (FirstNonSpace(next) >= next.size()) continue;
        continued = TrimContinuation(&next);
        pm.AddSegment(logical.size(), static_cast<int>(i) + 1, ColumnOf(i, 0));
        logical.append(next);
        last = i;
      }
      i = std::max(i, last) + 1;
      size_t start = FirstNonSpace(logical);
      if (start >= logical.size()) continue;
      PositionMap sliced;
      sliced.AppendShifted(pm, start, 0);
      Instruction inst = ParseInstruction(std::string_view(logical).substr(start), sliced);
      inst.end_location = At(static_cast<int>(last) + 1, 0);
      ReadHeredocs(&inst, &i);
      Dispatch(std::move(inst));
    }
  }

  // Reads the bodies of the heredocs announced on the instruction line.
  void ReadHeredocs(Instruction* inst, size_t* i) {
    for (Heredoc& h : inst->heredocs) {
      h.positions.set_file(path_);
      bool terminated = false;
      while (*i < lines_.size()) {
        size_t li = (*i)++;
        std::string_view line = LineText(li);
        std::string_view candidate = line;
        size_t tabs = 0;
        if (h.strip_tabs) {
          while (tabs < candidate.size() && candidate[tabs] == '\t') ++tabs;
          candidate.remove_prefix(tabs);
        }
        if (candidate == h.delimiter) {
          terminated = true;
          h.end_location = At(static_cast<int>(li) + 1, ColumnOf(li, tabs));
          inst->end_location = At(static_cast<int>(li) + 1, 0);
          break;
        }
        std::string_view content = h.strip_tabs ? candidate : line;
        h.positions.AddSegment(h.body.size(), static_cast<int>(li) + 1,
                               ColumnOf(li, h.strip_tabs ? tabs : 0));
        h.body.append(content);
        h.body += '\n';
        inst->end_location = At(static_cast<int>(li) + 1, 0);
      }
      if (!terminated) {
        Issue(h.location, "unterminated heredoc: no line '" + h.delimiter + "' closes <<" +
                              (h.strip_tabs ? "-" : "") + h.delimiter);
      }
    }
  }

  Instruction ParseInstruction(std::string_view logical, const PositionMap& pm) {
    Instruction inst;
    size_t kw_end = 0;
    while (kw_end < logical.size() && !IsSpace(logical[kw_end])) ++kw_end;
    inst.keyword = ToUpper(logical.substr(0, kw_end));
    inst.known = IsKnownInstruction(inst.keyword);
    inst.location = pm.At(0);
    size_t args_start = kw_end;
    while (args_start < logical.size() && IsSpace(logical[args_start])) ++args_start;
    inst.raw_args = std::string(logical.substr(args_start));
    inst.positions.AppendShifted(pm, args_start, 0);
    if (inst.positions.empty()) inst.positions.set_file(path_);
    if (inst.positions.empty()) {
      int line = 0, col = 0;
      pm.LineColumn(logical.size(), &line, &col);
      inst.positions.AddSegment(0, line, col);
    }
    ExtractFlags(&inst);
    std::string_view args = std::string_view(inst.raw_args).substr(inst.args_offset);
    size_t e = args.size();
    while (e > 0 && IsSpace(args[e - 1])) --e;
    inst.args_text = std::string(args.substr(0, e));
    inst.args_location = inst.positions.At(inst.args_offset);
    ParseArguments(&inst);
    return inst;
  }

  // BuildKit's extractBuilderFlags: `--name[=value]` words before the arguments.
  void ExtractFlags(Instruction* inst) {
    std::string_view s = inst->raw_args;
    size_t pos = 0;
    while (true) {
      while (pos < s.size() && IsSpace(s[pos])) ++pos;
      if (pos + 1 >= s.size() || s[pos] != '-' || s[pos + 1] != '-') break;
      size_t start = pos;
      std::string word;
      size_t eq = std::string::npos;
      char quote = 0;
      while (pos < s.size()) {
        char c = s[pos];
        if (quote == 0 && IsSpace(c)) break;
        if (quote == 0 && (c == '\'' || c == '"')) {
          quote = c;
          ++pos;
          continue;
        }
        if (quote != 0 && c == quote) {
          quote = 0;
          ++pos;
          continue;
        }
        if (c == '\\' && pos + 1 < s.size()) {
          ++pos;
          c = s[pos];
        }
        if (c == '=' && eq == std::string::npos && quote == 0) eq = word.size();
        word += c;
        ++pos;
      }
      if (word == "--") {
        inst->args_offset = pos;
        return;
      }
      Flag f;
      f.location = inst->positions.At(start);
      std::string_view raw = s.substr(start, pos - start);
      if (eq != std::string::npos) {
        f.name = word.substr(2, eq - 2);
        f.value = word.substr(eq + 1);
        f.has_value = true;
        size_t raw_eq = raw.find('=');
        f.raw_value = std::string(raw.substr(raw_eq + 1));
        f.value_location = inst->positions.At(start + raw_eq + 1);
      } else {
        f.name = word.substr(2);
        f.value_location = f.location;
      }
      inst->flags.push_back(std::move(f));
    }
    inst->args_offset = pos;
  }

  Word MakeWord(const Instruction& inst, const RawWord& w) const {
    return Word{w.text, Unquote(w.text, escape_), inst.positions.At(inst.args_offset + w.offset)};
  }

  // Exec form if the arguments are a JSON string array (BuildKit's parseMaybeJSON).
  bool TryExecForm(Instruction* inst) {
    std::string_view a = inst->args_text;
    if (a.empty() || a[0] != '[') return false;
    std::vector<RawWord> words;
    if (!ParseJsonStringArray(a, &words)) return false;
    inst->form = InstructionForm::kExec;
    for (const RawWord& w : words) {
      inst->args.push_back(Word{w.text, w.text, inst->positions.At(inst->args_offset + w.offset)});
    }
    return true;
  }

  void ShellWords(Instruction* inst) {
    for (const RawWord& w : ParseWords(inst->args_text, escape_)) {
      inst->args.push_back(MakeWord(*inst, w));
    }
  }

  void RequireArgs(const Instruction& inst, size_t min, std::string_view what) {
    if (inst.args.size() < min && inst.heredocs.empty()) {
      Issue(inst.location, inst.keyword + " requires " + std::string(what));
    }
  }

  void ParsePairs(Instruction* inst, bool is_arg) {
    std::vector<RawWord> words = ParseWords(inst->args_text, escape_);
    if (words.empty()) {
      Issue(inst->location, inst->keyword + " requires at least one argument");
      return;
    }
    auto loc = [&](size_t off) { return inst->positions.At(inst->args_offset + off); };
    if (!is_arg && words[0].text.find('=') == std::string::npos) {
      // Legacy `ENV key value`: the value is the rest of the line.
      const std::string& a = inst->args_text;
      size_t k = words[0].offset + words[0].text.size();
      size_t v = k;
      while (v < a.size() && IsSpace(a[v])) ++v;
      if (v >= a.size()) {
        Issue(loc(words[0].offset), inst->keyword + " " + words[0].text +
                                        ": missing value (use " + words[0].text + "=value)");
        return;
      }
      KeyValue kv;
      kv.key = Unquote(words[0].text, escape_);
      kv.raw_value = a.substr(v);
      kv.value = Unquote(kv.raw_value, escape_);
      kv.has_value = true;
      kv.key_location = loc(words[0].offset);
      kv.value_location = loc(v);
      inst->pairs.push_back(std::move(kv));
      inst->args.push_back(MakeWord(*inst, words[0]));
      return;
    }
    for (const RawWord& w : words) {
      inst->args.push_back(MakeWord(*inst, w));
      size_t eq = w.text.find('=');
      KeyValue kv;
      kv.key_location = loc(w.offset);
      if (eq == std::string::npos) {
        if (!is_arg) {
          Issue(kv.key_location, "syntax error: can't find = in '" + w.text +
                                     "'; must be of the form name=value");
          continue;
        }
        kv.key = w.text;
        kv.value_location = kv.key_location;
      } else {
        kv.key = Unquote(w.text.substr(0, eq), escape_);
        kv.raw_value = w.text.substr(eq + 1);
        kv.value = Unquote(kv.raw_value, escape_);
        kv.has_value = true;
        kv.value_location = loc(w.offset + eq + 1);
      }
      if (is_arg && !IsArgName(kv.key)) {
        Issue(kv.key_location, "invalid ARG name '" + kv.key + "'");
        continue;
      }
      if (kv.key.empty()) {
        Issue(kv.key_location, inst->keyword + " names cannot be empty");
        continue;
      }
      inst->pairs.push_back(std::move(kv));
    }
  }

  void FindHeredocs(Instruction* inst) {
    if (inst->raw_args.find("<<") == std::string::npos) return;
    for (const RawWord& w : ParseWords(inst->args_text, '\\')) {
      std::string_view t = w.text;
      size_t p = 0;
      while (p < t.size() && std::isdigit(static_cast<unsigned char>(t[p]))) ++p;
      if (t.substr(p, 2) != "<<") continue;
      size_t marker = p;
      p += 2;
      bool strip = p < t.size() && t[p] == '-';
      if (strip) ++p;
      std::string_view rest = t.substr(p);
      if (rest.empty() || rest.find('<') != std::string_view::npos) continue;
      Heredoc h;
      h.delimiter = Unquote(rest, '\\');
      if (h.delimiter.empty()) continue;
      size_t quotes_raw = std::count(rest.begin(), rest.end(), '\'') +
                          std::count(rest.begin(), rest.end(), '"');
      size_t quotes_done = std::count(h.delimiter.begin(), h.delimiter.end(), '\'') +
                           std::count(h.delimiter.begin(), h.delimiter.end(), '"');
      h.quoted = quotes_raw != quotes_done;
      h.strip_tabs = strip;
      h.fd = marker > 0 ? std::stoi(std::string(t.substr(0, std::min<size_t>(marker, 6)))) : -1;
      h.location = inst->positions.At(inst->args_offset + w.offset + marker);
      inst->heredocs.push_back(std::move(h));
    }
  }

  void ParseArguments(Instruction* inst) {
    const std::string& kw = inst->keyword;
    if (inst->known) {
      const auto* allowed = AllowedFlags(kw);
      for (const Flag& f : inst->flags) {
        if (std::find(allowed->begin(), allowed->end(), f.name) == allowed->end()) {
          Issue(f.location, "unknown flag --" + f.name + " for " + kw);
        }
      }
    }
    if (kw == "RUN" || kw == "CMD" || kw == "ENTRYPOINT") {
      if (!TryExecForm(inst)) {
        inst->form = InstructionForm::kShell;
        if (kw == "RUN") FindHeredocs(inst);
        ShellWords(inst);
      }
      if (kw == "RUN") RequireArgs(*inst, 1, "at least one argument");
    } else if (kw == "COPY" || kw == "ADD") {
      if (!TryExecForm(inst)) {
        FindHeredocs(inst);
        ShellWords(inst);
      }
      inst->expanded = true;
      if (inst->args.size() < 2) {
        Issue(inst->location, kw + " requires at least two arguments: source(s) and destination");
      }
    } else if (kw == "SHELL") {
      if (!TryExecForm(inst)) {
        Issue(inst->args_location, "SHELL requires the arguments to be in JSON form");
        ShellWords(inst);
      } else if (inst->args.empty()) {
        Issue(inst->args_location, "SHELL requires at least one argument");
      }
    } else if (kw == "VOLUME") {
      if (!TryExecForm(inst)) ShellWords(inst);
      inst->expanded = true;
      RequireArgs(*inst, 1, "at least one argument");
    } else if (kw == "ENV" || kw == "LABEL" || kw == "ARG") {
      inst->expanded = true;
      ParsePairs(inst, kw == "ARG");
    } else if (kw == "ONBUILD") {
      if (inst->args_text.empty()) {
        Issue(inst->location, "ONBUILD requires at least one argument");
        return;
      }
      PositionMap sub;
      sub.AppendShifted(inst->positions, inst->args_offset, 0);
      auto inner = std::make_shared<Instruction>(ParseInstruction(inst->args_text, sub));
      if (inner->keyword == "ONBUILD" || inner->keyword == "FROM" ||
          inner->keyword == "MAINTAINER") {
        Issue(inner->location, inner->keyword + " isn't allowed as an ONBUILD trigger");
      }
      ShellWords(inst);
      inst->onbuild = std::move(inner);
    } else if (kw == "HEALTHCHECK") {
      std::vector<RawWord> words = ParseWords(inst->args_text, escape_);
      if (words.empty()) {
        Issue(inst->location, "HEALTHCHECK requires CMD or NONE");
        return;
      }
      std::string type = ToUpper(words[0].text);
      if (type == "NONE") {
        if (words.size() > 1) {
          Issue(MakeWord(*inst, words[1]).location, "HEALTHCHECK NONE takes no arguments");
        }
        inst->args.push_back(MakeWord(*inst, words[0]));
      } else if (type == "CMD") {
        // The command after CMD, in exec or shell form.
        size_t off = words[0].offset + words[0].text.size();
        while (off < inst->args_text.size() && IsSpace(inst->args_text[off])) ++off;
        Instruction cmd;
        cmd.args_text = inst->args_text.substr(off);
        cmd.positions = inst->positions;
        cmd.args_offset = inst->args_offset + off;
        if (!TryExecForm(&cmd)) {
          cmd.form = InstructionForm::kShell;
          ShellWords(&cmd);
        }
        inst->form = cmd.form;
        inst->args = std::move(cmd.args);
        if (inst->args.empty()) Issue(inst->location, "HEALTHCHECK CMD requires a command");
      } else {
        Issue(MakeWord(*inst, words[0]).location,
              "HEALTHCHECK must be followed by CMD or NONE, not '" + words[0].text + "'");
      }
    } else {
      // FROM, USER, WORKDIR, EXPOSE, STOPSIGNAL, MAINTAINER and unknown keywords.
      ShellWords(inst);
      inst->expanded = kw == "FROM" || kw == "USER" || kw == "WORKDIR" || kw == "EXPOSE" ||
                       kw == "STOPSIGNAL";
      if (inst->known) RequireArgs(*inst, 1, "at least one argument");
      if (kw == "FROM" && !inst->args.empty()) {
        if (!(inst->args.size() == 1 ||
              (inst->args.size() == 3 && ToLower(inst->args[1].raw) == "as"))) {
          Issue(inst->location, "FROM requires either one or three arguments (FROM image [AS name])");
        }
      }
      if ((kw == "USER" || kw == "WORKDIR" || kw == "STOPSIGNAL" || kw == "MAINTAINER") &&
          inst->args.size() > 1) {
        // BuildKit treats the whole rest of the line as one string.
        Word whole{inst->args_text, Unquote(inst->args_text, escape_), inst->args_location};
        inst->args.assign(1, std::move(whole));
      }
    }
  }

  // --- expansion and stages -------------------------------------------------

  std::string Expand(std::string_view raw, const std::map<std::string, std::string>& vars,
                     std::vector<std::string>* unset = nullptr) const {
    return ProcessWord(raw, vars, escape_, unset);
  }

  void ExpandInstruction(Instruction* inst, Scope* scope) {
    const std::string& kw = inst->keyword;
    if (!inst->expanded) return;
    if (kw == "ARG") {
      for (KeyValue& kv : inst->pairs) {
        if (kv.has_value) {
          kv.value = Expand(kv.raw_value, scope->vars);
          if (!scope->env_keys.count(kv.key)) scope->vars[kv.key] = kv.value;
        } else if (auto it = global_.find(kv.key); it != global_.end()) {
          if (!scope->env_keys.count(kv.key)) scope->vars[kv.key] = it->second;
        }
      }
      return;
    }
    if (kw == "ENV" || kw == "LABEL") {
      for (KeyValue& kv : inst->pairs) kv.value = Expand(kv.raw_value, scope->vars);
      if (kw == "ENV") {
        for (const KeyValue& kv : inst->pairs) {
          scope->vars[kv.key] = kv.value;
          scope->env_keys.insert(kv.key);
          scope->env[kv.key] = kv.value;
        }
      }
      for (Word& w : inst->args) w.text = Expand(w.raw, scope->vars);
      return;
    }
    // Exec-form words are JSON-decoded already; BuildKit still expands them
    // for the instructions it expands (COPY, ADD, VOLUME).
    for (Word& w : inst->args) {
      w.text = inst->form == InstructionForm::kExec ? Expand(w.text, scope->vars)
                                                     : Expand(w.raw, scope->vars);
    }
    for (Flag& f : inst->flags) {
      if (f.has_value && (f.name == "chown" || f.name == "chmod" || f.name == "from")) {
        f.value = Expand(f.raw_value, scope->vars);
      }
    }
  }

  void Dispatch(Instruction inst) {
    if (inst.Is("FROM")) {
      StartStage(std::move(inst));
      return;
    }
    if (df_->stages.empty()) {
      if (inst.Is("ARG")) {
        for (KeyValue& kv : inst.pairs) {
          if (kv.has_value) {
            kv.value = Expand(kv.raw_value, global_);
            global_[kv.key] = kv.value;
          }
          df_->global_args.push_back(kv);
        }
      } else if (inst.known) {
        Issue(inst.location, inst.keyword + " before the first FROM: only ARG may precede FROM");
      }
      df_->preamble.push_back(std::move(inst));
      return;
    }
    Scope& scope = scopes_.back();
    ExpandInstruction(&inst, &scope);
    if (inst.Is("SHELL") && inst.form == InstructionForm::kExec && !inst.args.empty()) {
      scope.shell.clear();
      for (const Word& w : inst.args) scope.shell.push_back(w.text);
    }
    if (inst.Is("RUN")) BuildScripts(&inst, scope);
    if (inst.onbuild && inst.onbuild->Is("RUN")) {
      auto inner = std::make_shared<Instruction>(*inst.onbuild);
      BuildScripts(inner.get(), scope);
      inst.onbuild = std::move(inner);
    }
    df_->stages.back().instructions.push_back(std::move(inst));
  }

  void StartStage(Instruction inst) {
    Stage stage;
    stage.index = static_cast<int>(df_->stages.size());
    Scope scope;
    for (Word& w : inst.args) w.text = Expand(w.raw, global_);
    if (const Flag* p = inst.FindFlag("platform"); p != nullptr) {
      stage.raw_platform = p->raw_value;
      stage.platform = Expand(p->raw_value, global_);
      stage.platform_location = p->value_location;
      for (Flag& f : inst.flags) {
        if (f.name == "platform") f.value = stage.platform;
      }
    }
    if (!inst.args.empty()) {
      const Word& image = inst.args[0];
      std::vector<std::string> unset;
      std::string expanded = Expand(image.raw, global_, &unset);
      if (inst.args.size() == 3) {
        stage.name = ToLower(inst.args[2].text);
        stage.name_location = inst.args[2].location;
        if (!IsValidStageName(stage.name)) {
          Issue(stage.name_location, "invalid stage name '" + inst.args[2].text +
                                         "': it must match [a-z][a-z0-9-_.]*");
        }
      }
      std::string lower = ToLower(expanded);
      auto named = stage_by_name_.find(lower);  // the last earlier stage with that name
      const Stage* base = named == stage_by_name_.end() ? nullptr : &df_->stages[named->second];
      if (base != nullptr) {
        stage.base_kind = BaseKind::kStage;
        stage.base_stage = base->index;
        const Scope& from = scopes_[base->index];
        // Each stage copies its base's environment: a long chain of stages over
        // many ENV keys would need memory quadratic in the file size.
        inherited_env_ += static_cast<int64_t>(from.env.size());
        if (inherited_env_ <= kMaxInheritedEnv) {
          scope.env = from.env;
        } else if (!inherited_env_reported_) {
          inherited_env_reported_ = true;
          Issue(image.location, "stages inherit more than " + std::to_string(kMaxInheritedEnv) +
                                    " ENV variables in total; later stages are checked without "
                                    "their base stage's ENV");
        }
        scope.shell = from.shell;
        for (const auto& [k, v] : scope.env) {
          scope.vars[k] = v;
          scope.env_keys.insert(k);
        }
      } else if (lower == "scratch") {
        stage.base_kind = BaseKind::kScratch;
      }
      stage.image = ParseImageRef(expanded);
      stage.image.raw = image.raw;
      stage.image.has_unexpanded_vars = !unset.empty();
    }
    stage.from = std::move(inst);
    if (!stage.name.empty()) stage_by_name_[stage.name] = stage.index;
    // A finished stage keeps only what later stages inherit from it.
    if (!scopes_.empty()) {
      scopes_.back().vars.clear();
      scopes_.back().env_keys.clear();
    }
    df_->stages.push_back(std::move(stage));
    scopes_.push_back(std::move(scope));
  }

  // The shell-aware view of a RUN: its scripts and their simple commands.
  void BuildScripts(Instruction* inst, const Scope& scope) {
    std::string shell = scope.shell.empty() ? "sh" : std::string(BaseName(scope.shell[0]));
    if (inst->form == InstructionForm::kExec) {
      if (inst->args.empty()) return;
      ShellCommand cmd;
      cmd.argv = inst->args;
      inst->commands.push_back(cmd);
      // ["sh", "-c", "script"]
      if (IsPosixShell(BaseName(inst->args[0].text))) {
        for (size_t k = 1; k + 1 < inst->args.size(); ++k) {
          const std::string& a = inst->args[k].text;
          if (a.size() > 1 && a[0] == '-' && a.find('c') != std::string::npos) {
            ShellScript script;
            script.text = inst->args[k + 1].text;
            script.positions.set_file(path_);
            const Location& l = inst->args[k + 1].location;
            script.positions.AddSegment(0, l.line, l.column + 1);
            script.shell = std::string(BaseName(inst->args[0].text));
            AddScript(inst, std::move(script), 1);
            break;
          }
        }
      }
      return;
    }
    ShellScript script;
    script.shell = shell;
    script.positions.set_file(path_);
    std::string_view args = inst->args_text;
    bool only_heredoc = !inst->heredocs.empty() && args.find_first_of(" \t") == std::string::npos &&
                        args.find("<<") != std::string_view::npos;
    if (only_heredoc) {
      const Heredoc& h = inst->heredocs[0];
      script.text = h.body;
      script.positions = h.positions;
      script.from_heredoc = true;
      if (script.text.starts_with("#!")) {
        std::string_view first = std::string_view(script.text).substr(2);
        first = first.substr(0, first.find('\n'));
        std::vector<RawWord> words = ParseWords(first, '\\');
        if (!words.empty()) {
          std::string_view interp = BaseName(words[0].text);
          if (interp == "env" && words.size() > 1) interp = words[1].text;
          script.shell = std::string(interp);
        }
      }
    } else {
      script.text = inst->args_text;
      script.positions.AppendShifted(inst->positions, inst->args_offset, 0);
      for (const Heredoc& h : inst->heredocs) {
        script.text += '\n';
        script.positions.AppendShifted(h.positions, 0, script.text.size());
        script.text += h.body;
        script.positions.AddSegment(script.text.size(), h.end_location.line,
                                    h.end_location.column);
        script.text += h.delimiter;
      }
    }
    AddScript(inst, std::move(script), 0);
  }

  void AddScript(Instruction* inst, ShellScript script, int depth) {
    if (IsPosixShell(script.shell)) {
      std::vector<ShellCommand> cmds = SplitShell(script.text, script.positions, depth);
      int base = 0;
      for (const ShellCommand& c : inst->commands) base = std::max(base, c.pipeline + 1);
      for (ShellCommand& c : cmds) {
        c.pipeline += base;
        c.from_heredoc = c.from_heredoc || script.from_heredoc;
        inst->commands.push_back(std::move(c));
      }
    }
    inst->scripts.push_back(std::move(script));
  }

  std::shared_ptr<const SourceFile> source_;
  const std::string& text_;
  std::string path_;
  Dockerfile* df_ = nullptr;
  std::vector<LoadIssue> issues_;
  std::vector<std::pair<size_t, size_t>> lines_;
  size_t bom_ = 0;
  char escape_ = '\\';
  std::map<std::string, std::string> global_;
  std::vector<Scope> scopes_;  // parallel to df_->stages
  std::unordered_map<std::string, int> stage_by_name_;  // lower-case stage name -> last stage index
  static constexpr int64_t kMaxInheritedEnv = 200000;  // ENV entries copied into stages, in total
  int64_t inherited_env_ = 0;
  bool inherited_env_reported_ = false;
};

}  // namespace

ParseResult Parse(std::shared_ptr<const SourceFile> source) {
  if (source == nullptr) {
    ParseResult r;
    r.file = std::make_unique<Dockerfile>();
    return r;
  }
  Parser parser(std::move(source));
  return parser.Run();
}

bool IsDockerfileName(std::string_view filename) {
  std::string lower = ToLower(filename);
  return lower == "dockerfile" || lower == "containerfile" || lower.starts_with("dockerfile.") ||
         lower.ends_with(".dockerfile") || lower.starts_with("containerfile.") ||
         lower.ends_with(".containerfile");
}

}  // namespace policycheck::dockerfile
