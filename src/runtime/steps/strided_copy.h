// The engine of the data-movement steps: one N-d copy between two strided
// views, described in the op's logical (ONNX) axes. A value's strides come from
// its layout (`logical_strides`), so one description serves NCHW and NHWC
// values alike, and a source stride of 0 broadcasts (Expand, Tile, a splat
// constant such as Concat's zero padding, Pad's constant border).
//
// `simplify()` puts the dims in the destination's memory order and merges the
// ones that are contiguous in both views, so e.g. an NHWC channel Concat
// becomes "pixels rows of C_k channels" and an NCHW one a handful of big
// runs; `copy_region` then walks the outer dims and hands the inner two to
// the x32 row kernels (or memcpy for other element sizes), or, when the inner
// two are swapped between the views (a value read in the other layout), to
// the x32 4x4 tile transpose.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ir/graph.h"

namespace nnslim {

// Regions with more dims than this after simplify() are declined by the
// lowerings (ONNX models stay far below: a Tile of rank 8 has 16).
constexpr size_t kMaxRegionRank = 16;

struct StridedRegion {
  Shape shape;                       // elements per dim
  std::vector<int64_t> src_strides;  // elements; 0 repeats, negative walks backwards
  std::vector<int64_t> dst_strides;  // elements, positive
  int64_t src_offset = 0;            // elements from the source's base
  int64_t dst_offset = 0;            // elements from the destination's base

  int64_t numel() const { return shape_numel(shape); }
  // Drops size-1 dims, orders the rest by destination stride (largest first)
  // and merges neighbours contiguous in both views. Copies the same elements.
  void simplify();
};

// Row-major strides of an NCHW (ONNX) shape, or, for a rank-4 value stored
// NHWC, the strides of its N, C, H, W axes in that storage: (HWC, 1, WC, C).
std::vector<int64_t> logical_strides(const Shape& nchw_shape, bool nhwc);

// dst[dst_offset + sum i_d * dst_strides[d]] = src[src_offset + sum i_d * src_strides[d]]
// for every index i < shape; elements of `elem` bytes. Requires a simplified
// region of at most kMaxRegionRank dims; never allocates.
void copy_region(const StridedRegion& region, const uint8_t* src, uint8_t* dst, size_t elem);

}  // namespace nnslim
