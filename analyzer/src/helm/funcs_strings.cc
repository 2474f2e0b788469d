// Sprig string and regular-expression functions.
#include <re2/re2.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "funcs.h"

namespace policycheck::helm {
namespace {

using P = ParamType;
using Args = std::span<const Value>;

bool IsWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// Trims with the trace kept.
Value SubValue(const Value& s, size_t b, size_t e) {
  if (!s.trace()) return Value(s.AsString().substr(b, e - b));
  TracedBuilder tb;
  tb.AppendFrom(s, b, e);
  return tb.Finish();
}

Value Indent(int64_t n, const Value& v, bool leading_newline) {
  if (n < 0) n = 0;
  std::string pad(static_cast<size_t>(n), ' ');
  const std::string& s = v.AsString();
  TracedBuilder tb;
  if (leading_newline) tb.AppendPlain("\n");
  tb.AppendPlain(pad);
  size_t start = 0;
  while (true) {
    size_t nl = s.find('\n', start);
    if (nl == std::string::npos) {
      tb.AppendFrom(v, start, s.size());
      break;
    }
    tb.AppendFrom(v, start, nl + 1);
    tb.AppendPlain(pad);
    start = nl + 1;
  }
  return tb.Finish();
}

std::string Title(const std::string& s) {
  std::string out = s;
  bool prev_letter = false;
  for (char& c : out) {
    bool letter = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '\'' ||
                  (static_cast<unsigned char>(c) & 0x80);
    if (letter && !prev_letter) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    prev_letter = letter;
  }
  return out;
}

std::unique_ptr<RE2> Compile(FuncContext& c, const std::string& pattern) {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_max_mem(c.limits().max_regex_memory);
  auto re = std::make_unique<RE2>(pattern, o);
  if (!re->ok()) Throw("error parsing regexp: " + re->error() + ": `" + pattern + "`");
  return re;
}

// Go's Regexp.Expand template: $1, ${1}, ${name}, $$.
void Expand(std::string* out, std::string_view tmpl, const RE2& re, const std::vector<re2::StringPiece>& groups) {
  for (size_t i = 0; i < tmpl.size(); ++i) {
    char c = tmpl[i];
    if (c != '$' || i + 1 >= tmpl.size()) {
      out->push_back(c);
      continue;
    }
    if (tmpl[i + 1] == '$') {
      out->push_back('$');
      ++i;
      continue;
    }
    std::string name;
    size_t j = i + 1;
    bool braced = tmpl[j] == '{';
    if (braced) {
      size_t close = tmpl.find('}', j);
      if (close == std::string_view::npos) {
        out->push_back(c);
        continue;
      }
      name = std::string(tmpl.substr(j + 1, close - j - 1));
      j = close + 1;
    } else {
      while (j < tmpl.size() && (std::isalnum(static_cast<unsigned char>(tmpl[j])) || tmpl[j] == '_')) ++j;
      name = std::string(tmpl.substr(i + 1, j - i - 1));
    }
    if (name.empty()) {
      out->push_back(c);
      continue;
    }
    int idx = -1;
    if (std::all_of(name.begin(), name.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); })) {
      idx = std::atoi(name.c_str());
    } else {
      auto& named = re.NamedCapturingGroups();
      auto it = named.find(name);
      if (it != named.end()) idx = it->second;
    }
    if (idx >= 0 && idx < static_cast<int>(groups.size()) && groups[idx].data()) out->append(groups[idx].data(), groups[idx].size());
    i = j - 1;
  }
}

// Iterates non-overlapping matches like Go's FindAllStringSubmatchIndex.
template <typename F>
void ForEachMatch(const RE2& re, std::string_view s, int limit, F f) {
  int ngroups = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> groups(ngroups);
  size_t pos = 0;
  int count = 0;
  size_t prev_end = std::string_view::npos;
  while (pos <= s.size() && (limit < 0 || count < limit)) {
    if (!re.Match(s, pos, s.size(), RE2::UNANCHORED, groups.data(), ngroups)) break;
    size_t b = groups[0].data() - s.data();
    size_t e = b + groups[0].size();
    if (e == b && b == prev_end) {
      // Empty match right after the previous match: advance.
      if (pos >= s.size()) break;
      ++pos;
      continue;
    }
    f(b, e, groups);
    ++count;
    prev_end = e;
    pos = e > b ? e : e + 1;
  }
}

std::string ReplaceAll(FuncContext& c, const std::string& pattern, const std::string& s, const std::string& repl,
                       bool literal) {
  auto re = Compile(c, pattern);
  std::string out;
  size_t last = 0;
  ForEachMatch(*re, s, -1, [&](size_t b, size_t e, const std::vector<re2::StringPiece>& g) {
    out.append(s, last, b - last);
    if (literal) out += repl;
    else Expand(&out, repl, *re, g);
    last = e;
    c.CheckSize(static_cast<int64_t>(out.size()));
  });
  out.append(s, last, std::string::npos);
  return out;
}

List RegexSplit(FuncContext& c, const std::string& pattern, const std::string& s, int64_t n) {
  auto re = Compile(c, pattern);
  List out;
  if (n == 0) return out;
  if (pattern.empty() || s.empty()) {
    // Go: splitting "" gives [""]
  }
  size_t beg = 0;
  ForEachMatch(*re, s, n > 0 ? static_cast<int>(n - 1) : -1, [&](size_t b, size_t e, const auto&) {
    if (e == 0) return;
    out.push_back(Value(s.substr(beg, b - beg)));
    beg = e;
  });
  out.push_back(Value(s.substr(beg)));
  return out;
}

Value Quote(Args a, char q) {
  std::string out;
  bool first = true;
  for (const Value& v : a) {
    if (v.is_nil()) continue;
    if (!first) out.push_back(' ');
    first = false;
    if (q == '"') out += GoQuote(StrVal(v));
    else out += "'" + StrVal(v) + "'";
  }
  return Value(out);
}

}  // namespace

void RegisterStringFuncs(FuncRegistry& r) {
  r.Add({"upper", {P::kString}, false, [](FuncContext&, Args a) {
           std::string s = a[0].AsString();
           for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
           return Value(s);
         }});
  r.Add({"lower", {P::kString}, false, [](FuncContext&, Args a) {
           std::string s = a[0].AsString();
           for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
           return Value(s);
         }});
  r.Add({"title", {P::kString}, false, [](FuncContext&, Args a) { return Value(Title(a[0].AsString())); }});
  r.Add({"untitle", {P::kString}, false, [](FuncContext&, Args a) {
           std::string s = a[0].AsString();
           bool prev = false;
           for (char& c : s) {
             bool letter = !IsWs(c);
             if (letter && !prev) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
             prev = letter;
           }
           return Value(s);
         }});
  r.Add({"trim", {P::kString}, false, [](FuncContext&, Args a) {
           const std::string& s = a[0].AsString();
           size_t b = 0, e = s.size();
           while (b < e && IsWs(s[b])) ++b;
           while (e > b && IsWs(s[e - 1])) --e;
           return SubValue(a[0], b, e);
         }});
  r.Add({"trimAll", {P::kString, P::kString}, false, [](FuncContext&, Args a) {
           const std::string& cut = a[0].AsString();
           const std::string& s = a[1].AsString();
           size_t b = s.find_first_not_of(cut);
           if (b == std::string::npos) return Value("");
           size_t e = s.find_last_not_of(cut);
           return SubValue(a[1], b, e + 1);
         }});
  r.Add({"trimPrefix", {P::kString, P::kString}, false, [](FuncContext&, Args a) {
           const std::string& p = a[0].AsString();
           const std::string& s = a[1].AsString();
           if (s.compare(0, p.size(), p) == 0 && s.size() >= p.size()) return SubValue(a[1], p.size(), s.size());
           return a[1];
         }});
  r.Add({"trimSuffix", {P::kString, P::kString}, false, [](FuncContext&, Args a) {
           const std::string& p = a[0].AsString();
           const std::string& s = a[1].AsString();
           if (s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0)
             return SubValue(a[1], 0, s.size() - p.size());
           return a[1];
         }});
  r.Add({"trunc", {P::kInt, P::kString}, false, [](FuncContext&, Args a) {
           int64_t n = a[0].AsInt();
           const std::string& s = a[1].AsString();
           int64_t len = static_cast<int64_t>(s.size());
           if (n < 0 && len + n > 0) return SubValue(a[1], static_cast<size_t>(len + n), s.size());
           if (n >= 0 && len > n) return SubValue(a[1], 0, static_cast<size_t>(n));
           return a[1];
         }});
  r.Add({"indent", {P::kInt, P::kString}, false,
         [](FuncContext& c, Args a) {
           c.CheckSize(static_cast<int64_t>(a[1].AsString().size()) * (1 + std::max<int64_t>(0, a[0].AsInt())));
           return Indent(a[0].AsInt(), a[1], false);
         }});
  r.Add({"nindent", {P::kInt, P::kString}, false,
         [](FuncContext& c, Args a) {
           c.CheckSize(static_cast<int64_t>(a[1].AsString().size()) * (1 + std::max<int64_t>(0, a[0].AsInt())));
           return Indent(a[0].AsInt(), a[1], true);
         }});
  r.Add({"replace", {P::kString, P::kString, P::kString}, false, [](FuncContext& c, Args a) {
           const std::string& from = a[0].AsString();
           const std::string& to = a[1].AsString();
           const std::string& s = a[2].AsString();
           std::string out;
           if (from.empty()) {
             // Go: inserts `to` around every rune.
             out += to;
             for (size_t i = 0; i < s.size(); ++i) {
               out.push_back(s[i]);
               if (i + 1 == s.size() || (static_cast<unsigned char>(s[i + 1]) & 0xC0) != 0x80) out += to;
             }
             c.CheckSize(static_cast<int64_t>(out.size()));
             return Value(out);
           }
           size_t pos = 0;
           while (true) {
             size_t f = s.find(from, pos);
             if (f == std::string::npos) break;
             out.append(s, pos, f - pos);
             out += to;
             pos = f + from.size();
             c.CheckSize(static_cast<int64_t>(out.size()));
           }
           out.append(s, pos, std::string::npos);
           return Value(out);
         }});
  r.Add({"contains", {P::kString, P::kString}, false, [](FuncContext&, Args a) {
           return Value(a[1].AsString().find(a[0].AsString()) != std::string::npos);
         }});
  r.Add({"hasPrefix", {P::kString, P::kString}, false,
         [](FuncContext&, Args a) { return Value(a[1].AsString().starts_with(a[0].AsString())); }});
  r.Add({"hasSuffix", {P::kString, P::kString}, false,
         [](FuncContext&, Args a) { return Value(a[1].AsString().ends_with(a[0].AsString())); }});
  r.Add({"quote", {P::kAny}, true, [](FuncContext&, Args a) { return Quote(a, '"'); }});
  r.Add({"squote", {P::kAny}, true, [](FuncContext&, Args a) { return Quote(a, '\''); }});
  r.Add({"cat", {P::kAny}, true, [](FuncContext&, Args a) {
           std::string out;
           bool first = true;
           for (const Value& v : a) {
             if (v.is_nil()) continue;
             if (!first) out.push_back(' ');
             first = false;
             AppendGoValue(&out, v);
           }
           return Value(out);
         }});
  r.Add({"repeat", {P::kInt, P::kString}, false, [](FuncContext& c, Args a) {
           int64_t n = a[0].AsInt();
           const std::string& s = a[1].AsString();
           if (n < 0) Throw("strings: negative Repeat count");
           c.CheckSize(n * static_cast<int64_t>(s.size()));
           std::string out;
           out.reserve(n * s.size());
           for (int64_t i = 0; i < n; ++i) out += s;
           return Value(out);
         }});
  r.Add({"substr", {P::kInt, P::kInt, P::kString}, false, [](FuncContext&, Args a) {
           int64_t start = a[0].AsInt(), end = a[1].AsInt();
           const std::string& s = a[2].AsString();
           int64_t len = static_cast<int64_t>(s.size());
           if (start < 0) return Value(s.substr(0, std::min<int64_t>(std::max<int64_t>(end, 0), len)));
           if (end < 0 || end > len) return Value(start > len ? std::string() : s.substr(start));
           if (start > end) return Value("");
           return Value(s.substr(start, end - start));
         }});
  r.Add({"nospace", {P::kString}, false, [](FuncContext&, Args a) {
           std::string out;
           for (char c : a[0].AsString())
             if (!IsWs(c)) out.push_back(c);
           return Value(out);
         }});
  r.Add({"abbrev", {P::kInt, P::kString}, false, [](FuncContext&, Args a) {
           int64_t w = a[0].AsInt();
           const std::string& s = a[1].AsString();
           if (w < 4 || static_cast<int64_t>(s.size()) <= w) return Value(s);
           return Value(s.substr(0, w - 3) + "...");
         }});
  r.Add({"initials", {P::kString}, false, [](FuncContext&, Args a) {
           std::string out;
           bool prev_ws = true;
           for (char c : a[0].AsString()) {
             if (!IsWs(c) && prev_ws) out.push_back(c);
             prev_ws = IsWs(c);
           }
           return Value(out);
         }});
  r.Add({"wrap", {P::kInt, P::kString}, false, [](FuncContext&, Args a) {
           // Word wrap at `n` columns (goutils.Wrap).
           int64_t n = std::max<int64_t>(1, a[0].AsInt());
           const std::string& s = a[1].AsString();
           std::string out, line;
           size_t i = 0;
           while (i < s.size()) {
             size_t e = s.find(' ', i);
             std::string word = s.substr(i, e == std::string::npos ? std::string::npos : e - i);
             if (!line.empty() && static_cast<int64_t>(line.size() + 1 + word.size()) > n) {
               out += line + "\n";
               line = word;
             } else {
               line += (line.empty() ? "" : " ") + word;
             }
             if (e == std::string::npos) break;
             i = e + 1;
           }
           out += line;
           return Value(out);
         }});
  r.Add({"plural", {P::kString, P::kString, P::kInt}, false,
         [](FuncContext&, Args a) { return a[2].AsInt() == 1 ? a[0] : a[1]; }});
  auto case_conv = [](const std::string& s, char sep, bool camel) {
    std::vector<std::string> words;
    std::string cur;
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (c == '_' || c == '-' || c == ' ' || c == '.') {
        if (!cur.empty()) words.push_back(cur);
        cur.clear();
        continue;
      }
      if (std::isupper(static_cast<unsigned char>(c)) && !cur.empty() &&
          (std::islower(static_cast<unsigned char>(cur.back())) ||
           (i + 1 < s.size() && std::islower(static_cast<unsigned char>(s[i + 1]))))) {
        words.push_back(cur);
        cur.clear();
      }
      cur.push_back(c);
    }
    if (!cur.empty()) words.push_back(cur);
    std::string out;
    for (size_t i = 0; i < words.size(); ++i) {
      std::string w = words[i];
      for (char& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (camel) {
        w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
        out += w;
      } else {
        if (i) out.push_back(sep);
        out += w;
      }
    }
    return out;
  };
  r.Add({"snakecase", {P::kString}, false, [case_conv](FuncContext&, Args a) { return Value(case_conv(a[0].AsString(), '_', false)); }});
  r.Add({"kebabcase", {P::kString}, false, [case_conv](FuncContext&, Args a) { return Value(case_conv(a[0].AsString(), '-', false)); }});
  r.Add({"camelcase", {P::kString}, false, [case_conv](FuncContext&, Args a) { return Value(case_conv(a[0].AsString(), 0, true)); }});
  r.Add({"swapcase", {P::kString}, false, [](FuncContext&, Args a) {
           std::string s = a[0].AsString();
           for (char& c : s)
             c = std::isupper(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c))
                                                             : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
           return Value(s);
         }});
  r.Add({"split", {P::kString, P::kString}, false, [](FuncContext&, Args a) {
           const std::string& sep = a[0].AsString();
           const std::string& s = a[1].AsString();
           Map m;
           size_t pos = 0;
           int i = 0;
           if (sep.empty()) {
             for (char c : s) m["_" + std::to_string(i++)] = Value(std::string(1, c));
             return Value(m);
           }
           while (true) {
             size_t f = s.find(sep, pos);
             m["_" + std::to_string(i++)] = Value(s.substr(pos, f == std::string::npos ? std::string::npos : f - pos));
             if (f == std::string::npos) break;
             pos = f + sep.size();
           }
           return Value(m);
         }});
  auto split_list = [](const std::string& sep, const std::string& s, int64_t n) {
    List l;
    if (n == 0) return l;
    if (sep.empty()) {
      for (char c : s) l.push_back(Value(std::string(1, c)));
      return l;
    }
    size_t pos = 0;
    while (true) {
      size_t f = s.find(sep, pos);
      if (f == std::string::npos || (n > 0 && static_cast<int64_t>(l.size()) == n - 1)) {
        l.push_back(Value(s.substr(pos)));
        break;
      }
      l.push_back(Value(s.substr(pos, f - pos)));
      pos = f + sep.size();
    }
    return l;
  };
  r.Add({"splitList", {P::kString, P::kString}, false,
         [split_list](FuncContext&, Args a) { return Value(split_list(a[0].AsString(), a[1].AsString(), -1)); }});
  r.Add({"splitn", {P::kString, P::kInt, P::kString}, false, [split_list](FuncContext&, Args a) {
           List l = split_list(a[0].AsString(), a[2].AsString(), a[1].AsInt());
           Map m;
           for (size_t i = 0; i < l.size(); ++i) m["_" + std::to_string(i)] = l[i];
           return Value(m);
         }});
  r.Add({"join", {P::kString, P::kAny}, false, [](FuncContext&, Args a) {
           std::string out;
           bool first = true;
           for (const std::string& s : StringList(a[1])) {
             if (!first) out += a[0].AsString();
             first = false;
             out += s;
           }
           return Value(out);
         }});
  r.Add({"sortAlpha", {P::kAny}, false, [](FuncContext&, Args a) {
           std::vector<std::string> s = StringList(a[0]);
           std::sort(s.begin(), s.end());
           List l;
           for (auto& x : s) l.push_back(Value(x));
           return Value(l);
         }});
  r.Add({"toString", {P::kAny}, false, [](FuncContext&, Args a) { return Value(StrVal(a[0])); }});
  r.Add({"toStrings", {P::kAny}, false, [](FuncContext&, Args a) {
           List l;
           if (a[0].IsListLike())
             for (const Value& v : a[0].AsList()) l.push_back(Value(StrVal(v)));
           else if (!a[0].is_nil())
             l.push_back(Value(StrVal(a[0])));
           return Value(l);
         }});
  // Regular expressions (Go's regexp is RE2 syntax).
  r.Add({"regexMatch", {P::kString, P::kString}, false, [](FuncContext& c, Args a) {
           auto re = Compile(c, a[0].AsString());
           return Value(RE2::PartialMatch(a[1].AsString(), *re));
         }});
  r.Add({"regexFind", {P::kString, P::kString}, false, [](FuncContext& c, Args a) {
           auto re = Compile(c, a[0].AsString());
           re2::StringPiece m;
           const std::string& s = a[1].AsString();
           if (re->Match(s, 0, s.size(), RE2::UNANCHORED, &m, 1)) return Value(std::string(m.data(), m.size()));
           return Value("");
         }});
  r.Add({"regexFindAll", {P::kString, P::kString, P::kInt}, false, [](FuncContext& c, Args a) {
           auto re = Compile(c, a[0].AsString());
           const std::string& s = a[1].AsString();
           List l;
           ForEachMatch(*re, s, static_cast<int>(a[2].AsInt() < 0 ? -1 : a[2].AsInt()),
                        [&](size_t b, size_t e, const auto&) { l.push_back(Value(s.substr(b, e - b))); });
           return Value(l);
         }});
  r.Add({"regexReplaceAll", {P::kString, P::kString, P::kString}, false, [](FuncContext& c, Args a) {
           return Value(ReplaceAll(c, a[0].AsString(), a[1].AsString(), a[2].AsString(), false));
         }});
  r.Add({"regexReplaceAllLiteral", {P::kString, P::kString, P::kString}, false, [](FuncContext& c, Args a) {
           return Value(ReplaceAll(c, a[0].AsString(), a[1].AsString(), a[2].AsString(), true));
         }});
  r.Add({"regexSplit", {P::kString, P::kString, P::kInt}, false, [](FuncContext& c, Args a) {
           return Value(RegexSplit(c, a[0].AsString(), a[1].AsString(), a[2].AsInt()));
         }});
  r.Add({"regexQuoteMeta", {P::kString}, false, [](FuncContext&, Args a) {
           std::string out;
           for (char ch : a[0].AsString()) {
             if (std::strchr("\\.+*?()|[]{}^$", ch) && ch) out.push_back('\\');
             out.push_back(ch);
           }
           return Value(out);
         }});
  for (const char* name : {"regexMatch", "regexFind", "regexFindAll", "regexReplaceAll", "regexReplaceAllLiteral",
                           "regexSplit"}) {
    FuncSpec s = *r.Find(name);
    s.name = std::string("must") + static_cast<char>(std::toupper(name[0])) + (name + 1);
    r.Add(std::move(s));
  }
}

}  // namespace policycheck::helm
