#include "objects.h"

#include <re2/re2.h>

#include <mutex>

#include "codec.h"

namespace policycheck::helm {

std::string Base64Encode(std::string_view s);

namespace {

class FilesObject : public Object {
 public:
  explicit FilesObject(std::shared_ptr<const std::map<std::string, std::string>> files) : files_(std::move(files)) {}
  std::string TypeName() const override { return "files.Files"; }
  // Built on first use (range over .Files): most charts only call methods.
  const Map* AsMap() const override {
    std::call_once(map_once_, [this] {
      for (const auto& [k, v] : *files_) map_.emplace(k, Value(v));
    });
    return &map_;
  }

  bool Invoke(std::string_view name, std::span<const Value> args, Value* out, std::string* error) const override {
    auto arg = [&](size_t i) -> std::string {
      if (i >= args.size() || !args[i].is_string()) return "";
      return args[i].AsString();
    };
    auto want = [&](size_t n) {
      if (args.size() != n) {
        *error = "wrong number of args for " + std::string(name) + ": want " + std::to_string(n) + " got " +
                 std::to_string(args.size());
        return false;
      }
      return true;
    };
    if (name == "Get" || name == "GetBytes") {
      if (!want(1)) return true;
      auto it = files_->find(arg(0));
      *out = Value(it == files_->end() ? std::string() : it->second);
      return true;
    }
    if (name == "Glob") {
      if (!want(1)) return true;
      auto sub = std::make_shared<std::map<std::string, std::string>>();
      for (const auto& [k, v] : *files_)
        if (GlobMatch(arg(0), k)) sub->emplace(k, v);
      *out = Value(std::shared_ptr<const Object>(std::make_shared<FilesObject>(sub)));
      return true;
    }
    if (name == "Lines") {
      if (!want(1)) return true;
      List l;
      auto it = files_->find(arg(0));
      if (it != files_->end()) {
        const std::string& s = it->second;
        size_t pos = 0;
        while (true) {
          size_t nl = s.find('\n', pos);
          l.push_back(Value(s.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos)));
          if (nl == std::string::npos) break;
          pos = nl + 1;
        }
      }
      *out = Value(std::move(l));
      return true;
    }
    if (name == "AsConfig" || name == "AsSecrets") {
      if (!want(0)) return true;
      Map m;
      for (const auto& [k, v] : *files_) {
        std::string base = k.substr(k.rfind('/') + 1);
        m.insert_or_assign(base, Value(name == "AsSecrets" ? Base64Encode(v) : v));
      }
      std::string y = ToYaml(Value(std::move(m)));
      if (!y.empty() && y.back() == '\n') y.pop_back();
      *out = Value(y);
      return true;
    }
    return false;
  }

 private:
  std::shared_ptr<const std::map<std::string, std::string>> files_;
  mutable std::once_flag map_once_;
  mutable Map map_;
};

class ApiVersions : public Object {
 public:
  explicit ApiVersions(List l) : list_(std::move(l)) {}
  std::string TypeName() const override { return "common.VersionSet"; }
  const List* AsList() const override { return &list_; }
  bool Invoke(std::string_view name, std::span<const Value> args, Value* out, std::string* error) const override {
    if (name != "Has") return false;
    if (args.size() != 1 || !args[0].is_string()) {
      *error = "wrong number of args for Has: want 1 got " + std::to_string(args.size());
      return true;
    }
    for (const Value& v : list_)
      if (v.AsString() == args[0].AsString()) {
        *out = Value(true);
        return true;
      }
    *out = Value(false);
    return true;
  }

 private:
  List list_;
};

const char* kDefaultApiVersions[] = {
    "v1", "admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1", "internal.apiserver.k8s.io/v1alpha1", "apps/v1", "apps/v1beta1",
    "apps/v1beta2", "authentication.k8s.io/v1", "authentication.k8s.io/v1alpha1", "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1", "authorization.k8s.io/v1beta1", "autoscaling/v1", "autoscaling/v2",
    "autoscaling/v2beta1", "autoscaling/v2beta2", "batch/v1", "batch/v1beta1", "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1", "certificates.k8s.io/v1alpha1", "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1", "coordination.k8s.io/v1", "discovery.k8s.io/v1", "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1", "events.k8s.io/v1beta1", "extensions/v1beta1", "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1", "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3", "networking.k8s.io/v1", "networking.k8s.io/v1beta1", "node.k8s.io/v1",
    "node.k8s.io/v1alpha1", "node.k8s.io/v1beta1", "policy/v1", "policy/v1beta1", "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1alpha1", "resource.k8s.io/v1",
    "resource.k8s.io/v1beta2", "resource.k8s.io/v1beta1", "resource.k8s.io/v1alpha3", "scheduling.k8s.io/v1alpha1",
    "scheduling.k8s.io/v1beta1", "scheduling.k8s.io/v1", "storage.k8s.io/v1beta1", "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1", "storagemigration.k8s.io/v1beta1", "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1"};

}  // namespace

bool GlobMatch(const std::string& pattern, const std::string& path) {
  std::string re;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '*') {
      if (i + 1 < pattern.size() && pattern[i + 1] == '*') {
        re += ".*";
        ++i;
      } else {
        re += "[^/]*";
      }
    } else if (c == '?') {
      re += "[^/]";
    } else if (c == '{') {
      re += "(?:";
    } else if (c == '}') {
      re += ")";
    } else if (c == ',') {
      re += "|";
    } else if (c == '[') {
      size_t close = pattern.find(']', i);
      if (close == std::string::npos) return false;
      std::string cls = pattern.substr(i + 1, close - i - 1);
      if (!cls.empty() && cls[0] == '!') cls[0] = '^';
      re += "[" + cls + "]";
      i = close;
    } else if (c == '\\' && i + 1 < pattern.size()) {
      re += RE2::QuoteMeta(std::string(1, pattern[++i]));
    } else {
      re += RE2::QuoteMeta(std::string(1, c));
    }
  }
  RE2 r(re, RE2::Quiet);
  return r.ok() && RE2::FullMatch(path, r);
}

std::shared_ptr<const Object> MakeFilesObject(std::shared_ptr<const std::map<std::string, std::string>> files) {
  return std::make_shared<FilesObject>(std::move(files));
}

Value MakeCapabilities(const std::string& kube_version, const std::vector<std::string>& extra) {
  std::string v = kube_version.empty() ? "v1.35.0" : kube_version;
  if (v[0] != 'v') v = "v" + v;
  std::string major, minor;
  {
    size_t d1 = v.find('.');
    major = v.substr(1, d1 == std::string::npos ? std::string::npos : d1 - 1);
    if (d1 != std::string::npos) {
      size_t d2 = v.find_first_of(".-+", d1 + 1);
      minor = v.substr(d1 + 1, d2 == std::string::npos ? std::string::npos : d2 - d1 - 1);
    }
    if (std::count(v.begin(), v.end(), '.') == 1) v += ".0";
  }
  List apis;
  for (const char* a : kDefaultApiVersions) apis.push_back(Value(a));
  for (const auto& a : extra) apis.push_back(Value(a));
  Map kube{{"Version", Value(v)}, {"Major", Value(major)}, {"Minor", Value(minor)}, {"GitVersion", Value(v)}};
  Map helm{{"Version", Value("v4.1.4")},
           {"GitCommit", Value("")},
           {"GitTreeState", Value("clean")},
           {"GoVersion", Value("go1.25")},
           {"KubeClientVersion", Value("v1.35")}};
  Map caps{{"KubeVersion", Value(std::move(kube))},
           {"APIVersions", Value(std::shared_ptr<const Object>(std::make_shared<ApiVersions>(std::move(apis))))},
           {"HelmVersion", Value(std::move(helm))}};
  return Value(std::move(caps));
}

}  // namespace policycheck::helm
