#include "exec.h"

#include <algorithm>

namespace policycheck::helm {

TemplateEngine::TemplateEngine(const FuncRegistry& funcs, const Limits& limits, uint64_t seed)
    : funcs_(funcs), limits_(limits), rng_(seed) {}

TemplateEngine::~TemplateEngine() { ReleaseMutatedValues(); }

void TemplateEngine::NoteMutated(const std::shared_ptr<Map>& map) {
  auto [it, inserted] = mutated_.try_emplace(map.get(), map);
  if (!inserted && it->second.expired()) it->second = map;
}

void TemplateEngine::ReleaseMutatedValues() {
  // Move the contents out first and destroy them after every recorded map is empty, so no
  // destructor runs into a map that is being cleared.
  std::vector<Map> contents;
  for (auto& [address, weak] : mutated_) {
    if (std::shared_ptr<Map> map = weak.lock()) {
      contents.push_back(std::move(*map));
      map->clear();
    }
  }
  mutated_.clear();
}

int TemplateEngine::AddSource(std::string name, std::string text, bool virtual_source) {
  ParsedSource s;
  s.name = std::move(name);
  s.text = std::move(text);
  s.line_starts.push_back(0);
  for (size_t i = 0; i < s.text.size(); ++i)
    if (s.text[i] == '\n') s.line_starts.push_back(static_cast<int>(i + 1));
  sources_.push_back(std::move(s));
  virtual_.push_back(virtual_source);
  return static_cast<int>(sources_.size() - 1);
}

std::string TemplateEngine::Parse(int source) {
  ParseResult r = ParseTemplate(sources_[source], source, [this](std::string_view name) {
    return funcs_.Find(name) != nullptr;
  });
  if (!r.error.empty()) return r.error;
  auto root = std::make_shared<std::vector<Node>>(std::move(r.root));
  roots_.push_back(root);
  templates_[sources_[source].name] = Template{sources_[source].name, source, root};
  for (auto& d : r.defines) templates_[d.name] = std::move(d);
  return "";
}

void TemplateEngine::Step(int64_t n) {
  steps_ += n;
  if (steps_ > limits_.max_template_steps) {
    throw FuncError{"template evaluation exceeded " + std::to_string(limits_.max_template_steps) +
                    " steps (limit max_template_steps)"};
  }
}

[[noreturn]] void TemplateEngine::Error(int pos, const std::string& context, const std::string& msg) {
  auto [line, col] = sources_[cur_source_].LineCol(pos);
  ExecFailure f;
  f.source = cur_source_;
  f.pos = pos;
  f.message = "template: " + sources_[cur_source_].name + ":" + std::to_string(line) + ":" +
              std::to_string(col) + ": executing \"" + cur_name_ + "\" at <" + context + ">: " + msg;
  throw ExecError{f};
}

bool TemplateEngine::Execute(const std::string& name, const Value& data, OutputBuffer* out,
                             ExecFailure* failure) {
  auto it = templates_.find(name);
  if (it == templates_.end()) {
    failure->message = "template: no template \"" + name + "\" associated with template \"gotpl\"";
    return false;
  }
  vars_.clear();
  depth_ = 0;
  try {
    RunTemplate(it->second, data, out);
  } catch (const ExecError& e) {
    *failure = e.failure;
    return false;
  } catch (const NestingError&) {
    const Node* n = cur_node_;
    ExecFailure f;
    f.source = cur_source_;
    f.pos = n ? n->pos : 0;
    auto [line, col] = sources_[cur_source_].LineCol(f.pos);
    f.message = "template: " + sources_[cur_source_].name + ":" + std::to_string(line) + ":" + std::to_string(col) +
                ": executing \"" + cur_name_ + "\": value nesting exceeds " + std::to_string(kMaxValueNesting) +
                " levels (a cyclic value?)";
    *failure = f;
    return false;
  } catch (const FuncError& e) {
    // Limits hit outside a function call (steps, output size).
    const Node* n = cur_node_;
    ExecFailure f;
    f.source = cur_source_;
    f.pos = n ? n->pos : 0;
    auto [line, col] = sources_[cur_source_].LineCol(f.pos);
    f.message = "template: " + sources_[cur_source_].name + ":" + std::to_string(line) + ":" +
                std::to_string(col) + ": executing \"" + cur_name_ + "\": " + e.message;
    *failure = f;
    return false;
  }
  return true;
}

void TemplateEngine::RunTemplate(const Template& t, const Value& dot, OutputBuffer* out) {
  if (depth_ >= limits_.max_include_depth) {
    throw FuncError{"rendering template has a nested reference name: " + t.name +
                    ": unable to execute template (depth limit " + std::to_string(limits_.max_include_depth) +
                    ")"};
  }
  ++depth_;
  int saved_source = cur_source_;
  std::string saved_name = std::move(cur_name_);
  std::vector<std::pair<std::string, Value>> saved_vars;
  saved_vars.swap(vars_);
  vars_.emplace_back("$", dot);
  cur_source_ = t.source;
  cur_name_ = t.name;
  struct Restore {
    TemplateEngine* e;
    int src;
    std::string* name;
    std::vector<std::pair<std::string, Value>>* vars;
    ~Restore() {
      e->cur_source_ = src;
      e->cur_name_ = std::move(*name);
      e->vars_.swap(*vars);
      --e->depth_;
    }
  } restore{this, saved_source, &saved_name, &saved_vars};
  Walk(*t.root, dot, out);
}

TemplateEngine::Flow TemplateEngine::Walk(const std::vector<Node>& list, const Value& dot, OutputBuffer* out) {
  for (const Node& n : list) {
    Flow f = WalkNode(n, dot, out);
    if (f != Flow::kNormal) return f;
  }
  return Flow::kNormal;
}

void TemplateEngine::EmitText(OutputBuffer* out, const std::string& s, int pos) {
  if (s.empty()) return;
  output_bytes_ += static_cast<int64_t>(s.size());
  if (output_bytes_ > limits_.max_template_output) CheckSize(output_bytes_);
  out->segs.push_back(TraceSegment{static_cast<uint32_t>(out->text.size()), cur_source_,
                                   static_cast<uint32_t>(pos), true, nullptr});
  out->text += s;
}

void TemplateEngine::Emit(OutputBuffer* out, const Value& v, int pos) {
  uint32_t base = static_cast<uint32_t>(out->text.size());
  TraceSegment action{base, cur_source_, static_cast<uint32_t>(pos), false, v.origin()};
  if (v.is_nil()) {
    if (!out->strip_no_value) {
      out->segs.push_back(action);
      out->text += "<no value>";
    }
    return;
  }
  if (v.is_string()) {
    const std::string& s = v.AsString();
    if (s.empty()) return;
    output_bytes_ += static_cast<int64_t>(s.size());
    if (output_bytes_ > limits_.max_template_output) CheckSize(output_bytes_);
    if (out->strip_no_value && s.find("<no value>") != std::string::npos) {
      std::string t = s;
      size_t p;
      while ((p = t.find("<no value>")) != std::string::npos) t.erase(p, 10);
      out->segs.push_back(action);
      out->text += t;
      return;
    }
    const Trace* tr = v.trace().get();
    if (tr && !tr->empty()) {
      if ((*tr)[0].offset > 0) out->segs.push_back(action);
      for (const TraceSegment& seg : *tr) {
        if (seg.offset >= s.size()) break;
        TraceSegment t = seg;
        t.offset += base;
        if (t.source < 0 || virtual_[t.source]) {
          t.source = action.source;
          t.source_offset = action.source_offset;
          t.exact = false;
        }
        if (!t.origin) t.origin = action.origin;
        out->segs.push_back(t);
      }
    } else {
      out->segs.push_back(action);
    }
    out->text += s;
    return;
  }
  std::string s = GoString(v);
  out->segs.push_back(action);
  out->text += s;
}

TemplateEngine::Flow TemplateEngine::WalkNode(const Node& n, const Value& dot, OutputBuffer* out) {
  cur_node_ = &n;
  Step(1);
  switch (n.type) {
    case Node::kText:
      EmitText(out, n.text, n.pos);
      return Flow::kNormal;
    case Node::kAction: {
      Value v = EvalPipeline(*n.pipe, dot);
      if (n.pipe->decl.empty()) Emit(out, v, n.pos);
      return Flow::kNormal;
    }
    case Node::kBreak: return Flow::kBreak;
    case Node::kContinue: return Flow::kContinue;
    case Node::kIf:
    case Node::kWith: {
      size_t mark = vars_.size();
      Value v = EvalPipeline(*n.pipe, dot);
      Flow f = Flow::kNormal;
      if (IsTrue(v)) {
        f = Walk(n.list, n.type == Node::kWith ? v : dot, out);
      } else if (n.has_else) {
        f = Walk(n.else_list, dot, out);
      }
      vars_.resize(mark);
      return f;
    }
    case Node::kRange: {
      size_t mark = vars_.size();
      Value v = EvalPipeline(*n.pipe, dot, false);
      const Pipe& p = *n.pipe;
      auto set_vars = [&](const Value& key, const Value& elem) {
        if (p.decl.size() == 1) {
          SetVar(p.decl[0], elem, p.is_assign, n.pos);
        } else if (p.decl.size() == 2) {
          SetVar(p.decl[0], key, p.is_assign, n.pos);
          SetVar(p.decl[1], elem, p.is_assign, n.pos);
        }
      };
      size_t body_mark = vars_.size();
      bool any = false;
      auto run = [&](const Value& key, const Value& elem) -> bool {
        any = true;
        vars_.resize(body_mark);
        set_vars(key, elem);
        Flow f = Walk(n.list, elem, out);
        return f != Flow::kBreak;
      };
      if (!p.is_assign) {
        // Reserve slots for declared vars so SetVar finds them.
        for (const auto& d : p.decl) vars_.emplace_back(d, Value());
        body_mark = vars_.size();
      }
      switch (v.kind()) {
        case Kind::kInvalid:
        case Kind::kNil:
          break;
        case Kind::kInt: {
          if (p.decl.size() == 2) Error(n.pos, p.text, "can't use " + GoString(v) + " to iterate over more than one variable");
          for (int64_t i = 0; i < v.AsInt(); ++i) {
            Step(1);
            if (!run(Value::Int(i), Value::Int(i))) break;
          }
          break;
        }
        case Kind::kList:
        case Kind::kMap:
        case Kind::kObject:
          if (v.IsListLike()) {
            auto keep = v;  // keep the list alive while iterating
            const List& l = keep.AsList();
            for (size_t i = 0; i < l.size(); ++i) {
              if (!run(Value::Int(static_cast<int64_t>(i)), l[i])) break;
            }
            break;
          }
          if (v.IsMapLike()) {
            // Go ranges over a sorted snapshot of the keys (the body may unset).
            std::vector<std::pair<std::string, Value>> snapshot(v.AsMap().begin(), v.AsMap().end());
            for (const auto& [k, e] : snapshot) {
              if (!run(Value(k), e)) break;
            }
            break;
          }
          [[fallthrough]];
        default:
          Error(n.pos, p.text, "range can't iterate over " + GoString(v));
      }
      if (!any && n.has_else) {
        vars_.resize(mark);
        Walk(n.else_list, dot, out);
      }
      vars_.resize(mark);
      return Flow::kNormal;
    }
    case Node::kTemplate: {
      auto it = templates_.find(n.text);
      if (it == templates_.end()) {
        Error(n.pos, "template \"" + n.text + "\"", "template \"" + n.text + "\" not defined");
      }
      Value data = n.pipe ? EvalPipeline(*n.pipe, dot) : Value();
      try {
        RunTemplate(it->second, data, out);
      } catch (const FuncError& e) {
        Error(n.pos, "template \"" + n.text + "\"", e.message);
      }
      return Flow::kNormal;
    }
  }
  return Flow::kNormal;
}

Value TemplateEngine::LookupVar(const std::string& name, int pos) {
  for (auto it = vars_.rbegin(); it != vars_.rend(); ++it)
    if (it->first == name) return it->second;
  Error(pos, name, "undefined variable: " + name);
}

void TemplateEngine::SetVar(const std::string& name, const Value& v, bool assign, int pos) {
  if (assign) {
    for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
      if (it->first == name) {
        it->second = v;
        return;
      }
    }
    Error(pos, name, "undefined variable: " + name);
  }
  for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
    if (it->first == name) {
      it->second = v;
      return;
    }
  }
  vars_.emplace_back(name, v);
}

Value TemplateEngine::EvalPipeline(const Pipe& p, const Value& dot, bool declare_ok) {
  Value v;
  bool have = false;
  for (const Command& c : p.cmds) {
    v = EvalCommand(c, dot, have ? &v : nullptr);
    have = true;
  }
  // Interface values are dug out: a nil interface becomes "no value".
  if (v.kind() == Kind::kNil) v = Value();
  if (declare_ok) {
    for (const auto& d : p.decl) SetVar(d, v, p.is_assign, p.pos);
  }
  return v;
}

Value TemplateEngine::EvalArg(const Arg& a, const Value& dot) {
  switch (a.type) {
    case Arg::kDot: return dot;
    case Arg::kNil: return Value::Nil();
    case Arg::kBool:
    case Arg::kString:
    case Arg::kNumber: return a.constant;
    case Arg::kField: return EvalFieldChain(dot, a.fields, a, nullptr, nullptr, dot);
    case Arg::kVariable: {
      Value v = LookupVar(a.name, a.pos);
      if (a.fields.empty()) return v;
      return EvalFieldChain(v, a.fields, a, nullptr, nullptr, dot);
    }
    case Arg::kPipe: return EvalPipeline(*a.pipe, dot, true);
    case Arg::kChain: {
      Value v = EvalPipeline(*a.pipe, dot, true);
      return EvalFieldChain(v, a.fields, a, nullptr, nullptr, dot);
    }
    case Arg::kIdentifier: {
      Command c;
      c.pos = a.pos;
      c.text = a.text;
      c.args.push_back(a);
      return CallFunction(a.name, a, c, dot, nullptr);
    }
  }
  return Value();
}

Value TemplateEngine::CheckType(const Value& v, ParamType t, const Arg* node) {
  auto type_name = [](ParamType pt) -> std::string {
    switch (pt) {
      case ParamType::kString: return "string";
      case ParamType::kInt: return "int";
      case ParamType::kInt64: return "int64";
      case ParamType::kFloat: return "float64";
      case ParamType::kBool: return "bool";
      case ParamType::kList: return "[]interface {}";
      case ParamType::kMap: return "map[string]interface {}";
      default: return "interface {}";
    }
  };
  if (t == ParamType::kAny) return v.kind() == Kind::kInvalid ? Value::Nil() : v;
  bool ok = false;
  switch (t) {
    case ParamType::kString: ok = v.is_string(); break;
    case ParamType::kInt: ok = v.kind() == Kind::kInt && v.int_type() == IntType::kInt; break;
    case ParamType::kInt64: ok = v.kind() == Kind::kInt && v.int_type() == IntType::kInt64; break;
    case ParamType::kFloat: ok = v.kind() == Kind::kFloat; break;
    case ParamType::kBool: ok = v.kind() == Kind::kBool; break;
    case ParamType::kList: ok = v.kind() == Kind::kList || v.kind() == Kind::kNil || v.kind() == Kind::kInvalid; break;
    case ParamType::kMap: ok = v.kind() == Kind::kMap || v.kind() == Kind::kNil || v.kind() == Kind::kInvalid; break;
    default: ok = true;
  }
  if (ok) {
    if ((t == ParamType::kList || t == ParamType::kMap) && v.is_nil()) return Value::Nil();
    return v;
  }
  (void)node;
  if (v.kind() == Kind::kInvalid) throw FuncError{"invalid value; expected " + type_name(t)};
  if (v.kind() == Kind::kNil) throw FuncError{"invalid value; expected " + type_name(t)};
  throw FuncError{"wrong type for value; expected " + type_name(t) + "; got " + v.TypeName()};
}

Value TemplateEngine::EvalTypedArg(const Arg& a, const Value& dot, ParamType t, const std::string& fname) {
  (void)fname;
  if (a.type == Arg::kNumber) {
    switch (t) {
      case ParamType::kInt:
        if (!a.number_is_int) throw FuncError{"expected integer; found " + a.text};
        return Value::Int(a.int_value);
      case ParamType::kInt64:
        if (!a.number_is_int) throw FuncError{"expected integer; found " + a.text};
        return Value::Int64(a.int_value);
      case ParamType::kFloat: return Value(a.float_value);
      case ParamType::kAny: return a.constant;
      default: throw FuncError{"expected " + std::string(t == ParamType::kString ? "string" : "value") +
                               "; found " + a.text};
    }
  }
  if (a.type == Arg::kString && t != ParamType::kString && t != ParamType::kAny)
    throw FuncError{"expected " + std::string(t == ParamType::kInt ? "integer" : "value") + "; found " + a.text};
  if (a.type == Arg::kBool && t != ParamType::kBool && t != ParamType::kAny)
    throw FuncError{"expected value; found " + a.text};
  if (a.type == Arg::kNil && t != ParamType::kAny && t != ParamType::kList && t != ParamType::kMap)
    throw FuncError{"cannot assign nil to " + std::string(t == ParamType::kString ? "string" : "int")};
  Value v = EvalArg(a, dot);
  return CheckType(v, t, &a);
}

Value TemplateEngine::CallFunction(const std::string& name, const Arg& ident, const Command& c, const Value& dot,
                                   const Value* final) {
  const FuncSpec* spec = funcs_.Find(name);
  if (!spec) Error(ident.pos, ident.text, "\"" + name + "\" is not a defined function");
  size_t nargs = c.args.size() - 1 + (final ? 1 : 0);
  size_t nparams = spec->params.size();
  // Go's arity check.
  if (spec->variadic ? nargs < nparams - 1 : nargs != nparams) {
    Error(c.pos, c.text,
          "wrong number of args for " + name + ": want " + (spec->variadic ? "at least " : "") +
              std::to_string(spec->variadic ? nparams - 1 : nparams) + " got " + std::to_string(nargs));
  }
  // and/or short-circuit: evaluate lazily, return the deciding operand.
  if (name == "and" || name == "or") {
    bool is_and = name == "and";
    Value v;
    for (size_t i = 1; i < c.args.size(); ++i) {
      v = EvalArg(c.args[i], dot);
      if (v.kind() == Kind::kInvalid) v = Value::Nil();
      if (IsTrue(v) != is_and) return v;
    }
    if (final) v = *final;
    return v;
  }
  std::vector<Value> args;
  args.reserve(nargs);
  auto param_type = [&](size_t i) {
    if (i < nparams) return spec->params[i];
    return spec->params.empty() ? ParamType::kAny : spec->params.back();
  };
  try {
    for (size_t i = 1; i < c.args.size(); ++i) args.push_back(EvalTypedArg(c.args[i], dot, param_type(i - 1), name));
    if (final) args.push_back(CheckType(*final, param_type(args.size()), nullptr));
  } catch (const FuncError& e) {
    Error(c.pos, c.text, e.message);
  }
  try {
    Value result = spec->fn(*this, args);
    // Every function result counts against the output limit, so no chain of calls (print, cat,
    // join, concat, repeat...) can double a value until memory runs out.
    if (result.is_string()) {
      CheckSize(static_cast<int64_t>(result.AsString().size()));
    } else if (result.kind() == Kind::kList) {
      CheckSize(static_cast<int64_t>(result.AsList().size() * sizeof(Value)));
    }
    // A value derived from one values-file value (quote, default, toString,
    // toYaml, int, ...) keeps that value's origin.
    if (!result.origin() && result.kind() != Kind::kList && result.kind() != Kind::kMap) {
      for (auto it = args.rbegin(); it != args.rend(); ++it) {
        if (it->origin()) {
          result.set_origin(it->origin());
          break;
        }
      }
    }
    return result;
  } catch (ExecError& e) {
    // Errors inside include/tpl surface at the calling action, as in Go.
    auto [line, col] = sources_[cur_source_].LineCol(c.pos);
    std::string where = sources_[cur_source_].name + ":" + std::to_string(line) + ":" + std::to_string(col);
    if (e.failure.user) {
      e.failure.message = "execution error at (" + where + "): " +
                          e.failure.message.substr(e.failure.message.find("): ") + 3);
    } else {
      e.failure.message = "template: " + where + ": executing \"" + cur_name_ + "\" at <" + c.text +
                          ">: error calling " + name + ": " + e.failure.message;
    }
    e.failure.source = cur_source_;
    e.failure.pos = c.pos;
    throw;
  } catch (const NestingError&) {
    Error(c.pos, c.text, "error calling " + name + ": value nesting exceeds " + std::to_string(kMaxValueNesting) +
                             " levels (a cyclic value?)");
  } catch (const FuncError& e) {
    if (e.user) {
      ExecFailure f;
      auto [line, col] = sources_[cur_source_].LineCol(c.pos);
      f.source = cur_source_;
      f.pos = c.pos;
      f.user = true;
      f.message = "execution error at (" + sources_[cur_source_].name + ":" + std::to_string(line) + ":" +
                  std::to_string(col) + "): " + e.message;
      throw ExecError{f};
    }
    Error(c.pos, c.text, "error calling " + name + ": " + e.message);
  }
}

Value TemplateEngine::EvalFieldChain(const Value& receiver, const std::vector<std::string>& fields, const Arg& node,
                                     const Command* cmd, const Value* final, const Value& dot) {
  Value cur = receiver;
  for (size_t i = 0; i < fields.size(); ++i) {
    const std::string& f = fields[i];
    bool last = i + 1 == fields.size();
    bool has_args = last && cmd && (cmd->args.size() > 1 || final);
    if (cur.kind() == Kind::kInvalid) return Value();
    if (cur.kind() == Kind::kNil) Error(node.pos, node.text, "nil pointer evaluating interface {}." + f);
    if (cur.kind() == Kind::kMap) {
      if (has_args) Error(node.pos, node.text, f + " is not a method but has arguments");
      const Map& m = cur.AsMap();
      auto it = m.find(f);
      Value next = it == m.end() ? Value::Nil() : it->second;
      cur = std::move(next);
      continue;
    }
    if (cur.kind() == Kind::kObject) {
      std::vector<Value> args;
      if (has_args) {
        for (size_t k = 1; k < cmd->args.size(); ++k) args.push_back(EvalArg(cmd->args[k], dot));
        if (final) args.push_back(*final);
      }
      Value out;
      std::string err;
      auto obj = cur.ObjectPtr();
      if (!obj->Invoke(f, args, &out, &err)) {
        Error(node.pos, node.text, "can't evaluate field " + f + " in type " + obj->TypeName());
      }
      if (!err.empty()) Error(node.pos, node.text, "error calling " + f + ": " + err);
      cur = std::move(out);
      continue;
    }
    Error(node.pos, node.text, "can't evaluate field " + f + " in type " + cur.TypeName());
  }
  return cur;
}

Value TemplateEngine::EvalCommand(const Command& c, const Value& dot, const Value* final) {
  const Arg& first = c.args[0];
  Step(1);
  switch (first.type) {
    case Arg::kIdentifier: return CallFunction(first.name, first, c, dot, final);
    case Arg::kField: return EvalFieldChain(dot, first.fields, first, &c, final, dot);
    case Arg::kVariable: {
      Value v = LookupVar(first.name, first.pos);
      if (first.fields.empty()) {
        if (c.args.size() > 1 || final) Error(first.pos, c.text, "can't give argument to non-function " + first.text);
        return v;
      }
      return EvalFieldChain(v, first.fields, first, &c, final, dot);
    }
    case Arg::kChain: {
      Value v = EvalPipeline(*first.pipe, dot, true);
      return EvalFieldChain(v, first.fields, first, &c, final, dot);
    }
    default:
      if (c.args.size() > 1 || final) Error(first.pos, c.text, "can't give argument to non-function " + first.text);
      return EvalArg(first, dot);
  }
}

Value TemplateEngine::Include(const std::string& name, const Value& data) {
  auto it = templates_.find(name);
  if (it == templates_.end())
    Throw("template: no template \"" + name + "\" associated with template \"gotpl\"");
  OutputBuffer buf;
  const Node* saved = cur_node_;
  RunTemplate(it->second, data, &buf);
  cur_node_ = saved;
  Value v(std::move(buf.text));
  if (!buf.segs.empty()) v.set_trace(std::make_shared<const Trace>(std::move(buf.segs)));
  return v;
}

Value TemplateEngine::Tpl(const std::string& text, const Value& data) {
  // helm parses the text as a template named after the calling template.
  std::string name = cur_name_;
  if (data.IsMapLike()) {
    const Map& m = data.AsMap();
    auto t = m.find("Template");
    if (t != m.end() && t->second.IsMapLike()) {
      auto n = t->second.AsMap().find("Name");
      if (n != t->second.AsMap().end() && n->second.is_string()) name = n->second.AsString();
    }
  }
  int src = AddSource(name, text, /*virtual_source=*/true);
  ParseResult r = ParseTemplate(sources_[src], src, [this](std::string_view n) { return funcs_.Find(n) != nullptr; });
  if (!r.error.empty()) Throw(r.error);
  // Defines inside tpl text become visible (helm clones the template set).
  for (auto& d : r.defines) templates_[d.name] = d;
  auto root = std::make_shared<std::vector<Node>>(std::move(r.root));
  roots_.push_back(root);
  Template t{name, src, root};
  OutputBuffer buf;
  const Node* saved = cur_node_;
  RunTemplate(t, data, &buf);
  cur_node_ = saved;
  std::string out = std::move(buf.text);
  size_t p;
  while ((p = out.find("<no value>")) != std::string::npos) out.erase(p, 10);
  return Value(std::move(out));
}

}  // namespace policycheck::helm
