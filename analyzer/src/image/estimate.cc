// The Dockerfile size estimate: base image + what a stage installs or copies.
#include "policycheck/image/estimate.h"

#include <algorithm>
#include <optional>
#include <set>

#include "policycheck/dockerfile/model.h"
#include "policycheck/image/size.h"

namespace policycheck::image {
namespace {

using dockerfile::Instruction;
using dockerfile::ShellCommand;
using dockerfile::Stage;

constexpr int64_t kAptListsMax = 60'000'000;  // /var/lib/apt/lists after `apt-get update`

bool IsOption(const std::string& word) { return !word.empty() && word[0] == '-'; }

bool HasVariable(const std::string& word) { return word.find('$') != std::string::npos; }

// Package name of an install argument: "numpy==1.26" -> "numpy", "curl=7.88*" -> "curl".
std::string PackageName(const std::string& arg, std::string_view manager) {
  std::string_view stops = manager == "pip" ? "=<>!~;[ " : manager == "npm" ? "" : "=";
  std::string name = arg;
  if (manager == "npm") {  // "@scope/pkg@1.2" -> "@scope/pkg"
    size_t at = name.find('@', 1);
    if (at != std::string::npos) name.resize(at);
    return name;
  }
  size_t cut = name.find_first_of(stops);
  if (cut != std::string::npos) name.resize(cut);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  return name;
}

// One package-manager install found in a RUN.
struct Install {
  std::string manager;  // "apt", "apk", "pip", "npm"
  std::string command;  // "apt-get install", "npm ci"
  std::vector<std::string> packages;
  bool opaque = false;  // installs from a file we cannot see (requirements.txt, package.json)
  std::string opaque_source;  // what: "package.json", "requirements", "local files"
  std::string group;    // apk --virtual name
  Location location;
};

// Arguments after argv[first], skipping options and the values of `valued` options.
std::vector<std::string> Operands(const ShellCommand& c, size_t first, std::initializer_list<std::string_view> valued,
                                  bool* saw_variable) {
  std::vector<std::string> out;
  for (size_t i = first; i < c.argv.size(); ++i) {
    const std::string& w = c.argv[i].text;
    if (IsOption(w)) {
      if (w.find('=') == std::string::npos && std::find(valued.begin(), valued.end(), w) != valued.end()) ++i;
      continue;
    }
    if (HasVariable(c.argv[i].raw) || w.empty()) {
      *saw_variable = true;
      continue;
    }
    out.push_back(w);
  }
  return out;
}

std::optional<Install> ParseInstall(const ShellCommand& c) {
  std::string_view cmd = c.base_name();
  if (cmd == "yarn" && c.argv.size() == 1) {  // bare `yarn` installs package.json
    Install in;
    in.manager = "npm";
    in.command = "yarn";
    in.opaque = true;
    in.opaque_source = "package.json";
    in.location = c.location();
    return in;
  }
  if (c.argv.size() < 2) return std::nullopt;
  // Find the subcommand (first non-option word).
  size_t sub = 1;
  while (sub < c.argv.size() && IsOption(c.argv[sub].text)) {
    if (c.argv[sub].text == "-o" || c.argv[sub].text == "-t") ++sub;  // apt value options
    ++sub;
  }
  if (sub >= c.argv.size()) return std::nullopt;
  const std::string& verb = c.argv[sub].text;
  Install in;
  in.location = c.location();
  bool variable = false;
  if ((cmd == "apt-get" || cmd == "apt" || cmd == "aptitude") && verb == "install") {
    in.manager = "apt";
    in.command = std::string(cmd) + " install";
    in.packages = Operands(c, sub + 1, {"-o", "-t", "--target-release"}, &variable);
  } else if (cmd == "apk" && verb == "add") {
    in.manager = "apk";
    in.command = "apk add";
    for (size_t i = sub + 1; i + 1 < c.argv.size(); ++i) {
      if (c.argv[i].text == "--virtual" || c.argv[i].text == "-t") in.group = c.argv[i + 1].text;
    }
    in.packages = Operands(c, sub + 1, {"--virtual", "-t", "--repository", "-X"}, &variable);
  } else if ((cmd == "pip" || cmd == "pip3" || cmd.starts_with("pip3.")) && verb == "install") {
    in.manager = "pip";
    in.command = "pip install";
    for (size_t i = sub + 1; i < c.argv.size(); ++i) {
      const std::string& w = c.argv[i].text;
      if (w == "-r" || w == "--requirement" || w.starts_with("--requirement=")) {
        in.opaque = true;
        in.opaque_source = "requirements";
      } else if (w == "-e" || w == "--editable") {
        in.opaque = true;
        in.opaque_source = "local files";
      }
    }
    for (const std::string& p :
         Operands(c, sub + 1, {"-r", "--requirement", "-c", "--constraint", "-i", "--index-url", "--extra-index-url",
                               "-t", "--target", "--prefix", "--root", "-f", "--find-links", "-e", "--editable"},
                  &variable)) {
      if (p == "." || p.find('/') != std::string::npos) {  // a local project or wheel files
        in.opaque = true;
        if (in.opaque_source.empty()) in.opaque_source = "local files";
      } else {
        in.packages.push_back(p);
      }
    }
  } else if ((cmd == "npm" && (verb == "ci" || verb == "install" || verb == "i" || verb == "add")) ||
             ((cmd == "yarn" || cmd == "pnpm") && (verb == "install" || verb == "add"))) {
    in.manager = "npm";
    in.command = std::string(cmd) + " " + verb;
    in.packages = Operands(c, sub + 1, {"--prefix", "--registry", "--cache"}, &variable);
    if (in.packages.empty()) {  // dependencies of package.json
      in.opaque = true;
      in.opaque_source = "package.json";
    }
  } else {
    return std::nullopt;
  }
  if (variable) {
    in.opaque = true;
    if (in.opaque_source.empty()) in.opaque_source = "variables";
  }
  return in;
}

// Package names removed again in the same RUN (apk del, apt-get purge/remove).
struct Removals {
  std::set<std::string> names;
  bool autoremove = false;
};

Removals FindRemovals(const Instruction& run) {
  Removals r;
  for (const ShellCommand& c : run.commands) {
    std::string_view cmd = c.base_name();
    bool apt = cmd == "apt-get" || cmd == "apt";
    for (size_t i = 1; i < c.argv.size(); ++i) {
      const std::string& w = c.argv[i].text;
      if (apt && (w == "autoremove" || w == "--auto-remove" || w == "--autoremove")) r.autoremove = true;
    }
    bool removing = false;
    for (size_t i = 1; i < c.argv.size(); ++i) {
      const std::string& w = c.argv[i].text;
      if (!removing) {
        removing = (cmd == "apk" && w == "del") || (apt && (w == "purge" || w == "remove"));
        continue;
      }
      if (!IsOption(w)) r.names.insert(w);
    }
  }
  return r;
}

class Estimator {
 public:
  Estimator(const dockerfile::Dockerfile& file, const SizeTable& table)
      : file_(file), table_(table), memo_(file.stages.size()) {}

  const StageEstimate& Of(int index) {
    if (!memo_[index]) {
      memo_[index] = StageEstimate();  // placeholder guards against cycles
      memo_[index] = Compute(file_.stages[index]);
    }
    return *memo_[index];
  }

 private:
  StageEstimate Compute(const Stage& stage);
  void AddBase(const Stage& stage, StageEstimate& est);
  void AddRun(const Instruction& run, bool full_base, StageEstimate& est);
  void AddCopy(const Stage& stage, const Instruction& copy, StageEstimate& est);

  const dockerfile::Dockerfile& file_;
  const SizeTable& table_;
  std::vector<std::optional<StageEstimate>> memo_;
};

void Estimator::AddBase(const Stage& stage, StageEstimate& est) {
  const Location& at = stage.from.args_location.valid() ? stage.from.args_location : stage.from.location;
  switch (stage.base_kind) {
    case dockerfile::BaseKind::kScratch:
      return;
    case dockerfile::BaseKind::kStage: {
      if (stage.base_stage < 0 || stage.base_stage >= stage.index) return;
      const StageEstimate& base = Of(stage.base_stage);
      est.total = base.total;
      est.parts.push_back({"stage " + file_.stages[stage.base_stage].DisplayName(), base.total, at});
      est.not_estimated = base.not_estimated;
      est.base = base.base;
      est.base_reference = base.base_reference;
      est.base_stage_index = base.base_stage_index;
      return;
    }
    case dockerfile::BaseKind::kImage:
      break;
  }
  const dockerfile::ImageRef& ref = stage.image;
  est.base_reference = ShortImageName(ref.expanded.empty() ? ref.raw : ref.expanded);
  est.base_stage_index = stage.index;
  std::string matched;
  const BaseImageSize* base =
      ref.has_unexpanded_vars || ref.name.empty() ? nullptr : table_.Find(ref.name, ref.tag, &matched);
  if (!base) {
    est.total.unbounded = true;
    est.not_estimated["base image " + est.base_reference + " (not in the size table)"] += 1;
    return;
  }
  est.base = base;
  SizeRange size{base->bytes, base->bytes, false};
  est.total.Add(size);
  std::string table_ref = ShortImageName(base->name) + ":" + matched;
  std::string what = "base " + est.base_reference;
  if (table_ref == est.base_reference || base->name + ":" + matched == est.base_reference) {
    what += " (size table, as of " + base->as_of + ")";
  } else {
    what += " (as " + table_ref + " in the size table, as of " + base->as_of + ")";
  }
  est.parts.push_back({what, size, at});
}

void Estimator::AddRun(const Instruction& run, bool full_base, StageEstimate& est) {
  Removals removals = FindRemovals(run);
  bool any = false;
  bool apt_update = false, lists_removed = false;
  for (const ShellCommand& c : run.commands) {
    if ((c.base_name() == "apt-get" || c.base_name() == "apt") && c.HasArg("update")) apt_update = true;
    if (c.base_name() == "rm") {
      for (const auto& w : c.argv) lists_removed |= w.text.starts_with("/var/lib/apt/lists");
    }
    std::optional<Install> in = ParseInstall(c);
    if (!in) continue;
    any = true;
    SizeRange size;
    bool removed_group = !in->group.empty() && removals.names.count(in->group);
    for (const std::string& p : in->packages) {
      std::string name = PackageName(p, in->manager);
      PackageSize ps = table_.Package(in->manager, name);
      if (removed_group || removals.names.count(name)) continue;  // gone again in the same layer
      bool preinstalled = in->manager == "apt" && full_base;
      size.low += (preinstalled || removals.autoremove) ? 0 : ps.min;
      size.high += ps.max;
    }
    if (in->opaque) size.unbounded = true;
    std::string what = in->command;
    for (size_t i = 0; i < in->packages.size() && i < 4; ++i) what += " " + in->packages[i];
    if (in->packages.size() > 4) what += " ...";
    if (in->opaque) what += " (" + in->opaque_source + ")";
    if (size.low == 0 && size.high == 0 && !size.unbounded) continue;
    est.total.Add(size);
    est.parts.push_back({what, size, in->location});
  }
  if (apt_update && !lists_removed) {
    SizeRange lists{0, kAptListsMax, false};
    est.total.Add(lists);
    est.parts.push_back({"apt lists left by apt-get update", lists, run.location});
    any = true;
  }
  if (!any) est.not_estimated["other RUN steps"] += 1;
}

void Estimator::AddCopy(const Stage& stage, const Instruction& copy, StageEstimate& est) {
  const dockerfile::Flag* from = copy.FindFlag("from");
  if (!from) {
    est.total.unbounded = true;
    est.not_estimated[copy.keyword + " from the build context"] += 1;
    return;
  }
  SizeRange size;
  std::string what = copy.keyword + " --from=" + from->value;
  if (const Stage* src = file_.FindStage(from->value, stage.index)) {
    // Unknown but bounded: no more than the whole source stage.
    const StageEstimate& src_est = Of(src->index);
    size = SizeRange{0, src_est.total.high, src_est.total.unbounded};
  } else {
    dockerfile::ImageRef ref = dockerfile::ParseImageRef(from->value);
    const BaseImageSize* image = ref.name.empty() ? nullptr : table_.Find(ref.name, ref.tag);
    if (image) {
      size = SizeRange{0, image->bytes, false};
    } else {
      size.unbounded = true;
    }
  }
  est.total.Add(size);
  est.parts.push_back({what, size, copy.location});
}

StageEstimate Estimator::Compute(const Stage& stage) {
  StageEstimate est;
  AddBase(stage, est);
  bool full_base = est.base && est.base->full;
  for (const Instruction& inst : stage.instructions) {
    if (inst.Is("RUN")) {
      AddRun(inst, full_base, est);
    } else if (inst.Is("COPY") || inst.Is("ADD")) {
      AddCopy(stage, inst, est);
    }
  }
  return est;
}

}  // namespace

std::string FormatRange(const SizeRange& range) {
  if (range.unbounded && range.low == 0) return "of unknown size";
  if (range.unbounded) return "at least " + FormatSize(range.low) + " (no upper bound)";
  if (range.low == range.high) return FormatSize(range.low);
  return FormatSize(range.low) + " to " + FormatSize(range.high);
}

StageEstimate EstimateStage(const dockerfile::Dockerfile& file, int stage_index, const SizeTable& table) {
  if (file.stages.empty()) return StageEstimate();
  if (stage_index < 0 || stage_index >= static_cast<int>(file.stages.size())) {
    stage_index = static_cast<int>(file.stages.size()) - 1;
  }
  Estimator estimator(file, table);
  return estimator.Of(stage_index);
}

}  // namespace policycheck::image
