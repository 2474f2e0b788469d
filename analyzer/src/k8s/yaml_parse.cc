#include "yaml_parse.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cstring>
#include <sstream>
#include <unordered_set>
#include <utility>

namespace policycheck::k8s::internal {
namespace {

// The fast parser met something it does not handle: use yaml-cpp instead.
struct Bail {};
// A hard error (a limit): the document is rejected without a second parse.
struct Fatal {
  int line;
  int column;
  std::string message;
};

int64_t SaturatingAdd(int64_t a, int64_t b) {
  constexpr int64_t kMax = int64_t{1} << 62;
  return (a > kMax - b) ? kMax : a + b;
}

bool IsTagStr(std::string_view tag) {
  return tag == "!!str" || tag == "tag:yaml.org,2002:str" || tag == "!";
}

// Node construction shared by both parsers: merge keys, duplicate keys,
// alias accounting.
class Builder {
 public:
  Builder(ParsedDocument* out, const Limits& limits) : out_(out), limits_(limits) {}

  Node* Scalar(int line, int column, std::string text, bool plain) {
    Node* n = out_->doc->New();
    n->kind_ = NodeKind::kScalar;
    n->line_ = line;
    n->column_ = column;
    n->text_ = std::move(text);
    n->plain_ = plain;
    n->complete_ = true;
    return n;
  }
  Node* Null(int line, int column) {
    Node* n = out_->doc->New();
    n->kind_ = NodeKind::kNull;
    n->line_ = line;
    n->column_ = column;
    n->plain_ = true;
    n->complete_ = true;
    return n;
  }
  Node* Collection(NodeKind kind, int line, int column) {
    Node* n = out_->doc->New();
    n->kind_ = kind;
    n->line_ = line;
    n->column_ = column;
    return n;
  }

  // Accounts for one use of an alias; aliases share the anchored node.
  void UseAlias(const Node* target, int line, int column) {
    if (!target->complete_) throw Fatal{line, column, "alias refers to a node that contains it (recursive alias)"};
    alias_nodes_ = SaturatingAdd(alias_nodes_, target->expanded_size_);
    if (alias_nodes_ > limits_.max_yaml_alias_nodes) {
      throw Fatal{line, column,
                  "aliases expand to more than " + std::to_string(limits_.max_yaml_alias_nodes) +
                      " nodes (alias bomb); the document is not loaded"};
    }
  }

  void Finish(Node* n) {
    if (n->kind_ == NodeKind::kMap) FinishMap(n);
    int64_t size = 1;
    for (const Node* c : n->children_) size = SaturatingAdd(size, c->expanded_size_);
    n->expanded_size_ = size;
    n->complete_ = true;
  }

 private:
  static bool SameKey(const Node* a, const Node* b) {
    return a->kind_ == NodeKind::kScalar && b->kind_ == NodeKind::kScalar && a->text_ == b->text_;
  }

  void FinishMap(Node* m) {
    size_t n = m->children_.size() / 2;
    bool has_merge = false;
    std::unordered_set<std::string_view> seen;
    if (n > 12) seen.reserve(n * 2);
    for (size_t i = 0; i < n; ++i) {
      const Node* k = m->children_[2 * i];
      if (k->kind_ == NodeKind::kMap || k->kind_ == NodeKind::kSeq) out_->complex_key = true;
      if (k->kind_ != NodeKind::kScalar) continue;
      if (k->plain_ && k->text_ == "<<") has_merge = true;
      bool dup = false;
      if (n > 12) {
        dup = !seen.insert(k->text_).second;
      } else {
        for (size_t j = 0; j < i && !dup; ++j) dup = SameKey(m->children_[2 * j], k);
      }
      if (dup) {
        out_->issues.push_back(YamlIssue{"PC003", k->line_, k->column_,
                                         "duplicate key \"" + k->text_ + "\" in a mapping"});
      }
    }
    if (has_merge) Merge(m);
  }

  void Merge(Node* m) {
    std::vector<const Node*> sources;
    std::vector<const Node*> explicit_entries;
    for (size_t i = 0; i + 1 < m->children_.size(); i += 2) {
      const Node* k = m->children_[i];
      const Node* v = m->children_[i + 1];
      if (k->kind_ == NodeKind::kScalar && k->plain_ && k->text_ == "<<") {
        if (v->kind_ == NodeKind::kMap) {
          sources.push_back(v);
        } else if (v->kind_ == NodeKind::kSeq) {
          for (const Node* item : v->children_) {
            if (item->kind_ == NodeKind::kMap) {
              sources.push_back(item);
            } else {
              out_->issues.push_back(YamlIssue{"PC001", item->line_, item->column_,
                                               "a merge key (<<) list item must be a mapping"});
            }
          }
        } else {
          out_->issues.push_back(YamlIssue{"PC001", v->line_, v->column_,
                                           "a merge key (<<) needs a mapping or a list of mappings"});
        }
        continue;
      }
      explicit_entries.push_back(k);
      explicit_entries.push_back(v);
    }
    std::vector<const Node*> result = explicit_entries;
    for (const Node* src : sources) {
      for (size_t i = 0; i + 1 < src->children_.size(); i += 2) {
        const Node* k = src->children_[i];
        bool present = false;
        for (size_t j = 0; j < result.size() && !present; j += 2) present = SameKey(result[j], k);
        if (!present) {
          result.push_back(k);
          result.push_back(src->children_[i + 1]);
        }
      }
    }
    m->children_.assign(result.begin(), result.end());
  }

  ParsedDocument* out_;
  const Limits& limits_;
  int64_t alias_nodes_ = 0;
};

inline bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n'; }
inline bool IsFlowIndicator(char c) { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'; }

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Hand-written recursive-descent parser for one document's text. Accepts a
// conservative subset of YAML 1.2 (block and flow collections, plain, quoted
// and block scalars, anchors, aliases, tags); anything else throws Bail.
class FastParser {
 public:
  FastParser(std::string_view text, int first_line, Builder& builder, int max_depth)
      : p_(text.data()), end_(text.data() + text.size()), line_start_(p_), line_(first_line),
        b_(builder), max_depth_(max_depth) {}

  int line() const { return line_; }

  const Node* ParseDocument() {
    if (StartsWithMarker()) {
      p_ += 3;
      SkipSpaces();
      if (p_ < end_ && *p_ == '#') SkipComment();
      if (p_ < end_ && *p_ != '\n') throw Bail{};
    } else {
      // Directives before the first document.
      for (;;) {
        SkipToNextContent();
        if (p_ < end_ && *p_ == '%' && Col() == 0) {
          SkipComment();
          continue;
        }
        break;
      }
    }
    SkipToNextContent();
    if (p_ >= end_) return nullptr;
    const Node* root = ParseNode(-1, true, 0);
    if (p_ < end_) throw Bail{};
    return root;
  }

 private:
  int Col() const { return static_cast<int>(p_ - line_start_); }
  bool StartsWithMarker() const {
    if (end_ - p_ < 3) return false;
    bool marker = (p_[0] == '-' && p_[1] == '-' && p_[2] == '-') || (p_[0] == '.' && p_[1] == '.' && p_[2] == '.');
    return marker && (end_ - p_ == 3 || IsBlank(p_[3]));
  }
  bool BlankAt(const char* q) const { return q >= end_ || IsBlank(*q); }
  void SkipSpaces() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t')) ++p_;
  }
  void SkipComment() {
    const void* nl = std::memchr(p_, '\n', end_ - p_);
    p_ = nl ? static_cast<const char*>(nl) : end_;
  }
  void NewLine() {  // p_ at '\n'
    ++p_;
    line_start_ = p_;
    ++line_;
  }
  // From the end of a line (or the document start) to the next content.
  void SkipToNextContent() {
    for (;;) {
      SkipSpaces();
      if (p_ >= end_) return;
      if (*p_ == '#') SkipComment();
      if (p_ >= end_) return;
      if (*p_ == '\n') {
        NewLine();
        continue;
      }
      break;
    }
    for (const char* q = line_start_; q < p_; ++q) {
      if (*q == '\t') throw Bail{};
    }
  }
  // After a node: only a comment may follow on its line.
  void EndNode() {
    SkipSpaces();
    if (p_ < end_ && *p_ != '\n') {
      if (*p_ != '#' || !(p_[-1] == ' ' || p_[-1] == '\t')) throw Bail{};
    }
    SkipToNextContent();
  }
  void CheckDepth(int depth) const {
    if (depth > max_depth_) {
      throw Fatal{line_, Col() + 1,
                  "YAML nesting deeper than " + std::to_string(max_depth_) + " levels"};
    }
  }

  std::string_view ReadName() {  // anchor/alias/tag name after its indicator
    const char* s = p_;
    while (p_ < end_ && !IsBlank(*p_) && !IsFlowIndicator(*p_)) ++p_;
    if (p_ == s) throw Bail{};
    return std::string_view(s, p_ - s);
  }

  const Node* Alias(int line, int column) {
    ++p_;  // '*'
    std::string_view name = ReadName();
    for (auto it = anchors_.rbegin(); it != anchors_.rend(); ++it) {
      if (it->first == name) {
        b_.UseAlias(it->second, line, column);
        return it->second;
      }
    }
    throw Bail{};  // undefined alias: yaml-cpp reports it
  }

  struct Props {
    std::string_view anchor;
    std::string_view tag;
    bool any() const { return !anchor.empty() || !tag.empty(); }
  };
  void ReadProps(Props& props, bool flow) {
    for (;;) {
      if (p_ >= end_) return;
      if (*p_ == '&' && props.anchor.empty()) {
        ++p_;
        props.anchor = ReadName();
      } else if (*p_ == '!' && props.tag.empty()) {
        const char* s = p_;
        while (p_ < end_ && !IsBlank(*p_) && !(flow && IsFlowIndicator(*p_))) ++p_;
        props.tag = std::string_view(s, p_ - s);
        if (props.tag.size() > 1 && props.tag[1] == '<') throw Bail{};
      } else {
        return;
      }
      if (flow) {
        FlowWs(-1);
      } else {
        SkipSpaces();
      }
    }
  }
  const Node* Apply(const Props& props, Node* n) {
    if (!props.tag.empty() && n->kind_ == NodeKind::kScalar && IsTagStr(props.tag)) n->plain_ = false;
    if (!props.anchor.empty()) anchors_.emplace_back(props.anchor, n);
    return n;
  }

  // Parses the node at the cursor. Postcondition: the cursor is at the next
  // content (or the end).
  const Node* ParseNode(int parent_indent, bool allow_block, int depth) {
    CheckDepth(depth);
    Props props;
    int line = line_;
    int column = Col() + 1;
    ReadProps(props, false);
    if (props.any() && (p_ >= end_ || *p_ == '\n' || *p_ == '#')) {
      // Properties on their own line: the node follows on the next lines.
      SkipToNextContent();
      if (p_ >= end_ || Col() <= parent_indent) {
        Node* n = b_.Null(line, column);
        return Apply(props, n);
      }
      allow_block = true;
      line = line_;
      column = Col() + 1;
    } else if (props.any()) {
      allow_block = false;  // "&a key: v" puts the anchor on the key: leave it to yaml-cpp
    }
    if (p_ >= end_) throw Bail{};
    char c = *p_;
    Node* n = nullptr;
    switch (c) {
      case '*': {
        if (props.any()) throw Bail{};
        const Node* target = Alias(line, column);
        SkipSpaces();
        if (p_ < end_ && *p_ == ':') throw Bail{};
        EndNode();
        return target;
      }
      case '[':
      case '{': {
        n = ParseFlowCollection(parent_indent, depth + 1);
        SkipSpaces();
        if (p_ < end_ && *p_ == ':') throw Bail{};  // collection as a key
        EndNode();
        return Apply(props, n);
      }
      case '|':
      case '>':
        n = ParseBlockScalar(parent_indent, line, column);
        Apply(props, n);
        SkipToNextContent();
        return n;
      case '"':
      case '\'': {
        n = ParseQuoted(parent_indent, line, column);
        SkipSpaces();
        if (p_ < end_ && *p_ == ':' && BlankAt(p_ + 1)) {
          if (!allow_block || props.any() || line != line_) throw Bail{};
          return ParseBlockMap(Col0Of(column), n, depth + 1);
        }
        EndNode();
        return Apply(props, n);
      }
      case '-':
        if (BlankAt(p_ + 1)) {
          if (!allow_block || props.any()) throw Bail{};
          n = ParseBlockSeq(Col(), depth + 1);
          return n;
        }
        break;
      case '?':
      case ':':
        if (BlankAt(p_ + 1)) throw Bail{};
        break;
      case ',': case ']': case '}': case '#': case '&': case '!': case '%': case '@': case '`':
        throw Bail{};
      default:
        break;
    }
    // Plain scalar, possibly a mapping key.
    bool colon = false;
    std::string text = ScanPlainLine(colon);
    if (colon) {
      if (!allow_block || props.any()) throw Bail{};
      Node* key = b_.Scalar(line, column, std::move(text), true);
      return ParseBlockMap(column - 1, key, depth + 1);
    }
    ContinuePlain(text, parent_indent);
    n = b_.Scalar(line, column, std::move(text), true);
    Apply(props, n);
    EndNode();
    return n;
  }
  static int Col0Of(int column1) { return column1 - 1; }

  // Block scalar text on the current line; stops at ": ", " #" or the line end.
  std::string ScanPlainLine(bool& colon) {
    const char* s = p_;
    colon = false;
    while (p_ < end_) {
      char c = *p_;
      if (c == '\n') break;
      if (c == ':' && BlankAt(p_ + 1)) {
        colon = true;
        break;
      }
      if (c == '#' && p_ > s && (p_[-1] == ' ' || p_[-1] == '\t')) break;
      ++p_;
    }
    const char* e = p_;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t')) --e;
    return std::string(s, e - s);
  }

  // Continuation lines of a multi-line plain scalar.
  void ContinuePlain(std::string& text, int parent_indent) {
    for (;;) {
      if (p_ >= end_ || *p_ != '\n') return;  // a comment ends the scalar
      const char* q = p_ + 1;
      const char* ls = q;
      int empty = 0;
      for (;;) {
        ls = q;
        while (q < end_ && (*q == ' ' || *q == '\t')) ++q;
        if (q < end_ && *q == '\n') {
          ++empty;
          ++q;
          continue;
        }
        break;
      }
      if (q >= end_) return;
      for (const char* t = ls; t < q; ++t) {
        if (*t == '\t') throw Bail{};
      }
      if (q - ls <= parent_indent || *q == '#') return;
      char c = *q;
      if ((c == '-' || c == '?' || c == ':') && BlankAt(q + 1)) throw Bail{};
      line_ += empty + 1;
      line_start_ = ls;
      p_ = q;
      bool colon = false;
      std::string more = ScanPlainLine(colon);
      if (colon) throw Bail{};
      if (empty == 0) {
        text += ' ';
      } else {
        text.append(empty, '\n');
      }
      text += more;
    }
  }

  Node* ParseBlockMap(int indent, Node* first_key, int depth) {
    CheckDepth(depth);
    Node* map = b_.Collection(NodeKind::kMap, first_key->line_, first_key->column_);
    Node* key = first_key;
    for (;;) {
      // Cursor at ':' after the key.
      ++p_;
      int null_line = line_;
      int null_column = Col() + 1;
      SkipSpaces();
      const Node* value;
      if (p_ >= end_ || *p_ == '\n' || *p_ == '#') {
        SkipToNextContent();
        if (p_ < end_ && Col() > indent) {
          value = ParseNode(indent, true, depth);
        } else if (p_ < end_ && Col() == indent && *p_ == '-' && BlankAt(p_ + 1)) {
          value = ParseBlockSeq(indent, depth + 1);
        } else {
          value = b_.Null(null_line, null_column);
        }
      } else {
        value = ParseNode(indent, false, depth);
      }
      map->children_.push_back(key);
      map->children_.push_back(value);
      if (p_ >= end_ || Col() < indent) break;
      if (Col() > indent) throw Bail{};
      key = ParseKey();
    }
    b_.Finish(map);
    return map;
  }

  Node* ParseKey() {
    int line = line_;
    int column = Col() + 1;
    char c = *p_;
    Node* key;
    if (c == '"' || c == '\'') {
      key = ParseQuoted(-1, line, column);
      if (key->line_ != line_) throw Bail{};
      SkipSpaces();
    } else {
      if (((c == '-' || c == '?' || c == ':') && BlankAt(p_ + 1)) || IsFlowIndicator(c) || c == '&' ||
          c == '*' || c == '!' || c == '|' || c == '>' || c == '%' || c == '@' || c == '`' || c == '#') {
        throw Bail{};
      }
      bool colon = false;
      std::string text = ScanPlainLine(colon);
      if (!colon) throw Bail{};
      key = b_.Scalar(line, column, std::move(text), true);
    }
    if (p_ >= end_ || *p_ != ':' || !BlankAt(p_ + 1)) throw Bail{};
    return key;
  }

  Node* ParseBlockSeq(int indent, int depth) {
    CheckDepth(depth);
    Node* seq = b_.Collection(NodeKind::kSeq, line_, Col() + 1);
    for (;;) {
      // Cursor at '-'.
      int null_line = line_;
      int null_column = Col() + 1;
      ++p_;
      SkipSpaces();
      const Node* item;
      if (p_ >= end_ || *p_ == '\n' || *p_ == '#') {
        SkipToNextContent();
        if (p_ < end_ && Col() > indent) {
          item = ParseNode(indent, true, depth);
        } else {
          item = b_.Null(null_line, null_column);
        }
      } else {
        item = ParseNode(indent, true, depth);
      }
      seq->children_.push_back(item);
      if (p_ >= end_ || Col() < indent) break;
      if (Col() > indent) throw Bail{};
      if (!(*p_ == '-' && BlankAt(p_ + 1))) break;  // the parent mapping continues
    }
    b_.Finish(seq);
    return seq;
  }

  Node* ParseQuoted(int parent_indent, int line, int column) {
    char q = *p_++;
    std::string out;
    size_t keep = 0;  // trailing whitespace before `keep` came from escapes
    // yaml-cpp 0.7 silently accepts a quoted scalar cut off by the end of the
    // document, so this error is ours, located at the opening quote.
    auto unterminated = [&] {
      return Fatal{line, column, std::string("unterminated ") + (q == '"' ? "double" : "single") +
                                     "-quoted string (no closing " + q + " before the end of the document)"};
    };
    for (;;) {
      if (p_ >= end_) throw unterminated();
      char c = *p_;
      if (c == q) {
        if (q == '\'' && p_ + 1 < end_ && p_[1] == '\'') {
          out += '\'';
          p_ += 2;
          keep = out.size();
          continue;
        }
        ++p_;
        break;
      }
      if (c == '\\' && q == '"') {
        ++p_;
        if (p_ >= end_) throw unterminated();
        char e = *p_++;
        switch (e) {
          case '0': out += '\0'; break;
          case 'a': out += '\a'; break;
          case 'b': out += '\b'; break;
          case 't': case '\t': out += '\t'; break;
          case 'n': out += '\n'; break;
          case 'v': out += '\v'; break;
          case 'f': out += '\f'; break;
          case 'r': out += '\r'; break;
          case 'e': out += '\x1b'; break;
          case ' ': out += ' '; break;
          case '"': out += '"'; break;
          case '/': out += '/'; break;
          case '\\': out += '\\'; break;
          case 'N': AppendUtf8(out, 0x85); break;
          case '_': AppendUtf8(out, 0xA0); break;
          case 'L': AppendUtf8(out, 0x2028); break;
          case 'P': AppendUtf8(out, 0x2029); break;
          case 'x': case 'u': case 'U': {
            int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
            uint32_t cp = 0;
            for (int i = 0; i < digits; ++i) {
              if (p_ >= end_) throw Bail{};
              char h = *p_++;
              int v = (h >= '0' && h <= '9') ? h - '0'
                      : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                      : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                               : -1;
              if (v < 0) throw Bail{};
              cp = cp * 16 + static_cast<uint32_t>(v);
            }
            if (cp > 0x10FFFF) throw Bail{};
            AppendUtf8(out, cp);
            break;
          }
          case '\n': {  // escaped line break: no folding, leading blanks dropped
            --p_;
            NewLine();
            SkipSpaces();
            if (p_ >= end_) throw unterminated();
            CheckContinuationIndent(parent_indent);
            break;
          }
          default:
            throw Bail{};
        }
        keep = out.size();
        continue;
      }
      if (c == '\n') {
        while (out.size() > keep && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
        int empty = 0;
        NewLine();
        for (;;) {
          SkipSpaces();
          if (p_ < end_ && *p_ == '\n') {
            ++empty;
            NewLine();
            continue;
          }
          break;
        }
        if (p_ >= end_) throw unterminated();
        CheckContinuationIndent(parent_indent);
        if (empty == 0) {
          out += ' ';
        } else {
          out.append(empty, '\n');
        }
        keep = out.size();
        continue;
      }
      const char* s = p_;
      while (p_ < end_ && *p_ != q && *p_ != '\n' && !(q == '"' && *p_ == '\\')) ++p_;
      out.append(s, p_ - s);
    }
    Node* n = b_.Scalar(line, column, std::move(out), false);
    return n;
  }
  void CheckContinuationIndent(int parent_indent) {
    if (p_ >= end_) throw Bail{};
    for (const char* t = line_start_; t < p_; ++t) {
      if (*t == '\t') throw Bail{};
    }
    if (Col() < parent_indent) throw Bail{};
  }

  Node* ParseBlockScalar(int parent_indent, int line, int column) {
    bool literal = *p_ == '|';
    ++p_;
    char chomp = 'c';
    int explicit_indent = 0;
    for (int i = 0; i < 2 && p_ < end_; ++i) {
      if (*p_ == '+' || *p_ == '-') {
        if (chomp != 'c') throw Bail{};
        chomp = *p_++;
      } else if (*p_ >= '1' && *p_ <= '9') {
        // Explicit indentation indicator, relative to the parent's indentation.
        if (explicit_indent || parent_indent < 0) throw Bail{};
        explicit_indent = *p_++ - '0';
      }
    }
    SkipSpaces();
    if (p_ < end_ && *p_ == '#') {
      if (!(p_[-1] == ' ' || p_[-1] == '\t')) throw Bail{};
      SkipComment();
    }
    if (p_ < end_ && *p_ != '\n') throw Bail{};
    if (p_ < end_) NewLine();

    // Leading empty lines and the content indentation.
    int max_empty_indent = 0;
    int indent = -1;
    std::vector<std::string_view> lines;
    for (;;) {
      const char* ls = p_;
      while (p_ < end_ && *p_ == ' ') ++p_;
      if (p_ < end_ && *p_ == '\n') {
        max_empty_indent = std::max(max_empty_indent, static_cast<int>(p_ - ls));
        lines.emplace_back();
        NewLine();
        continue;
      }
      if (p_ >= end_) {
        max_empty_indent = std::max(max_empty_indent, static_cast<int>(p_ - ls));
        p_ = ls;
        break;
      }
      int col = static_cast<int>(p_ - ls);
      p_ = ls;
      if (col > parent_indent) indent = col;
      break;
    }
    if (explicit_indent) {
      indent = parent_indent + explicit_indent;
    } else if (indent >= 0 && max_empty_indent > indent) {
      throw Bail{};
    }
    size_t last_content = 0;  // lines[0, last_content) end with the last non-empty line
    bool last_has_break = true;
    if (indent >= 0) {
      for (;;) {
        const char* ls = p_;
        const char* q = p_;
        while (q < end_ && *q == ' ' && q - ls < indent) ++q;
        const char* nl = q < end_ ? static_cast<const char*>(std::memchr(q, '\n', static_cast<size_t>(end_ - q)))
                                  : nullptr;
        const char* le = nl ? nl : end_;
        bool blank = true;
        for (const char* t = q; t < le; ++t) {
          if (*t != ' ') {
            blank = false;
            break;
          }
        }
        if (q >= end_) break;
        if (!blank && q - ls < indent) break;  // less indented: the scalar ended
        if (blank && q == le) {
          lines.emplace_back();
        } else {
          lines.emplace_back(q, le - q);
          if (!blank) {
            last_content = lines.size();
            last_has_break = nl != nullptr;
          }
        }
        p_ = le;
        if (!nl) break;
        NewLine();
      }
    }
    // Blank-but-spaces lines after the last content are trailing empty lines.
    size_t trailing = lines.size() - last_content;
    std::string out;
    if (literal) {
      for (size_t i = 0; i < last_content; ++i) {
        if (i) out += '\n';
        out.append(lines[i]);
      }
    } else {
      bool first = true;
      bool prev_normal = false;
      int pending_empty = 0;
      for (size_t i = 0; i < last_content; ++i) {
        std::string_view l = lines[i];
        if (l.empty()) {
          ++pending_empty;
          continue;
        }
        bool normal = l[0] != ' ' && l[0] != '\t';
        if (first) {
          out.append(pending_empty, '\n');
        } else if (prev_normal && normal) {
          if (pending_empty == 0) {
            out += ' ';
          } else {
            out.append(pending_empty, '\n');
          }
        } else {
          out.append(pending_empty + 1, '\n');
        }
        out.append(l);
        prev_normal = normal;
        first = false;
        pending_empty = 0;
      }
    }
    if (chomp == 'c') {
      if (last_content > 0 && last_has_break) out += '\n';
    } else if (chomp == '+') {
      if (last_content > 0 && last_has_break) out += '\n';
      out.append(trailing, '\n');
    }
    // The cursor sits at the start of the line that ended the scalar, or at the
    // end of the last consumed line.
    return b_.Scalar(line, column, std::move(out), false);
  }

  // Whitespace, line breaks and comments inside flow collections.
  void FlowWs(int parent_indent) {
    for (;;) {
      while (p_ < end_ && (*p_ == ' ' || *p_ == '\t')) ++p_;
      if (p_ >= end_) throw Bail{};
      if (*p_ == '#' && (p_ == line_start_ || p_[-1] == ' ' || p_[-1] == '\t')) SkipComment();
      if (p_ >= end_) throw Bail{};
      if (*p_ == '\n') {
        NewLine();
        while (p_ < end_ && *p_ == ' ') ++p_;
        if (p_ < end_ && *p_ != '\n' && *p_ != '#' && *p_ != '\t' && Col() < parent_indent) throw Bail{};
        continue;
      }
      return;
    }
  }

  // yaml-cpp reports an unclosed flow collection at the end of the file; we
  // report it at its opening bracket (the innermost unclosed one).
  Node* ParseFlowCollection(int parent_indent, int depth) {
    int open_line = line_, open_column = Col() + 1;
    char open = *p_;
    try {
      return ParseFlowCollectionBody(parent_indent, depth);
    } catch (const Bail&) {
      if (p_ < end_) throw;
      throw Fatal{open_line, open_column,
                  std::string("unclosed flow ") + (open == '{' ? "mapping '{'" : "sequence '['") +
                      " (no matching " + (open == '{' ? "'}'" : "']'") + " before the end of the document)"};
    }
  }

  Node* ParseFlowCollectionBody(int parent_indent, int depth) {
    CheckDepth(depth);
    bool is_map = *p_ == '{';
    char close = is_map ? '}' : ']';
    Node* n = b_.Collection(is_map ? NodeKind::kMap : NodeKind::kSeq, line_, Col() + 1);
    ++p_;
    FlowWs(parent_indent);
    for (;;) {
      if (*p_ == close) {
        ++p_;
        break;
      }
      if (is_map) {
        if (*p_ == '?' && BlankAt(p_ + 1)) throw Bail{};
        if (*p_ == ':') throw Bail{};
        const Node* k = ParseFlowNode(parent_indent, depth);
        FlowWs(parent_indent);
        const Node* v;
        if (*p_ == ':') {
          int null_line = line_;
          int null_column = Col() + 2;
          ++p_;
          FlowWs(parent_indent);
          if (*p_ == ',' || *p_ == '}') {
            v = b_.Null(null_line, null_column);
          } else {
            v = ParseFlowNode(parent_indent, depth);
            FlowWs(parent_indent);
          }
        } else {
          v = b_.Null(k->line_, k->column_);
        }
        n->children_.push_back(k);
        n->children_.push_back(v);
      } else {
        const Node* item = ParseFlowNode(parent_indent, depth);
        FlowWs(parent_indent);
        if (*p_ == ':') throw Bail{};  // single-pair mapping
        n->children_.push_back(item);
      }
      if (*p_ == ',') {
        ++p_;
        FlowWs(parent_indent);
      } else if (*p_ != close) {
        throw Bail{};
      }
    }
    b_.Finish(n);
    return n;
  }

  const Node* ParseFlowNode(int parent_indent, int depth) {
    CheckDepth(depth);
    Props props;
    ReadProps(props, true);
    int line = line_;
    int column = Col() + 1;
    char c = *p_;
    if (c == '[' || c == '{') return Apply(props, ParseFlowCollection(parent_indent, depth + 1));
    if (c == '"' || c == '\'') return Apply(props, ParseQuoted(parent_indent, line, column));
    if (c == '*') {
      if (props.any()) throw Bail{};
      return Alias(line, column);
    }
    if (IsFlowIndicator(c) || c == '#' || c == '&' || c == '!' || c == '|' || c == '>' || c == '%' ||
        c == '@' || c == '`' || ((c == '-' || c == '?' || c == ':') && BlankAt(p_ + 1))) {
      throw Bail{};
    }
    const char* s = p_;
    while (p_ < end_) {
      char d = *p_;
      if (d == '\n' || IsFlowIndicator(d)) break;
      if (d == ':') {
        if (BlankAt(p_ + 1) || IsFlowIndicator(p_[1])) break;
        throw Bail{};  // "a:b" is one plain scalar in YAML 1.2; leave it to yaml-cpp
      }
      if (d == '#' && (p_[-1] == ' ' || p_[-1] == '\t')) break;
      ++p_;
    }
    const char* e = p_;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t')) --e;
    if (e == s) throw Bail{};
    // A plain scalar continued on the next line is left to yaml-cpp.
    const char* q = p_;
    bool crossed = false;
    for (;;) {
      while (q < end_ && (*q == ' ' || *q == '\t')) ++q;
      if (q < end_ && *q == '#') {
        const void* nl = std::memchr(q, '\n', end_ - q);
        q = nl ? static_cast<const char*>(nl) : end_;
      }
      if (q < end_ && *q == '\n') {
        crossed = true;
        ++q;
        continue;
      }
      break;
    }
    if (crossed && q < end_ && !(*q == ',' || *q == ']' || *q == '}' || *q == ':')) throw Bail{};
    return Apply(props, b_.Scalar(line, column, std::string(s, e - s), true));
  }

  const char* p_;
  const char* end_;
  const char* line_start_;
  int line_;
  Builder& b_;
  int max_depth_;
  std::vector<std::pair<std::string_view, const Node*>> anchors_;
};

// yaml-cpp events -> our nodes, for documents the fast parser declines.
class EventBuilder : public YAML::EventHandler {
 public:
  EventBuilder(std::vector<ParsedDocument>* docs, const Limits& limits, int line_offset)
      : docs_(docs), limits_(limits), line_offset_(line_offset), first_index_(docs->size()) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    docs_->emplace_back();
    cur_ = &docs_->back();
    cur_->doc = std::make_shared<Document>();
    cur_->first_line = docs_->size() == first_index_ + 1 ? line_offset_ : mark.line + line_offset_;
    builder_.emplace(cur_, limits_);
    anchors_.clear();
    stack_.clear();
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node* n = builder_->Null(Line(mark), mark.column + 1);
    Add(n);
    SetAnchor(anchor, n);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (anchor >= anchors_.size() || !anchors_[anchor]) {
      throw Fatal{Line(mark), mark.column + 1, "alias to an undefined anchor"};
    }
    builder_->UseAlias(anchors_[anchor], Line(mark), mark.column + 1);
    Add(anchors_[anchor]);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    bool plain = tag == "?";
    if (!plain && !IsTagStr(tag)) plain = true;  // other explicit tags keep plain resolution
    Node* n = builder_->Scalar(Line(mark), mark.column + 1, value, plain);
    Add(n);
    SetAnchor(anchor, n);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Start(NodeKind::kSeq, mark, anchor);
  }
  void OnSequenceEnd() override { End(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Start(NodeKind::kMap, mark, anchor);
  }
  void OnMapEnd() override { End(); }

 private:
  int Line(const YAML::Mark& mark) const { return mark.line + line_offset_; }
  void Add(const Node* n) {
    if (stack_.empty()) {
      cur_->doc->root = n;
    } else {
      stack_.back()->children_.push_back(n);
    }
  }
  void SetAnchor(YAML::anchor_t anchor, Node* n) {
    if (anchor == 0) return;
    if (anchors_.size() <= anchor) anchors_.resize(anchor + 1, nullptr);
    anchors_[anchor] = n;
  }
  void Start(NodeKind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (static_cast<int>(stack_.size()) >= limits_.max_yaml_depth) {
      throw Fatal{Line(mark), mark.column + 1,
                  "YAML nesting deeper than " + std::to_string(limits_.max_yaml_depth) + " levels"};
    }
    Node* n = builder_->Collection(kind, Line(mark), mark.column + 1);
    Add(n);
    SetAnchor(anchor, n);
    stack_.push_back(n);
  }
  void End() {
    Node* n = stack_.back();
    stack_.pop_back();
    builder_->Finish(n);
  }

  std::vector<ParsedDocument>* docs_;
  const Limits& limits_;
  int line_offset_;
  size_t first_index_;
  ParsedDocument* cur_ = nullptr;
  std::optional<Builder> builder_;
  std::vector<Node*> anchors_;
  std::vector<Node*> stack_;
};

struct Segment {
  size_t begin;
  size_t end;
  int first_line;
};

// Splits a stream at document markers ("---", "...") in column 1: they end
// a document wherever they appear, so each piece parses on its own.
std::vector<Segment> SplitDocuments(std::string_view text) {
  std::vector<Segment> out;
  size_t begin = 0;
  int begin_line = 1;
  int line = 1;
  size_t pos = 0;
  while (pos < text.size()) {
    if (text.size() - pos >= 3 &&
        ((text[pos] == '-' && text[pos + 1] == '-' && text[pos + 2] == '-') ||
         (text[pos] == '.' && text[pos + 1] == '.' && text[pos + 2] == '.')) &&
        (text.size() - pos == 3 || IsBlank(text[pos + 3]))) {
      if (pos > begin) out.push_back(Segment{begin, pos, begin_line});
      begin = pos;
      begin_line = line;
    }
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
    ++line;
  }
  if (text.size() > begin) out.push_back(Segment{begin, text.size(), begin_line});
  return out;
}

void ParseWithYamlCpp(std::string_view text, const Segment& seg, const Limits& limits,
                      std::vector<ParsedDocument>& docs) {
  size_t before = docs.size();
  std::istringstream in(std::string(text.substr(seg.begin, seg.end - seg.begin)));
  EventBuilder handler(&docs, limits, seg.first_line);
  auto fail = [&](int line, int column, std::string message) {
    ParsedDocument* d;
    if (docs.size() > before) {
      d = &docs.back();
    } else {
      docs.emplace_back();
      d = &docs.back();
      d->doc = std::make_shared<Document>();
      d->first_line = seg.first_line;
    }
    d->failed = true;
    d->doc->root = nullptr;
    d->issues.push_back(YamlIssue{"PC001", line, column, std::move(message)});
  };
  try {
    YAML::Parser parser(in);
    // A segment holds one document. yaml-cpp 0.7 can loop forever emitting
    // empty documents on some malformed input (",a: b"): cap it.
    int count = 0;
    while (parser.HandleNextDocument(handler)) {
      if (++count > 2) {
        docs.resize(before);
        std::string_view body = text.substr(seg.begin, seg.end - seg.begin);
        size_t first = body.find_first_not_of(" \t\n");
        int line = seg.first_line;
        size_t line_start = 0;
        for (size_t i = 0; first != std::string_view::npos && i < first; ++i) {
          if (body[i] == '\n') {
            ++line;
            line_start = i + 1;
          }
        }
        int column = first == std::string_view::npos ? 1 : static_cast<int>(first - line_start) + 1;
        fail(line, column, "invalid YAML: unexpected token here");
        return;
      }
    }
  } catch (const Fatal& f) {
    fail(f.line, f.column, f.message);
  } catch (const YAML::ParserException& e) {
    fail(e.mark.line + seg.first_line, e.mark.column + 1, "invalid YAML: " + e.msg);
  } catch (const std::exception& e) {
    fail(seg.first_line, 1, std::string("invalid YAML: ") + e.what());
  }
}

}  // namespace

std::vector<ParsedDocument> ParseYamlStreamWith(std::string_view text, const Limits& limits,
                                                ParserChoice choice, ParseStats* stats) {
  std::vector<ParsedDocument> docs;
  for (const Segment& seg : SplitDocuments(text)) {
    if (choice != ParserChoice::kYamlCppOnly) {
      ParsedDocument d;
      d.doc = std::make_shared<Document>();
      d.first_line = seg.first_line;
      Builder builder(&d, limits);
      FastParser parser(text.substr(seg.begin, seg.end - seg.begin), seg.first_line, builder,
                        limits.max_yaml_depth);
      try {
        d.doc->root = parser.ParseDocument();
        docs.push_back(std::move(d));
        if (stats) ++stats->fast_documents;
        continue;
      } catch (const Bail&) {
        if (stats) stats->bail_lines.push_back(parser.line());
        if (choice == ParserChoice::kFastOnly) {
          d.failed = true;
          d.doc->root = nullptr;
          d.issues.push_back(YamlIssue{"PC001", seg.first_line, 1, "not handled by the fast parser"});
          docs.push_back(std::move(d));
          continue;
        }
      } catch (const Fatal& f) {
        d.failed = true;
        d.doc->root = nullptr;
        d.issues.push_back(YamlIssue{"PC001", f.line, f.column, f.message});
        docs.push_back(std::move(d));
        continue;
      }
    }
    if (stats) ++stats->fallback_documents;
    ParseWithYamlCpp(text, seg, limits, docs);
  }
  return docs;
}

std::vector<ParsedDocument> ParseYamlStream(std::string_view text, const Limits& limits,
                                            ParseStats* stats) {
  return ParseYamlStreamWith(text, limits, ParserChoice::kAuto, stats);
}

}  // namespace policycheck::k8s::internal
