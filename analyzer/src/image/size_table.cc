// The base-image and package size table (data/base-images.yaml).
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "policycheck/image/estimate.h"
#include "policycheck/image/size.h"
#include "policycheck/rule.h"

namespace policycheck::image {
namespace {

std::string Where(const YAML::Node& node) {
  return "line " + std::to_string(node.Mark().line + 1);
}

bool ParseSizeNode(const YAML::Node& node, int64_t* out) {
  return node && node.IsScalar() && ParseByteSize(node.Scalar(), out);
}

// "20.11.1-alpine3.19" -> "20.11.1"; "bookworm-slim" -> "bookworm".
std::string_view VersionToken(std::string_view tag) { return tag.substr(0, tag.find('-')); }

bool IsLighterVariantTag(std::string_view tag) {
  return tag.find("slim") != std::string_view::npos || tag.find("alpine") != std::string_view::npos;
}

// Tags to try for `tag`, most specific first.
std::vector<std::string> TagCandidates(std::string_view tag) {
  std::vector<std::string> out;
  if (tag.empty()) tag = "latest";
  out.emplace_back(tag);
  size_t dash = tag.find('-');
  std::string version(tag.substr(0, dash));
  std::string suffix = dash == std::string_view::npos ? "" : std::string(tag.substr(dash));
  // Suffix with OS release numbers removed: "-alpine3.19" -> "-alpine".
  std::string plain_suffix;
  for (size_t i = 0; i < suffix.size();) {
    size_t next = suffix.find('-', i + 1);
    std::string part = suffix.substr(i, next == std::string::npos ? std::string::npos : next - i);
    size_t letters = 1;
    while (letters < part.size() && std::isalpha(static_cast<unsigned char>(part[letters]))) ++letters;
    bool versioned = letters > 1 && letters < part.size() &&
                     part.find_first_not_of("0123456789.", letters) == std::string::npos;
    plain_suffix += versioned ? part.substr(0, letters) : part;
    i = next == std::string::npos ? suffix.size() : next;
  }
  std::vector<std::string> versions = {version};
  bool numeric = !version.empty() && version.find_first_not_of("0123456789.") == std::string::npos;
  for (std::string v = version; numeric && v.rfind('.') != std::string::npos;) {
    v.resize(v.rfind('.'));
    versions.push_back(v);
  }
  for (const std::string& s : {suffix, plain_suffix}) {
    for (const std::string& v : versions) {
      std::string c = v + s;
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string SizeTable::Parse(std::string_view yaml, SizeTable* out) {
  *out = SizeTable();
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return "invalid YAML: " + e.msg + " at line " + std::to_string(e.mark.line + 1);
  }
  if (!root.IsMap()) return "the table must be a mapping with `images` and `packages`";
  const YAML::Node images = root["images"];
  if (images && !images.IsSequence()) return "`images` must be a list";
  for (const YAML::Node& item : images) {
    BaseImageSize e;
    if (!item.IsMap() || !item["name"] || !item["name"].IsScalar()) return "image entry without a name at " + Where(item);
    e.name = ShortImageName(item["name"].Scalar());
    if (!item["tags"] || !item["tags"].IsSequence() || item["tags"].size() == 0) {
      return "image " + e.name + " has no tags list at " + Where(item);
    }
    for (const YAML::Node& t : item["tags"]) {
      if (!t.IsScalar()) return "image " + e.name + ": tags must be strings at " + Where(t);
      e.tags.push_back(t.Scalar());
    }
    if (!ParseSizeNode(item["size"], &e.bytes)) return "image " + e.name + ": size is not a size at " + Where(item);
    if (const YAML::Node full = item["full"]) e.full = full.IsScalar() && full.Scalar() == "true";
    if (const YAML::Node as_of = item["as_of"]; as_of && as_of.IsScalar()) e.as_of = as_of.Scalar();
    if (const YAML::Node source = item["source"]; source && source.IsScalar()) e.source = source.Scalar();
    if (e.as_of.empty() || e.source.empty()) {
      return "image " + e.name + ": every entry needs `as_of` and `source` at " + Where(item);
    }
    out->images_.push_back(std::move(e));
  }
  const YAML::Node packages = root["packages"];
  if (packages && !packages.IsMap()) return "`packages` must be a mapping of package managers";
  for (const auto& manager : packages) {
    if (!manager.second.IsMap()) return "packages." + manager.first.Scalar() + " must be a mapping";
    for (const auto& pkg : manager.second) {
      PackageSize size;
      if (!pkg.second.IsMap() || !ParseSizeNode(pkg.second["min"], &size.min) ||
          !ParseSizeNode(pkg.second["max"], &size.max) || size.min > size.max) {
        return "package " + pkg.first.Scalar() + " needs sizes min <= max at " + Where(pkg.second);
      }
      out->packages_[manager.first.Scalar()][pkg.first.Scalar()] = size;
    }
  }
  return "";
}

const SizeTable& SizeTable::Builtin() {
  static const SizeTable* table = [] {
    auto* t = new SizeTable();
    if (!Parse(EmbeddedSizeTableYaml(), t).empty()) *t = SizeTable();  // tests assert it parses
    return t;
  }();
  return *table;
}

std::string SizeTable::AddOverrides(const std::map<std::string, std::string>& image_tag_sizes) {
  std::string error;
  std::vector<BaseImageSize> added;
  for (const auto& [ref, size_text] : image_tag_sizes) {
    BaseImageSize e;
    if (!ParseByteSize(size_text, &e.bytes)) {
      if (error.empty()) error = "base_sizes: '" + size_text + "' (for '" + ref + "') is not a size such as 300MB";
      continue;
    }
    size_t slash = ref.rfind('/');
    size_t colon = ref.rfind(':');
    bool has_tag = colon != std::string::npos && (slash == std::string::npos || colon > slash);
    e.name = ShortImageName(has_tag ? ref.substr(0, colon) : ref);
    e.tags.push_back(has_tag ? ref.substr(colon + 1) : "latest");
    e.as_of = "config";
    e.source = "the base_sizes param";
    // A configured size is as good as a measurement of a full image: keep
    // the `full` flag of the entry it overrides.
    if (const BaseImageSize* old = Find(e.name, e.tags[0])) e.full = old->full;
    added.push_back(std::move(e));
  }
  images_.insert(images_.begin(), added.begin(), added.end());  // overrides are found first
  return error;
}

const BaseImageSize* SizeTable::Find(std::string_view name, std::string_view tag, std::string* matched_tag) const {
  std::string short_name = ShortImageName(name);
  for (const std::string& candidate : TagCandidates(tag)) {
    for (const BaseImageSize& e : images_) {
      if (e.name != short_name) continue;
      if (std::find(e.tags.begin(), e.tags.end(), candidate) != e.tags.end()) {
        if (matched_tag) *matched_tag = candidate;
        return &e;
      }
    }
  }
  return nullptr;
}

std::vector<std::pair<const BaseImageSize*, std::string>> SizeTable::LighterVariants(const BaseImageSize& entry,
                                                                                      std::string_view tag,
                                                                                      int64_t min_savings) const {
  std::set<std::string_view> tokens = {VersionToken(tag)};
  for (const std::string& t : entry.tags) tokens.insert(VersionToken(t));
  std::vector<std::pair<const BaseImageSize*, std::string>> out;
  std::set<std::string> seen;
  for (const BaseImageSize& e : images_) {
    if (&e == &entry || e.name != entry.name || e.bytes + min_savings > entry.bytes) continue;
    const std::string* best = nullptr;
    for (const std::string& t : e.tags) {
      if (!IsLighterVariantTag(t) || !tokens.count(VersionToken(t))) continue;
      if (!best || (VersionToken(t) == VersionToken(tag) && VersionToken(*best) != VersionToken(tag))) best = &t;
    }
    if (best && seen.insert(*best).second) out.emplace_back(&e, *best);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first->bytes < b.first->bytes; });
  return out;
}

const SizeTable& TableWithOverrides(const std::map<std::string, std::string>& base_sizes, SizeTable* storage,
                                    std::string* error) {
  if (base_sizes.empty()) return SizeTable::Builtin();
  *storage = SizeTable::Builtin();
  *error = storage->AddOverrides(base_sizes);
  return *storage;
}

PackageSize SizeTable::Package(std::string_view manager, std::string_view package) const {
  auto m = packages_.find(manager);
  if (m == packages_.end()) return {};
  if (auto p = m->second.find(package); p != m->second.end()) return p->second;
  if (auto d = m->second.find("default"); d != m->second.end()) return d->second;
  return {};
}

}  // namespace policycheck::image
