#include <algorithm>
#include <cmath>
#include <charconv>
#include <cstdlib>

#include "template.h"

namespace policycheck::helm {

std::pair<int, int> ParsedSource::LineCol(int pos) const {
  auto it = std::upper_bound(line_starts.begin(), line_starts.end(), pos);
  int line = static_cast<int>(it - line_starts.begin());
  if (line == 0) return {1, pos};
  return {line, pos - line_starts[line - 1]};
}

namespace {

struct ParseError {
  std::string msg;
  int pos;
};

enum class Tok {
  kText, kLeft, kRight, kSpace, kIdent, kField, kVariable, kDot, kString, kRawString, kChar,
  kNumber, kBool, kNil, kPipe, kLParen, kRParen, kDeclare, kAssign, kComma, kEOF,
  kIf, kElse, kEnd, kRange, kWith, kDefine, kTemplate, kBlock, kBreak, kContinue
};

struct Token {
  Tok type;
  int pos;
  std::string_view val;
  bool trim = false;  // kLeft/kRight: whitespace trim
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsAlnum(unsigned char c) { return c == '_' || std::isalnum(c) || c >= 0x80; }

// Tokenizes the whole source up front.
class Lexer {
 public:
  explicit Lexer(std::string_view in) : in_(in) {}

  std::vector<Token> Run() {
    while (pos_ <= in_.size()) {
      size_t x = in_.find("{{", pos_);
      if (x == std::string_view::npos) {
        if (pos_ < in_.size()) Emit(Tok::kText, pos_, in_.size());
        break;
      }
      // Left trim marker "{{- " trims preceding whitespace.
      bool ltrim = x + 3 < in_.size() + 0 && in_.substr(x + 2, 1) == "-" && x + 3 < in_.size() &&
                   IsSpace(in_[x + 3]);
      size_t text_end = x;
      if (ltrim) {
        while (text_end > pos_ && IsSpace(in_[text_end - 1])) --text_end;
      }
      if (text_end > pos_) Emit(Tok::kText, pos_, text_end);
      pos_ = x + 2 + (ltrim ? 2 : 0);
      // Comment.
      size_t p = pos_;
      if (in_.substr(p, 2) == "/*") {
        size_t end = in_.find("*/", p + 2);
        if (end == std::string_view::npos) throw ParseError{"unclosed comment", static_cast<int>(x)};
        p = end + 2;
        bool rtrim = false;
        if (in_.substr(p, 4) == " -}}") {
          rtrim = true;
          p += 4;
        } else if (in_.substr(p, 2) == "}}") {
          p += 2;
        } else {
          throw ParseError{"comment ends before closing delimiter", static_cast<int>(x)};
        }
        pos_ = p;
        if (rtrim)
          while (pos_ < in_.size() && IsSpace(in_[pos_])) ++pos_;
        continue;
      }
      tokens_.push_back({Tok::kLeft, static_cast<int>(x), in_.substr(x, 2), ltrim});
      LexAction(static_cast<int>(x));
    }
    tokens_.push_back({Tok::kEOF, static_cast<int>(in_.size()), {}});
    return std::move(tokens_);
  }

 private:
  void Emit(Tok t, size_t b, size_t e) {
    tokens_.push_back({t, static_cast<int>(b), in_.substr(b, e - b)});
  }

  void LexAction(int left_pos) {
    int paren = 0;
    while (true) {
      if (pos_ >= in_.size()) throw ParseError{"unclosed action", left_pos};
      // Right delimiter, with trim marker.
      if (in_.substr(pos_, 4) == " -}}" || in_.substr(pos_, 4) == "\t-}}" ||
          in_.substr(pos_, 4) == "\n-}}" || in_.substr(pos_, 4) == "\r-}}") {
        tokens_.push_back({Tok::kRight, static_cast<int>(pos_ + 1), in_.substr(pos_ + 1, 3), true});
        pos_ += 4;
        while (pos_ < in_.size() && IsSpace(in_[pos_])) ++pos_;
        return;
      }
      if (in_.substr(pos_, 2) == "}}") {
        if (paren > 0) throw ParseError{"unclosed left paren", static_cast<int>(pos_)};
        tokens_.push_back({Tok::kRight, static_cast<int>(pos_), in_.substr(pos_, 2), false});
        pos_ += 2;
        return;
      }
      char c = in_[pos_];
      size_t start = pos_;
      if (IsSpace(c)) {
        while (pos_ < in_.size() && IsSpace(in_[pos_]) &&
               !(in_.substr(pos_, 4) == " -}}" || in_.substr(pos_, 4) == "\t-}}" ||
                 in_.substr(pos_, 4) == "\n-}}" || in_.substr(pos_, 4) == "\r-}}"))
          ++pos_;
        Emit(Tok::kSpace, start, pos_);
        continue;
      }
      switch (c) {
        case '=': ++pos_; Emit(Tok::kAssign, start, pos_); continue;
        case ':':
          if (in_.substr(pos_, 2) != ":=") throw ParseError{"expected :=", static_cast<int>(pos_)};
          pos_ += 2;
          Emit(Tok::kDeclare, start, pos_);
          continue;
        case '|': ++pos_; Emit(Tok::kPipe, start, pos_); continue;
        case ',': ++pos_; Emit(Tok::kComma, start, pos_); continue;
        case '(': ++pos_; ++paren; Emit(Tok::kLParen, start, pos_); continue;
        case ')':
          ++pos_;
          if (--paren < 0) throw ParseError{"unexpected right paren", static_cast<int>(start)};
          Emit(Tok::kRParen, start, pos_);
          continue;
        case '"': {
          ++pos_;
          while (true) {
            if (pos_ >= in_.size() || in_[pos_] == '\n')
              throw ParseError{"unterminated quoted string", static_cast<int>(start)};
            if (in_[pos_] == '\\') {
              pos_ += 2;
              continue;
            }
            if (in_[pos_++] == '"') break;
          }
          Emit(Tok::kString, start, pos_);
          continue;
        }
        case '`': {
          size_t end = in_.find('`', pos_ + 1);
          if (end == std::string_view::npos) throw ParseError{"unterminated raw quoted string", static_cast<int>(start)};
          pos_ = end + 1;
          Emit(Tok::kRawString, start, pos_);
          continue;
        }
        case '\'': {
          ++pos_;
          while (true) {
            if (pos_ >= in_.size() || in_[pos_] == '\n')
              throw ParseError{"unterminated character constant", static_cast<int>(start)};
            if (in_[pos_] == '\\') {
              pos_ += 2;
              continue;
            }
            if (in_[pos_++] == '\'') break;
          }
          Emit(Tok::kChar, start, pos_);
          continue;
        }
        case '$': {
          ++pos_;
          while (pos_ < in_.size() && IsAlnum(in_[pos_])) ++pos_;
          Emit(Tok::kVariable, start, pos_);
          continue;
        }
        case '.': {
          if (pos_ + 1 < in_.size() && std::isdigit(static_cast<unsigned char>(in_[pos_ + 1]))) {
            LexNumber();
            continue;
          }
          ++pos_;
          if (pos_ < in_.size() && IsAlnum(in_[pos_])) {
            while (pos_ < in_.size() && IsAlnum(in_[pos_])) ++pos_;
            Emit(Tok::kField, start, pos_);
          } else {
            Emit(Tok::kDot, start, pos_);
          }
          continue;
        }
        default: break;
      }
      if (c == '+' || c == '-' || std::isdigit(static_cast<unsigned char>(c))) {
        LexNumber();
        continue;
      }
      if (IsAlnum(c)) {
        while (pos_ < in_.size() && IsAlnum(in_[pos_])) ++pos_;
        std::string_view w = in_.substr(start, pos_ - start);
        Tok t = Tok::kIdent;
        if (w == "true" || w == "false") t = Tok::kBool;
        else if (w == "nil") t = Tok::kNil;
        else if (w == "if") t = Tok::kIf;
        else if (w == "else") t = Tok::kElse;
        else if (w == "end") t = Tok::kEnd;
        else if (w == "range") t = Tok::kRange;
        else if (w == "with") t = Tok::kWith;
        else if (w == "define") t = Tok::kDefine;
        else if (w == "template") t = Tok::kTemplate;
        else if (w == "block") t = Tok::kBlock;
        else if (w == "break") t = Tok::kBreak;
        else if (w == "continue") t = Tok::kContinue;
        Emit(t, start, pos_);
        continue;
      }
      throw ParseError{std::string("unrecognized character in action: ") + c, static_cast<int>(pos_)};
    }
  }

  void LexNumber() {
    size_t start = pos_;
    if (in_[pos_] == '+' || in_[pos_] == '-') ++pos_;
    while (pos_ < in_.size()) {
      char c = in_[pos_];
      if (IsAlnum(c) || c == '.') {
        ++pos_;
      } else if ((c == '+' || c == '-') && pos_ > start &&
                 (in_[pos_ - 1] == 'e' || in_[pos_ - 1] == 'E' || in_[pos_ - 1] == 'p' ||
                  in_[pos_ - 1] == 'P')) {
        ++pos_;
      } else {
        break;
      }
    }
    Emit(Tok::kNumber, start, pos_);
  }

  std::string_view in_;
  size_t pos_ = 0;
  std::vector<Token> tokens_;
};

std::string Unquote(std::string_view q, int pos) {
  if (q.front() == '`') return std::string(q.substr(1, q.size() - 2));
  std::string out;
  for (size_t i = 1; i + 1 < q.size(); ++i) {
    char c = q[i];
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (i + 2 >= q.size()) throw ParseError{"invalid syntax", pos};
    char e = q[++i];
    switch (e) {
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case 'r': out.push_back('\r'); break;
      case 'a': out.push_back('\a'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'v': out.push_back('\v'); break;
      case '\\': out.push_back('\\'); break;
      case '"': out.push_back('"'); break;
      case '\'': out.push_back('\''); break;
      case 'x': case 'u': case 'U': {
        int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        uint32_t r = 0;
        if (i + n + 1 >= q.size()) throw ParseError{"invalid syntax", pos};
        for (int k = 0; k < n; ++k) {
          char h = q[++i];
          if (!std::isxdigit(static_cast<unsigned char>(h))) throw ParseError{"invalid syntax", pos};
          r = r * 16 + (std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10));
        }
        if (e == 'x') {
          out.push_back(static_cast<char>(r));
        } else {
          // Encode rune r as UTF-8.
          if (r < 0x80) out.push_back(static_cast<char>(r));
          else if (r < 0x800) { out.push_back(static_cast<char>(0xC0 | (r >> 6))); out.push_back(static_cast<char>(0x80 | (r & 0x3F))); }
          else if (r < 0x10000) { out.push_back(static_cast<char>(0xE0 | (r >> 12))); out.push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F))); out.push_back(static_cast<char>(0x80 | (r & 0x3F))); }
          else { out.push_back(static_cast<char>(0xF0 | (r >> 18))); out.push_back(static_cast<char>(0x80 | ((r >> 12) & 0x3F))); out.push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F))); out.push_back(static_cast<char>(0x80 | (r & 0x3F))); }
        }
        break;
      }
      default:
        if (e >= '0' && e <= '7' && i + 3 < q.size()) {
          if (q[i + 1] < '0' || q[i + 1] > '7' || q[i + 2] < '0' || q[i + 2] > '7')
            throw ParseError{"invalid syntax", pos};
          int r = (e - '0') * 64 + (q[i + 1] - '0') * 8 + (q[i + 2] - '0');
          if (r > 255) throw ParseError{"invalid syntax", pos};
          i += 2;
          out.push_back(static_cast<char>(r));
          break;
        }
        throw ParseError{"invalid syntax", pos};
    }
  }
  return out;
}

// Parses a Go number literal the way text/template's NumberNode does.
void ParseNumber(std::string_view text, Arg* a) {
  std::string s;
  for (char c : text)
    if (c != '_') s.push_back(c);
  bool neg = false;
  std::string_view body = s;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  auto lower = [](std::string_view v) {
    std::string r(v);
    for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return r;
  };
  std::string lb = lower(body);
  int base = 10;
  std::string_view digits = lb;
  bool hex_float = false;
  if (lb.size() > 1 && lb[0] == '0' && (lb[1] == 'x' || lb[1] == 'o' || lb[1] == 'b')) {
    base = lb[1] == 'x' ? 16 : lb[1] == 'o' ? 8 : 2;
    digits = std::string_view(lb).substr(2);
    if (base == 16 && (digits.find('p') != std::string_view::npos || digits.find('.') != std::string_view::npos))
      hex_float = true;
  } else if (lb.size() > 1 && lb[0] == '0' && lb.find_first_of(".e") == std::string::npos) {
    base = 8;
    digits = std::string_view(lb).substr(1);
  }
  if (!hex_float) {
    uint64_t u = 0;
    auto r = std::from_chars(digits.data(), digits.data() + digits.size(), u, base);
    if (r.ec == std::errc() && r.ptr == digits.data() + digits.size() && !digits.empty()) {
      if (u <= static_cast<uint64_t>(INT64_MAX) + (neg ? 1 : 0)) {
        a->number_is_int = true;
        a->int_value = neg ? static_cast<int64_t>(0 - u) : static_cast<int64_t>(u);
        a->float_value = static_cast<double>(a->int_value);
        a->number_is_float = true;
        a->constant = Value::Int(a->int_value);
        return;
      }
    }
  }
  // Float (decimal or hex).
  char* end = nullptr;
  std::string full = (neg ? "-" : "") + lb;
  double d = std::strtod(full.c_str(), &end);
  if (end != full.c_str() + full.size() || full.empty()) {
    throw ParseError{"bad number syntax: " + std::string(text), a->pos};
  }
  a->number_is_float = true;
  a->float_value = d;
  if (d == std::trunc(d) && std::fabs(d) < 9.2e18) {
    a->number_is_int = true;
    a->int_value = static_cast<int64_t>(d);
  }
  // idealConstant: float when the text has a float form and is not a hex int.
  a->constant = Value(d);
}

class Parser {
 public:
  Parser(const ParsedSource& src, int source_index, const std::function<bool(std::string_view)>& is_func)
      : src_(src), source_index_(source_index), is_func_(is_func) {}

  ParseResult Run() {
    ParseResult r;
    try {
      toks_ = Lexer(src_.text).Run();
      Tok end_tok;
      r.root = ParseList(&end_tok, /*top=*/true);
      r.defines = std::move(defines_);
    } catch (const ParseError& e) {
      auto [line, col] = src_.LineCol(e.pos);
      (void)col;
      r.error = "template: " + src_.name + ":" + std::to_string(line) + ": " + e.msg;
      r.error_line = line;
    }
    return r;
  }

 private:
  const Token& Peek() const { return toks_[i_]; }
  Token Next() { return toks_[i_++]; }
  const Token& PeekNonSpace() {
    while (toks_[i_].type == Tok::kSpace) ++i_;
    return toks_[i_];
  }
  Token NextNonSpace() {
    PeekNonSpace();
    return toks_[i_++];
  }
  [[noreturn]] void Unexpected(const Token& t, std::string_view ctx) {
    std::string what = t.type == Tok::kEOF ? "EOF" : "\"" + std::string(t.val) + "\"";
    if (t.type == Tok::kEOF) throw ParseError{"unexpected EOF", t.pos};
    throw ParseError{"unexpected " + what + " in " + std::string(ctx), t.pos};
  }
  void ExpectRight(std::string_view ctx) {
    Token t = NextNonSpace();
    if (t.type != Tok::kRight) Unexpected(t, ctx);
  }

  // Parses nodes until {{end}} / {{else}} (not consumed past the keyword) or EOF.
  std::vector<Node> ParseList(Tok* end_tok, bool top) {
    std::vector<Node> list;
    while (true) {
      const Token& t = Peek();
      if (t.type == Tok::kEOF) {
        if (!top) throw ParseError{"unexpected EOF", t.pos};
        *end_tok = Tok::kEOF;
        return list;
      }
      if (t.type == Tok::kText) {
        Node n;
        n.type = Node::kText;
        n.pos = t.pos;
        n.text = std::string(t.val);
        list.push_back(std::move(n));
        ++i_;
        continue;
      }
      // kLeft
      int left_pos = t.pos;
      ++i_;
      const Token& k = PeekNonSpace();
      switch (k.type) {
        case Tok::kEnd:
        case Tok::kElse:
          if (top) throw ParseError{"unexpected {{" + std::string(k.val) + "}}", k.pos};
          *end_tok = k.type;
          ++i_;
          return list;
        case Tok::kIf:
        case Tok::kRange:
        case Tok::kWith: {
          Token kw = Next();
          list.push_back(ParseControl(kw));
          break;
        }
        case Tok::kDefine: {
          ++i_;
          Token name = NextNonSpace();
          if (name.type != Tok::kString && name.type != Tok::kRawString) Unexpected(name, "define clause");
          std::string tname = Unquote(name.val, name.pos);
          ExpectRight("define clause");
          Tok e;
          auto body = std::make_shared<std::vector<Node>>(ParseList(&e, false));
          if (e != Tok::kEnd) throw ParseError{"unexpected {{else}} in define clause", left_pos};
          ExpectRight("end");
          defines_.push_back(Template{tname, source_index_, body});
          break;
        }
        case Tok::kBlock:
        case Tok::kTemplate: {
          bool block = k.type == Tok::kBlock;
          Token kw = Next();
          Token name = NextNonSpace();
          if (name.type != Tok::kString && name.type != Tok::kRawString)
            Unexpected(name, block ? "block clause" : "template clause");
          Node n;
          n.type = Node::kTemplate;
          n.pos = kw.pos;
          n.text = Unquote(name.val, name.pos);
          if (PeekNonSpace().type != Tok::kRight) n.pipe = ParsePipeline(false, Tok::kRight, "template clause");
          else ++i_;
          if (block) {
            Tok e;
            auto body = std::make_shared<std::vector<Node>>(ParseList(&e, false));
            if (e != Tok::kEnd) throw ParseError{"unexpected {{else}} in block clause", left_pos};
            ExpectRight("end");
            defines_.push_back(Template{n.text, source_index_, body});
          }
          list.push_back(std::move(n));
          break;
        }
        case Tok::kBreak:
        case Tok::kContinue: {
          Token kw = Next();
          if (range_depth_ == 0)
            throw ParseError{"{{" + std::string(kw.val) + "}} outside {{range}}", kw.pos};
          ExpectRight(kw.val);
          Node n;
          n.type = kw.type == Tok::kBreak ? Node::kBreak : Node::kContinue;
          n.pos = kw.pos;
          list.push_back(std::move(n));
          break;
        }
        default: {
          Node n;
          n.type = Node::kAction;
          n.pos = left_pos;  // output of the action maps to its "{{"
          n.pipe = ParsePipeline(true, Tok::kRight, "command");
          list.push_back(std::move(n));
        }
      }
    }
  }

  Node ParseControl(const Token& kw) {
    DepthGuard guard(&depth_, kw.pos);
    Node n;
    n.type = kw.type == Tok::kIf ? Node::kIf : kw.type == Tok::kRange ? Node::kRange : Node::kWith;
    n.pos = kw.pos;
    std::string ctx = std::string(kw.val);
    n.pipe = ParsePipeline(n.type != Node::kRange ? true : true, Tok::kRight, ctx, n.type == Node::kRange);
    if (n.type == Node::kRange) ++range_depth_;
    Tok e;
    n.list = ParseList(&e, false);
    if (n.type == Node::kRange) --range_depth_;
    if (e == Tok::kElse) {
      n.has_else = true;
      // else if / else with chains.
      const Token& nx = PeekNonSpace();
      if ((n.type == Node::kIf && nx.type == Tok::kIf) || (n.type == Node::kWith && nx.type == Tok::kWith)) {
        Token kw2 = Next();
        n.else_list.push_back(ParseControl(kw2));
        return n;  // the nested control consumed {{end}}
      }
      ExpectRight("else");
      n.else_list = ParseList(&e, false);
      if (e != Tok::kEnd) throw ParseError{"expected end; found {{else}}", n.pos};
    }
    ExpectRight("end");
    return n;
  }

  static constexpr int kMaxNesting = 200;
  struct DepthGuard {
    int* d;
    DepthGuard(int* depth, int pos) : d(depth) {
      // Real templates nest a few levels; 200 keeps parsing and execution (which recurse per
      // level) far from the stack limit, even in sanitizer builds with their larger frames.
      if (++*d > kMaxNesting) {
        throw ParseError{"template nesting exceeds " + std::to_string(kMaxNesting) + " levels", pos};
      }
    }
    ~DepthGuard() { --*d; }
  };

  std::shared_ptr<Pipe> ParsePipeline(bool allow_decl, Tok end, std::string_view ctx, bool range = false) {
    DepthGuard guard(&depth_, Peek().pos);
    auto p = std::make_shared<Pipe>();
    p->pos = PeekNonSpace().pos;
    int start = p->pos;
    (void)allow_decl;
    // Declarations: $x := / $x = / $i, $v :=
    size_t save = i_;
    if (PeekNonSpace().type == Tok::kVariable) {
      Token v = Next();
      const Token& after = PeekNonSpace();
      if (after.type == Tok::kDeclare || after.type == Tok::kAssign) {
        p->is_assign = after.type == Tok::kAssign;
        ++i_;
        p->decl.push_back(std::string(v.val));
        if (!p->is_assign) vars_.push_back(std::string(v.val));
      } else if (after.type == Tok::kComma && range) {
        ++i_;
        Token v2 = NextNonSpace();
        if (v2.type != Tok::kVariable) Unexpected(v2, "range");
        const Token& op = PeekNonSpace();
        if (op.type != Tok::kDeclare && op.type != Tok::kAssign) Unexpected(op, "range");
        p->is_assign = op.type == Tok::kAssign;
        ++i_;
        p->decl.push_back(std::string(v.val));
        p->decl.push_back(std::string(v2.val));
        if (!p->is_assign) {
          vars_.push_back(std::string(v.val));
          vars_.push_back(std::string(v2.val));
        }
      } else {
        i_ = save;
      }
    }
    while (true) {
      const Token& t = PeekNonSpace();
      if (t.type == end) {
        int endpos = t.pos;
        ++i_;
        if (p->cmds.empty()) throw ParseError{"missing value for " + std::string(ctx), t.pos};
        p->text = Trimmed(start, endpos);
        return p;
      }
      p->cmds.push_back(ParseCommand(end));
      const Token& sep = PeekNonSpace();
      if (sep.type == Tok::kPipe) {
        ++i_;
        continue;
      }
    }
  }

  std::string Trimmed(int b, int e) {
    std::string_view s = std::string_view(src_.text).substr(b, e - b);
    while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
    if (s.size() >= 1 && s.back() == '-' && false) s.remove_suffix(1);
    return std::string(s);
  }

  Command ParseCommand(Tok end) {
    Command c;
    c.pos = PeekNonSpace().pos;
    while (true) {
      const Token& t = PeekNonSpace();
      if (t.type == end || t.type == Tok::kPipe) break;
      if (t.type == Tok::kRParen || t.type == Tok::kRight) Unexpected(t, "operand");
      c.args.push_back(ParseOperand());
      // Operands must be separated by space (Go: "missing space?").
      const Token& nx = Peek();
      if (nx.type != Tok::kSpace && nx.type != end && nx.type != Tok::kPipe && nx.type != Tok::kRight &&
          nx.type != Tok::kRParen)
        throw ParseError{"missing space?", nx.pos};
    }
    if (c.args.empty()) throw ParseError{"empty command", c.pos};
    int endpos = PeekNonSpace().pos;
    c.text = Trimmed(c.pos, endpos);
    return c;
  }

  Arg ParseOperand() {
    Arg a = ParseTerm();
    if (Peek().type == Tok::kField) {
      Arg chain;
      int chain_pos = Peek().pos;  // Go positions a chain at its first trailing field
      if (a.type == Arg::kField || a.type == Arg::kVariable) {
        chain = a;
      } else {
        if (a.type == Arg::kBool || a.type == Arg::kString || a.type == Arg::kNumber || a.type == Arg::kNil ||
            a.type == Arg::kDot)
          throw ParseError{"unexpected . after term \"" + a.text + "\"", Peek().pos};
        chain.type = Arg::kChain;
        if (a.type == Arg::kPipe) {
          chain.pipe = a.pipe;
        } else {
          // Identifier followed by fields: evaluate the function as a pipe.
          auto p = std::make_shared<Pipe>();
          p->pos = a.pos;
          Command c;
          c.pos = a.pos;
          c.text = a.text;
          c.args.push_back(a);
          p->cmds.push_back(std::move(c));
          p->text = a.text;
          chain.pipe = p;
        }
      }
      while (Peek().type == Tok::kField) {
        Token f = Next();
        chain.fields.push_back(std::string(f.val.substr(1)));
      }
      chain.text = Trimmed(a.pos, Peek().pos);
      chain.pos = chain_pos;
      return chain;
    }
    return a;
  }

  Arg ParseTerm() {
    Token t = NextNonSpace();
    Arg a;
    a.pos = t.pos;
    a.text = std::string(t.val);
    switch (t.type) {
      case Tok::kIdent:
        if (!is_func_(t.val)) throw ParseError{"function \"" + std::string(t.val) + "\" not defined", t.pos};
        a.type = Arg::kIdentifier;
        a.name = std::string(t.val);
        return a;
      case Tok::kDot: a.type = Arg::kDot; return a;
      case Tok::kNil: a.type = Arg::kNil; return a;
      case Tok::kVariable: {
        std::string_view name = t.val;
        if (std::find(vars_.begin(), vars_.end(), name) == vars_.end() && name != "$") {
          // Go checks declaration; range/with declarations were pushed already.
          bool declared = false;
          for (const auto& v : vars_)
            if (v == name) declared = true;
          if (!declared) throw ParseError{"undefined variable \"" + std::string(name) + "\"", t.pos};
        }
        a.type = Arg::kVariable;
        a.name = std::string(name);
        return a;
      }
      case Tok::kField:
        a.type = Arg::kField;
        a.fields.push_back(std::string(t.val.substr(1)));
        return a;
      case Tok::kBool:
        a.type = Arg::kBool;
        a.constant = Value(t.val == "true");
        return a;
      case Tok::kString:
      case Tok::kRawString:
        a.type = Arg::kString;
        a.constant = Value(Unquote(t.val, t.pos));
        return a;
      case Tok::kChar: {
        std::string s = Unquote(std::string("\"") + std::string(t.val.substr(1, t.val.size() - 2)) + "\"", t.pos);
        uint32_t r = 0;
        unsigned char c0 = s.empty() ? 0 : s[0];
        if (c0 < 0x80) r = c0;
        else if ((c0 >> 5) == 6) r = ((c0 & 0x1F) << 6) | (s[1] & 0x3F);
        else if ((c0 >> 4) == 14) r = ((c0 & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        else r = ((c0 & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        a.type = Arg::kNumber;
        a.number_is_int = true;
        a.number_is_float = true;
        a.int_value = r;
        a.float_value = r;
        a.constant = Value::Int(r);
        return a;
      }
      case Tok::kNumber:
        a.type = Arg::kNumber;
        ParseNumber(t.val, &a);
        return a;
      case Tok::kLParen: {
        a.type = Arg::kPipe;
        a.pipe = ParsePipeline(false, Tok::kRParen, "parenthesized pipeline");
        a.text = "(" + a.pipe->text + ")";
        return a;
      }
      default:
        Unexpected(t, "operand");
    }
  }

  const ParsedSource& src_;
  int source_index_;
  const std::function<bool(std::string_view)>& is_func_;
  std::vector<Token> toks_;
  size_t i_ = 0;
  int range_depth_ = 0;
  int depth_ = 0;
  std::vector<std::string> vars_ = {"$"};
  std::vector<Template> defines_;
};

}  // namespace

ParseResult ParseTemplate(const ParsedSource& src, int source_index,
                          const std::function<bool(std::string_view)>& is_function) {
  return Parser(src, source_index, is_function).Run();
}

}  // namespace policycheck::helm
