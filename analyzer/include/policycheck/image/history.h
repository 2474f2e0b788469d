// Image config history: readable build steps, and mapping layers back to
// the Dockerfile instructions that created them.
#pragma once

#include <string>
#include <string_view>

namespace policycheck::dockerfile {
class Dockerfile;
}

namespace policycheck::image {

struct Image;

// A history `created_by` as a Dockerfile-like step: BuildKit's
// "RUN |1 V=2 /bin/sh -c make # buildkit" -> "RUN make"; the classic
// builder's "/bin/sh -c #(nop)  WORKDIR /app" -> "WORKDIR /app" and
// "/bin/sh -c apt-get update" -> "RUN apt-get update". Whitespace collapsed.
std::string NormalizeStep(std::string_view created_by);

// Matches the layers' history steps against the instructions of the
// Dockerfile's final stage (and the stages it is built FROM), newest first,
// and sets Layer::instruction for each match. RUN steps match on their
// command text; COPY / ADD on their destination. Returns the number of
// layers mapped. For the engine: call it when the Dockerfile that built the
// image is among the inputs, before running image rules.
int AttachDockerfile(Image& image, const dockerfile::Dockerfile& file);

}  // namespace policycheck::image
