// Dockerfile model helpers.
#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "policycheck/dockerfile/model.h"

namespace policycheck::dockerfile {

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

void PositionMap::AddSegment(size_t offset, int line, int column) {
  if (!segments_.empty() && segments_.back().offset == offset) {
    segments_.back() = Segment{offset, line, column};
    return;
  }
  segments_.push_back(Segment{offset, line, column});
}

void PositionMap::LineColumn(size_t offset, int* line, int* column) const {
  if (segments_.empty()) {
    *line = 0;
    *column = 0;
    return;
  }
  auto it = std::upper_bound(segments_.begin(), segments_.end(), offset,
                             [](size_t off, const Segment& s) { return off < s.offset; });
  if (it != segments_.begin()) --it;
  *line = it->line;
  *column = it->column + static_cast<int>(offset >= it->offset ? offset - it->offset : 0);
}

Location PositionMap::At(size_t offset) const {
  Location loc;
  loc.file = file_;
  LineColumn(offset, &loc.line, &loc.column);
  return loc;
}

void PositionMap::AppendShifted(const PositionMap& src, size_t src_begin, size_t dst_offset) {
  if (file_.empty()) file_ = src.file_;
  if (src.segments_.empty()) return;
  int line = 0, column = 0;
  src.LineColumn(src_begin, &line, &column);
  AddSegment(dst_offset, line, column);
  for (const Segment& s : src.segments_) {
    if (s.offset <= src_begin) continue;
    AddSegment(dst_offset + (s.offset - src_begin), s.line, s.column);
  }
}

std::string_view ShellCommand::base_name() const {
  std::string_view n = name();
  size_t slash = n.rfind('/');
  return slash == std::string_view::npos ? n : n.substr(slash + 1);
}

bool ShellCommand::HasArg(std::string_view arg) const {
  for (size_t i = 1; i < argv.size(); ++i) {
    if (argv[i].text == arg) return true;
  }
  return false;
}

Location ShellCommand::location() const {
  if (!assignments.empty()) return assignments.front().location;
  if (!argv.empty()) return argv.front().location;
  return Location{};
}

const Flag* Instruction::FindFlag(std::string_view name) const {
  const Flag* found = nullptr;
  for (const Flag& f : flags) {
    if (f.name == name) found = &f;
  }
  return found;
}

std::vector<const Flag*> Instruction::FlagsNamed(std::string_view name) const {
  std::vector<const Flag*> out;
  for (const Flag& f : flags) {
    if (f.name == name) out.push_back(&f);
  }
  return out;
}

std::string Stage::DisplayName() const {
  if (!name.empty()) return name;
  return "#" + std::to_string(index);
}

const Stage* Dockerfile::FindStage(std::string_view name_or_index, int before) const {
  int limit = before < 0 ? static_cast<int>(stages.size()) : std::min<int>(before, stages.size());
  for (int i = 0; i < limit; ++i) {
    if (!stages[i].name.empty() && EqualsIgnoreCase(stages[i].name, name_or_index)) {
      return &stages[i];
    }
  }
  if (!name_or_index.empty() &&
      std::all_of(name_or_index.begin(), name_or_index.end(),
                  [](char c) { return c >= '0' && c <= '9'; })) {
    int index = -1;
    auto [ptr, ec] = std::from_chars(name_or_index.data(),
                                     name_or_index.data() + name_or_index.size(), index);
    if (ec == std::errc() && index >= 0 && index < limit) return &stages[index];
  }
  return nullptr;
}

const Directive* Dockerfile::FindDirective(std::string_view name) const {
  for (const Directive& d : directives) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

bool IsKnownInstruction(std::string_view kw) {
  static constexpr std::array<std::string_view, 18> kKnown = {
      "ADD",  "ARG",        "CMD",     "COPY",  "ENTRYPOINT", "ENV",
      "EXPOSE", "FROM",     "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD",
      "RUN",  "SHELL",      "STOPSIGNAL", "USER", "VOLUME",     "WORKDIR"};
  return std::find(kKnown.begin(), kKnown.end(), kw) != kKnown.end();
}

ImageRef ParseImageRef(std::string_view ref) {
  ImageRef out;
  out.expanded = std::string(ref);
  std::string_view rest = ref;
  size_t at = rest.find('@');
  if (at != std::string_view::npos) {
    out.digest = std::string(rest.substr(at + 1));
    rest = rest.substr(0, at);
  }
  // A tag follows the last ':' after the last '/'.
  size_t slash = rest.rfind('/');
  size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    out.tag = std::string(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
  }
  out.name = std::string(rest);
  size_t first_slash = rest.find('/');
  if (first_slash != std::string_view::npos) {
    std::string_view first = rest.substr(0, first_slash);
    if (first.find('.') != std::string_view::npos || first.find(':') != std::string_view::npos ||
        first == "localhost") {
      out.explicit_registry = true;
      out.registry = std::string(first);
      out.repository = std::string(rest.substr(first_slash + 1));
      return out;
    }
  }
  out.registry = "docker.io";
  out.repository = first_slash == std::string_view::npos ? "library/" + std::string(rest)
                                                         : std::string(rest);
  return out;
}

}  // namespace policycheck::dockerfile
