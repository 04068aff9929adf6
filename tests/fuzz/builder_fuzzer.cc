// libFuzzer target: the builder's JSON layer spec through the whole pipeline
// (fuzz_entries.h). Built by `bash scripts/fuzz.sh builder`.
#include <cstddef>
#include <cstdint>

#include "fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nnslim::fuzz::builder_spec(data, size);
  return 0;
}
