// int8 Transpose for the QDQ pattern DQ(x_q) -> Transpose -> Q(y): the bytes
// of x_q moved by the Transpose step's plan (make_transpose_step: runs of
// memcpy, or x8 16x16 tiles), then, when y's grid is not x's (the quantize
// pass gives a Transpose its input's), mapped in place through the
// requantization table (x8-lut). Bit-exact with the reference executor: a
// transpose moves values, which Q(DQ(.)) maps like the table.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_qs8_transpose(LoweringContext& ctx, int node_index);

// `move` (a step moving int8 codes; its inputs, outputs and layer are the
// caller's to set on the result) followed, unless `table` is empty, by the
// n output codes mapped in place through `table`; described as
// "<what> -> qs8 <family> (<move's kernel>)".
std::unique_ptr<Step> make_qs8_move_table_step(std::unique_ptr<Step> move, size_t n, std::vector<int8_t> table,
                                               std::string what, std::string family);

}  // namespace nnslim
