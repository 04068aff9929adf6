// int8 Concat for the QDQ pattern DQ(a_q), DQ(b_q), ... -> Concat -> Q(y):
// each input's rows are copied into the output (a plain copy where the input
// has the output's scale and zero point, as the quantize pass arranges;
// else through its requantization table, runtime/steps/qs8_table.h), so the
// result is bit-exact with the reference executor. NHWC when an input is
// NHWC already (the axis remapped), else NCHW.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_qs8_concat(LoweringContext& ctx, int node_index);

}  // namespace nnslim
