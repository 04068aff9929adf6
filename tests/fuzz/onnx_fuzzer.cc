// libFuzzer target: ONNX bytes through the whole pipeline (fuzz_entries.h).
// Built by `bash scripts/fuzz.sh onnx` (cmake -DNNSLIM_FUZZ=ON, clang-19).
#include <cstddef>
#include <cstdint>

#include "fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nnslim::fuzz::onnx_model(data, size);
  return 0;
}
