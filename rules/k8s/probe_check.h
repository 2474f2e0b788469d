// The shared check of missing-liveness-probe and missing-readiness-probe.
#pragma once

#include <string_view>

#include "policycheck/k8s/object.h"
#include "policycheck/rule.h"

namespace policycheck::rules {

// Reports regular containers (and native sidecars with check_sidecars) without
// `probe_field`, unless the kind is in exempt_kinds; with `path` set, httpGet
// probes on another path.
void CheckProbePresence(const k8s::Object& obj, const CheckContext& ctx, Reporter& out, std::string_view probe_field);

}  // namespace policycheck::rules
