// Go text/template: lexer, parser and syntax tree (Go's exact syntax, including
// trim markers, comments, else-if/else-with, break/continue, define/block).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "value.h"

namespace policycheck::helm {

struct Pipe;

// One operand of a command.
struct Arg {
  enum Type { kField, kVariable, kDot, kNil, kBool, kNumber, kString, kIdentifier, kPipe, kChain };
  Type type = kDot;
  int pos = 0;                      // byte offset in the template source
  std::string name;                 // variable ("$x") or function name
  std::vector<std::string> fields;  // field chain (.a.b => {"a","b"})
  Value constant;                   // literal value (int/float/string/bool)
  bool number_is_int = false;       // number literal representable as int
  bool number_is_float = false;     // number literal has a float form
  int64_t int_value = 0;
  double float_value = 0;
  std::shared_ptr<Pipe> pipe;  // kPipe, kChain
  std::string text;            // source text, for error context
};

struct Command {
  int pos = 0;
  std::vector<Arg> args;
  std::string text;
};

struct Pipe {
  int pos = 0;
  bool is_assign = false;          // `=` rather than `:=`
  std::vector<std::string> decl;   // declared variables
  std::vector<Command> cmds;
  std::string text;
};

struct Node {
  enum Type { kText, kAction, kIf, kRange, kWith, kTemplate, kBreak, kContinue };
  Type type = kText;
  int pos = 0;
  std::string text;              // kText: the literal; kTemplate: template name
  std::shared_ptr<Pipe> pipe;    // action, if, range, with, template (may be null)
  std::vector<Node> list;        // body
  std::vector<Node> else_list;   // else branch (else-if is one nested node)
  bool has_else = false;
};

// One parsed source file: its text (positions index into it) and its name.
struct ParsedSource {
  std::string name;  // helm's name: "chart/templates/x.yaml"
  std::string text;
  std::vector<int> line_starts;
  // 1-based line and 0-based byte column (Go's ErrorContext form).
  std::pair<int, int> LineCol(int pos) const;
};

struct Template {
  std::string name;
  int source = 0;  // index into the source table
  std::shared_ptr<const std::vector<Node>> root;
};

struct ParseResult {
  std::vector<Node> root;           // the file's own body
  std::vector<Template> defines;    // define/block bodies found in the file
  std::string error;                // Go-style message, "" when ok
  int error_line = 0;
};

// Parses `src.text`. `is_function` says whether an identifier names a function
// (unknown functions are parse errors in Go). `source_index` is stored in defines.
ParseResult ParseTemplate(const ParsedSource& src, int source_index,
                          const std::function<bool(std::string_view)>& is_function);

}  // namespace policycheck::helm
