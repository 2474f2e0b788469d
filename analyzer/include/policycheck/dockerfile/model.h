// The Dockerfile model: an immutable, fully located view of one Dockerfile,
// produced by dockerfile::Parse (parser.h) with BuildKit's semantics.
//
//   Dockerfile
//   ├── directives        # syntax= / # escape= / # check= (before the first instruction)
//   ├── preamble          instructions before the first FROM (global ARGs)
//   └── stages[]          one per FROM
//       ├── from          the FROM instruction itself
//       ├── base          ImageRef (after global-ARG expansion) | earlier stage | scratch
//       └── instructions  everything after FROM up to the next FROM
//
// Every instruction, argument, flag and heredoc keeps its 1-based line and
// column in the original file, across line continuations, the escape
// directive, CRLF and a UTF-8 BOM. Rules never need the raw text, but it is
// there (Instruction::raw_args, Dockerfile::source()).
//
// RUN instructions carry a shell-aware view (Instruction::commands): simple
// commands split on &&, ||, ;, |, & and newlines, with heredoc scripts,
// heredocs a shell reads on stdin and `sh -c '...'` strings parsed too, each
// word located in the file. Exec-form RUN gives one command (its argv).
// A SHELL that is not a POSIX shell (powershell, cmd) leaves `commands` empty.
//
// Problems are never thrown: Parse() returns LoadIssues (PC001) with exact
// locations and keeps going; see parser.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policycheck/source.h"

namespace policycheck::dockerfile {

// Maps byte offsets of a logical text (an instruction's arguments with line
// continuations removed, or a heredoc body) back to file positions. Stores one
// segment per physical line, so it stays small for long instructions.
class PositionMap {
 public:
  // The text from `offset` onwards comes from `line`:`column`, byte for byte,
  // until the next segment.
  void AddSegment(size_t offset, int line, int column);
  // File position of byte `offset` of the logical text (the last byte's
  // position plus one for offsets past the end).
  Location At(size_t offset) const;
  // Line and column of byte `offset` (0, 0 when the map is empty).
  void LineColumn(size_t offset, int* line, int* column) const;
  // Appends the segments of `src` from `src_begin` on, so that src offset
  // `src_begin` becomes offset `dst_offset` of this map.
  void AppendShifted(const PositionMap& src, size_t src_begin, size_t dst_offset);
  const std::string& file() const { return file_; }
  void set_file(std::string file) { file_ = std::move(file); }
  bool empty() const { return segments_.empty(); }

 private:
  struct Segment {
    size_t offset;
    int line;
    int column;
  };
  std::string file_;
  std::vector<Segment> segments_;
};

// A word of an instruction's arguments.
struct Word {
  std::string raw;   // as written (quotes and escapes kept, variables unexpanded)
  std::string text;  // after BuildKit word processing: quotes removed and, for the
                     // instructions BuildKit expands (see Instruction::expanded),
                     // $VAR / ${VAR...} substituted with the stage's ARG/ENV values
  Location location;  // first byte of `raw`
};

// A `--name=value` flag before an instruction's arguments.
struct Flag {
  std::string name;   // without the leading "--": "from", "mount", "chown", "platform"
  std::string value;  // text after '=', quotes removed, expanded where BuildKit expands
  std::string raw_value;  // text after '=' as written
  bool has_value = false;  // false for a bare `--link`
  Location location;        // of the leading "--"
  Location value_location;  // first byte after '=' (== location when !has_value)
};

// A heredoc attached to RUN, COPY or ADD (`<<EOF`, `<<-EOF`, `<<"EOF"`).
struct Heredoc {
  std::string delimiter;   // "EOF" (quotes removed)
  std::string body;        // content lines, each ending in '\n'; leading tabs removed when strip_tabs
  bool quoted = false;     // delimiter (partly) quoted: BuildKit does not expand the body
  bool strip_tabs = false; // `<<-`
  int fd = -1;             // file descriptor prefix (`3<<EOF`), -1 when absent
  Location location;       // of the `<<` marker on the instruction line
  Location end_location;   // of the terminator line (line of the delimiter)
  PositionMap positions;   // offsets of `body` -> file positions (after tab stripping)
};

// `KEY=value` pairs of ENV, LABEL and ARG (ARG may have no value).
struct KeyValue {
  std::string key;
  std::string value;        // quotes removed; expanded for ENV and LABEL (as BuildKit does)
  std::string raw_value;    // as written
  bool has_value = false;   // ARG NAME has none; ENV/LABEL always do
  Location key_location;
  Location value_location;  // first byte of the value (== key_location when !has_value)
};

// The operator that ends a simple command in a shell script.
enum class Connector {
  kEnd,   // end of the script
  kSeq,   // ; or newline
  kAnd,   // &&
  kOr,    // ||
  kPipe,  // | (and |&)
  kBackground,  // &
};

// One simple command of a shell script: `FOO=1 apt-get install -y curl`.
// Words keep their quotes removed (`text`) but variables unexpanded: RUN
// scripts are expanded by the shell at build time, not by BuildKit.
struct ShellCommand {
  std::vector<Word> assignments;  // leading NAME=value words
  std::vector<Word> argv;         // the command and its arguments (may be empty)
  std::vector<std::string> redirects;  // redirection operators with targets, e.g. ">/dev/null"
  Connector next = Connector::kEnd;    // operator after this command
  int pipeline = 0;   // commands joined by | share a pipeline number (per instruction)
  int depth = 0;      // nesting: 0 top level, +1 per `sh -c '...'` string or heredoc a shell
                      // reads (`bash <<EOF`); $(...) and `...` stay inside their word
  bool from_heredoc = false;  // comes from a heredoc script body

  std::string_view name() const { return argv.empty() ? std::string_view() : argv[0].text; }
  // The base name of the command (`/usr/bin/apt-get` -> `apt-get`).
  std::string_view base_name() const;
  // True if any argument (argv[1..]) equals `arg`.
  bool HasArg(std::string_view arg) const;
  // Location of the command (its first word, or its first assignment).
  Location location() const;
};

// A script a shell will run for one RUN: the shell-form text or a heredoc
// script. Used by the shellcheck integration and the shell splitter.
struct ShellScript {
  std::string text;       // continuations removed (shell form) or the heredoc body
  PositionMap positions;  // offsets of `text` -> file positions
  bool from_heredoc = false;
  std::string shell = "sh";  // interpreter from a `#!` line or SHELL, base name
};

enum class InstructionForm {
  kNone,   // instructions without a command (FROM, ENV, ...)
  kShell,  // RUN apt-get update
  kExec,   // RUN ["apt-get", "update"] (valid JSON array of strings)
};

struct Instruction {
  std::string keyword;      // upper case: "RUN"; unknown keywords too ("RUNN")
  bool known = true;        // keyword is a Dockerfile instruction
  Location location;        // of the keyword (line, column of its first byte)
  Location end_location;    // last line of the instruction (incl. heredocs), column 0
  std::string raw_args;     // everything after the keyword, continuations removed, flags included
  std::string args_text;    // raw_args without the flags, leading/trailing whitespace trimmed
  Location args_location;   // first byte of args_text
  PositionMap positions;    // offsets of raw_args -> file positions
  size_t args_offset = 0;   // offset of args_text within raw_args

  std::vector<Flag> flags;
  // Arguments split into words on whitespace (quotes respected). For exec
  // form: the JSON strings. For ENV/LABEL/ARG see `pairs` (args holds the
  // raw words). HEALTHCHECK: the command after CMD (form set accordingly), or
  // the single word NONE. USER/WORKDIR/STOPSIGNAL/MAINTAINER: one word, the
  // whole argument text.
  std::vector<Word> args;
  InstructionForm form = InstructionForm::kNone;
  bool expanded = false;  // BuildKit expands this instruction's words (Word::text)

  std::vector<KeyValue> pairs;    // ENV, LABEL, ARG
  std::vector<Heredoc> heredocs;  // RUN, COPY, ADD
  std::shared_ptr<const Instruction> onbuild;  // ONBUILD: the wrapped instruction

  // RUN only: the scripts a shell runs, and their simple commands.
  std::vector<ShellScript> scripts;
  std::vector<ShellCommand> commands;

  bool Is(std::string_view upper_keyword) const { return keyword == upper_keyword; }
  // The flag named `name`, or nullptr. The last one wins when repeated.
  const Flag* FindFlag(std::string_view name) const;
  // All flags named `name` (RUN --mount may repeat).
  std::vector<const Flag*> FlagsNamed(std::string_view name) const;
};

// An image reference split like a container runtime does it.
struct ImageRef {
  std::string raw;       // as written in FROM (before expansion)
  std::string expanded;  // after global-ARG expansion
  std::string registry;  // "docker.io" when not written; "" if the ref is unparsable
  std::string repository;  // "library/ubuntu", "ghcr.io/org/app" -> "org/app"
  std::string name;      // registry-qualified as written, without tag/digest: "ghcr.io/org/app", "ubuntu"
  std::string tag;       // "" when absent
  std::string digest;    // "sha256:..." when pinned, else ""
  bool has_unexpanded_vars = false;  // an ARG without a value remained after expansion
  bool explicit_registry = false;    // the first path component names a registry
};

enum class BaseKind {
  kImage,    // a registry image
  kStage,    // an earlier stage of this Dockerfile (by name or index)
  kScratch,  // FROM scratch
};

struct Stage {
  int index = 0;              // 0-based, in file order
  std::string name;           // `AS name`, lower-cased like BuildKit; "" when unnamed
  Location name_location;     // of the name (invalid when unnamed)
  BaseKind base_kind = BaseKind::kImage;
  ImageRef image;             // always filled (raw/expanded), parsed for kImage
  int base_stage = -1;        // kStage: the index of the referenced stage
  std::string platform;       // FROM --platform value, expanded ("" when absent)
  std::string raw_platform;   // as written
  Location platform_location;
  Instruction from;           // the FROM instruction
  std::vector<Instruction> instructions;  // after FROM, up to the next FROM

  // "builder", or "#2" for an unnamed stage (ObjectRef::stage).
  std::string DisplayName() const;
};

struct Directive {
  std::string name;   // lower case: "syntax", "escape", "check"
  std::string value;
  Location location;  // of the '#'
};

class Dockerfile {
 public:
  std::string path;  // display path (Location::file)
  std::shared_ptr<const SourceFile> source;
  std::vector<Directive> directives;
  char escape = '\\';  // from `# escape=`
  // Instructions before the first FROM (normally only ARG; others are kept
  // here too so rules can see them).
  std::vector<Instruction> preamble;
  // Global ARGs (preamble ARG pairs), in order.
  std::vector<KeyValue> global_args;
  std::vector<Stage> stages;

  const std::string& display_path() const { return path; }
  // The last stage (the built image unless --target), or nullptr.
  const Stage* final_stage() const { return stages.empty() ? nullptr : &stages.back(); }
  // Stage by name (case-insensitive) or decimal index, among stages before
  // `before` (all when -1). nullptr if none.
  const Stage* FindStage(std::string_view name_or_index, int before = -1) const;
  // The directive named `name`, or nullptr.
  const Directive* FindDirective(std::string_view name) const;
};

// --- Helpers shared by the parser and rules -------------------------------

// True for the instructions BuildKit knows.
bool IsKnownInstruction(std::string_view upper_keyword);

// Expands `$VAR`, `${VAR}`, `${VAR:-w}`, `${VAR-w}`, `${VAR:+w}`, `${VAR+w}`,
// `${VAR:?w}`, `${VAR#p}`, `${VAR%p}` ... and removes quotes, the way
// BuildKit's shell lexer processes one word. `escape` is the escape character.
// Unset variables expand to "" and are added to `unset` when given.
std::string ProcessWord(std::string_view word, const std::map<std::string, std::string>& vars,
                        char escape, std::vector<std::string>* unset = nullptr);

// Splits a shell script into simple commands. `positions` maps offsets of
// `script` to file positions; `depth` is stored in each command.
std::vector<ShellCommand> SplitShell(std::string_view script, const PositionMap& positions,
                                     int depth = 0);

// Parses an image reference ("ubuntu:22.04", "ghcr.io/o/a@sha256:...").
ImageRef ParseImageRef(std::string_view expanded);

}  // namespace policycheck::dockerfile
