#include "policycheck/k8s/quantity.h"

#include <limits>

namespace policycheck::k8s {
namespace {

constexpr __int128 kMax = (static_cast<__int128>(1) << 120);

// a * b, clamped to kMax in magnitude.
__int128 MulClamp(__int128 a, __int128 b) {
  if (a == 0 || b == 0) return 0;
  if (a > kMax / b) return kMax;
  return a * b;
}

__int128 Pow10(int n) {
  __int128 v = 1;
  for (int i = 0; i < n && v < kMax; ++i) v = MulClamp(v, 10);
  return v;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<Quantity> Quantity::Parse(std::string_view text) {
  std::string_view s = text;
  if (s.empty()) return std::nullopt;
  size_t i = 0;
  bool negative = false;
  if (s[i] == '+' || s[i] == '-') {
    negative = s[i] == '-';
    ++i;
  }
  // Mantissa: value = m * 10^-scale.
  __int128 m = 0;
  int scale = 0;
  size_t digits = 0;
  int significant = 0;
  bool round_up = false;
  auto add_digit = [&](char c, bool fraction) {
    ++digits;
    if (significant >= 36) {  // beyond int128 precision: only remember the rounding
      if (c != '0' && fraction) round_up = true;
      if (!fraction) --scale;  // integer digit beyond precision: scale the value up
      return;
    }
    if (m != 0 || c != '0') ++significant;
    m = m * 10 + (c - '0');
    if (fraction) ++scale;
  };
  while (i < s.size() && IsDigit(s[i])) add_digit(s[i++], false);
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && IsDigit(s[i])) add_digit(s[i++], true);
  }
  if (digits == 0) return std::nullopt;
  std::string_view suffix = s.substr(i);
  int exp10 = 0;
  int exp2 = 0;
  if (suffix.empty()) {
  } else if (suffix == "Ki") {
    exp2 = 10;
  } else if (suffix == "Mi") {
    exp2 = 20;
  } else if (suffix == "Gi") {
    exp2 = 30;
  } else if (suffix == "Ti") {
    exp2 = 40;
  } else if (suffix == "Pi") {
    exp2 = 50;
  } else if (suffix == "Ei") {
    exp2 = 60;
  } else if (suffix == "n") {
    exp10 = -9;
  } else if (suffix == "u") {
    exp10 = -6;
  } else if (suffix == "m") {
    exp10 = -3;
  } else if (suffix == "k") {
    exp10 = 3;
  } else if (suffix == "M") {
    exp10 = 6;
  } else if (suffix == "G") {
    exp10 = 9;
  } else if (suffix == "T") {
    exp10 = 12;
  } else if (suffix == "P") {
    exp10 = 15;
  } else if (suffix == "E") {
    exp10 = 18;
  } else if (suffix[0] == 'e' || suffix[0] == 'E') {
    size_t j = 1;
    bool neg = false;
    if (j < suffix.size() && (suffix[j] == '+' || suffix[j] == '-')) {
      neg = suffix[j] == '-';
      ++j;
    }
    if (j >= suffix.size()) return std::nullopt;
    int e = 0;
    for (; j < suffix.size(); ++j) {
      if (!IsDigit(suffix[j])) return std::nullopt;
      if (e < 10000) e = e * 10 + (suffix[j] - '0');
    }
    exp10 = neg ? -e : e;
  } else {
    return std::nullopt;
  }
  // nanos = m * 2^exp2 * 10^(9 + exp10 - scale)
  __int128 v = MulClamp(m, static_cast<__int128>(1) << exp2);
  int p = 9 + exp10 - scale;
  if (p >= 0) {
    v = MulClamp(v, Pow10(p));
  } else {
    __int128 d = Pow10(-p);
    if (d >= kMax) {
      v = (v != 0 || round_up) ? 1 : 0;
    } else {
      __int128 q = v / d;
      if (v % d != 0) ++q;  // Kubernetes rounds fractions of the smallest unit up
      v = q;
    }
  }
  if (round_up && v == 0) v = 1;
  Quantity q;
  q.nanos_ = negative ? -v : v;
  q.text_ = std::string(text);
  return q;
}

}  // namespace policycheck::k8s
