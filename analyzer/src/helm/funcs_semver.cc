#include <cstring>
// Masterminds/semver v3: semver and semverCompare.
#include <re2/re2.h>

#include "funcs.h"

namespace policycheck::helm {
namespace {

using P = ParamType;
using Args = std::span<const Value>;

struct Version {
  int64_t major = 0, minor = 0, patch = 0;
  std::string pre, meta, original;
  bool minor_dirty = false, patch_dirty = false, major_dirty = false;
};

bool ParseVersion(std::string_view s, Version* v, bool allow_wild) {
  static const RE2* re = new RE2(
      R"(v?([0-9xX*]+)(?:\.([0-9xX*]+))?(?:\.([0-9xX*]+))?(?:-([0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)*))?(?:\+([0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)*))?)");
  std::string a, b, c;
  v->original = std::string(s);
  if (!RE2::FullMatch(s, *re, &a, &b, &c, &v->pre, &v->meta)) return false;
  auto num = [&](const std::string& x, int64_t* out, bool* dirty) {
    if (x.empty()) {
      *dirty = true;
      return true;
    }
    if (x == "x" || x == "X" || x == "*") {
      if (!allow_wild) return false;
      *dirty = true;
      return true;
    }
    for (char ch : x)
      if (!std::isdigit(static_cast<unsigned char>(ch))) return false;
    *out = std::strtoll(x.c_str(), nullptr, 10);
    return true;
  };
  if (!num(a, &v->major, &v->major_dirty)) return false;
  if (!num(b, &v->minor, &v->minor_dirty)) return false;
  if (!num(c, &v->patch, &v->patch_dirty)) return false;
  if (v->major_dirty) v->minor_dirty = v->patch_dirty = true;
  if (v->minor_dirty) v->patch_dirty = true;
  return true;
}

int ComparePre(const std::string& a, const std::string& b) {
  if (a == b) return 0;
  if (a.empty()) return 1;
  if (b.empty()) return -1;
  size_t i = 0, j = 0;
  while (true) {
    size_t ei = a.find('.', i), ej = b.find('.', j);
    std::string x = a.substr(i, ei == std::string::npos ? std::string::npos : ei - i);
    std::string y = b.substr(j, ej == std::string::npos ? std::string::npos : ej - j);
    bool xn = !x.empty() && x.find_first_not_of("0123456789") == std::string::npos;
    bool yn = !y.empty() && y.find_first_not_of("0123456789") == std::string::npos;
    if (x != y) {
      if (xn && yn) return std::strtoll(x.c_str(), nullptr, 10) < std::strtoll(y.c_str(), nullptr, 10) ? -1 : 1;
      if (xn) return -1;
      if (yn) return 1;
      return x < y ? -1 : 1;
    }
    if (ei == std::string::npos && ej == std::string::npos) return 0;
    if (ei == std::string::npos) return -1;
    if (ej == std::string::npos) return 1;
    i = ei + 1;
    j = ej + 1;
  }
}

int Compare(const Version& a, const Version& b) {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
  return ComparePre(a.pre, b.pre);
}

bool CheckOne(const std::string& op, const Version& c, const Version& v) {
  if (!v.pre.empty() && c.pre.empty()) return false;
  bool dirty = c.minor_dirty || c.patch_dirty;
  int cmp = Compare(v, c);
  if (op == "" || op == "=") {
    if (!dirty) return cmp == 0;
    if (c.major_dirty) return true;
    if (c.minor_dirty) return v.major == c.major;
    return v.major == c.major && v.minor == c.minor;
  }
  if (op == "!=") return !CheckOne("=", c, v);
  if (op == ">") {
    if (!dirty) return cmp > 0;
    if (c.minor_dirty) return v.major > c.major;
    return v.major > c.major || (v.major == c.major && v.minor > c.minor);
  }
  if (op == ">=" || op == "=>") return cmp >= 0;
  if (op == "<") return cmp < 0;
  if (op == "<=" || op == "=<") {
    if (!dirty) return cmp <= 0;
    if (c.minor_dirty) return v.major <= c.major;
    return v.major < c.major || (v.major == c.major && v.minor <= c.minor);
  }
  if (op == "~" || op == "~>") {
    if (cmp < 0) return false;
    if (c.minor_dirty) return v.major == c.major;
    return v.major == c.major && v.minor == c.minor;
  }
  if (op == "^") {
    if (cmp < 0) return false;
    if (c.major > 0 || c.minor_dirty) return v.major == c.major;
    if (c.minor > 0 || c.patch_dirty) return v.major == 0 && v.minor == c.minor;
    return v.major == 0 && v.minor == 0 && v.patch == c.patch;
  }
  return false;
}

bool SemverMatch(const std::string& constraint, const Version& v) {
  // OR groups.
  size_t start = 0;
  while (true) {
    size_t bar = constraint.find("||", start);
    std::string group = constraint.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
    // Hyphen ranges "a - b".
    static const RE2* hyphen = new RE2(R"(\s*(\S+)\s+-\s+(\S+)\s*)");
    std::string lo, hi;
    std::vector<std::pair<std::string, std::string>> parts;
    if (RE2::FullMatch(group, *hyphen, &lo, &hi)) {
      parts.push_back({">=", lo});
      parts.push_back({"<=", hi});
    } else {
      // Split on commas and spaces, keeping "op version" together.
      std::string norm;
      for (size_t i = 0; i < group.size(); ++i) norm.push_back(group[i] == ',' ? ' ' : group[i]);
      std::vector<std::string> toks;
      std::string cur;
      for (char ch : norm) {
        if (ch == ' ' || ch == '\t') {
          if (!cur.empty()) toks.push_back(cur);
          cur.clear();
        } else {
          cur.push_back(ch);
        }
      }
      if (!cur.empty()) toks.push_back(cur);
      for (size_t i = 0; i < toks.size(); ++i) {
        std::string t = toks[i];
        size_t k = 0;
        while (k < t.size() && std::strchr("<>=!~^", t[k])) ++k;
        std::string op = t.substr(0, k);
        std::string ver = t.substr(k);
        if (ver.empty() && i + 1 < toks.size()) ver = toks[++i];
        parts.push_back({op, ver});
      }
    }
    bool ok = !parts.empty();
    for (auto& [op, ver] : parts) {
      Version c;
      if (!ParseVersion(ver, &c, true)) Throw("improper constraint: " + constraint);
      if (!CheckOne(op, c, v)) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
    if (bar == std::string::npos) return false;
    start = bar + 2;
  }
}

class VersionObject : public Object {
 public:
  explicit VersionObject(Version v) : v_(std::move(v)) {}
  std::string TypeName() const override { return "*semver.Version"; }
  bool Invoke(std::string_view name, std::span<const Value>, Value* out, std::string*) const override {
    if (name == "Major") *out = Value(static_cast<int64_t>(v_.major), IntType::kInt64);
    else if (name == "Minor") *out = Value(static_cast<int64_t>(v_.minor), IntType::kInt64);
    else if (name == "Patch") *out = Value(static_cast<int64_t>(v_.patch), IntType::kInt64);
    else if (name == "Prerelease") *out = Value(v_.pre);
    else if (name == "Metadata") *out = Value(v_.meta);
    else if (name == "Original") *out = Value(v_.original);
    else if (name == "String") *out = Value(std::to_string(v_.major) + "." + std::to_string(v_.minor) + "." +
                                           std::to_string(v_.patch) + (v_.pre.empty() ? "" : "-" + v_.pre) +
                                           (v_.meta.empty() ? "" : "+" + v_.meta));
    else return false;
    return true;
  }

 private:
  Version v_;
};

}  // namespace

bool SemverSatisfies(const std::string& constraint, const std::string& version) {
  Version v;
  if (constraint.empty() || !ParseVersion(version, &v, false)) return false;
  try {
    return SemverMatch(constraint, v);
  } catch (const FuncError&) {
    return false;
  }
}

void RegisterSemverFuncs(FuncRegistry& r) {
  r.Add({"semverCompare", {P::kString, P::kString}, false, [](FuncContext&, Args a) {
           Version v;
           if (!ParseVersion(a[1].AsString(), &v, false)) Throw("Invalid Semantic Version");
           return Value(SemverMatch(a[0].AsString(), v));
         }});
  r.Add({"semver", {P::kString}, false, [](FuncContext&, Args a) {
           Version v;
           if (!ParseVersion(a[0].AsString(), &v, false)) Throw("Invalid Semantic Version");
           return Value(std::shared_ptr<const Object>(std::make_shared<VersionObject>(v)));
         }});
}

}  // namespace policycheck::helm
