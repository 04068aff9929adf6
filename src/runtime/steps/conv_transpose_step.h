// Fast lowering of 2-D ConvTranspose (any groups,
// strides, pads, output_padding / output_shape / auto_pad, dilations), NHWC:
//   1. GEMM: per group, col[pixel, (ky, kx, co)] = sum_ci X[pixel, ci] * W[ci, co, ky, kx]
//      (W packed for the f32 GEMM microkernels by f32_packw_deconv_iohw at
//      compile time, or on every run into scratch when W is a run-time input);
//   2. col2im: each column block is scatter-added where its tap lands in the
//      output, which starts as the bias (f32-col2im).
// Input pixels go through in chunks so the column buffer (arena scratch)
// stays near 256 KiB. Nothing is fused.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_conv_transpose_nhwc(LoweringContext& ctx, int node_index);

}  // namespace nnslim
