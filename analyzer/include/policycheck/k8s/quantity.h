// Kubernetes resource quantities (resource.ParseQuantity): 500m, 0.5, 1Gi, 1G, 1e3, 1.5Gi.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace policycheck::k8s {

class Quantity {
 public:
  // Exact value in units of 10^-9 (fractions below that round up, as Kubernetes does).
  __int128 nanos() const { return nanos_; }
  double ToDouble() const { return static_cast<double>(nanos_) / 1e9; }
  std::string text() const { return text_; }
  friend std::strong_ordering operator<=>(const Quantity& a, const Quantity& b) {
    return a.nanos_ <=> b.nanos_;
  }
  friend bool operator==(const Quantity& a, const Quantity& b) { return a.nanos_ == b.nanos_; }

  // Parses the Kubernetes quantity grammar: <signedNumber><suffix>, where the
  // suffix is a binary SI (Ki Mi Gi Ti Pi Ei), decimal SI (n u m "" k M G T P E)
  // or decimal exponent (e3, E-2). Returns nullopt when invalid.
  static std::optional<Quantity> Parse(std::string_view text);

 private:
  __int128 nanos_ = 0;
  std::string text_;
};

}  // namespace policycheck::k8s
