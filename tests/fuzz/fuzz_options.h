// What the fuzz entries do with a model once it runs (fuzz_derived.h),
// chosen by the first kOptionBytes bytes of every fuzz input, so that
// libFuzzer mutates and keeps the choices as it does the model bytes. The
// rest of the input is the model (ONNX bytes or a builder spec).
//
//   byte 0, quantize: bit 0 weight-only, bit 1 per-channel weights, bit 2
//           symmetric activations, bits 3-4 calibration method (minmax,
//           percentile, mse, entropy), bit 5 7-bit weights, bit 6 bias
//           correction, bit 7 quantize the pruned model instead of the
//           original (int8 block-sparse weights)
//   byte 1, prune: bits 0-1 method (magnitude, block, N:M, channel), bit 2
//           global scope (magnitude) or L2 criterion (channel), bit 3 an
//           empty skip list (every layer, the first conv and the classifier
//           too), bits 4-7 sparsity in sixteenths
//   byte 2: bits 0-2 the block shape or the N:M pattern (tables in the .cc),
//           bit 3 runs timed (the per-layer profile), bit 4 percentile
//           99 instead of 99.99, bit 5 calibrates a weight-only
//           quantization too (bias correction), bit 6 profile() compiles
//           the plan, bit 7 profile() at batch 2
//   byte 3, calibration samples: bits 0-1 their float values (uniform in
//           [-1, 1], one constant, huge magnitudes, NaN / infinities /
//           subnormals among them), bit 2 two samples instead of one,
//           bits 3-7 the values' seed
// scripts/fuzz_seeds.py writes these bytes in front of every seed.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "api/model.h"

namespace nnslim::fuzz {

constexpr size_t kOptionBytes = 4;

enum class SampleValues { Uniform, Constant, Huge, Specials };

struct DerivedOptions {
  QuantizeSettings quantize;
  bool quantize_pruned = false;
  bool calibrate_weight_only = false;
  std::string prune_json;  // model.prune()'s options (api/prune_json.h)
  bool timed = false;
  bool profile_compiles = false;
  int64_t profile_batch = 1;
  SampleValues sample_values = SampleValues::Uniform;
  int sample_count = 1;
  uint32_t sample_seed = 0;
};

// Decodes the options from the input's first kOptionBytes bytes (zeros for
// the missing ones of a shorter input) and advances `data` / `size` past them.
DerivedOptions take_options(const uint8_t*& data, size_t& size);

}  // namespace nnslim::fuzz
