// Fast lowering of 2-D spatial Resize / Upsample (float32, rank 4, N and C
// unscaled), nearest or linear, in NHWC: each output row's input rows and
// vertical weight, and each output column's input pixels and horizontal
// weight, are precomputed at compile time from the reference's coordinate
// math (reference/resize_taps.h: every coordinate_transformation_mode but
// tf_crop_and_resize, every nearest_mode), so run() is one gather kernel per
// output row (f32-ibilinear), SIMD over channels. Cubic, tf_crop_and_resize, antialias and scales or
// roi that are not constants run on the reference.
#pragma once
#include <memory>

#include "ops/reference/resize_taps.h"
#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_resize_nhwc(LoweringContext& ctx, int node_index);

// The reference's tap tables of a rank-4 Resize / Upsample `node` whose roi /
// scales / sizes are constants, when N and C are unscaled (taps[2]: rows,
// taps[3]: columns); false otherwise (also for attributes the reference rejects).
bool spatial_resize_taps(const LoweringContext& ctx, const Node& node, reference::ResizeTapTables* taps);

// The tables of the bilinear row kernels (f32-ibilinear, qs8-ibilinear) from
// such taps, for NHWC images of `channels` with rows of `row_stride`
// elements: per output row the offsets of its top and bottom input rows
// (2 per row) and the bottom row's weight; per output column the offsets of
// its left and right pixels within a row (2 per column) and the right one's
// weight. False when a row's or column's taps are not one interpolation
// (two taps summing to 1, or one of weight 1).
struct BilinearTables {
  std::vector<size_t> row_offsets, col_offsets;
  std::vector<float> row_weights, col_weights;
};
bool bilinear_tables(const reference::ResizeTapTables& taps, size_t channels, size_t row_stride, BilinearTables* out);

}  // namespace nnslim
