#include "policycheck/k8s/loader.h"

#include <cstring>

#include "policycheck/k8s/object.h"
#include "yaml_parse.h"

namespace policycheck::k8s {

class ObjectBuilder {
 public:
  ObjectBuilder(const std::string& file, const K8sOptions& options) : file_(file), options_(options) {}

  static bool IsObject(const Node* n) {
    if (!n || !n->IsMap()) return false;
    const Node* api = n->Get("apiVersion");
    const Node* kind = n->Get("kind");
    return api && kind && api->IsScalar() && kind->IsScalar() && !api->text().empty() &&
           !kind->text().empty();
  }

  std::unique_ptr<Object> Build(const std::shared_ptr<const Document>& doc, const Node* root) {
    auto obj = std::make_unique<Object>();
    obj->doc_ = doc;
    obj->root_ = root;
    obj->api_version_ = root->Get("apiVersion")->text();
    obj->kind_ = root->Get("kind")->text();
    const Node* first = root->entry_count() ? root->key(0) : root;
    obj->location_ = Location{.file = file_, .line = first->line(), .column = first->column()};
    if (const Node* md = root->Get("metadata"); md && md->IsMap()) {
      if (const Node* n = md->Get("name"); n && n->IsScalar()) obj->name_ = n->text();
      if (obj->name_.empty()) {
        if (const Node* n = md->Get("generateName"); n && n->IsScalar()) obj->name_ = n->text();
      }
      if (const Node* n = md->Get("namespace"); n && n->IsScalar()) obj->ns_ = n->text();
      if (const Node* a = md->Get("annotations"); a && a->IsMap()) {
        for (size_t i = 0; i < a->entry_count(); ++i) {
          if (a->key(i)->IsScalar() && a->value(i)->IsScalar()) {
            obj->annotations_[a->key(i)->text()] = a->value(i)->text();
          }
        }
      }
    }
    std::string_view path = PodSpecPathOf(obj->kind_, options_.pod_spec_paths);
    if (!path.empty()) {
      const Node* spec = FindPath(root, path);
      if (spec && spec->IsMap()) {
        PodSpec pod;
        pod.node = spec;
        pod.path = std::string(path);
        size_t dot = path.rfind('.');
        std::string md_path = dot == std::string_view::npos
                                  ? std::string("metadata")
                                  : std::string(path.substr(0, dot)) + ".metadata";
        const Node* md = FindPath(root, md_path);
        pod.metadata = md && md->IsMap() ? md : nullptr;
        AddContainers(pod, "initContainers", ContainerRole::kInit);
        AddContainers(pod, "containers", ContainerRole::kRegular);
        AddContainers(pod, "ephemeralContainers", ContainerRole::kEphemeral);
        obj->pod_spec_ = std::move(pod);
        obj->has_pod_spec_ = true;
      }
    }
    return obj;
  }

 private:
  static void AddContainers(PodSpec& pod, std::string_view list, ContainerRole role) {
    const Node* seq = pod.node->Get(list);
    if (!seq) return;
    int index = 0;
    for (const Node* c : seq->items()) {
      Container container;
      container.node = c;
      container.index = index++;
      container.role = role;
      if (!c->IsMap()) continue;
      if (const Node* n = c->Get("name"); n && n->IsScalar()) container.name = n->text();
      if (role == ContainerRole::kInit) {
        const Node* rp = c->Get("restartPolicy");
        if (rp && rp->IsScalar() && rp->text() == "Always") container.role = ContainerRole::kSidecar;
      }
      pod.containers.push_back(std::move(container));
    }
  }

  const std::string& file_;
  const K8sOptions& options_;
};

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

Location LocationOfOffset(const std::string& file, std::string_view text, size_t offset) {
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return Location{.file = file, .line = line, .column = static_cast<int>(offset - line_start) + 1};
}

}  // namespace

LoadResult LoadManifests(std::shared_ptr<const SourceFile> source, const K8sOptions& options) {
  LoadResult result;
  const std::string& file = source->display_path();
  std::string_view text = source->text();
  if (static_cast<int64_t>(text.size()) > options.limits.max_file_bytes) {
    result.issues.push_back(LoadIssue{
        "PC001", Location{.file = file, .line = 1, .column = 1},
        "file is larger than the limit of " + std::to_string(options.limits.max_file_bytes) + " bytes"});
    return result;
  }
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (const void* nul = std::memchr(text.data(), '\0', text.size())) {
    size_t offset = static_cast<const char*>(nul) - text.data();
    result.issues.push_back(
        LoadIssue{"PC001", LocationOfOffset(file, text, offset), "binary data (a NUL byte) in a YAML file"});
    return result;
  }
  std::string normalized;
  if (text.find('\r') != std::string_view::npos) {
    normalized.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
      normalized += text[i];
    }
    text = normalized;
  }

  std::vector<internal::ParsedDocument> docs = internal::ParseYamlStream(text, options.limits);
  size_t template_at = text.find("{{");
  bool unrendered = false;
  ObjectBuilder builder(file, options);
  for (internal::ParsedDocument& d : docs) {
    bool templated = template_at != std::string_view::npos && (d.failed || d.complex_key);
    if (templated) {
      unrendered = true;
      continue;
    }
    for (internal::YamlIssue& issue : d.issues) {
      result.issues.push_back(LoadIssue{issue.rule_id,
                                        Location{.file = file, .line = issue.line, .column = issue.column},
                                        std::move(issue.message)});
    }
    const Node* root = d.doc->root;
    if (d.failed || !root || root->IsNull()) continue;
    ++result.documents;
    if (!ObjectBuilder::IsObject(root)) {
      ++result.non_k8s_documents;
      continue;
    }
    std::shared_ptr<const Document> doc = d.doc;
    const Node* items = root->Get("items");
    if (EndsWith(root->Get("kind")->text(), "List") && items && items->IsSeq()) {
      for (const Node* item : items->items()) {
        if (ObjectBuilder::IsObject(item)) result.objects.push_back(builder.Build(doc, item));
      }
      continue;
    }
    result.objects.push_back(builder.Build(doc, root));
  }
  if (unrendered) {
    result.issues.push_back(LoadIssue{
        "PC004", LocationOfOffset(file, text, template_at),
        "unrendered Helm template text ({{ ... }}); check the chart instead of its templates"});
  }
  return result;
}

ObjectRef RefOf(const Object& object) {
  ObjectRef ref;
  ref.kind = object.kind();
  ref.ns = object.ns();
  ref.name = object.name();
  return ref;
}

}  // namespace policycheck::k8s
