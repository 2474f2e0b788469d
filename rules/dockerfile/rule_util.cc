#include "dockerfile/rule_util.h"

#include <algorithm>

namespace policycheck::rules::dockerfile_util {

Diagnostic Diag(const Stage& stage, Location location, std::string message) {
  Diagnostic d;
  d.location = std::move(location);
  d.message = std::move(message);
  d.stage = stage.DisplayName();
  return d;
}

void ForEachInstruction(const Dockerfile& file,
                        const std::function<void(const Stage&, const Instruction&)>& fn) {
  for (const Stage& stage : file.stages) {
    for (const Instruction& inst : stage.instructions) {
      fn(stage, inst);
      if (inst.onbuild) fn(stage, *inst.onbuild);
    }
  }
}

void ForEachCommand(const Dockerfile& file,
                    const std::function<void(const Stage&, const Instruction&,
                                             const ShellCommand&)>& fn) {
  ForEachInstruction(file, [&](const Stage& stage, const Instruction& inst) {
    if (!inst.Is("RUN")) return;
    for (const ShellCommand& cmd : inst.commands) fn(stage, inst, cmd);
  });
}

std::vector<const Stage*> ShippedStages(const Dockerfile& file) {
  std::vector<const Stage*> out;
  const Stage* s = file.final_stage();
  while (s != nullptr && out.size() <= file.stages.size()) {
    out.push_back(s);
    if (s->base_kind != dockerfile::BaseKind::kStage || s->base_stage < 0 ||
        s->base_stage >= s->index) {
      break;
    }
    s = &file.stages[s->base_stage];
  }
  return out;
}

bool IsShipped(const Dockerfile& file, const Stage& stage) {
  for (const Stage* s : ShippedStages(file)) {
    if (s == &stage) return true;
  }
  return false;
}

const Instruction* EffectiveUser(const Dockerfile& file, const Stage& stage,
                                 const Stage** root_stage) {
  const Stage* s = &stage;
  for (size_t hops = 0; s != nullptr && hops <= file.stages.size(); ++hops) {
    for (auto it = s->instructions.rbegin(); it != s->instructions.rend(); ++it) {
      if (it->Is("USER") && !it->args.empty()) return &*it;
    }
    if (root_stage != nullptr) *root_stage = s;
    if (s->base_kind != dockerfile::BaseKind::kStage || s->base_stage < 0 ||
        s->base_stage >= s->index) {
      break;
    }
    s = &file.stages[s->base_stage];
  }
  return nullptr;
}

std::string_view UserPart(std::string_view user) { return user.substr(0, user.find(':')); }

bool IsRootUser(std::string_view user) {
  std::string_view u = UserPart(user);
  return u == "root" || u == "0";
}

size_t CommandStart(const ShellCommand& cmd) {
  size_t i = 0;
  while (i < cmd.argv.size()) {
    std::string_view b = BaseNameAt(cmd, i);
    if (b == "sudo" || b == "env" || b == "nohup" || b == "time" || b == "command" ||
        b == "exec" || b == "xargs" || b == "nice" || b == "su-exec" || b == "gosu") {
      ++i;
      // Skip the wrapper's options and, for env, assignments.
      while (i < cmd.argv.size()) {
        const std::string& t = cmd.argv[i].text;
        if (!t.empty() && t[0] == '-') {
          if ((b == "sudo" && (t == "-u" || t == "-g")) || (b == "xargs" && (t == "-I" || t == "-n"))) {
            ++i;
          }
          ++i;
        } else if (b == "env" && t.find('=') != std::string::npos) {
          ++i;
        } else if ((b == "su-exec" || b == "gosu") && i + 1 < cmd.argv.size()) {
          ++i;  // the user
          break;
        } else {
          break;
        }
      }
      continue;
    }
    break;
  }
  return i;
}

std::string_view BaseNameAt(const ShellCommand& cmd, size_t i) {
  if (i >= cmd.argv.size()) return {};
  std::string_view n = cmd.argv[i].text;
  size_t slash = n.rfind('/');
  return slash == std::string_view::npos ? n : n.substr(slash + 1);
}

bool ParsedArgs::Has(std::string_view long_name, char short_letter) const {
  for (const dockerfile::Word* w : options) {
    std::string_view t = w->text;
    if (t.starts_with("--")) {
      std::string_view name = t.substr(2, t.find('=') == std::string_view::npos
                                              ? std::string_view::npos
                                              : t.find('=') - 2);
      if (!long_name.empty() && name == long_name) return true;
    } else if (short_letter != 0 && t.size() > 1 && t[0] == '-' &&
               t.find(short_letter, 1) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

std::string ParsedArgs::Value(std::string_view long_name, char short_letter) const {
  for (size_t i = 0; i < options.size(); ++i) {
    std::string_view t = options[i]->text;
    if (short_letter != 0 && t.size() == 2 && t[0] == '-' && t[1] == short_letter &&
        i + 1 < options.size()) {
      return options[i + 1]->text;
    }
    if (!t.starts_with("--") || t.substr(2).substr(0, long_name.size()) != long_name) continue;
    std::string_view rest = t.substr(2 + long_name.size());
    if (rest.starts_with("=")) return std::string(rest.substr(1));
    if (rest.empty() && i + 1 < options.size()) return options[i + 1]->text;
  }
  return "";
}

ParsedArgs ParseArgs(const ShellCommand& cmd, size_t first,
                     std::initializer_list<std::string_view> value_options) {
  ParsedArgs out;
  bool only_operands = false;
  for (size_t i = first; i < cmd.argv.size(); ++i) {
    const dockerfile::Word& w = cmd.argv[i];
    if (!only_operands && w.text == "--") {
      only_operands = true;
      continue;
    }
    if (!only_operands && w.text.size() > 1 && w.text[0] == '-') {
      out.options.push_back(&w);
      if (std::find(value_options.begin(), value_options.end(), w.text) != value_options.end() &&
          i + 1 < cmd.argv.size()) {
        out.options.push_back(&cmd.argv[++i]);
      }
      continue;
    }
    out.operands.push_back(&w);
  }
  return out;
}

bool ParsePackageCall(const ShellCommand& cmd, PackageCall* call) {
  size_t start = CommandStart(cmd);
  if (start >= cmd.argv.size()) return false;
  std::string_view base = BaseNameAt(cmd, start);
  std::string manager;
  size_t i = start + 1;
  if (base == "apt-get" || base == "apt" || base == "aptitude") {
    manager = base == "aptitude" ? "apt-get" : std::string(base);
  } else if (base == "apk" || base == "npm" || base == "gem" || base == "yum" || base == "dnf" ||
             base == "microdnf" || base == "yarn" || base == "pnpm") {
    manager = base;
  } else if (base.starts_with("pip")) {
    manager = "pip";
  } else if (base.starts_with("python") && i + 1 < cmd.argv.size() && cmd.argv[i].text == "-m" &&
             cmd.argv[i + 1].text.starts_with("pip")) {
    manager = "pip";
    i += 2;
  } else {
    return false;
  }
  // Options may come before the subcommand (`apt-get -y install`): parse
  // everything after the manager and take the first operand as the subcommand.
  ParsedArgs all = ParseArgs(cmd, i,
                             {"-o", "-t", "-c", "-r", "--requirement", "-v", "--version", "-X",
                              "--repository", "--virtual", "--target", "-i", "--index-url",
                              "--extra-index-url", "-f", "--find-links", "--prefix", "-e",
                              "--constraint", "--root", "-C"});
  if (all.operands.empty()) return false;
  const dockerfile::Word* sub = all.operands.front();
  all.operands.erase(all.operands.begin());
  call->manager = manager;
  call->subcommand = sub->text;
  call->sub_index = static_cast<size_t>(sub - cmd.argv.data());
  call->args = std::move(all);
  return true;
}

void ForEachPackageCall(const Dockerfile& file,
                        const std::function<void(const Stage&, const Instruction&,
                                                 const ShellCommand&, const PackageCall&)>& fn) {
  ForEachCommand(file, [&](const Stage& stage, const Instruction& inst, const ShellCommand& cmd) {
    PackageCall call;
    if (ParsePackageCall(cmd, &call)) fn(stage, inst, cmd, call);
  });
}

bool HasCacheMount(const Instruction& run, std::string_view target_prefix) {
  for (const dockerfile::Flag* f : run.FlagsNamed("mount")) {
    const std::string& v = f->value;
    if (v.find("type=cache") == std::string::npos) continue;
    for (std::string_view key : {"target=", "dst=", "destination="}) {
      size_t p = v.find(key);
      if (p != std::string::npos && std::string_view(v).substr(p + key.size()).starts_with(target_prefix)) {
        return true;
      }
    }
  }
  return false;
}

std::vector<const dockerfile::Word*> CopySources(const Instruction& inst) {
  std::vector<const dockerfile::Word*> out;
  for (size_t i = 0; i + 1 < inst.args.size(); ++i) out.push_back(&inst.args[i]);
  return out;
}

}  // namespace policycheck::rules::dockerfile_util
