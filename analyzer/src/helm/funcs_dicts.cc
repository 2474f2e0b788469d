// Sprig dictionary functions (dict, get, set, merge with mergo's semantics, dig, ...).
#include <algorithm>

#include "funcs.h"

namespace policycheck::helm {
namespace {

using P = ParamType;
using Args = std::span<const Value>;

// The dictionary `v` for an in-place change, recorded with the renderer (see NoteMutated).
Map& MutMap(FuncContext& ctx, const Value& v) {
  if (v.kind() != Kind::kMap) Throw("expected a dictionary, got " + v.TypeName());
  ctx.NoteMutated(v.MapPtr());
  return *v.MapPtr();
}

// mergo.Merge (override=false) and mergo.Merge(WithOverride).
void MergeInto(FuncContext& ctx, Map& dst, const Map& src, bool overwrite) {
  NestingGuard guard;
  if (&dst == &src) return;
  for (const auto& [k, sv] : src) {
    auto it = dst.find(k);
    if (it != dst.end() && it->second.kind() == Kind::kMap && sv.kind() == Kind::kMap) {
      MergeInto(ctx, MutMap(ctx, it->second), sv.AsMap(), overwrite);
      continue;
    }
    if (it == dst.end()) {
      dst.emplace(k, sv);
    } else if (overwrite ? !IsEmpty(sv) : IsEmpty(it->second)) {
      if (!overwrite && (sv.kind() == Kind::kMap || sv.kind() == Kind::kList) && it->second.is_nil()) {
        it->second = sv;
        continue;
      }
      it->second = sv;
    }
  }
}

Value Merge(FuncContext& ctx, Args a, bool overwrite) {
  Map& dst = MutMap(ctx, a[0]);
  for (size_t i = 1; i < a.size(); ++i) {
    if (a[i].is_nil()) continue;
    if (!a[i].IsMapLike()) Throw("cannot merge " + a[i].TypeName());
    MergeInto(ctx, dst, a[i].AsMap(), overwrite);
  }
  return a[0];
}

}  // namespace

void RegisterDictFuncs(FuncRegistry& r) {
  r.Add({"dict", {P::kAny}, true, [](FuncContext&, Args a) {
           Map m;
           for (size_t i = 0; i < a.size(); i += 2) {
             std::string k = StrVal(a[i]);
             m.insert_or_assign(k, i + 1 < a.size() ? a[i + 1] : Value(""));
           }
           return Value(std::move(m));
         }});
  r.Add({"get", {P::kMap, P::kString}, false, [](FuncContext&, Args a) {
           const Map& m = a[0].AsMap();
           auto it = m.find(a[1].AsString());
           return it == m.end() ? Value("") : it->second;
         }});
  r.Add({"set", {P::kMap, P::kString, P::kAny}, false, [](FuncContext& ctx, Args a) {
           MutMap(ctx, a[0]).insert_or_assign(a[1].AsString(), a[2]);
           return a[0];
         }});
  r.Add({"unset", {P::kMap, P::kString}, false, [](FuncContext& ctx, Args a) {
           MutMap(ctx, a[0]).erase(a[1].AsString());
           return a[0];
         }});
  r.Add({"hasKey", {P::kMap, P::kString}, false, [](FuncContext&, Args a) {
           return Value(a[0].AsMap().count(a[1].AsString()) > 0);
         }});
  r.Add({"pluck", {P::kString, P::kMap}, true, [](FuncContext&, Args a) {
           List out;
           for (size_t i = 1; i < a.size(); ++i) {
             auto it = a[i].AsMap().find(a[0].AsString());
             if (it != a[i].AsMap().end()) out.push_back(it->second);
           }
           return Value(std::move(out));
         }});
  r.Add({"keys", {P::kMap}, true, [](FuncContext&, Args a) {
           List out;
           for (const Value& m : a)
             for (const auto& kv : m.AsMap()) out.push_back(Value(kv.first));
           return Value(std::move(out));
         }});
  r.Add({"values", {P::kMap}, false, [](FuncContext&, Args a) {
           List out;
           for (const auto& kv : a[0].AsMap()) out.push_back(kv.second);
           return Value(std::move(out));
         }});
  r.Add({"pick", {P::kMap, P::kString}, true, [](FuncContext&, Args a) {
           Map out;
           const Map& m = a[0].AsMap();
           for (size_t i = 1; i < a.size(); ++i) {
             auto it = m.find(a[i].AsString());
             if (it != m.end()) out.insert_or_assign(it->first, it->second);
           }
           return Value(std::move(out));
         }});
  r.Add({"omit", {P::kMap, P::kString}, true, [](FuncContext&, Args a) {
           Map out = a[0].AsMap();
           for (size_t i = 1; i < a.size(); ++i) out.erase(a[i].AsString());
           return Value(std::move(out));
         }});
  r.Add({"merge", {P::kMap, P::kAny}, true, [](FuncContext& c, Args a) { return Merge(c, a, false); }});
  r.Add({"mustMerge", {P::kMap, P::kAny}, true, [](FuncContext& c, Args a) { return Merge(c, a, false); }});
  r.Add({"mergeOverwrite", {P::kMap, P::kAny}, true, [](FuncContext& c, Args a) { return Merge(c, a, true); }});
  r.Add({"mustMergeOverwrite", {P::kMap, P::kAny}, true, [](FuncContext& c, Args a) { return Merge(c, a, true); }});
  r.Add({"deepCopy", {P::kAny}, false, [](FuncContext&, Args a) { return DeepCopy(a[0]); }});
  r.Add({"mustDeepCopy", {P::kAny}, false, [](FuncContext&, Args a) { return DeepCopy(a[0]); }});
  r.Add({"dig", {P::kAny, P::kAny, P::kAny}, true, [](FuncContext&, Args a) {
           // dig "a" "b" default dict
           const Value& dict = a.back();
           const Value& dflt = a[a.size() - 2];
           Value cur = dict;
           for (size_t i = 0; i + 2 < a.size(); ++i) {
             if (!a[i].is_string()) Throw("interface conversion: interface {} is " + a[i].TypeName() + ", not string");
             if (!cur.IsMapLike()) return dflt;
             auto it = cur.AsMap().find(a[i].AsString());
             if (it == cur.AsMap().end()) return dflt;
             Value next = it->second;
             cur = std::move(next);
           }
           return cur;
         }});
}

}  // namespace policycheck::helm
