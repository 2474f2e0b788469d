// Sprig path and URL functions (Go's path package semantics, '/' separators).
#include <vector>

#include "funcs.h"

namespace policycheck::helm {
namespace {

using P = ParamType;
using Args = std::span<const Value>;

// path.Clean
std::string Clean(const std::string& p) {
  if (p.empty()) return ".";
  bool rooted = p[0] == '/';
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string::npos) j = p.size();
    std::string seg = p.substr(i, j - i);
    if (seg.empty() || seg == ".") {
    } else if (seg == "..") {
      if (!parts.empty() && parts.back() != "..") parts.pop_back();
      else if (!rooted) parts.push_back("..");
    } else {
      parts.push_back(seg);
    }
    i = j + 1;
  }
  std::string out = rooted ? "/" : "";
  for (size_t k = 0; k < parts.size(); ++k) out += (k ? "/" : "") + parts[k];
  if (out.empty()) return ".";
  return out;
}

std::string Base(std::string p) {
  if (p.empty()) return ".";
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  if (p == "/") return "/";
  size_t s = p.rfind('/');
  return s == std::string::npos ? p : p.substr(s + 1);
}

std::string Dir(const std::string& p) {
  size_t s = p.rfind('/');
  return Clean(s == std::string::npos ? "" : p.substr(0, s + 1));
}

std::string Ext(const std::string& p) {
  for (size_t i = p.size(); i-- > 0 && p[i] != '/';)
    if (p[i] == '.') return p.substr(i);
  return "";
}

}  // namespace

void RegisterPathFuncs(FuncRegistry& r) {
  r.Add({"base", {P::kString}, false, [](FuncContext&, Args a) { return Value(Base(a[0].AsString())); }});
  r.Add({"dir", {P::kString}, false, [](FuncContext&, Args a) { return Value(Dir(a[0].AsString())); }});
  r.Add({"ext", {P::kString}, false, [](FuncContext&, Args a) { return Value(Ext(a[0].AsString())); }});
  r.Add({"clean", {P::kString}, false, [](FuncContext&, Args a) { return Value(Clean(a[0].AsString())); }});
  r.Add({"isAbs", {P::kString}, false,
         [](FuncContext&, Args a) { return Value(!a[0].AsString().empty() && a[0].AsString()[0] == '/'); }});
  r.Add({"osBase", {P::kString}, false, [](FuncContext&, Args a) { return Value(Base(a[0].AsString())); }});
  r.Add({"osDir", {P::kString}, false, [](FuncContext&, Args a) { return Value(Dir(a[0].AsString())); }});
  r.Add({"osExt", {P::kString}, false, [](FuncContext&, Args a) { return Value(Ext(a[0].AsString())); }});
  r.Add({"osClean", {P::kString}, false, [](FuncContext&, Args a) { return Value(Clean(a[0].AsString())); }});
  r.Add({"osIsAbs", {P::kString}, false,
         [](FuncContext&, Args a) { return Value(!a[0].AsString().empty() && a[0].AsString()[0] == '/'); }});
  r.Add({"urlParse", {P::kString}, false, [](FuncContext&, Args a) {
           // net/url.Parse for the common absolute and relative forms.
           std::string s = a[0].AsString();
           Map m{{"scheme", Value("")}, {"host", Value("")}, {"hostname", Value("")}, {"path", Value("")},
                 {"query", Value("")}, {"opaque", Value("")}, {"fragment", Value("")}, {"userinfo", Value("")}};
           size_t hash = s.find('#');
           if (hash != std::string::npos) {
             m["fragment"] = Value(s.substr(hash + 1));
             s = s.substr(0, hash);
           }
           size_t q = s.find('?');
           if (q != std::string::npos) {
             m["query"] = Value(s.substr(q + 1));
             s = s.substr(0, q);
           }
           size_t colon = s.find(':');
           if (colon != std::string::npos && colon > 0 && s.find('/') > colon) {
             m["scheme"] = Value(s.substr(0, colon));
             s = s.substr(colon + 1);
           }
           if (s.starts_with("//")) {
             s = s.substr(2);
             size_t slash = s.find('/');
             std::string auth = s.substr(0, slash);
             s = slash == std::string::npos ? "" : s.substr(slash);
             size_t at = auth.rfind('@');
             if (at != std::string::npos) {
               m["userinfo"] = Value(auth.substr(0, at));
               auth = auth.substr(at + 1);
             }
             m["host"] = Value(auth);
             std::string hostname = auth;
             if (!hostname.empty() && hostname[0] == '[') {
               hostname = hostname.substr(1, hostname.find(']') - 1);
             } else if (hostname.rfind(':') != std::string::npos) {
               hostname = hostname.substr(0, hostname.rfind(':'));
             }
             m["hostname"] = Value(hostname);
           } else if (!m["scheme"].AsString().empty() && !s.starts_with("/")) {
             m["opaque"] = Value(s);
             s.clear();
           }
           m["path"] = Value(s);
           return Value(m);
         }});
  r.Add({"urlJoin", {P::kMap}, false, [](FuncContext&, Args a) {
           const Map& m = a[0].AsMap();
           auto get = [&](const char* k) {
             auto it = m.find(k);
             return it != m.end() && it->second.is_string() ? it->second.AsString() : std::string();
           };
           std::string out;
           if (!get("scheme").empty()) out += get("scheme") + ":";
           if (!get("opaque").empty()) {
             out += get("opaque");
           } else {
             if (!get("host").empty() || !get("userinfo").empty()) {
               out += "//";
               if (!get("userinfo").empty()) out += get("userinfo") + "@";
               out += get("host");
             }
             std::string path = get("path");
             if (!path.empty() && path[0] != '/' && !get("host").empty()) out += "/";
             out += path;
           }
           if (!get("query").empty()) out += "?" + get("query");
           if (!get("fragment").empty()) out += "#" + get("fragment");
           return Value(out);
         }});
}

}  // namespace policycheck::helm
