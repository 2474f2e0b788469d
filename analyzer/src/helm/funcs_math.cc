// Sprig math and conversion functions, plus type inspection.
#include <cmath>

#include "funcs.h"

namespace policycheck::helm {
namespace {

using P = ParamType;
using Args = std::span<const Value>;

}  // namespace

void RegisterMathFuncs(FuncRegistry& r) {
  r.Add({"add", {P::kAny}, true, [](FuncContext&, Args a) {
           int64_t s = 0;
           for (const Value& v : a) s += ToInt64(v);
           return Value::Int64(s);
         }});
  r.Add({"add1", {P::kAny}, false, [](FuncContext&, Args a) { return Value::Int64(ToInt64(a[0]) + 1); }});
  r.Add({"sub", {P::kAny, P::kAny}, false, [](FuncContext&, Args a) { return Value::Int64(ToInt64(a[0]) - ToInt64(a[1])); }});
  r.Add({"mul", {P::kAny, P::kAny}, true, [](FuncContext&, Args a) {
           int64_t p = ToInt64(a[0]);
           for (size_t i = 1; i < a.size(); ++i) p *= ToInt64(a[i]);
           return Value::Int64(p);
         }});
  r.Add({"div", {P::kAny, P::kAny}, false, [](FuncContext&, Args a) {
           int64_t d = ToInt64(a[1]);
           if (d == 0) Throw("runtime error: integer divide by zero");
           return Value::Int64(ToInt64(a[0]) / d);
         }});
  r.Add({"mod", {P::kAny, P::kAny}, false, [](FuncContext&, Args a) {
           int64_t d = ToInt64(a[1]);
           if (d == 0) Throw("runtime error: integer divide by zero");
           return Value::Int64(ToInt64(a[0]) % d);
         }});
  r.Add({"max", {P::kAny, P::kAny}, true, [](FuncContext&, Args a) {
           int64_t m = ToInt64(a[0]);
           for (size_t i = 1; i < a.size(); ++i) m = std::max(m, ToInt64(a[i]));
           return Value::Int64(m);
         }});
  r.Add({"min", {P::kAny, P::kAny}, true, [](FuncContext&, Args a) {
           int64_t m = ToInt64(a[0]);
           for (size_t i = 1; i < a.size(); ++i) m = std::min(m, ToInt64(a[i]));
           return Value::Int64(m);
         }});
  r.Add({"addf", {P::kAny}, true, [](FuncContext&, Args a) {
           double s = 0;
           for (const Value& v : a) s += ToFloat64(v);
           return Value(s);
         }});
  r.Add({"add1f", {P::kAny}, false, [](FuncContext&, Args a) { return Value(ToFloat64(a[0]) + 1); }});
  r.Add({"subf", {P::kAny, P::kAny}, true, [](FuncContext&, Args a) {
           double s = ToFloat64(a[0]);
           for (size_t i = 1; i < a.size(); ++i) s -= ToFloat64(a[i]);
           return Value(s);
         }});
  r.Add({"mulf", {P::kAny, P::kAny}, true, [](FuncContext&, Args a) {
           double s = ToFloat64(a[0]);
           for (size_t i = 1; i < a.size(); ++i) s *= ToFloat64(a[i]);
           return Value(s);
         }});
  r.Add({"divf", {P::kAny, P::kAny}, true, [](FuncContext&, Args a) {
           double s = ToFloat64(a[0]);
           for (size_t i = 1; i < a.size(); ++i) s /= ToFloat64(a[i]);
           return Value(s);
         }});
  r.Add({"maxf", {P::kAny, P::kAny}, true, [](FuncContext&, Args a) {
           double m = ToFloat64(a[0]);
           for (size_t i = 1; i < a.size(); ++i) m = std::max(m, ToFloat64(a[i]));
           return Value(m);
         }});
  r.Add({"minf", {P::kAny, P::kAny}, true, [](FuncContext&, Args a) {
           double m = ToFloat64(a[0]);
           for (size_t i = 1; i < a.size(); ++i) m = std::min(m, ToFloat64(a[i]));
           return Value(m);
         }});
  r.Add({"floor", {P::kAny}, false, [](FuncContext&, Args a) { return Value(std::floor(ToFloat64(a[0]))); }});
  r.Add({"ceil", {P::kAny}, false, [](FuncContext&, Args a) { return Value(std::ceil(ToFloat64(a[0]))); }});
  r.Add({"round", {P::kAny, P::kInt, P::kAny}, true, [](FuncContext&, Args a) {
           double x = ToFloat64(a[0]);
           int64_t p = a[1].AsInt();
           double ro = a.size() > 2 ? ToFloat64(a[2]) : 0.5;
           double pow = std::pow(10.0, static_cast<double>(p));
           double digit = pow * x;
           double ip;
           double frac = std::modf(digit, &ip);
           if (frac >= ro) ip = std::ceil(digit);
           else ip = std::floor(digit);
           return Value(ip / pow);
         }});
  r.Add({"int", {P::kAny}, false, [](FuncContext&, Args a) { return Value::Int(ToInt64(a[0])); }});
  r.Add({"int64", {P::kAny}, false, [](FuncContext&, Args a) { return Value::Int64(ToInt64(a[0])); }});
  r.Add({"float64", {P::kAny}, false, [](FuncContext&, Args a) { return Value(ToFloat64(a[0])); }});
  r.Add({"atoi", {P::kString}, false, [](FuncContext&, Args a) {
           const std::string& s = a[0].AsString();
           std::string b = s;
           if (!b.empty() && (b[0] == '+' || b[0] == '-')) b = b.substr(1);
           if (b.empty() || b.find_first_not_of("0123456789") != std::string::npos) return Value::Int(0);
           return Value::Int(std::strtoll(s.c_str(), nullptr, 10));
         }});
  r.Add({"toDecimal", {P::kAny}, false, [](FuncContext&, Args a) {
           std::string s = StrVal(a[0]);
           if (s.find_first_not_of("01234567") != std::string::npos || s.empty()) return Value::Int64(0);
           return Value::Int64(std::strtoll(s.c_str(), nullptr, 8));
         }});
  // Types.
  r.Add({"typeOf", {P::kAny}, false, [](FuncContext&, Args a) { return Value(a[0].TypeName()); }});
  r.Add({"kindOf", {P::kAny}, false, [](FuncContext&, Args a) { return Value(a[0].KindName()); }});
  r.Add({"typeIs", {P::kString, P::kAny}, false,
         [](FuncContext&, Args a) { return Value(a[0].AsString() == a[1].TypeName()); }});
  r.Add({"typeIsLike", {P::kString, P::kAny}, false, [](FuncContext&, Args a) {
           std::string t = a[1].TypeName();
           return Value(a[0].AsString() == t || a[0].AsString() == "*" + t);
         }});
  r.Add({"kindIs", {P::kString, P::kAny}, false,
         [](FuncContext&, Args a) { return Value(a[0].AsString() == a[1].KindName()); }});
  r.Add({"empty", {P::kAny}, false, [](FuncContext&, Args a) { return Value(IsEmpty(a[0])); }});
  r.Add({"default", {P::kAny, P::kAny}, true, [](FuncContext&, Args a) {
           if (a.size() < 2 || IsEmpty(a[1])) return a[0];
           return a[1];
         }});
  r.Add({"coalesce", {P::kAny}, true, [](FuncContext&, Args a) {
           for (const Value& v : a)
             if (!IsEmpty(v)) return v;
           return Value::Nil();
         }});
  r.Add({"all", {P::kAny}, true, [](FuncContext&, Args a) {
           for (const Value& v : a)
             if (IsEmpty(v)) return Value(false);
           return Value(true);
         }});
  r.Add({"any", {P::kAny}, true, [](FuncContext&, Args a) {
           for (const Value& v : a)
             if (!IsEmpty(v)) return Value(true);
           return Value(false);
         }});
  r.Add({"ternary", {P::kAny, P::kAny, P::kBool}, false,
         [](FuncContext&, Args a) { return a[2].AsBool() ? a[0] : a[1]; }});
  r.Add({"deepEqual", {P::kAny, P::kAny}, false, [](FuncContext&, Args a) { return Value(DeepEqual(a[0], a[1])); }});
}

}  // namespace policycheck::helm
