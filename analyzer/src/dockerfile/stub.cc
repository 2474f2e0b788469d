// Placeholder until the Dockerfile front end lands: parses nothing.
#include <algorithm>
#include <cctype>

#include "policycheck/dockerfile/model.h"
#include "policycheck/dockerfile/parser.h"

namespace policycheck::dockerfile {

ParseResult Parse(std::shared_ptr<const SourceFile> source) {
  ParseResult r;
  r.file = std::make_unique<Dockerfile>();
  (void)source;
  return r;
}

bool IsDockerfileName(std::string_view filename) {
  std::string lower(filename);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower == "dockerfile" || lower == "containerfile" || lower.starts_with("dockerfile.") ||
         lower.ends_with(".dockerfile");
}

}  // namespace policycheck::dockerfile
