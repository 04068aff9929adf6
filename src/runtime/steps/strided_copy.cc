#include "runtime/steps/strided_copy.h"

#include <algorithm>
#include <cstring>

#include "core/small_sort.h"
#include "kernels/x32-copy/x32-copy.h"
#include "kernels/x32-transpose/x32-transpose.h"

namespace nnslim {

void StridedRegion::simplify() {
  if (numel() == 0) {
    shape = {0}, src_strides = {0}, dst_strides = {1};
    return;
  }
  std::vector<size_t> order;  // kept dims, outermost (largest destination stride) first
  for (size_t d = 0; d < shape.size(); ++d)
    if (shape[d] != 1) order.push_back(d);
  insertion_sort(order, [&](size_t a, size_t b) { return dst_strides[a] > dst_strides[b]; });
  // From the innermost dim outwards: a dim whose strides are the inner one's
  // times its extent, in both views, continues it.
  Shape dims;
  std::vector<int64_t> src, dst;
  for (size_t k = order.size(); k-- > 0;) {
    const size_t d = order[k];
    if (!dims.empty() && dst_strides[d] == dst.back() * dims.back() && src_strides[d] == src.back() * dims.back()) {
      dims.back() *= shape[d];
      continue;
    }
    dims.push_back(shape[d]);
    src.push_back(src_strides[d]);
    dst.push_back(dst_strides[d]);
  }
  std::reverse(dims.begin(), dims.end());
  std::reverse(src.begin(), src.end());
  std::reverse(dst.begin(), dst.end());
  shape = std::move(dims);
  src_strides = std::move(src);
  dst_strides = std::move(dst);
}

std::vector<int64_t> logical_strides(const Shape& shape, bool nhwc) {
  std::vector<int64_t> strides(shape.size(), 1);
  if (nhwc && shape.size() == 4) {
    const int64_t c = shape[1], h = shape[2], w = shape[3];
    return {h * w * c, 1, w * c, c};
  }
  for (size_t d = shape.size(); d-- > 1;) strides[d - 1] = strides[d] * shape[d];
  return strides;
}

namespace {

// The inner two dims: `rows` rows of `n` elements.
struct Block {
  size_t rows, n;
  int64_t src_row, dst_row, src_step, dst_step;
};

void copy_block(const Block& b, const uint8_t* src, uint8_t* dst, size_t elem) {
  if (elem == 4 && b.dst_step == 1 && b.src_step == 1) {
    kernels::x32_copy_rows__wasmsimd(b.rows, b.n, reinterpret_cast<const uint32_t*>(src),
                                     static_cast<size_t>(b.src_row), reinterpret_cast<uint32_t*>(dst),
                                     static_cast<size_t>(b.dst_row));
    return;
  }
  if (elem == 4 && b.dst_step == 1 && b.src_step == 0 && b.src_row == 0) {
    kernels::x32_fill_rows__wasmsimd(b.rows, b.n, reinterpret_cast<const uint32_t*>(src),
                                     reinterpret_cast<uint32_t*>(dst), static_cast<size_t>(b.dst_row));
    return;
  }
  if (elem == 1 && b.dst_step == 1 && b.src_step == 0 && b.src_row == 0) {  // bool / int8 fills
    for (size_t r = 0; r < b.rows; ++r) std::memset(dst + b.dst_row * static_cast<ptrdiff_t>(r), *src, b.n);
    return;
  }
  if (elem == 4 && b.dst_step == 1 && b.src_row == 1 && b.src_step > 1) {
    // A transpose (an NCHW value read into an NHWC output or back): rows are
    // contiguous in the source, so out[r][j] = in[j][r]: 4x4 SIMD tiles in
    // 64x64 blocks (both fit L1), as the layout copies do.
    const uint32_t* in = reinterpret_cast<const uint32_t*>(src);
    uint32_t* out = reinterpret_cast<uint32_t*>(dst);
    constexpr size_t kBlock = 64;
    for (size_t j0 = 0; j0 < b.n; j0 += kBlock)
      for (size_t r0 = 0; r0 < b.rows; r0 += kBlock)
        kernels::x32_transpose_ukernel__wasmsimd_4x4(
            std::min(kBlock, b.n - j0), std::min(kBlock, b.rows - r0), in + j0 * static_cast<size_t>(b.src_step) + r0,
            static_cast<size_t>(b.src_step), out + r0 * static_cast<size_t>(b.dst_row) + j0, static_cast<size_t>(b.dst_row));
    return;
  }
  if (elem == 4 && b.dst_step == 1 && b.src_step != 0) {  // Slice with a step
    kernels::x32_copy_strided_rows__wasmsimd(b.rows, b.n, reinterpret_cast<const uint32_t*>(src),
                                             static_cast<ptrdiff_t>(b.src_row), static_cast<ptrdiff_t>(b.src_step),
                                             reinterpret_cast<uint32_t*>(dst), static_cast<size_t>(b.dst_row));
    return;
  }
  const ptrdiff_t e = static_cast<ptrdiff_t>(elem);
  for (size_t r = 0; r < b.rows; ++r) {
    const uint8_t* s = src + b.src_row * static_cast<ptrdiff_t>(r) * e;
    uint8_t* d = dst + b.dst_row * static_cast<ptrdiff_t>(r) * e;
    if (b.dst_step == 1 && b.src_step == 1) {
      std::memcpy(d, s, b.n * elem);
    } else if (elem == 4) {
      for (size_t j = 0; j < b.n; ++j)
        std::memcpy(d + b.dst_step * static_cast<ptrdiff_t>(j) * 4, s + b.src_step * static_cast<ptrdiff_t>(j) * 4, 4);
    } else {
      for (size_t j = 0; j < b.n; ++j)
        std::memcpy(d + b.dst_step * static_cast<ptrdiff_t>(j) * e, s + b.src_step * static_cast<ptrdiff_t>(j) * e, elem);
    }
  }
}

}  // namespace

void copy_region(const StridedRegion& region, const uint8_t* src, uint8_t* dst, size_t elem) {
  const size_t rank = region.shape.size();
  if (region.numel() == 0) return;
  const ptrdiff_t e = static_cast<ptrdiff_t>(elem);
  src += region.src_offset * e;
  dst += region.dst_offset * e;
  if (rank == 0) {
    std::memcpy(dst, src, elem);
    return;
  }
  Block block{1, static_cast<size_t>(region.shape[rank - 1]), 0, 0, region.src_strides[rank - 1],
              region.dst_strides[rank - 1]};
  size_t outer_rank = rank - 1;
  if (rank >= 2) {
    block.rows = static_cast<size_t>(region.shape[rank - 2]);
    block.src_row = region.src_strides[rank - 2];
    block.dst_row = region.dst_strides[rank - 2];
    outer_rank = rank - 2;
  }
  // Odometer over the outer dims, moving both pointers incrementally (no
  // allocation: run() must not allocate).
  int64_t index[kMaxRegionRank] = {};
  for (;;) {
    copy_block(block, src, dst, elem);
    size_t d = outer_rank;
    for (; d-- > 0;) {
      src += region.src_strides[d] * e;
      dst += region.dst_strides[d] * e;
      if (++index[d] < region.shape[d]) break;
      src -= region.src_strides[d] * region.shape[d] * e;
      dst -= region.dst_strides[d] * region.shape[d] * e;
      index[d] = 0;
    }
    if (d == static_cast<size_t>(-1)) return;
  }
}

}  // namespace nnslim
