// Helm's own template functions: include, tpl, required, fail, lookup.
#include "funcs.h"

namespace policycheck::helm {
namespace {

using P = ParamType;
using Args = std::span<const Value>;

}  // namespace

void RegisterHelmFuncs(FuncRegistry& r) {
  r.Add({"include", {P::kString, P::kAny}, false,
         [](FuncContext& c, Args a) { return c.Include(a[0].AsString(), a[1]); }});
  r.Add({"tpl", {P::kString, P::kAny}, false, [](FuncContext& c, Args a) { return c.Tpl(a[0].AsString(), a[1]); }});
  r.Add({"required", {P::kString, P::kAny}, false, [](FuncContext&, Args a) {
           const Value& v = a[1];
           if (v.is_nil() || (v.is_string() && v.AsString().empty())) throw FuncError{a[0].AsString(), true};
           return v;
         }});
  r.Add({"fail", {P::kString}, false, [](FuncContext&, Args a) -> Value { throw FuncError{a[0].AsString(), true}; }});
  r.Add({"lookup", {P::kString, P::kString, P::kString, P::kString}, false,
         [](FuncContext&, Args) { return Value(Map{}); }});
  r.Add({"getHostByName", {P::kString}, false, [](FuncContext&, Args) { return Value(""); }});
}

}  // namespace policycheck::helm
