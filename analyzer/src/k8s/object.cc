#include "policycheck/k8s/object.h"

#include <charconv>

namespace policycheck::k8s {

std::string_view ContainerRoleName(ContainerRole role) {
  switch (role) {
    case ContainerRole::kInit:
      return "init container";
    case ContainerRole::kSidecar:
      return "sidecar container";
    case ContainerRole::kRegular:
      return "container";
    case ContainerRole::kEphemeral:
      return "ephemeral container";
  }
  return "container";
}

std::string_view PodSpecPathOf(std::string_view kind, const std::map<std::string, std::string>& extra) {
  if (auto it = extra.find(std::string(kind)); it != extra.end()) return it->second;
  // The one table of pod-spec paths.
  static constexpr std::pair<std::string_view, std::string_view> kTable[] = {
      {"Pod", "spec"},
      {"Deployment", "spec.template.spec"},
      {"ReplicaSet", "spec.template.spec"},
      {"ReplicationController", "spec.template.spec"},
      {"StatefulSet", "spec.template.spec"},
      {"DaemonSet", "spec.template.spec"},
      {"Job", "spec.template.spec"},
      {"CronJob", "spec.jobTemplate.spec.template.spec"},
      {"PodTemplate", "template.spec"},
  };
  for (const auto& [k, path] : kTable) {
    if (k == kind) return path;
  }
  return {};
}

const Node* FindPath(const Node* node, std::string_view path, const Node** deepest) {
  const Node* cur = node;
  if (deepest) *deepest = node;
  size_t i = 0;
  while (cur && i < path.size()) {
    if (path[i] == '.') {
      ++i;
      continue;
    }
    if (path[i] == '[') {
      size_t close = path.find(']', i);
      if (close == std::string_view::npos) return nullptr;
      size_t index = 0;
      auto [p, ec] = std::from_chars(path.data() + i + 1, path.data() + close, index);
      if (ec != std::errc() || p != path.data() + close) return nullptr;
      auto items = cur->items();
      cur = index < items.size() ? items[index] : nullptr;
      i = close + 1;
    } else {
      size_t end = path.find_first_of(".[", i);
      if (end == std::string_view::npos) end = path.size();
      cur = cur->Get(path.substr(i, end - i));
      i = end;
    }
    if (cur && deepest) *deepest = cur;
  }
  return cur;
}

const Node* Object::labels() const {
  const Node* md = metadata();
  return md ? md->Get("labels") : nullptr;
}

const Node* Object::Find(std::string_view path) const { return FindPath(root_, path); }

Location Object::LocationOf(const Node* node) const {
  if (!node) return location_;
  Location loc;
  loc.file = location_.file;
  loc.line = node->line();
  loc.column = node->column();
  return loc;
}

Location Object::LocationOfPath(std::string_view path) const {
  const Node* deepest = root_;
  const Node* n = FindPath(root_, path, &deepest);
  return LocationOf(n ? n : deepest);
}

Location Object::LocationOfKey(const Node* map, std::string_view key) const {
  const Node* k = map ? map->KeyNode(key) : nullptr;
  return LocationOf(k ? k : map);
}

}  // namespace policycheck::k8s
