// DKR026 invalid-expose-port: EXPOSE names an invalid port or protocol.
#include <cctype>
#include <memory>
#include <string>
#include <string_view>

#include "dockerfile/rule_util.h"
#include "policycheck/dockerfile/model.h"
#include "policycheck/rule.h"

namespace policycheck::rules {
namespace {

namespace du = dockerfile_util;
using dockerfile::Dockerfile;
using dockerfile::Instruction;
using dockerfile::Stage;

bool ValidPort(std::string_view p) {
  if (p.empty() || p.size() > 5) return false;
  long v = 0;
  for (char c : p) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    v = v * 10 + (c - '0');
  }
  return v >= 1 && v <= 65535;
}

class InvalidExposePortRule : public DockerfileRule {
 public:
  InvalidExposePortRule()
      : DockerfileRule(RuleInfo{
          .id = "DKR026",
          .name = "invalid-expose-port",
          .target = Target::kDockerfile,
          .default_severity = Severity::kError,
          .enabled_by_default = true,
          .category = "correctness",
          .summary = "EXPOSE names an invalid port or protocol.",
          .remediation = "EXPOSE a port between 1 and 65535, optionally with /tcp, /udp or /sctp.",
          .equivalents = {"hadolint:DL3011", "trivy:DS008"},
      }) {}

  void Check(const Dockerfile& file, const CheckContext& /*ctx*/, Reporter& out) const override {
    du::ForEachInstruction(file, [&](const Stage& stage, const Instruction& inst) {
      if (!inst.Is("EXPOSE")) return;
      for (const auto& w : inst.args) {
        std::string_view spec = w.text;
        if (spec.empty() || w.raw.find('$') != std::string::npos) continue;
        std::string_view proto;
        if (size_t slash = spec.find('/'); slash != std::string_view::npos) {
          proto = spec.substr(slash + 1);
          spec = spec.substr(0, slash);
        }
        std::string lower(proto);
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        bool ok = proto.empty() || lower == "tcp" || lower == "udp" || lower == "sctp";
        size_t dash = spec.find('-');
        if (dash != std::string_view::npos) {
          ok = ok && ValidPort(spec.substr(0, dash)) && ValidPort(spec.substr(dash + 1));
        } else {
          ok = ok && ValidPort(spec);
        }
        if (!ok) {
          out.Report(du::Diag(stage, w.location, "EXPOSE '" + w.text + "' is not a valid port[/protocol]"));
        }
      }
    });
  }
};

}  // namespace

std::unique_ptr<Rule> NewInvalidExposePortRule() { return std::make_unique<InvalidExposePortRule>(); }

}  // namespace policycheck::rules
