// Helpers shared by the Dockerfile size rules (IMG002, IMG003).
#pragma once

#include <string>

#include "policycheck/image/estimate.h"
#include "policycheck/rule.h"

namespace policycheck::rules {

// The `base_sizes` param both estimate rules take.
inline ParamSpec BaseSizesParam() {
  return ParamSpec{"base_sizes", ParamType::kStringMap, "{}",
                   "Sizes of base images missing from the built-in table, or corrections (`myorg/base:1`: 300MB), "
                   "used before the table."};
}

// The size table extended by the `base_sizes` param; a bad size is reported
// at `where` and the other entries still apply.
inline const image::SizeTable& SizeTableFor(const Params& params, image::SizeTable* storage, const Location& where,
                                            Reporter& out) {
  std::string error;
  const image::SizeTable& table = image::TableWithOverrides(params.Map("base_sizes"), storage, &error);
  if (!error.empty()) out.Report(Diagnostic{.location = where, .message = error});
  return table;
}

}  // namespace policycheck::rules
