#include <cmath>

#include "core/simd.h"
#include "kernels/f32-madd.h"
#include "kernels/f32-layernorm/f32-layernorm.h"
#include "kernels/simd-partial.h"

namespace nnslim::kernels {

static inline float f32x4_hsum(v128_t v) {
  v = wasm_f32x4_add(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
  v = wasm_f32x4_add(v, wasm_i32x4_shuffle(v, v, 1, 0, 3, 2));
  return wasm_f32x4_extract_lane(v, 0);
}

void f32_layernorm_stats_ukernel__wasmsimd(size_t n, const float* x, float* mean, float* variance) {
  // Pass 1: sum, two accumulators of 4 lanes (8 floats per iteration).
  const float* p = x;
  size_t left = n;
  v128_t vsum0 = wasm_f32x4_splat(0.0f), vsum1 = vsum0;
  for (; left >= 8; left -= 8, p += 8) {
    vsum0 = wasm_f32x4_add(vsum0, wasm_v128_load(p));
    vsum1 = wasm_f32x4_add(vsum1, wasm_v128_load(p + 4));
  }
  if (left >= 4) {
    vsum0 = wasm_f32x4_add(vsum0, wasm_v128_load(p));
    left -= 4;
    p += 4;
  }
  if (left != 0) vsum1 = wasm_f32x4_add(vsum1, f32x4_load_partial(p, left));  // zero lanes add nothing
  const float m = f32x4_hsum(wasm_f32x4_add(vsum0, vsum1)) / static_cast<float>(n);

  // Pass 2: sum of squared deviations; tail lanes are masked to zero
  // (a zero-loaded lane would contribute (0 - mean)^2).
  const v128_t vmean = wasm_f32x4_splat(m);
  p = x;
  left = n;
  v128_t vsq0 = wasm_f32x4_splat(0.0f), vsq1 = vsq0;
  for (; left >= 8; left -= 8, p += 8) {
    const v128_t vd0 = wasm_f32x4_sub(wasm_v128_load(p), vmean);
    const v128_t vd1 = wasm_f32x4_sub(wasm_v128_load(p + 4), vmean);
    vsq0 = f32x4_madd(vd0, vd0, vsq0);
    vsq1 = f32x4_madd(vd1, vd1, vsq1);
  }
  if (left >= 4) {
    const v128_t vd = wasm_f32x4_sub(wasm_v128_load(p), vmean);
    vsq0 = f32x4_madd(vd, vd, vsq0);
    left -= 4;
    p += 4;
  }
  if (left != 0) {
    v128_t vd = wasm_f32x4_sub(f32x4_load_partial(p, left), vmean);
    const v128_t vlane = wasm_i32x4_make(0, 1, 2, 3);
    vd = wasm_v128_and(vd, wasm_i32x4_lt(vlane, wasm_i32x4_splat(static_cast<int32_t>(left))));
    vsq1 = f32x4_madd(vd, vd, vsq1);
  }
  *mean = m;
  *variance = f32x4_hsum(wasm_f32x4_add(vsq0, vsq1)) / static_cast<float>(n);
}

void f32_layernorm_apply_ukernel__wasmsimd_x8(size_t n, const float* x, float mean, float inv_std,
                                              const float* scale, const float* bias, float* y) {
  const v128_t vmean = wasm_f32x4_splat(mean);
  const v128_t vinv_std = wasm_f32x4_splat(inv_std);
  // The bias-free form adds zeros from a register instead of a second branch per block.
  const bool has_bias = bias != nullptr;
  for (; n >= 8; n -= 8) {
    v128_t vy0 = wasm_f32x4_mul(wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(x), vmean), vinv_std),
                                wasm_v128_load(scale));
    v128_t vy1 = wasm_f32x4_mul(wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(x + 4), vmean), vinv_std),
                                wasm_v128_load(scale + 4));
    if (has_bias) {
      vy0 = wasm_f32x4_add(vy0, wasm_v128_load(bias));
      vy1 = wasm_f32x4_add(vy1, wasm_v128_load(bias + 4));
      bias += 8;
    }
    wasm_v128_store(y, vy0);
    wasm_v128_store(y + 4, vy1);
    x += 8;
    scale += 8;
    y += 8;
  }
  for (; n >= 4; n -= 4) {
    v128_t vy = wasm_f32x4_mul(wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(x), vmean), vinv_std),
                               wasm_v128_load(scale));
    if (has_bias) {
      vy = wasm_f32x4_add(vy, wasm_v128_load(bias));
      bias += 4;
    }
    wasm_v128_store(y, vy);
    x += 4;
    scale += 4;
    y += 4;
  }
  if (n != 0) {
    v128_t vy = wasm_f32x4_mul(wasm_f32x4_mul(wasm_f32x4_sub(f32x4_load_partial(x, n), vmean), vinv_std),
                               f32x4_load_partial(scale, n));
    if (has_bias) vy = wasm_f32x4_add(vy, f32x4_load_partial(bias, n));
    f32x4_store_partial(y, vy, n);
  }
}

void f32_layernorm_row(size_t n, const float* x, const float* scale, const float* bias, float epsilon, float* y,
                       float* mean_out, float* inv_std_out) {
  float mean, variance;
  f32_layernorm_stats_ukernel__wasmsimd(n, x, &mean, &variance);
  const float inv_std = 1.0f / std::sqrt(variance + epsilon);
  f32_layernorm_apply_ukernel__wasmsimd_x8(n, x, mean, inv_std, scale, bias, y);
  if (mean_out != nullptr) *mean_out = mean;
  if (inv_std_out != nullptr) *inv_std_out = inv_std;
}

}  // namespace nnslim::kernels
