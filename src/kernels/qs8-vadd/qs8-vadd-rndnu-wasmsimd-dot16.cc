#include <cassert>
#include <cstring>

#include "core/simd.h"
#include "kernels/kernel_macros.h"
#include "kernels/qs8-vadd/qs8-vadd.h"

namespace nnslim::kernels {

namespace {

// 16 outputs: a and b widened to int16 (i16x8.load8x8_s), interleaved into
// (a_i, b_i) pairs, and one i32x4.dot_i16x8_s with the (a_mul, b_mul) pair
// per 4 outputs; the bias adds the zero points and the rounding half; the
// shift is a constant (a run-time shift count costs V8 three extra
// instructions per shift); saturating narrows then the int8 clamp.
template <uint32_t kShift>
NNSLIM_ALWAYS_INLINE inline v128_t add16(const int8_t* a, const int8_t* b, v128_t vmul, v128_t vbias, v128_t vmin,
                                         v128_t vmax) {
  const v128_t a_lo = wasm_i16x8_load8x8(a), a_hi = wasm_i16x8_load8x8(a + 8);
  const v128_t b_lo = wasm_i16x8_load8x8(b), b_hi = wasm_i16x8_load8x8(b + 8);
  auto four = [&](v128_t pairs) {
    return wasm_i32x4_shr(wasm_i32x4_add(wasm_i32x4_dot_i16x8(pairs, vmul), vbias), kShift);
  };
  const v128_t q0 = four(wasm_i16x8_shuffle(a_lo, b_lo, 0, 8, 1, 9, 2, 10, 3, 11));
  const v128_t q1 = four(wasm_i16x8_shuffle(a_lo, b_lo, 4, 12, 5, 13, 6, 14, 7, 15));
  const v128_t q2 = four(wasm_i16x8_shuffle(a_hi, b_hi, 0, 8, 1, 9, 2, 10, 3, 11));
  const v128_t q3 = four(wasm_i16x8_shuffle(a_hi, b_hi, 4, 12, 5, 13, 6, 14, 7, 15));
  const v128_t out = wasm_i8x16_narrow_i16x8(wasm_i16x8_narrow_i32x4(q0, q1), wasm_i16x8_narrow_i32x4(q2, q3));
  return wasm_i8x16_min(wasm_i8x16_max(out, vmin), vmax);
}

template <uint32_t kShift>
void vadd(size_t n, const int8_t* a, const int8_t* b, int8_t* y, const QS8AddRndnuParams* params) {
  // Lane pair (a_mul, b_mul) as one int32: low half multiplies a, high half b.
  const v128_t vmul = wasm_i32x4_splat(static_cast<int32_t>(static_cast<uint16_t>(params->a_mul) |
                                                             (static_cast<uint32_t>(static_cast<uint16_t>(params->b_mul)) << 16)));
  const v128_t vbias = wasm_i32x4_splat(params->bias);
  const v128_t vmin = wasm_i8x16_splat(static_cast<int8_t>(params->qmin));
  const v128_t vmax = wasm_i8x16_splat(static_cast<int8_t>(params->qmax));
  for (; n >= 16; n -= 16) {
    wasm_v128_store(y, add16<kShift>(a, b, vmul, vbias, vmin, vmax));
    a += 16;
    b += 16;
    y += 16;
  }
  if (n != 0) {
    int8_t ta[16] = {}, tb[16] = {}, ty[16];
    std::memcpy(ta, a, n);
    std::memcpy(tb, b, n);
    wasm_v128_store(ty, add16<kShift>(ta, tb, vmul, vbias, vmin, vmax));
    std::memcpy(y, ty, n);
  }
}

}  // namespace

void qs8_vadd_minmax_rndnu_ukernel__wasmsimd_dot16_x16(size_t n, const int8_t* a, const int8_t* b, int8_t* y,
                                                       const QS8AddRndnuParams* params) {
  assert(n != 0);
  assert(params->shift == 15);
  vadd<15>(n, a, b, y, params);
}

}  // namespace nnslim::kernels
