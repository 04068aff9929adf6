// Fast lowerings of ReduceMean / ReduceSum / ReduceMax / ReduceMin over float32 (keepdims
// 0 or 1, any axes given as attribute or, from opset 18 (ReduceSum: 13), as
// a constant input), in the layout the input already has. In memory order
// (N,H,W,C for a conv's NHWC output) the reduced axes must form one
// contiguous group: the input is then [outer, reduced, inner] and
//   inner == 1: each row of `reduced` contiguous values -> one value
//               (f32 rsum / rmax / rmin: e.g. over channels in NHWC);
//   inner  > 1: per outer index, `reduced` rows of `inner` values combined
//               elementwise (f32 rdsum / rdmax / rdmin: e.g. over H,W in NHWC, or
//               over C in NCHW).
// Mean is the sum scaled by 1 / count. The output keeps the memory order of
// the kept axes: written as the NCHW value when that order is row-major,
// else (keepdims, rank 4) as the NHWC copy.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_reduce(LoweringContext& ctx, int node_index);
// ArgMax of float32 along one axis (keepdims, select_last_index), int64
// out: the same [outer, reduced, inner] walk with f32 rargmax / rdargmax.
std::unique_ptr<Step> lower_argmax(LoweringContext& ctx, int node_index);

}  // namespace nnslim
