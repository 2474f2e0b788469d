// Executes parsed templates with Go text/template semantics, recording for
// every output byte range the template position that produced it.
#pragma once

#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "funcs.h"
#include "template.h"
#include "value.h"

namespace policycheck::helm {

// Output text plus its source segments (TraceSegment.offset = output offset).
struct OutputBuffer {
  std::string text;
  Trace segs;
  bool strip_no_value = false;  // helm removes "<no value>" from rendered files
};

struct ExecFailure {
  std::string message;  // Go/helm-style message
  int source = -1;      // where the failing node is
  int pos = 0;
  bool user = false;    // fail/required
};

class TemplateEngine : public FuncContext {
 public:
  TemplateEngine(const FuncRegistry& funcs, const Limits& limits, uint64_t seed);

  // Adds a source file; `virtual_source` marks text that is not a file (tpl).
  int AddSource(std::string name, std::string text, bool virtual_source = false);
  const ParsedSource& source(int i) const { return sources_[i]; }
  bool is_virtual(int i) const { return virtual_[i]; }
  // Parses a source: the file becomes a template under its name and its
  // defines are registered (later registrations override earlier ones).
  // Returns "" or a Go parse error.
  std::string Parse(int source);
  // Executes the named template. Returns false with *failure set on error.
  bool Execute(const std::string& name, const Value& data, OutputBuffer* out, ExecFailure* failure);

  // FuncContext.
  Value Include(const std::string& name, const Value& data) override;
  Value Tpl(const std::string& text, const Value& data) override;
  std::mt19937_64& Rng() override { return rng_; }
  const Limits& limits() const override { return limits_; }
  void Step(int64_t n) override;
  void NoteMutated(const std::shared_ptr<Map>& map) override;

  // Empties every dictionary changed in place during execution that is still alive, which breaks
  // any reference cycle a template built. Call when the values of the render are no longer needed;
  // the destructor calls it too.
  void ReleaseMutatedValues();
  ~TemplateEngine() override;

 private:
  struct ExecError {
    ExecFailure failure;
  };
  enum class Flow { kNormal, kBreak, kContinue };

  Flow Walk(const std::vector<Node>& list, const Value& dot, OutputBuffer* out);
  Flow WalkNode(const Node& n, const Value& dot, OutputBuffer* out);
  void RunTemplate(const Template& t, const Value& dot, OutputBuffer* out);
  Value EvalPipeline(const Pipe& p, const Value& dot, bool declare_ok = true);
  Value EvalCommand(const Command& c, const Value& dot, const Value* final);
  Value EvalArg(const Arg& a, const Value& dot);
  Value EvalTypedArg(const Arg& a, const Value& dot, ParamType t, const std::string& fname);
  Value CheckType(const Value& v, ParamType t, const Arg* node);
  Value EvalFieldChain(const Value& receiver, const std::vector<std::string>& fields, const Arg& node,
                       const Command* cmd, const Value* final, const Value& dot);
  Value CallFunction(const std::string& name, const Arg& ident, const Command& c, const Value& dot,
                     const Value* final);
  Value LookupVar(const std::string& name, int pos);
  void SetVar(const std::string& name, const Value& v, bool assign, int pos);
  void Emit(OutputBuffer* out, const Value& v, int pos);
  void EmitText(OutputBuffer* out, const std::string& s, int pos);
  [[noreturn]] void Error(int pos, const std::string& context, const std::string& msg);

  const FuncRegistry& funcs_;
  Limits limits_;
  std::mt19937_64 rng_;
  std::vector<ParsedSource> sources_;
  std::vector<bool> virtual_;
  std::unordered_map<std::string, Template> templates_;
  std::vector<std::shared_ptr<std::vector<Node>>> roots_;
  // Execution state.
  std::vector<std::pair<std::string, Value>> vars_;
  int cur_source_ = 0;
  std::string cur_name_;
  int depth_ = 0;
  int64_t steps_ = 0;
  int64_t output_bytes_ = 0;
  const Node* cur_node_ = nullptr;
  // Dictionaries changed in place, by address; an expired entry's address may be reused.
  std::unordered_map<const Map*, std::weak_ptr<Map>> mutated_;
};

}  // namespace policycheck::helm
