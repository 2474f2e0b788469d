#include "policycheck/image/history.h"

#include <cctype>
#include <vector>

#include "policycheck/dockerfile/model.h"
#include "policycheck/image/model.h"

namespace policycheck::image {
namespace {

std::string Collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

bool Consume(std::string_view& s, std::string_view prefix) {
  if (!s.starts_with(prefix)) return false;
  s.remove_prefix(prefix.size());
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return true;
}

// "|2 A=1 B=x y" -> "y": BuildKit's build-arg prefix of RUN steps.
void SkipBuildArgs(std::string_view& s) {
  if (s.empty() || s[0] != '|') return;
  size_t i = 1, n = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) n = n * 10 + (s[i++] - '0');
  s.remove_prefix(i);
  for (size_t k = 0; k < n; ++k) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    size_t sp = s.find(' ');
    s.remove_prefix(sp == std::string_view::npos ? s.size() : sp);
  }
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
}

std::string_view Keyword(std::string_view step) { return step.substr(0, step.find(' ')); }

std::string_view LastWord(std::string_view s) {
  size_t sp = s.rfind(' ');
  return sp == std::string_view::npos ? s : s.substr(sp + 1);
}

// Whether instruction `inst` produced the normalized history step `step`.
bool Matches(const dockerfile::Instruction& inst, const std::string& step) {
  std::string_view kw = Keyword(step);
  if (kw != inst.keyword) return false;
  std::string_view rest = std::string_view(step).substr(std::min(step.size(), kw.size() + 1));
  if (inst.Is("RUN")) return rest == Collapse(inst.args_text);
  if (inst.Is("COPY") || inst.Is("ADD")) {
    // The classic builder hashes sources ("COPY file:ab12 in /app"); BuildKit
    // keeps the text. Both end with the destination.
    return !inst.args.empty() && LastWord(rest) == inst.args.back().text;
  }
  return false;
}

}  // namespace

std::string NormalizeStep(std::string_view created_by) {
  std::string collapsed = Collapse(created_by);
  std::string_view s = collapsed;
  if (s.ends_with(" # buildkit")) s.remove_suffix(11);
  if (Consume(s, "/bin/sh -c #(nop)")) return std::string(s);
  std::string_view run = s;
  bool is_run = Consume(run, "RUN");
  if (!is_run && !s.starts_with("/bin/sh -c")) return std::string(s);
  SkipBuildArgs(run);
  Consume(run, "/bin/sh -c");
  return "RUN " + std::string(run);
}

int AttachDockerfile(Image& image, const dockerfile::Dockerfile& file) {
  const dockerfile::Stage* stage = file.final_stage();
  // The instructions that built the image, oldest first, across FROM <stage>.
  std::vector<const dockerfile::Instruction*> chain;
  while (stage) {
    std::vector<const dockerfile::Instruction*> own;
    for (const auto& inst : stage->instructions) own.push_back(&inst);
    chain.insert(chain.begin(), own.begin(), own.end());
    stage = stage->base_kind == dockerfile::BaseKind::kStage && stage->base_stage >= 0 &&
                    stage->base_stage < stage->index
                ? &file.stages[stage->base_stage]
                : nullptr;
  }
  int mapped = 0;
  int cursor = static_cast<int>(chain.size()) - 1;
  for (auto layer = image.layers.rbegin(); layer != image.layers.rend() && cursor >= 0; ++layer) {
    if (layer->created_by.empty()) continue;
    std::string step = NormalizeStep(layer->created_by);
    for (int i = cursor; i >= 0; --i) {
      if (Matches(*chain[i], step)) {
        layer->instruction = chain[i]->location;
        cursor = i - 1;
        ++mapped;
        break;
      }
    }
  }
  return mapped;
}

}  // namespace policycheck::image
