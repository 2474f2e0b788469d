// Helpers shared by the Dockerfile rules: iteration over stages, instructions
// and RUN commands (ONBUILD triggers included), the stages that end up in the
// built image, the effective USER, and command-line option parsing.
#pragma once

#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "policycheck/dockerfile/model.h"
#include "policycheck/rule.h"

namespace policycheck::rules::dockerfile_util {

using dockerfile::Dockerfile;
using dockerfile::Instruction;
using dockerfile::ShellCommand;
using dockerfile::Stage;

// A diagnostic about `stage` at `location`.
Diagnostic Diag(const Stage& stage, Location location, std::string message);

// Calls fn for every instruction of every stage (FROM excluded), then for the
// instruction an ONBUILD wraps.
void ForEachInstruction(const Dockerfile& file,
                        const std::function<void(const Stage&, const Instruction&)>& fn);

// Calls fn for every simple command of every RUN (ONBUILD RUN included).
void ForEachCommand(const Dockerfile& file,
                    const std::function<void(const Stage&, const Instruction&,
                                             const ShellCommand&)>& fn);

// The stages whose content is in the final image: the last stage and the
// stages it is built FROM, transitively (COPY --from sources are not).
std::vector<const Stage*> ShippedStages(const Dockerfile& file);
bool IsShipped(const Dockerfile& file, const Stage& stage);

// The USER in effect at the end of `stage`: its last USER instruction, else
// the one inherited through FROM <earlier stage>. nullptr when no USER is set
// anywhere in the chain; `root_stage` is then the first stage of the chain.
const Instruction* EffectiveUser(const Dockerfile& file, const Stage& stage,
                                 const Stage** root_stage = nullptr);
// The user part of a USER value ("app:app" -> "app").
std::string_view UserPart(std::string_view user);
bool IsRootUser(std::string_view user);

// The command with wrappers removed: `sudo -E apt-get`, `env A=1 pip`,
// `nohup`, `time`, `command`, `exec`, `xargs` -> index of the real command in
// argv (argv.size() when there is none).
size_t CommandStart(const ShellCommand& cmd);
// Base name of argv[i].
std::string_view BaseNameAt(const ShellCommand& cmd, size_t i);

// Options and operands of a command line starting at argv[first].
struct ParsedArgs {
  std::vector<const dockerfile::Word*> options;   // -y, --no-cache, -o=x (values included)
  std::vector<const dockerfile::Word*> operands;  // non-option words, in order
  // True if a long option `--name` / `--name=...` or a short option letter is present.
  bool Has(std::string_view long_name, char short_letter = 0) const;
  // Value of `--name=value`, `--name value` or `-s value` for `short_letter` s
  // (empty if absent).
  std::string Value(std::string_view long_name, char short_letter = 0) const;
};
// `value_options` lists options that take a separate value (`-o`, `--target`).
ParsedArgs ParseArgs(const ShellCommand& cmd, size_t first,
                     std::initializer_list<std::string_view> value_options = {});

// Package-manager invocation found in a simple command.
struct PackageCall {
  std::string manager;     // "apt-get", "apt", "apk", "pip", "npm", "gem", "yum", "dnf", "yarn"
  std::string subcommand;  // "install", "add", "update", ...
  size_t sub_index = 0;    // index of the subcommand in argv
  ParsedArgs args;         // options anywhere after the manager; operands after the subcommand
};
// Recognises apt-get/apt/aptitude, apk, pip/pip3/python -m pip, npm, yarn,
// gem, yum/dnf/microdnf. Returns false otherwise.
bool ParsePackageCall(const ShellCommand& cmd, PackageCall* call);

// Calls fn for every package-manager call of every RUN (ONBUILD RUN included).
void ForEachPackageCall(const Dockerfile& file,
                        const std::function<void(const Stage&, const Instruction&,
                                                 const ShellCommand&, const PackageCall&)>& fn);

// True if the instruction has `RUN --mount=type=cache,...target=<prefix>...`.
bool HasCacheMount(const Instruction& run, std::string_view target_prefix);

// The words a COPY/ADD copies from (all arguments but the last).
std::vector<const dockerfile::Word*> CopySources(const Instruction& inst);

}  // namespace policycheck::rules::dockerfile_util
