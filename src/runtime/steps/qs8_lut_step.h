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
// (empty: a copy). `same_layout`: input and output hold their elements in
// the same order (false for a layout change, e.g. the int8 NHWC<->NCHW
// Transpose), so Step::int8_code_table() offers the table for folding.
std::unique_ptr<Step> make_qs8_lut_step(size_t n, std::vector<int8_t> table, std::string what,
                                        bool same_layout = true);

// Chains of table steps fold into one: the table step (int8_code_table)
// that wrote `read` (the id a new table step would read), if any, and not
// in place; `*table` becomes table[producer(q)] and `*read` the producer's
// input, so the new step computes the whole chain in one pass (the same
// codes: each table is exact). The producer stays only if something else
// reads its output (lower_graph drops unread steps). False: no producer.
bool fold_producer_table(const LoweringContext& ctx, int* read, std::vector<int8_t>* table);

}  // namespace nnslim
