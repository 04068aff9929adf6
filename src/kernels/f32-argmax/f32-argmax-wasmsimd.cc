// wasm SIMD128 ArgMax.
// rargmax: per row, four lanes each keep the maximum of the elements at
// their position mod 4 and its index (compare, then bitselect value and
// index); the lanes are combined (larger value, then the smaller index for
// first / larger for last) and the 1..3 tail is scanned in order after
// them. A NaN in the first four is replaced by (x[0], 0) so it cannot block
// its lane; a NaN x[0] is index 0 at once (nothing compares above it).
// rdargmax: per 4 channels, one max/index vector walks the rows; the 1..3
// channel tail runs the scalar kernel.
#include <cassert>
#include <cmath>

#include "core/simd.h"
#include "kernels/f32-argmax/f32-argmax.h"

namespace nnslim::kernels {
namespace {

template <bool LAST>
inline v128_t improves(v128_t v, v128_t vbest) {
  return LAST ? wasm_f32x4_ge(v, vbest) : wasm_f32x4_gt(v, vbest);
}

template <bool LAST>
int64_t row_argmax(size_t channels, const float* x) {
  if (std::isnan(x[0])) return 0;
  float best;
  int32_t index;
  size_t c = 0;
  if (channels >= 4) {
    const v128_t v0 = wasm_v128_load(x);
    const v128_t vnan = wasm_f32x4_ne(v0, v0);
    v128_t vbest = wasm_v128_bitselect(wasm_f32x4_splat(x[0]), v0, vnan);
    v128_t vindex = wasm_v128_andnot(wasm_i32x4_make(0, 1, 2, 3), vnan);
    v128_t vcurrent = wasm_i32x4_make(0, 1, 2, 3);
    const v128_t vfour = wasm_i32x4_splat(4);
    for (c = 4; c + 4 <= channels; c += 4) {
      vcurrent = wasm_i32x4_add(vcurrent, vfour);
      const v128_t v = wasm_v128_load(x + c);
      const v128_t m = improves<LAST>(v, vbest);
      vbest = wasm_v128_bitselect(v, vbest, m);
      vindex = wasm_v128_bitselect(vcurrent, vindex, m);
    }
    float lane_best[4];
    int32_t lane_index[4];
    wasm_v128_store(lane_best, vbest);
    wasm_v128_store(lane_index, vindex);
    best = lane_best[0];
    index = lane_index[0];
    for (int l = 1; l < 4; ++l)
      if (lane_best[l] > best || (lane_best[l] == best && (LAST ? lane_index[l] > index : lane_index[l] < index))) {
        best = lane_best[l];
        index = lane_index[l];
      }
  } else {
    best = x[0];
    index = 0;
    c = 1;
  }
  for (; c < channels; ++c)
    if (LAST ? x[c] >= best : x[c] > best) best = x[c], index = static_cast<int32_t>(c);
  return index;
}

template <bool LAST>
void columns_argmax(size_t rows, size_t channels, const float* x, size_t x_stride, int64_t* y) {
  size_t c = 0;
  for (; c + 4 <= channels; c += 4) {
    v128_t vbest = wasm_v128_load(x + c);
    v128_t vindex = wasm_i32x4_splat(0);
    for (size_t r = 1; r < rows; ++r) {
      const v128_t v = wasm_v128_load(x + r * x_stride + c);
      const v128_t m = improves<LAST>(v, vbest);
      vbest = wasm_v128_bitselect(v, vbest, m);
      vindex = wasm_v128_bitselect(wasm_i32x4_splat(static_cast<int32_t>(r)), vindex, m);
    }
    wasm_v128_store(y + c, wasm_i64x2_extend_low_i32x4(vindex));
    wasm_v128_store(y + c + 2, wasm_i64x2_extend_high_i32x4(vindex));
  }
  if (c != channels) f32_rdargmax_ukernel__scalar_c1(rows, channels - c, x + c, x_stride, y + c, LAST);
}

}  // namespace

// Indices are kept in i32 lanes: the caller guarantees channels (rows for
// rdargmax) < 2^31.
void f32_rargmax_ukernel__wasmsimd_x4(size_t rows, size_t channels, const float* x, size_t x_stride, int64_t* y,
                                      bool select_last) {
  assert(rows != 0 && channels != 0 && x_stride >= channels);
  for (size_t r = 0; r < rows; ++r, x += x_stride)
    y[r] = select_last ? row_argmax<true>(channels, x) : row_argmax<false>(channels, x);
}

void f32_rdargmax_ukernel__wasmsimd_c4(size_t rows, size_t channels, const float* x, size_t x_stride, int64_t* y,
                                       bool select_last) {
  assert(rows != 0 && channels != 0 && x_stride >= channels);
  if (select_last) columns_argmax<true>(rows, channels, x, x_stride, y);
  else columns_argmax<false>(rows, channels, x, x_stride, y);
}

const F32ArgmaxUkernelInfo* f32_argmax_wasmsimd_ukernels(size_t* count) {
  static const F32ArgmaxUkernelInfo kList[] = {
#define NNSLIM_F32_ARGMAX_UKERNEL(discontiguous, fn) {#fn, discontiguous, fn},
#include "kernels/f32-argmax/f32-argmax-wasmsimd.inc"
#undef NNSLIM_F32_ARGMAX_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

}  // namespace nnslim::kernels
