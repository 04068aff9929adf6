// wasm SIMD128 reductions.
// rsum/rmax: per row, four f32x4 accumulators (from 0 / -inf) over 16 floats per step (four
// independent add chains hide the add latency), then 4 per step, then a
// 1..3 tail; the lanes are combined at the end of the row.
// rdsum/rdmax: per block of 16 channels, four accumulators walk every row
// (each row's 64 bytes are one contiguous read), then blocks of 4, then a
// 1..3 tail with partial loads and stores.
#include <cassert>
#include <limits>

#include "core/simd.h"
#include "kernels/f32-minmax-keepnan.h"
#include "kernels/f32-reduce/f32-reduce.h"
#include "kernels/microparams.h"
#include "kernels/simd-partial.h"

namespace nnslim::kernels {
namespace {

template <F32ReduceOp OP>
inline v128_t combine(v128_t acc, v128_t v) {
  // NaN if either lane is NaN (f32_max_keep_nan / f32_min_keep_nan).
  return OP == F32ReduceOp::kSum   ? wasm_f32x4_add(acc, v)
         : OP == F32ReduceOp::kMax ? f32x4_max_keep_nan(acc, v)
                                   : f32x4_min_keep_nan(acc, v);
}
template <F32ReduceOp OP>
inline float combine(float acc, float v) {
  return OP == F32ReduceOp::kSum ? acc + v : OP == F32ReduceOp::kMax ? f32_max_keep_nan(acc, v) : f32_min_keep_nan(acc, v);
}

// Sum starts at 0, max at -inf, min at +inf (the identities; a NaN anywhere
// makes the result NaN).
template <F32ReduceOp OP>
inline float identity() {
  const float inf = std::numeric_limits<float>::infinity();
  return OP == F32ReduceOp::kSum ? 0.0f : OP == F32ReduceOp::kMax ? -inf : inf;
}

template <F32ReduceOp OP>
void reduce_rows(size_t rows, size_t channels, const float* x, size_t x_stride, float* y,
                 const F32ReduceParams* params) {
  assert(rows != 0 && channels != 0 && x_stride >= channels);
  const v128_t videntity = wasm_f32x4_splat(identity<OP>());
  for (size_t r = 0; r < rows; ++r, x += x_stride) {
    const float* p = x;
    size_t n = channels;
    v128_t vacc0 = videntity, vacc1 = videntity, vacc2 = videntity, vacc3 = videntity;
    for (; n >= 16; n -= 16, p += 16) {
      vacc0 = combine<OP>(vacc0, wasm_v128_load(p));
      vacc1 = combine<OP>(vacc1, wasm_v128_load(p + 4));
      vacc2 = combine<OP>(vacc2, wasm_v128_load(p + 8));
      vacc3 = combine<OP>(vacc3, wasm_v128_load(p + 12));
    }
    for (; n >= 4; n -= 4, p += 4) vacc0 = combine<OP>(vacc0, wasm_v128_load(p));
    vacc0 = combine<OP>(combine<OP>(vacc0, vacc1), combine<OP>(vacc2, vacc3));
    vacc0 = combine<OP>(vacc0, wasm_i32x4_shuffle(vacc0, vacc0, 2, 3, 0, 1));
    vacc0 = combine<OP>(vacc0, wasm_i32x4_shuffle(vacc0, vacc0, 1, 0, 3, 2));
    float acc = wasm_f32x4_extract_lane(vacc0, 0);
    for (; n != 0; --n) acc = combine<OP>(acc, *p++);
    y[r] = OP == F32ReduceOp::kSum ? acc * params->scale : acc;
  }
}

template <F32ReduceOp OP>
inline v128_t finish(v128_t vacc, v128_t vscale) {
  return OP == F32ReduceOp::kSum ? wasm_f32x4_mul(vacc, vscale) : vacc;
}

template <F32ReduceOp OP>
void reduce_columns(size_t rows, size_t channels, const float* x, size_t x_stride, float* y,
                    const F32ReduceParams* params) {
  assert(rows != 0 && channels != 0 && x_stride >= channels);
  const v128_t vscale = wasm_v128_load32_splat(&params->scale);
  size_t c = channels;
  const v128_t videntity = wasm_f32x4_splat(identity<OP>());
  for (; c >= 16; c -= 16, x += 16, y += 16) {
    v128_t vacc0 = videntity, vacc1 = videntity, vacc2 = videntity, vacc3 = videntity;
    const float* p = x;
    for (size_t r = 0; r < rows; ++r, p += x_stride) {
      vacc0 = combine<OP>(vacc0, wasm_v128_load(p));
      vacc1 = combine<OP>(vacc1, wasm_v128_load(p + 4));
      vacc2 = combine<OP>(vacc2, wasm_v128_load(p + 8));
      vacc3 = combine<OP>(vacc3, wasm_v128_load(p + 12));
    }
    wasm_v128_store(y, finish<OP>(vacc0, vscale));
    wasm_v128_store(y + 4, finish<OP>(vacc1, vscale));
    wasm_v128_store(y + 8, finish<OP>(vacc2, vscale));
    wasm_v128_store(y + 12, finish<OP>(vacc3, vscale));
  }
  for (; c >= 4; c -= 4, x += 4, y += 4) {
    v128_t vacc = videntity;
    const float* p = x;
    for (size_t r = 0; r < rows; ++r, p += x_stride) vacc = combine<OP>(vacc, wasm_v128_load(p));
    wasm_v128_store(y, finish<OP>(vacc, vscale));
  }
  if (c != 0) {
    // Lanes c..3 read zeros and are never stored.
    v128_t vacc = videntity;
    const float* p = x;
    for (size_t r = 0; r < rows; ++r, p += x_stride) vacc = combine<OP>(vacc, f32x4_load_partial(p, c));
    f32x4_store_partial(y, finish<OP>(vacc, vscale), c);
  }
}

}  // namespace

void f32_rsum_ukernel__wasmsimd_x16_acc4(size_t rows, size_t channels, const float* x, size_t x_stride, float* y,
                                         const F32ReduceParams* params) {
  reduce_rows<F32ReduceOp::kSum>(rows, channels, x, x_stride, y, params);
}
void f32_rmax_ukernel__wasmsimd_x16_acc4(size_t rows, size_t channels, const float* x, size_t x_stride, float* y,
                                         const F32ReduceParams* params) {
  reduce_rows<F32ReduceOp::kMax>(rows, channels, x, x_stride, y, params);
}
void f32_rmin_ukernel__wasmsimd_x16_acc4(size_t rows, size_t channels, const float* x, size_t x_stride, float* y,
                                         const F32ReduceParams* params) {
  reduce_rows<F32ReduceOp::kMin>(rows, channels, x, x_stride, y, params);
}
void f32_rdmin_ukernel__wasmsimd_c16(size_t rows, size_t channels, const float* x, size_t x_stride, float* y,
                                     const F32ReduceParams* params) {
  reduce_columns<F32ReduceOp::kMin>(rows, channels, x, x_stride, y, params);
}
void f32_rdsum_ukernel__wasmsimd_c16(size_t rows, size_t channels, const float* x, size_t x_stride, float* y,
                                     const F32ReduceParams* params) {
  reduce_columns<F32ReduceOp::kSum>(rows, channels, x, x_stride, y, params);
}
void f32_rdmax_ukernel__wasmsimd_c16(size_t rows, size_t channels, const float* x, size_t x_stride, float* y,
                                     const F32ReduceParams* params) {
  reduce_columns<F32ReduceOp::kMax>(rows, channels, x, x_stride, y, params);
}

const F32ReduceUkernelInfo* f32_reduce_wasmsimd_ukernels(size_t* count) {
  static const F32ReduceUkernelInfo kList[] = {
#define NNSLIM_F32_REDUCE_UKERNEL(op, discontiguous, fn) {#fn, op, discontiguous, fn},
#include "kernels/f32-reduce/f32-reduce-wasmsimd.inc"
#undef NNSLIM_F32_REDUCE_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

}  // namespace nnslim::kernels
