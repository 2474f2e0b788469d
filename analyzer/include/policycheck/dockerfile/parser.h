// Dockerfile front end entry point. The model lives in dockerfile/model.h.
#pragma once

#include <memory>
#include <vector>

#include "policycheck/frontend.h"

namespace policycheck::dockerfile {

class Dockerfile;

struct ParseResult {
  std::unique_ptr<Dockerfile> file;  // always set, possibly partial (bad lines skipped)
  std::vector<LoadIssue> issues;     // located problems; the rest of the file is still linted
};

// Parses a Dockerfile with BuildKit's semantics. Never throws.
ParseResult Parse(std::shared_ptr<const SourceFile> source);

// True if `filename` (base name) names a Dockerfile: Dockerfile, *.Dockerfile,
// Dockerfile.*, Containerfile (case-insensitive on "dockerfile").
bool IsDockerfileName(std::string_view filename);

}  // namespace policycheck::dockerfile
