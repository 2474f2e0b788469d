// Sprig list functions.
#include <algorithm>

#include "funcs.h"

namespace policycheck::helm {
namespace {

using P = ParamType;
using Args = std::span<const Value>;

const List& NeedList(const Value& v, const char* what) {
  if (!v.IsListLike()) Throw(std::string("Cannot ") + what + " on type " + v.TypeName());
  return v.AsList();
}

}  // namespace

void RegisterListFuncs(FuncRegistry& r) {
  r.Add({"list", {P::kAny}, true, [](FuncContext&, Args a) { return Value(List(a.begin(), a.end())); }});
  r.Add({"tuple", {P::kAny}, true, [](FuncContext&, Args a) { return Value(List(a.begin(), a.end())); }});
  auto push = [](FuncContext&, Args a) {
    List l = NeedList(a[0], "push");
    l.push_back(a[1]);
    return Value(std::move(l));
  };
  r.Add({"append", {P::kAny, P::kAny}, false, push});
  r.Add({"push", {P::kAny, P::kAny}, false, push});
  r.Add({"mustAppend", {P::kAny, P::kAny}, false, push});
  r.Add({"mustPush", {P::kAny, P::kAny}, false, push});
  auto prepend = [](FuncContext&, Args a) {
    List l = NeedList(a[0], "prepend");
    l.insert(l.begin(), a[1]);
    return Value(std::move(l));
  };
  r.Add({"prepend", {P::kAny, P::kAny}, false, prepend});
  r.Add({"mustPrepend", {P::kAny, P::kAny}, false, prepend});
  auto first = [](FuncContext&, Args a) {
    const List& l = NeedList(a[0], "find first");
    return l.empty() ? Value::Nil() : l.front();
  };
  r.Add({"first", {P::kAny}, false, first});
  r.Add({"mustFirst", {P::kAny}, false, first});
  auto last = [](FuncContext&, Args a) {
    const List& l = NeedList(a[0], "find last");
    return l.empty() ? Value::Nil() : l.back();
  };
  r.Add({"last", {P::kAny}, false, last});
  r.Add({"mustLast", {P::kAny}, false, last});
  auto rest = [](FuncContext&, Args a) {
    const List& l = NeedList(a[0], "find rest");
    if (l.empty()) return Value::Nil();
    return Value(List(l.begin() + 1, l.end()));
  };
  r.Add({"rest", {P::kAny}, false, rest});
  r.Add({"mustRest", {P::kAny}, false, rest});
  auto initial = [](FuncContext&, Args a) {
    const List& l = NeedList(a[0], "find initial");
    if (l.empty()) return Value::Nil();
    return Value(List(l.begin(), l.end() - 1));
  };
  r.Add({"initial", {P::kAny}, false, initial});
  r.Add({"mustInitial", {P::kAny}, false, initial});
  auto reverse = [](FuncContext&, Args a) {
    List l = NeedList(a[0], "find reverse");
    std::reverse(l.begin(), l.end());
    return Value(std::move(l));
  };
  r.Add({"reverse", {P::kAny}, false, reverse});
  r.Add({"mustReverse", {P::kAny}, false, reverse});
  auto uniq = [](FuncContext&, Args a) {
    List out;
    for (const Value& v : NeedList(a[0], "find uniq")) {
      bool seen = false;
      for (const Value& o : out)
        if (DeepEqual(o, v)) seen = true;
      if (!seen) out.push_back(v);
    }
    return Value(std::move(out));
  };
  r.Add({"uniq", {P::kAny}, false, uniq});
  r.Add({"mustUniq", {P::kAny}, false, uniq});
  auto without = [](FuncContext&, Args a) {
    List out;
    for (const Value& v : NeedList(a[0], "find without")) {
      bool drop = false;
      for (size_t i = 1; i < a.size(); ++i)
        if (DeepEqual(a[i], v)) drop = true;
      if (!drop) out.push_back(v);
    }
    return Value(std::move(out));
  };
  r.Add({"without", {P::kAny, P::kAny}, true, without});
  r.Add({"mustWithout", {P::kAny, P::kAny}, true, without});
  auto has = [](FuncContext&, Args a) {
    if (a[1].is_nil()) return Value(false);
    for (const Value& v : NeedList(a[1], "find has"))
      if (DeepEqual(v, a[0])) return Value(true);
    return Value(false);
  };
  r.Add({"has", {P::kAny, P::kAny}, false, has});
  r.Add({"mustHas", {P::kAny, P::kAny}, false, has});
  auto compact = [](FuncContext&, Args a) {
    List out;
    for (const Value& v : NeedList(a[0], "compact"))
      if (!IsEmpty(v)) out.push_back(v);
    return Value(std::move(out));
  };
  r.Add({"compact", {P::kAny}, false, compact});
  r.Add({"mustCompact", {P::kAny}, false, compact});
  r.Add({"concat", {P::kAny}, true, [](FuncContext&, Args a) {
           List out;
           for (const Value& l : a) {
             if (l.is_nil()) continue;
             const List& x = NeedList(l, "concat");
             out.insert(out.end(), x.begin(), x.end());
           }
           return Value(std::move(out));
         }});
  auto slice = [](FuncContext&, Args a) {
    const List& l = NeedList(a[0], "slice");
    int64_t n = static_cast<int64_t>(l.size());
    int64_t b = a.size() > 1 ? ToInt64(a[1]) : 0;
    int64_t e = a.size() > 2 ? ToInt64(a[2]) : n;
    if (b < 0 || e > n || b > e) Throw("slice bounds out of range");
    return Value(List(l.begin() + b, l.begin() + e));
  };
  r.Add({"mustSlice", {P::kAny, P::kAny}, true, slice});
  r.Add({"until", {P::kInt}, false, [](FuncContext& c, Args a) {
           int64_t n = a[0].AsInt();
           List l;
           int64_t step = n < 0 ? -1 : 1;
           c.CheckSize((n < 0 ? -n : n) * 16);
           c.Step(n < 0 ? -n : n);
           for (int64_t i = 0; i != n; i += step) l.push_back(Value::Int(i));
           return Value(std::move(l));
         }});
  r.Add({"untilStep", {P::kInt, P::kInt, P::kInt}, false, [](FuncContext& c, Args a) {
           int64_t start = a[0].AsInt(), stop = a[1].AsInt(), step = a[2].AsInt();
           List l;
           if (step == 0) return Value(std::move(l));
           int64_t count = (stop - start) / step;
           if (count > 0) {
             c.CheckSize(count * 16);
             c.Step(count);
           }
           if (step > 0) for (int64_t i = start; i < stop; i += step) l.push_back(Value::Int(i));
           else for (int64_t i = start; i > stop; i += step) l.push_back(Value::Int(i));
           return Value(std::move(l));
         }});
  r.Add({"seq", {P::kInt}, true, [](FuncContext& c, Args a) {
           int64_t start = 1, end = 0, step = 1;
           if (a.size() == 1) { end = a[0].AsInt(); if (end < 1) step = -1; }
           else if (a.size() == 2) { start = a[0].AsInt(); end = a[1].AsInt(); step = start <= end ? 1 : -1; }
           else if (a.size() == 3) { start = a[0].AsInt(); step = a[1].AsInt(); end = a[2].AsInt(); }
           else return Value("");
           std::string out;
           if (step == 0) return Value("");
           int64_t n = (end - start) / step;
           if (n > 0) { c.CheckSize(n * 8); c.Step(n); }
           for (int64_t i = start; step > 0 ? i <= end : i >= end; i += step) {
             if (!out.empty()) out.push_back(' ');
             out += std::to_string(i);
           }
           return Value(out);
         }});
  r.Add({"chunk", {P::kInt, P::kAny}, false, [](FuncContext&, Args a) {
           int64_t size = a[0].AsInt();
           const List& l = NeedList(a[1], "chunk");
           List out;
           if (size <= 0) Throw("chunk size must be positive");
           for (size_t i = 0; i < l.size(); i += size)
             out.push_back(Value(List(l.begin() + i, l.begin() + std::min(l.size(), i + static_cast<size_t>(size)))));
           return Value(std::move(out));
         }});
}

}  // namespace policycheck::helm
