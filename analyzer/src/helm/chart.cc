#include "chart.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fnmatch.h>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "codec.h"

namespace policycheck::helm {
namespace fs = std::filesystem;
namespace {

// .helmignore rules (gitignore subset as helm implements it).
struct IgnoreRule {
  std::string pattern;
  bool negate = false;
  bool dir_only = false;
};

std::vector<IgnoreRule> ParseIgnore(const std::string& text) {
  std::vector<IgnoreRule> rules;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    size_t b = line.find_first_not_of(' ');
    if (b == std::string::npos) continue;
    line = line.substr(b);
    if (line.empty() || line[0] == '#') continue;
    IgnoreRule r;
    if (line[0] == '!') {
      r.negate = true;
      line = line.substr(1);
    }
    if (!line.empty() && line.back() == '/') {
      r.dir_only = true;
      line.pop_back();
    }
    if (!line.empty() && line[0] == '/') line = line.substr(1);
    if (line.empty()) continue;
    r.pattern = line;
    rules.push_back(r);
  }
  // helm's defaults: hidden files inside templates/.
  rules.push_back(IgnoreRule{"templates/.?*", false, false});
  return rules;
}

bool Ignored(const std::vector<IgnoreRule>& rules, const std::string& rel, bool is_dir) {
  bool ignored = false;
  std::string base = rel.substr(rel.rfind('/') + 1);
  for (const auto& r : rules) {
    if (r.dir_only && !is_dir) continue;
    bool m;
    if (r.pattern.find('/') != std::string::npos) {
      m = fnmatch(r.pattern.c_str(), rel.c_str(), FNM_PATHNAME) == 0;
    } else {
      m = fnmatch(r.pattern.c_str(), base.c_str(), 0) == 0;
    }
    if (r.pattern.starts_with("**/") && !m) m = fnmatch(r.pattern.c_str() + 3, base.c_str(), 0) == 0;
    if (m) ignored = !r.negate;
  }
  return ignored;
}

bool ReadFile(const fs::path& p, std::string* out, int64_t max) {
  std::error_code ec;
  auto size = fs::file_size(p, ec);
  if (ec || static_cast<int64_t>(size) > max) return false;
  std::FILE* f = std::fopen(p.c_str(), "rb");
  if (!f) return false;
  out->resize(size);
  size_t n = size ? std::fread(out->data(), 1, size, f) : 0;
  std::fclose(f);
  out->resize(n);
  return true;
}

Value ParseValuesText(const std::string& text, const Limits& limits, std::string* error,
                      const std::string* origin_file = nullptr) {
  Value v;
  YamlError e;
  if (!ParseYaml(text, &v, &e, limits, origin_file)) {
    *error = "error converting YAML to JSON: yaml: line " + std::to_string(e.line) + ": " + e.message;
    return Value(Map{});
  }
  if (v.is_nil()) return Value(Map{});
  if (!v.IsMapLike()) {
    *error = "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal into map";
    return Value(Map{});
  }
  return v;
}

// Builds a chart from its files (relative paths, already filtered).
bool BuildChart(std::map<std::string, std::string> files, const std::string& display_dir, const std::string& fs_dir,
                const Limits& limits, std::shared_ptr<Chart>* out, std::string* error, std::string* error_file) {
  auto c = std::make_shared<Chart>();
  c->display_dir = display_dir;
  c->fs_dir = fs_dir;
  auto it = files.find("Chart.yaml");
  if (it == files.end()) {
    *error = "Chart.yaml file is missing";
    *error_file = display_dir;
    return false;
  }
  {
    std::string err;
    Value meta = ParseValuesText(it->second, limits, &err);
    if (!err.empty()) {
      *error = "cannot load Chart.yaml: " + err;
      *error_file = display_dir + "/Chart.yaml";
      return false;
    }
    c->metadata = meta.AsMap();
    auto get = [&](const char* k) {
      auto f = c->metadata.find(k);
      return f != c->metadata.end() && f->second.is_string() ? f->second.AsString() : std::string();
    };
    c->name = get("name");
    c->api_version = get("apiVersion");
    c->type = get("type");
    if (c->name.empty()) {
      *error = "validation: chart.metadata.name is required";
      *error_file = display_dir + "/Chart.yaml";
      return false;
    }
  }
  std::map<std::string, std::map<std::string, std::string>> sub_dirs;
  for (auto& [rel, data] : files) {
    if (rel == "Chart.yaml" || rel == "Chart.lock" || rel == "requirements.lock") continue;
    if (rel == "values.yaml") {
      std::string err;
      std::string origin = display_dir + "/values.yaml";
      c->values = ParseValuesText(data, limits, &err, &origin);
      if (!err.empty()) {
        *error = "cannot load values.yaml: " + err;
        *error_file = display_dir + "/values.yaml";
        return false;
      }
      continue;
    }
    if (rel == "values.schema.json") {
      c->schema = data;
      continue;
    }
    if (rel == "requirements.yaml") {
      std::string err;
      Value req = ParseValuesText(data, limits, &err);
      auto d = req.AsMap().find("dependencies");
      if (d != req.AsMap().end()) c->metadata["dependencies"] = d->second;
      continue;
    }
    if (rel.starts_with("templates/")) {
      (*c->templates)[rel] = std::move(data);
      continue;
    }
    if (rel.starts_with("charts/")) {
      std::string rest = rel.substr(7);
      size_t slash = rest.find('/');
      if (slash == std::string::npos) {
        if (rest.ends_with(".tgz") || rest.ends_with(".tar.gz")) {
          std::shared_ptr<Chart> sub;
          std::string err;
          if (!LoadChartArchive(data, display_dir + "/charts/" + rest, limits, &sub, &err)) {
            *error = err;
            *error_file = display_dir + "/charts/" + rest;
            return false;
          }
          c->subcharts.push_back(sub);
        } else {
          (*c->files)[rel] = std::move(data);
        }
        continue;
      }
      sub_dirs[rest.substr(0, slash)][rest.substr(slash + 1)] = std::move(data);
      continue;
    }
    (*c->files)[rel] = std::move(data);
  }
  if (c->values.is_invalid()) c->values = Value(Map{});
  for (auto& [dir, sub_files] : sub_dirs) {
    if (!sub_files.count("Chart.yaml")) continue;  // not a chart
    std::shared_ptr<Chart> sub;
    if (!BuildChart(std::move(sub_files), display_dir + "/charts/" + dir,
                    fs_dir.empty() ? std::string() : fs_dir + "/charts/" + dir, limits, &sub, error, error_file))
      return false;
    c->subcharts.push_back(sub);
  }
  *out = c;
  return true;
}

// Reads a gzip stream fully (bounded).
bool Gunzip(const std::string& in, std::string* out, int64_t max) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return false;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  char buf[65536];
  int ret;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    ret = inflate(&zs, Z_NO_FLUSH);
    if (ret != Z_OK && ret != Z_STREAM_END) {
      inflateEnd(&zs);
      return false;
    }
    out->append(buf, sizeof buf - zs.avail_out);
    if (static_cast<int64_t>(out->size()) > max) {
      inflateEnd(&zs);
      return false;
    }
  } while (ret != Z_STREAM_END);
  inflateEnd(&zs);
  return true;
}

}  // namespace

bool LoadChartArchive(const std::string& bytes, const std::string& display, const Limits& limits,
                      std::shared_ptr<Chart>* out, std::string* error) {
  std::string tar;
  if (!Gunzip(bytes, &tar, limits.max_file_bytes)) {
    *error = "cannot read chart archive (bad gzip or larger than the file limit)";
    return false;
  }
  std::map<std::string, std::string> files;
  std::string long_name;
  size_t off = 0;
  while (off + 512 <= tar.size()) {
    const char* h = tar.data() + off;
    if (h[0] == 0) break;
    std::string name(h, strnlen(h, 100));
    std::string prefix(h + 345, strnlen(h + 345, 155));
    if (!prefix.empty()) name = prefix + "/" + name;
    int64_t size = std::strtoll(std::string(h + 124, 12).c_str(), nullptr, 8);
    char type = h[156];
    off += 512;
    if (size < 0 || off + size > tar.size()) {
      *error = "corrupt chart archive";
      return false;
    }
    std::string data = tar.substr(off, size);
    off += (size + 511) / 512 * 512;
    if (type == 'L') {
      long_name = std::string(data.c_str());
      continue;
    }
    if (type == 'x') {
      size_t p = data.find(" path=");
      if (p != std::string::npos) long_name = data.substr(p + 6, data.find('\n', p) - p - 6);
      continue;
    }
    if (!long_name.empty()) {
      name = long_name;
      long_name.clear();
    }
    if (type != '0' && type != 0) continue;
    // Strip the top directory ("mychart/").
    size_t slash = name.find('/');
    if (slash == std::string::npos) continue;
    std::string rel = name.substr(slash + 1);
    if (rel.find("..") != std::string::npos) continue;
    files[rel] = std::move(data);
  }
  std::vector<IgnoreRule> rules = ParseIgnore(files.count(".helmignore") ? files[".helmignore"] : "");
  for (auto it = files.begin(); it != files.end();)
    it = Ignored(rules, it->first, false) ? files.erase(it) : std::next(it);
  std::string error_file;
  return BuildChart(std::move(files), display, "", limits, out, error, &error_file);
}

bool LoadChartDir(const std::string& dir, const std::string& display_dir, const Limits& limits,
                  std::shared_ptr<Chart>* out, std::string* error, std::string* error_file) {
  std::error_code ec;
  fs::path root = fs::weakly_canonical(dir, ec);
  if (ec || !fs::is_directory(root)) {
    *error = "not a chart directory";
    *error_file = display_dir;
    return false;
  }
  std::string ignore_text;
  ReadFile(root / ".helmignore", &ignore_text, limits.max_file_bytes);
  std::vector<IgnoreRule> rules = ParseIgnore(ignore_text);
  std::map<std::string, std::string> files;
  std::string root_str = root.string();
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end;
  int count = 0;
  for (; !ec && it != end; it.increment(ec)) {
    if (++count > 100000) break;
    fs::path p = it->path();
    std::string rel = fs::relative(p, root, ec).generic_string();
    if (ec) break;
    bool is_dir = it->is_directory(ec);
    if (Ignored(rules, rel, is_dir)) {
      if (is_dir) it.disable_recursion_pending();
      continue;
    }
    if (is_dir) continue;
    // Never read through a symlink that leaves the chart (directory symlinks are not followed).
    if (it->is_symlink(ec)) {
      fs::path real = fs::weakly_canonical(p, ec);
      if (ec || real.string().compare(0, root_str.size() + 1, root_str + "/") != 0) continue;
    }
    std::string data;
    if (!ReadFile(p, &data, limits.max_file_bytes)) continue;
    files[rel] = std::move(data);
  }
  return BuildChart(std::move(files), display_dir, root_str, limits, out, error, error_file);
}

void CoalesceTables(Map* dest, const Map& src) {
  for (const auto& [k, sv] : src) {
    auto it = dest->find(k);
    if (it == dest->end()) {
      dest->emplace(k, DeepCopy(sv));
      continue;
    }
    if (it->second.is_nil()) continue;  // removed below by the caller's nil pass
    if (it->second.kind() == Kind::kMap && sv.kind() == Kind::kMap) {
      Map merged = it->second.AsMap();
      CoalesceTables(&merged, sv.AsMap());
      it->second = Value(std::move(merged));
    }
  }
}

namespace {

void DropNils(Map* m) {
  for (auto it = m->begin(); it != m->end();) {
    if (it->second.is_nil()) {
      it = m->erase(it);
      continue;
    }
    if (it->second.kind() == Kind::kMap) {
      Map copy = it->second.AsMap();
      DropNils(&copy);
      it->second = Value(std::move(copy));
    }
    ++it;
  }
}

void CoalesceGlobals(Map* dest, const Map& parent) {
  auto pg = parent.find("global");
  Map dg;
  auto dgi = dest->find("global");
  if (dgi != dest->end() && dgi->second.kind() == Kind::kMap) dg = dgi->second.AsMap();
  if (pg != parent.end() && pg->second.kind() == Kind::kMap) {
    for (const auto& [k, v] : pg->second.AsMap()) {
      if (v.kind() == Kind::kMap) {
        Map vv = DeepCopy(v).AsMap();
        auto d = dg.find(k);
        if (d != dg.end() && d->second.kind() == Kind::kMap) CoalesceTables(&vv, d->second.AsMap());
        else if (d != dg.end()) continue;
        dg[k] = Value(std::move(vv));
      } else {
        dg[k] = v;
      }
    }
  }
  (*dest)["global"] = Value(std::move(dg));
}

}  // namespace

void CoalesceChartValues(const Chart& chart, Map* dest) {
  // Values the user set to null delete the chart default.
  std::vector<std::string> nulls;
  for (const auto& [k, v] : *dest)
    if (v.is_nil()) nulls.push_back(k);
  CoalesceTables(dest, chart.values.AsMap());
  for (const auto& k : nulls) dest->erase(k);
  for (const auto& sub : chart.subcharts) {
    Map sv;
    auto it = dest->find(sub->values_key());
    if (it != dest->end() && it->second.kind() == Kind::kMap) sv = it->second.AsMap();
    CoalesceGlobals(&sv, *dest);
    CoalesceChartValues(*sub, &sv);
    (*dest)[sub->values_key()] = Value(std::move(sv));
  }
}

void MergeMaps(Map* dest, const Map& src) {
  for (const auto& [k, v] : src) {
    auto it = dest->find(k);
    if (it != dest->end() && it->second.kind() == Kind::kMap && v.kind() == Kind::kMap) {
      Map m = it->second.AsMap();
      MergeMaps(&m, v.AsMap());
      it->second = Value(std::move(m));
    } else {
      (*dest)[k] = v;
    }
  }
}

namespace {

// --set value typing (helm's strvals.typedVal).
Value TypedVal(const std::string& v, bool force_string) {
  if (force_string) return Value(v);
  if (v == "true") return Value(true);
  if (v == "false") return Value(false);
  if (v == "null") return Value::Nil();
  if (v == "0") return Value::Int64(0);
  if (!v.empty() && v[0] != '0' && v.find_first_not_of("-0123456789") == std::string::npos && v != "-") {
    errno = 0;
    long long n = std::strtoll(v.c_str(), nullptr, 10);
    if (!errno && std::to_string(n) == v) return Value::Int64(n);
  }
  return Value(v);
}

struct SetParser {
  const std::string& s;
  size_t i = 0;
  int mode;
  std::string* error;

  // Reads until one of `stops` (unescaped); returns the stop char or 0 at end.
  char Until(const char* stops, std::string* out) {
    while (i < s.size()) {
      char c = s[i];
      if (c == '\\' && i + 1 < s.size()) {
        out->push_back(s[i + 1]);
        i += 2;
        continue;
      }
      if (std::strchr(stops, c)) {
        ++i;
        return c;
      }
      out->push_back(c);
      ++i;
    }
    return 0;
  }

  bool Value_(Value* out) {
    if (mode == 2) {
      // JSON: the rest up to a top-level comma.
      size_t start = i;
      int depth = 0;
      bool in_str = false;
      for (; i < s.size(); ++i) {
        char c = s[i];
        if (in_str) {
          if (c == '\\') ++i;
          else if (c == '"') in_str = false;
          continue;
        }
        if (c == '"') in_str = true;
        else if (c == '{' || c == '[') ++depth;
        else if (c == '}' || c == ']') --depth;
        else if (c == ',' && depth == 0) break;
      }
      std::string err;
      if (!ParseJson(s.substr(start, i - start), out, &err)) {
        *error = "failed parsing --set-json data " + s.substr(start, i - start);
        return false;
      }
      if (i < s.size()) ++i;
      return true;
    }
    if (i < s.size() && s[i] == '{') {
      ++i;
      List l;
      while (true) {
        std::string v;
        char stop = Until(",}", &v);
        l.push_back(TypedVal(v, mode == 1));
        if (stop == '}' || stop == 0) break;
      }
      if (i < s.size() && s[i] == ',') ++i;
      *out = Value(std::move(l));
      return true;
    }
    std::string v;
    Until(",", &v);
    *out = TypedVal(v, mode == 1);
    return true;
  }

  bool Assign(Map* m) {
    std::string key;
    char stop = Until("=.[,", &key);
    if (stop == ',' || stop == 0) {
      if (key.empty() && stop == 0) return true;
      *error = "key \"" + key + "\" has no value";
      return false;
    }
    if (stop == '=') {
      Value v;
      if (!Value_(&v)) return false;
      (*m)[key] = v;
      return true;
    }
    if (stop == '.') {
      Map sub;
      auto it = m->find(key);
      if (it != m->end() && it->second.kind() == Kind::kMap) sub = it->second.AsMap();
      if (!Assign(&sub)) return false;
      (*m)[key] = Value(std::move(sub));
      return true;
    }
    // '[' index
    List l;
    auto it = m->find(key);
    if (it != m->end() && it->second.kind() == Kind::kList) l = it->second.AsList();
    if (!AssignIndex(&l)) return false;
    (*m)[key] = Value(std::move(l));
    return true;
  }

  bool AssignIndex(List* l) {
    std::string num;
    if (Until("]", &num) != ']') {
      *error = "unterminated list index";
      return false;
    }
    long idx = std::strtol(num.c_str(), nullptr, 10);
    if (idx < 0 || idx > 65536) {
      *error = "negative or too large list index";
      return false;
    }
    while (static_cast<long>(l->size()) <= idx) l->push_back(Value::Nil());
    if (i < s.size() && s[i] == '=') {
      ++i;
      Value v;
      if (!Value_(&v)) return false;
      (*l)[idx] = v;
      return true;
    }
    if (i < s.size() && s[i] == '.') {
      ++i;
      Map sub;
      if ((*l)[idx].kind() == Kind::kMap) sub = (*l)[idx].AsMap();
      if (!Assign(&sub)) return false;
      (*l)[idx] = Value(std::move(sub));
      return true;
    }
    if (i < s.size() && s[i] == '[') {
      ++i;
      List sub;
      if ((*l)[idx].kind() == Kind::kList) sub = (*l)[idx].AsList();
      if (!AssignIndex(&sub)) return false;
      (*l)[idx] = Value(std::move(sub));
      return true;
    }
    *error = "malformed list index";
    return false;
  }
};

}  // namespace

bool ApplySet(const std::string& expr, Map* values, int mode, std::string* error) {
  SetParser p{expr, 0, mode, error};
  while (p.i < expr.size()) {
    if (!p.Assign(values)) return false;
  }
  return true;
}

}  // namespace policycheck::helm
