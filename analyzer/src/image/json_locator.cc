#include "json_locator.h"

#include <algorithm>

namespace policycheck::image::internal {
namespace {

constexpr size_t kMaxDepth = 512;

struct Frame {
  std::string pointer;
  bool is_array = false;
  size_t next_index = 0;
};

}  // namespace

std::string PointerToken(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

JsonLocator::JsonLocator(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
  // A small tolerant scanner: records where each value starts.
  std::vector<Frame> stack;
  std::string pending_key;  // pointer of the object member value expected next
  bool expect_value = true;
  size_t i = 0;
  auto skip_string = [&](size_t start, std::string* decoded) {
    size_t j = start + 1;
    while (j < text_.size() && text_[j] != '"') {
      if (text_[j] == '\\' && j + 1 < text_.size()) {
        if (decoded) {
          char e = text_[j + 1];
          decoded->push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e);
        }
        j += 2;
        continue;
      }
      if (decoded) decoded->push_back(text_[j]);
      ++j;
    }
    return j + 1;
  };
  while (i < text_.size()) {
    char c = text_[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':') {
      ++i;
      continue;
    }
    if (c == '}' || c == ']') {
      if (stack.empty()) return;
      stack.pop_back();
      expect_value = false;
      ++i;
      continue;
    }
    // In an object, a string here is a key unless a value is expected.
    if (!stack.empty() && !stack.back().is_array && !expect_value) {
      if (c != '"') return;
      std::string key;
      i = skip_string(i, &key);
      pending_key = stack.back().pointer + "/" + PointerToken(key);
      expect_value = true;
      continue;
    }
    std::string pointer;
    if (stack.empty()) {
      pointer = "";
    } else if (stack.back().is_array) {
      pointer = stack.back().pointer + "/" + std::to_string(stack.back().next_index++);
    } else {
      pointer = pending_key;
    }
    offsets_.emplace(pointer, i);
    if (c == '{' || c == '[') {
      if (stack.size() >= kMaxDepth) return;
      stack.push_back(Frame{pointer, c == '['});
      expect_value = false;
      ++i;
      continue;
    }
    if (c == '"') {
      i = skip_string(i, nullptr);
    } else {
      while (i < text_.size() && std::string_view(",}] \t\r\n").find(text_[i]) == std::string_view::npos) ++i;
    }
    if (stack.empty()) return;
    expect_value = false;
  }
}

Location JsonLocator::AtOffset(size_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t line = static_cast<size_t>(it - line_starts_.begin());
  size_t col = offset - line_starts_[line - 1] + 1;
  return Location{file_, static_cast<int>(line), static_cast<int>(col)};
}

Location JsonLocator::At(const std::string& pointer) const {
  std::string p = pointer;
  while (true) {
    if (auto it = offsets_.find(p); it != offsets_.end()) return AtOffset(it->second);
    if (p.empty()) return Location{file_, 1, 1};
    size_t slash = p.rfind('/');
    p = slash == std::string::npos ? "" : p.substr(0, slash);
  }
}

}  // namespace policycheck::image::internal
