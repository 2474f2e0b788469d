// Rules: metadata (RuleInfo), typed params, and the check interfaces.
//
// A rule is a const, stateless object: one `.cc` under rules/<area>/ with its
// doc in a sibling `.md` whose first line is "# <ID> <name>". Rules only call
// Reporter::Report; files, config, suppressions and output formats are never
// theirs.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "policycheck/finding.h"

namespace policycheck {

namespace dockerfile {
class Dockerfile;
}
namespace k8s {
class Object;
}
namespace image {
struct Image;
}

enum class Target {
  kDockerfile,  // DockerfileRule: one parsed Dockerfile
  kObject,      // ObjectRule: one Kubernetes object (scoped by RuleInfo::kinds)
  kPodSpec,     // ObjectRule: objects that carry a pod spec (k8s::Object::pod_spec())
  kObjectSet,   // ObjectSetRule: all Kubernetes objects of the run (cross-object checks)
  kImage,       // ImageRule: a built image (docker save / OCI / inspect JSON)
  kInput,       // produced by the engine itself (PCxxx: invalid input, suppressions)
};
std::string_view TargetName(Target t);

enum class RuleStatus { kStable, kPreview, kDeprecated };
std::string_view RuleStatusName(RuleStatus s);

enum class ParamType {
  kBool,
  kInt,
  kString,
  kStringList,
  kSize,       // bytes; accepts 500MB, 1.5GiB, 1048576
  kStringMap,  // string -> string
};
std::string_view ParamTypeName(ParamType t);

struct ParamSpec {
  std::string_view name;           // snake_case
  ParamType type;
  std::string_view default_value;  // YAML flow text: "1001", "true", "[]", "500MB", "{}"
  std::string_view description;    // one sentence, ends with a period
};

using ParamValue = std::variant<bool, int64_t, std::string, std::vector<std::string>,
                                std::map<std::string, std::string>>;

// Validated parameter values of one rule for one run.
class Params {
 public:
  Params() = default;
  void Set(std::string name, ParamValue value) { values_[std::move(name)] = std::move(value); }
  bool Has(std::string_view name) const;

  // Accessors abort-free: a missing or mistyped param returns the zero value.
  // (The registry guarantees every declared param is present and typed.)
  bool Bool(std::string_view name) const;
  int64_t Int(std::string_view name) const;
  const std::string& String(std::string_view name) const;
  const std::vector<std::string>& List(std::string_view name) const;
  const std::map<std::string, std::string>& Map(std::string_view name) const;

  const std::map<std::string, ParamValue, std::less<>>& values() const { return values_; }

 private:
  std::map<std::string, ParamValue, std::less<>> values_;
};

// Parses a param value from YAML flow text (used for defaults and tests).
// Returns an error message on failure.
std::string ParseParamText(ParamType type, std::string_view text, ParamValue* out);
// Renders a param value back to YAML flow text (config dump, docs).
std::string ParamValueText(const ParamValue& value);
// Parses "500MB", "1.5GiB", "1048576" to bytes. Returns false on error.
bool ParseByteSize(std::string_view text, int64_t* bytes);

struct RuleInfo {
  std::string_view id;    // stable, never reused: DKR001, K8S001, IMG001, PC001
  std::string_view name;  // kebab-case name of the bad pattern
  Target target = Target::kDockerfile;
  // Kubernetes kinds this rule applies to (Target::kObject); empty = all.
  std::vector<std::string_view> kinds = {};
  Severity default_severity = Severity::kWarning;
  bool enabled_by_default = true;
  RuleStatus status = RuleStatus::kStable;
  std::string_view since = "0.1.0";
  // "security", "reliability", "efficiency", "correctness", "style"
  std::string_view category = "correctness";
  // SARIF security-severity (0.1-10.0) for security rules; 0 = not set.
  double security_severity = 0;
  std::string_view summary;      // one sentence, ends with a period
  std::string_view remediation;  // one sentence, ends with a period
  std::vector<ParamSpec> params = {};
  // Equivalent checks of other tools: "hadolint:DL3002", "kube-linter:run-as-non-root",
  // "checkov:CKV_K8S_23", "trivy:KSV012". hadolint and kube-linter suppressions
  // naming these are honoured.
  std::vector<std::string_view> equivalents = {};
};

// What a check receives besides the model.
struct CheckContext {
  const Params& params;
};

class Rule {
 public:
  explicit Rule(RuleInfo info) : info_(std::move(info)) {}
  virtual ~Rule() = default;
  const RuleInfo& info() const { return info_; }

 private:
  RuleInfo info_;
};

class DockerfileRule : public Rule {
 public:
  using Rule::Rule;
  virtual void Check(const dockerfile::Dockerfile& file, const CheckContext& ctx,
                     Reporter& out) const = 0;
};

// Target::kObject and Target::kPodSpec.
class ObjectRule : public Rule {
 public:
  using Rule::Rule;
  virtual void Check(const k8s::Object& object, const CheckContext& ctx, Reporter& out) const = 0;
};

// Target::kObjectSet. Each diagnostic names its object in Diagnostic::object
// (use k8s::RefOf(object)) and locates itself in that object's file.
class ObjectSetRule : public Rule {
 public:
  using Rule::Rule;
  virtual void Check(std::span<const k8s::Object* const> objects, const CheckContext& ctx,
                     Reporter& out) const = 0;
};

class ImageRule : public Rule {
 public:
  using Rule::Rule;
  virtual void Check(const image::Image& image, const CheckContext& ctx, Reporter& out) const = 0;
};

// Rules produced by the engine itself (Target::kInput) have no check.
class EngineRule : public Rule {
 public:
  using Rule::Rule;
};

}  // namespace policycheck
