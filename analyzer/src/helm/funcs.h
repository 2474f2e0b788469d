// The template function library: one registration API, one file per family.
//
// Adding a function (any engineer, in parallel):
//   1. Pick the family file (funcs_strings.cc, funcs_lists.cc, funcs_dicts.cc,
//      funcs_math.cc, funcs_encoding.cc, funcs_crypto.cc, funcs_semver.cc,
//      funcs_helm.cc, funcs_paths.cc, funcs_builtin.cc) or add funcs_<family>.cc with a
//      Register<Family>Funcs(FuncRegistry&) and call it from RegisterAllFuncs.
//   2. r.Add({"name", {ParamType...}, variadic, Fn}) where Fn is
//      Value(FuncContext&, std::span<const Value>) and throws FuncError on a Go error.
//   3. Parameter types give Go's argument checks: kString rejects an int or a
//      missing value ("wrong type for value; expected string; got int"), kInt
//      rejects float64 values but converts integer literals, kAny accepts all.
//   4. Test it in tests/helm/funcs_test.cc with Render("{{ name ... }}").
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "policycheck/frontend.h"
#include "value.h"

namespace policycheck::helm {

// A Go function error ("error calling NAME: <message>"). `user` marks fail and
// required, which helm prints as "execution error at (file:line:col): <message>".
struct FuncError {
  std::string message;
  bool user = false;
};
[[noreturn]] inline void Throw(std::string message) { throw FuncError{std::move(message)}; }

enum class ParamType { kAny, kString, kInt, kInt64, kFloat, kBool, kList, kMap };

// What functions may ask of the renderer.
class FuncContext {
 public:
  virtual ~FuncContext() = default;
  virtual Value Include(const std::string& name, const Value& data) = 0;
  virtual Value Tpl(const std::string& text, const Value& data) = 0;
  virtual std::mt19937_64& Rng() = 0;
  virtual const Limits& limits() const = 0;
  // Throws FuncError when a string of `bytes` would exceed the output limit.
  void CheckSize(int64_t bytes) const {
    if (bytes > limits().max_template_output)
      Throw("result of " + std::to_string(bytes) + " bytes exceeds the limit of " +
            std::to_string(limits().max_template_output) + " bytes");
  }
  // Counts work against max_template_steps (loops inside functions).
  virtual void Step(int64_t n) = 0;
  // Records a dictionary that a function is about to change in place (`set`, `merge`). Only such
  // a change can close a reference cycle (`set $d "self" $d`); the renderer breaks the cycles of
  // the dictionaries recorded here when it is done, so shared_ptr values never leak.
  virtual void NoteMutated(const std::shared_ptr<Map>& map) = 0;
};

using FuncImpl = std::function<Value(FuncContext&, std::span<const Value>)>;

struct FuncSpec {
  std::string name;
  std::vector<ParamType> params;  // fixed parameters
  bool variadic = false;          // the last param repeats (Go's ...T)
  FuncImpl fn;
};

class FuncRegistry {
 public:
  void Add(FuncSpec spec) { funcs_[spec.name] = std::move(spec); }
  const FuncSpec* Find(std::string_view name) const {
    auto it = funcs_.find(std::string(name));
    return it == funcs_.end() ? nullptr : &it->second;
  }
  size_t size() const { return funcs_.size(); }

 private:
  std::unordered_map<std::string, FuncSpec> funcs_;
};

// The registry with every function (Go builtins, Sprig, Helm). Built once.
const FuncRegistry& DefaultFuncs();

void RegisterBuiltinFuncs(FuncRegistry& r);   // eq lt len index print printf ... (Go text/template)
void RegisterStringFuncs(FuncRegistry& r);    // sprig strings
void RegisterListFuncs(FuncRegistry& r);      // sprig lists
void RegisterDictFuncs(FuncRegistry& r);      // sprig dicts
void RegisterMathFuncs(FuncRegistry& r);      // sprig math and conversions
void RegisterEncodingFuncs(FuncRegistry& r);  // b64, yaml, json, toml
void RegisterCryptoFuncs(FuncRegistry& r);    // sha*, random, uuid
void RegisterSemverFuncs(FuncRegistry& r);    // semver, semverCompare
void RegisterHelmFuncs(FuncRegistry& r);      // include tpl required fail lookup
void RegisterPathFuncs(FuncRegistry& r);      // base dir ext clean urlParse urlJoin

// Helpers shared by the families.
// Go's `eq` for two basic values; throws FuncError on incompatible types.
bool GoEqual(const Value& a, const Value& b);
// sprig's toString / strval: strings as is, others through fmt %v.
std::string StrVal(const Value& v);
// sprig/cast toInt64-style conversion (strings parsed, floats truncated, bad => 0).
int64_t ToInt64(const Value& v);
double ToFloat64(const Value& v);
// Builds a string that keeps the source trace of the pieces it is made of, so
// include + indent/nindent/trim still map to the included template's text.
class TracedBuilder {
 public:
  void AppendPlain(std::string_view s);  // produced by the calling action
  // Appends s[begin, end) with its trace (if any).
  void AppendFrom(const Value& s, size_t begin, size_t end);
  void AppendFrom(const Value& s) { AppendFrom(s, 0, s.AsString().size()); }
  Value Finish();

 private:
  std::string text_;
  Trace trace_;
  bool traced_ = false;
};

// Masterminds/semver: does `version` satisfy `constraint`? False when either is invalid.
bool SemverSatisfies(const std::string& constraint, const std::string& version);
// Go's reflect.DeepEqual on values (has, without, uniq).
bool DeepEqual(const Value& a, const Value& b);
// Strings as a list of strings via strval (join, sortAlpha).
std::vector<std::string> StringList(const Value& v);

}  // namespace policycheck::helm
