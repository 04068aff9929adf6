// int8 Conv (dense, grouped and depthwise), NHWC, for the QDQ pattern
//   DQ(x_q) -> Conv(DQ(W_q), DQ(b_q)) -> [Relu | Clip] -> Q -> y_q
// (qdq_match.h): reads x_q and writes y_q, both int8 NHWC, with the qs8
// IGEMM / GEMM (1x1) / depthwise kernels; the activation is folded into the
// output's [qmin, qmax]. Weights are packed (int16, zero point folded into the
// bias) at compile time.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_qs8_conv(LoweringContext& ctx, int node_index);

// Whether lower_qs8_conv / lower_qs8_gemm would take node `node_index`
// (without changing anything): constant DequantizeLinear weights that feed
// such a node stay int8 instead of being dequantized at compile time.
bool qs8_conv_matches(LoweringContext& ctx, int node_index);

}  // namespace nnslim
