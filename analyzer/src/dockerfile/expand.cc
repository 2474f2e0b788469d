// ARG/ENV expansion with the semantics of BuildKit's shell lexer
// (frontend/dockerfile/shell/lex.go): quote removal, the escape character,
// $VAR, ${VAR}, ${VAR:-w}, ${VAR-w}, ${VAR:+w}, ${VAR+w}, ${VAR:?w},
// ${VAR#p}, ${VAR##p}, ${VAR%p}, ${VAR%%p}, ${VAR/p/r}, ${VAR//p/r}.
#include <cctype>
#include <string>

#include "policycheck/dockerfile/model.h"

namespace policycheck::dockerfile {

namespace {

bool IsNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Glob match of `s` against `pattern` (`*`, `?`, `\x`), iterative, linear in practice.
bool GlobMatch(std::string_view pattern, std::string_view s) {
  size_t p = 0, i = 0, star_p = std::string_view::npos, star_i = 0;
  while (i < s.size()) {
    bool matched = false;
    size_t width = 1;
    if (p < pattern.size()) {
      if (pattern[p] == '*') {
        star_p = p++;
        star_i = i;
        continue;
      }
      if (pattern[p] == '\\' && p + 1 < pattern.size()) {
        matched = pattern[p + 1] == s[i];
        width = 2;
      } else {
        matched = pattern[p] == '?' || pattern[p] == s[i];
      }
    }
    if (matched) {
      p += width;
      ++i;
    } else if (star_p != std::string_view::npos) {
      p = star_p + 1;
      i = ++star_i;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

class Expander {
 public:
  Expander(std::string_view in, const std::map<std::string, std::string>& vars, char escape,
           std::vector<std::string>* unset)
      : in_(in), vars_(vars), escape_(escape), unset_(unset) {}

  // Processes until end of input or an unquoted `stop` character (consumed).
  std::string Process(char stop = 0) {
    std::string out;
    while (pos_ < in_.size()) {
      char c = in_[pos_];
      if (stop != 0 && c == stop) {
        ++pos_;
        return out;
      }
      if (c == '\'') {
        ++pos_;
        while (pos_ < in_.size() && in_[pos_] != '\'') out += in_[pos_++];
        if (pos_ < in_.size()) ++pos_;
      } else if (c == '"') {
        ++pos_;
        ProcessDoubleQuoted(&out);
      } else if (c == '$') {
        ++pos_;
        out += Dollar();
      } else if (c == escape_) {
        ++pos_;
        if (pos_ < in_.size()) out += in_[pos_++];
      } else {
        out += c;
        ++pos_;
      }
    }
    return out;
  }

 private:
  void ProcessDoubleQuoted(std::string* out) {
    while (pos_ < in_.size()) {
      char c = in_[pos_];
      if (c == '"') {
        ++pos_;
        return;
      }
      if (c == '$') {
        ++pos_;
        *out += Dollar();
        continue;
      }
      if (c == escape_ && pos_ + 1 < in_.size()) {
        char n = in_[pos_ + 1];
        if (n == '"' || n == '$' || n == escape_) {
          *out += n;
          pos_ += 2;
          continue;
        }
      }
      *out += c;
      ++pos_;
    }
  }

  const std::string* Lookup(const std::string& name) {
    auto it = vars_.find(name);
    if (it == vars_.end()) {
      if (unset_ != nullptr) unset_->push_back(name);
      return nullptr;
    }
    return &it->second;
  }

  std::string Dollar() {
    if (pos_ >= in_.size()) return "$";
    char c = in_[pos_];
    if (c == '{') {
      ++pos_;
      return Braced();
    }
    if (IsNameStart(c)) {
      size_t start = pos_;
      while (pos_ < in_.size() && IsNameChar(in_[pos_])) ++pos_;
      const std::string* v = Lookup(std::string(in_.substr(start, pos_ - start)));
      return v ? *v : std::string();
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '@' || c == '*' || c == '#' ||
        c == '?' || c == '!' || c == '$' || c == '-') {
      ++pos_;  // positional and special parameters are never set at build time
      return "";
    }
    return "$";
  }

  // After "${".
  std::string Braced() {
    size_t start = pos_;
    while (pos_ < in_.size() && IsNameChar(in_[pos_])) ++pos_;
    std::string name(in_.substr(start, pos_ - start));
    if (pos_ >= in_.size()) return "";
    char c = in_[pos_];
    if (c == '}') {
      ++pos_;
      const std::string* v = Lookup(name);
      return v ? *v : std::string();
    }
    auto it = vars_.find(name);
    const std::string* v = it == vars_.end() ? nullptr : &it->second;
    if (c == ':' || c == '-' || c == '+' || c == '?') {
      bool colon = c == ':';
      if (colon) ++pos_;
      char op = pos_ < in_.size() ? in_[pos_] : '}';
      if (op == '-' || op == '+' || op == '?') ++pos_;
      std::string word = Process('}');
      bool set = v != nullptr && (!colon || !v->empty());
      switch (op) {
        case '-':
          return set ? *v : word;
        case '+':
          return set ? word : std::string();
        default:  // '?': BuildKit fails the build when unset; keep the value
          if (!set && unset_ != nullptr) unset_->push_back(name);
          return set ? *v : std::string();
      }
    }
    if (c == '#' || c == '%') {
      bool longest = pos_ + 1 < in_.size() && in_[pos_ + 1] == c;
      pos_ += longest ? 2 : 1;
      std::string pattern = Process('}');
      std::string value = v ? *v : std::string();
      if (v == nullptr && unset_ != nullptr) unset_->push_back(name);
      if (c == '#') {
        if (longest) {
          for (size_t n = value.size() + 1; n-- > 0;) {
            if (GlobMatch(pattern, std::string_view(value).substr(0, n))) return value.substr(n);
          }
        } else {
          for (size_t n = 0; n <= value.size(); ++n) {
            if (GlobMatch(pattern, std::string_view(value).substr(0, n))) return value.substr(n);
          }
        }
      } else {
        if (longest) {
          for (size_t n = 0; n <= value.size(); ++n) {
            if (GlobMatch(pattern, std::string_view(value).substr(n))) return value.substr(0, n);
          }
        } else {
          for (size_t n = value.size() + 1; n-- > 0;) {
            if (GlobMatch(pattern, std::string_view(value).substr(n))) return value.substr(0, n);
          }
        }
      }
      return value;
    }
    if (c == '/') {
      ++pos_;
      bool all = pos_ < in_.size() && in_[pos_] == '/';
      if (all) ++pos_;
      std::string pattern = Process('/');
      std::string replacement = Process('}');
      std::string value = v ? *v : std::string();
      if (pattern.empty()) return value;
      std::string result;
      size_t i = 0;
      bool replaced = false;
      while (i < value.size()) {
        if (!replaced || all) {
          size_t found = value.find(pattern, i);
          if (found != std::string::npos) {
            result.append(value, i, found - i);
            result += replacement;
            i = found + pattern.size();
            replaced = true;
            continue;
          }
        }
        result.append(value, i, std::string::npos);
        break;
      }
      return result;
    }
    // Unsupported modifier: skip to the closing brace, as BuildKit reports an error.
    Process('}');
    return "";
  }

  std::string_view in_;
  const std::map<std::string, std::string>& vars_;
  char escape_;
  std::vector<std::string>* unset_;
  size_t pos_ = 0;
};

}  // namespace

std::string ProcessWord(std::string_view word, const std::map<std::string, std::string>& vars,
                        char escape, std::vector<std::string>* unset) {
  Expander e(word, vars, escape, unset);
  return e.Process();
}

}  // namespace policycheck::dockerfile
