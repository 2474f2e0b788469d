// Embeds data/base-images.yaml into the binary at build time, so the table
// works whatever the working directory. (.incbin is read by the assembler;
// CMakeLists.txt lists the YAML as an OBJECT_DEPENDS of this file so edits
// to it rebuild this object.)
#include <string_view>

#ifndef POLICYCHECK_SOURCE_DIR
#error "POLICYCHECK_SOURCE_DIR must name the repository root"
#endif

asm(".section .rodata\n"
    ".global policycheck_base_images_yaml_begin\n"
    ".global policycheck_base_images_yaml_end\n"
    ".balign 16\n"
    "policycheck_base_images_yaml_begin:\n"
    ".incbin \"" POLICYCHECK_SOURCE_DIR "/data/base-images.yaml\"\n"
    "policycheck_base_images_yaml_end:\n"
    ".byte 0\n"
    ".previous\n");

extern "C" const char policycheck_base_images_yaml_begin[];
extern "C" const char policycheck_base_images_yaml_end[];

namespace policycheck::image {

std::string_view EmbeddedSizeTableYaml() {
  return std::string_view(policycheck_base_images_yaml_begin,
                          static_cast<size_t>(policycheck_base_images_yaml_end - policycheck_base_images_yaml_begin));
}

}  // namespace policycheck::image
