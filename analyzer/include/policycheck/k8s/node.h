// A compact, read-only YAML node tree with 1-based line/column on every node
// (keys included). Built by the manifest loader; aliases share the anchored
// node and `<<` merge keys are already resolved (explicit keys win).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace policycheck::k8s {

enum class NodeKind : uint8_t { kNull, kScalar, kMap, kSeq };

class Node {
 public:
  NodeKind kind() const { return kind_; }
  bool IsNull() const { return kind_ == NodeKind::kNull || (kind_ == NodeKind::kScalar && ResolvesToNull()); }
  bool IsScalar() const { return kind_ == NodeKind::kScalar; }
  bool IsMap() const { return kind_ == NodeKind::kMap; }
  bool IsSeq() const { return kind_ == NodeKind::kSeq; }
  int line() const { return line_; }
  int column() const { return column_; }

  // Scalars: the text after escapes, folding and chomping ("" for others).
  const std::string& text() const { return text_; }
  // True for plain (unquoted, untagged) scalars; quoted, block and !!str are not.
  bool plain() const { return plain_; }

  // YAML 1.1 resolution as Kubernetes' decoder (go-yaml v2) does it. Only
  // plain scalars resolve to non-strings.
  bool ResolvesToNull() const;
  std::optional<bool> AsBool() const;     // yes/no/on/off/true/false/y/n (plain only)
  std::optional<int64_t> AsInt() const;   // 10, 0777 (octal), 0x1F, 1_000 (plain only)
  bool IsNumber() const;                  // plain int or float
  // A scalar that decodes to a JSON string (quoted, or plain and not null/bool/number).
  bool IsString() const;

  // Maps: entries in document order (merged entries after explicit ones).
  size_t entry_count() const { return kind_ == NodeKind::kMap ? children_.size() / 2 : 0; }
  const Node* key(size_t i) const { return children_[2 * i]; }
  const Node* value(size_t i) const { return children_[2 * i + 1]; }
  // The value of `key` (scalar keys compared by text; the last duplicate wins,
  // as the JSON decoder does); nullptr when absent or not a map.
  const Node* Get(std::string_view key) const;
  // The key node of `key`, for locating a finding at the key.
  const Node* KeyNode(std::string_view key) const;
  // Sequences: the items.
  std::span<const Node* const> items() const {
    return kind_ == NodeKind::kSeq ? std::span<const Node* const>(children_) : std::span<const Node* const>();
  }

  // Loader internals.
  NodeKind kind_ = NodeKind::kNull;
  bool plain_ = false;
  bool complete_ = false;  // finished building (aliases may only point at complete nodes)
  int line_ = 0;
  int column_ = 0;
  int64_t expanded_size_ = 1;  // nodes in this subtree with aliases expanded
  std::string text_;
  std::vector<const Node*> children_;  // map: key0, value0, key1, value1...; seq: items
};

// The nodes of one YAML document. Objects of a `kind: List` share it.
struct Document {
  std::deque<Node> nodes;
  const Node* root = nullptr;
  Node* New() { return &nodes.emplace_back(); }
};

}  // namespace policycheck::k8s
