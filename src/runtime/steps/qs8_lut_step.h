// Elementwise functions of one int8 tensor as a 256-entry table lookup
// (runtime/steps/qs8_table.h, kernels/x8-lut): the QDQ pattern
// DQ(x_q) -> Sigmoid | Tanh | HardSwish | HardSigmoid | LeakyRelu | ... ->
// [Relu | Clip] -> Q(y) runs as one "qs8 lut" step on the int8 tensors,
// bit-exact with the reference executor (the table IS its computation on
// the 256 possible inputs). The step keeps its input's layout.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_qs8_lut(LoweringContext& ctx, int node_index);

// DQ(x_q) -> Reshape | Flatten | Squeeze | Unsqueeze -> Q(y): the int8 bytes
// copied in ONNX order (through the requantization table when y's grid is
// not x's, as the quantize pass avoids), bit-exact.
std::unique_ptr<Step> lower_qs8_reshape(LoweringContext& ctx, int node_index);

// A step that maps `n` int8 values of inputs[0] to outputs[0] through `table`
// (in place when they are the same value). Also used after an int8 MaxPool
// whose output scale differs from its input's.
std::unique_ptr<Step> make_qs8_lut_step(size_t n, std::vector<int8_t> table, std::string what);

}  // namespace nnslim
