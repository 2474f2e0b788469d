// Built image reader entry point (docker save tar, OCI layout dir/tar, inspect / manifest JSON).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "policycheck/frontend.h"

namespace policycheck::image {

struct Image;

struct LoadResult {
  std::vector<std::unique_ptr<Image>> images;  // one per platform / tag
  std::vector<LoadIssue> issues;
};

// Reads the image(s) at `fs_path`, which may be:
//  - a `docker save` archive (tar; legacy layout or Docker 25+ OCI-style), or
//    a directory holding an extracted one (manifest.json);
//  - an OCI image layout, as a directory or a tar (index.json; a
//    multi-platform index gives one Image per platform, attestations skipped);
//  - JSON printed by `docker image inspect`, `docker manifest inspect [-v]`,
//    or a registry's v2 schema 2 / OCI manifest (sizes from the descriptors).
// gzip layers are stream-decompressed (bounded memory) to count their bytes.
// Never throws: every problem is a located PC001 LoadIssue, and the images
// that could still be read are returned. Locations inside an archive are
// "<display_path>!/<member>"; inside a directory "<display_path>/<file>".
// Binary positions (a tar header) have line 0 and name the byte offset in
// the message. `limits.max_file_bytes` caps every JSON document read.
LoadResult LoadImage(const std::string& fs_path, const std::string& display_path,
                     const Limits& limits = {});

}  // namespace policycheck::image
