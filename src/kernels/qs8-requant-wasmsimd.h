// The fp32 requantization's constants as wasm SIMD vectors and the int8
// clamp after the narrows, shared by the int8 GEMM and depthwise kernels
// (the scheme: qs8-requant.h).
#pragma once

#include "core/simd.h"
#include "kernels/kernel_macros.h"
#include "kernels/qs8-requant.h"

namespace nnslim::kernels {

// Where a kernel's epilogue clamps (qs8-requant.h has the scheme):
// kI32Min: int32 max with magic_min before the narrows, int8 min with qmax
//   after them (every weight and range);
// kI8: no int32 max; int8 max with qmin and min with qmax after the narrows
//   (the *_i8min kernels: accumulators within the magic bias's exact range,
//   qs8_packw_accumulators_fit);
// kSat: no clamp instruction at all (the *_i8sat kernels: kI8's precondition
//   and qmin = -128, qmax = 127, which the saturating narrows already give).
enum class Clamp { kI32Min, kI8, kSat };

// The requantization constants as vectors. Kernels make them once per call
// or per panel, never read *params inside a store loop: an int8 output
// store may alias the params, so the compiler would reload them.
struct RequantVectors {
  v128_t magic, magic_min, magic_less_zp, output_max;
  v128_t output_min;  // Clamp::kI8 only: qmin = magic_min - magic_less_zp, as int8 lanes
};

template <Clamp kClamp = Clamp::kI32Min>
NNSLIM_ALWAYS_INLINE inline RequantVectors requant_vectors(const QS8RequantParams* params) {
  const v128_t output_min =
      kClamp == Clamp::kI8 ? wasm_i8x16_splat(static_cast<int8_t>(params->magic_min - params->magic_bias_less_output_zero_point))
             : wasm_i64x2_splat(0);
  return RequantVectors{wasm_v128_load32_splat(&params->magic_bias), wasm_v128_load32_splat(&params->magic_min),
                        wasm_v128_load32_splat(&params->magic_bias_less_output_zero_point),
                        wasm_i8x16_splat(static_cast<int8_t>(params->output_max)), output_min};
}

// The int8 clamp after the narrows: min with qmax, and with Clamp::kI8
// (the *_i8min kernels, whose int32 lower clamp is left out) max with qmin;
// none with Clamp::kSat (the narrows saturated to [-128, 127]).
template <Clamp kClamp>
NNSLIM_ALWAYS_INLINE inline v128_t clamp_i8(v128_t v, const RequantVectors& rq) {
  if constexpr (kClamp == Clamp::kSat) {
    (void)rq;
    return v;
  } else {
    const v128_t upper = wasm_i8x16_min(v, rq.output_max);
    if constexpr (kClamp == Clamp::kI8) {
      return wasm_i8x16_max(upper, rq.output_min);
    } else {
      return upper;
    }
  }
}

}  // namespace nnslim::kernels
