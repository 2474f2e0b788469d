#include "policycheck/k8s/node.h"

#include <charconv>
#include <cstdlib>

namespace policycheck::k8s {
namespace {

bool IsOneOf(std::string_view s, std::initializer_list<std::string_view> options) {
  for (std::string_view o : options) {
    if (s == o) return true;
  }
  return false;
}

// go-yaml v2's strconv.ParseInt(s, 0, 64) after removing '_'.
std::optional<int64_t> ParseGoInt(std::string_view text) {
  std::string s;
  s.reserve(text.size());
  for (char c : text) {
    if (c != '_') s += c;
  }
  if (s.empty()) return std::nullopt;
  size_t i = 0;
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    i = 1;
  }
  int base = 10;
  if (s.size() - i > 1 && s[i] == '0') {
    char p = s[i + 1];
    if (p == 'x' || p == 'X') {
      base = 16;
      i += 2;
    } else if (p == 'o' || p == 'O') {
      base = 8;
      i += 2;
    } else if (p == 'b' || p == 'B') {
      base = 2;
      i += 2;
    } else {
      base = 8;
      i += 1;
    }
  }
  if (i >= s.size()) return std::nullopt;
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(s.data() + i, s.data() + s.size(), value, base);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  if (negative) {
    if (value > uint64_t{1} << 63) return std::nullopt;
    return static_cast<int64_t>(0 - value);
  }
  if (value > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<int64_t>(value);
}

bool IsGoFloat(std::string_view s) {
  if (IsOneOf(s, {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan",
                  ".NaN", ".NAN"})) {
    return true;
  }
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exp;
    if (exp == 0) return false;
  }
  return i == s.size();
}

}  // namespace

bool Node::ResolvesToNull() const {
  if (kind_ == NodeKind::kNull) return true;
  if (kind_ != NodeKind::kScalar || !plain_) return false;
  return IsOneOf(text_, {"", "~", "null", "Null", "NULL"});
}

std::optional<bool> Node::AsBool() const {
  if (kind_ != NodeKind::kScalar || !plain_) return std::nullopt;
  if (IsOneOf(text_, {"true", "True", "TRUE", "yes", "Yes", "YES", "y", "Y", "on", "On", "ON"})) return true;
  if (IsOneOf(text_, {"false", "False", "FALSE", "no", "No", "NO", "n", "N", "off", "Off", "OFF"})) return false;
  return std::nullopt;
}

std::optional<int64_t> Node::AsInt() const {
  if (kind_ != NodeKind::kScalar || !plain_ || text_.empty()) return std::nullopt;
  char c = text_[0];
  if (!(c == '+' || c == '-' || (c >= '0' && c <= '9'))) return std::nullopt;
  return ParseGoInt(text_);
}

bool Node::IsNumber() const {
  if (kind_ != NodeKind::kScalar || !plain_ || text_.empty()) return false;
  char c = text_[0];
  if (!(c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9'))) return false;
  return AsInt().has_value() || IsGoFloat(text_);
}

bool Node::IsString() const {
  if (kind_ != NodeKind::kScalar) return false;
  if (!plain_) return true;
  return !ResolvesToNull() && !AsBool().has_value() && !IsNumber();
}

const Node* Node::Get(std::string_view key) const {
  if (kind_ != NodeKind::kMap) return nullptr;
  for (size_t i = children_.size(); i >= 2; i -= 2) {
    const Node* k = children_[i - 2];
    if (k->kind_ == NodeKind::kScalar && k->text_ == key) return children_[i - 1];
  }
  return nullptr;
}

const Node* Node::KeyNode(std::string_view key) const {
  if (kind_ != NodeKind::kMap) return nullptr;
  for (size_t i = children_.size(); i >= 2; i -= 2) {
    const Node* k = children_[i - 2];
    if (k->kind_ == NodeKind::kScalar && k->text_ == key) return k;
  }
  return nullptr;
}

}  // namespace policycheck::k8s
