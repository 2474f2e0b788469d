// Internal: YAML stream -> node trees. A fast hand-written parser handles the
// YAML that manifests use; a document it does not accept is re-parsed with
// yaml-cpp's event API, which is authoritative for errors.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "policycheck/frontend.h"
#include "policycheck/k8s/node.h"

namespace policycheck::k8s::internal {

struct YamlIssue {
  std::string rule_id;  // PC001 or PC003
  int line = 0;
  int column = 0;
  std::string message;
};

struct ParsedDocument {
  std::shared_ptr<Document> doc;  // doc->root is null for an empty document
  std::vector<YamlIssue> issues;
  bool failed = false;       // unusable (syntax error, limit exceeded)
  bool complex_key = false;  // a mapping key is a collection (e.g. unrendered "{{ x }}")
  int first_line = 1;        // first line of the document's text
};

struct ParseStats {
  int fast_documents = 0;
  int fallback_documents = 0;
  std::vector<int> bail_lines;  // where the fast parser gave up, per fallback document
};

// `text` must have no BOM and LF line ends. Never throws.
std::vector<ParsedDocument> ParseYamlStream(std::string_view text, const Limits& limits,
                                            ParseStats* stats = nullptr);

// Which parser to use (tests compare them).
enum class ParserChoice { kAuto, kFastOnly, kYamlCppOnly };
std::vector<ParsedDocument> ParseYamlStreamWith(std::string_view text, const Limits& limits,
                                                ParserChoice choice, ParseStats* stats = nullptr);

}  // namespace policycheck::k8s::internal
