#include <cassert>
#include <cstring>

#include "core/simd.h"
#include "kernels/kernel_macros.h"
#include "kernels/qs8-vadd/qs8-vadd.h"

namespace nnslim::kernels {

namespace {

// Two int16 values as one int32 lane: `low` in the low half (pairs with a),
// `high` in the high half (pairs with b).
v128_t pair_splat(int16_t low, int16_t high) {
  return wasm_i32x4_splat(static_cast<int32_t>(static_cast<uint16_t>(low) |
                                               (static_cast<uint32_t>(static_cast<uint16_t>(high)) << 16)));
}

struct Constants {
  v128_t zero_points, mul_hi, mul_lo, bias, qmin, qmax;
};

// The last shift's amount: a constant (15: both multipliers below 1, the
// common case) or the params' (multipliers of 1 or more).
// A shift by a loop-invariant variable: clang 14 hoists the amount's splat
// out of the loop and then, not seeing a splat in the loop's block, shifts
// lane by lane (4 extracts, 4 scalar shifts, 4 replaces per vector: this
// kernel ran 2.4x slower). The empty asm makes the amount opaque inside the
// loop, so the splat stays beside the shift and it is one i32x4.shr_s.
template <bool kShift15>
struct LastShift {
  uint32_t amount;
  NNSLIM_ALWAYS_INLINE v128_t apply(v128_t v) const {
    if (kShift15) return wasm_i32x4_shr(v, 15);
    uint32_t opaque = amount;
    __asm__ volatile("" : "+r"(opaque));
    return wasm_i32x4_shr(v, opaque);
  }
};

// 16 outputs: a and b widened to int16 (i16x8.load8x8_s), interleaved into
// (a_i, b_i) pairs, zero points subtracted from both at once, then per 4
// outputs one i32x4.dot_i16x8_s with the high multiplier halves and one
// with the low halves; a constant shift, then the last one; saturating
// narrows, then the int8 clamp.
template <bool kShift15>
NNSLIM_ALWAYS_INLINE inline v128_t add16(const int8_t* a, const int8_t* b, const Constants& k,
                                         LastShift<kShift15> last) {
  const v128_t a_lo = wasm_i16x8_load8x8(a), a_hi = wasm_i16x8_load8x8(a + 8);
  const v128_t b_lo = wasm_i16x8_load8x8(b), b_hi = wasm_i16x8_load8x8(b + 8);
  auto four = [&](v128_t pairs) {
    const v128_t d = wasm_i16x8_sub(pairs, k.zero_points);
    const v128_t hi = wasm_i32x4_dot_i16x8(d, k.mul_hi);
    const v128_t lo = wasm_i32x4_shr(wasm_i32x4_dot_i16x8(d, k.mul_lo), 15);
    return last.apply(wasm_i32x4_add(wasm_i32x4_add(hi, lo), k.bias));
  };
  const v128_t q0 = four(wasm_i16x8_shuffle(a_lo, b_lo, 0, 8, 1, 9, 2, 10, 3, 11));
  const v128_t q1 = four(wasm_i16x8_shuffle(a_lo, b_lo, 4, 12, 5, 13, 6, 14, 7, 15));
  const v128_t q2 = four(wasm_i16x8_shuffle(a_hi, b_hi, 0, 8, 1, 9, 2, 10, 3, 11));
  const v128_t q3 = four(wasm_i16x8_shuffle(a_hi, b_hi, 4, 12, 5, 13, 6, 14, 7, 15));
  const v128_t out = wasm_i8x16_narrow_i16x8(wasm_i16x8_narrow_i32x4(q0, q1), wasm_i16x8_narrow_i32x4(q2, q3));
  return wasm_i8x16_min(wasm_i8x16_max(out, k.qmin), k.qmax);
}

template <bool kShift15>
void add_all(size_t n, const int8_t* a, const int8_t* b, int8_t* y, const Constants& k, LastShift<kShift15> last) {
  for (; n >= 16; n -= 16) {
    wasm_v128_store(y, add16(a, b, k, last));
    a += 16;
    b += 16;
    y += 16;
  }
  if (n != 0) {
    int8_t ta[16] = {}, tb[16] = {}, ty[16];
    std::memcpy(ta, a, n);
    std::memcpy(tb, b, n);
    wasm_v128_store(ty, add16(ta, tb, k, last));
    std::memcpy(y, ty, n);
  }
}

}  // namespace

void qs8_vadd_minmax_rndnu_ukernel__wasmsimd_dot16_x16(size_t n, const int8_t* a, const int8_t* b, int8_t* y,
                                                       const QS8AddRndnuParams* params) {
  assert(n != 0);
  const Constants k{pair_splat(params->a_zero_point, params->b_zero_point),
                    pair_splat(params->a_mul_hi, params->b_mul_hi),
                    pair_splat(params->a_mul_lo, params->b_mul_lo),
                    wasm_i32x4_splat(params->bias),
                    wasm_i8x16_splat(static_cast<int8_t>(params->qmin)),
                    wasm_i8x16_splat(static_cast<int8_t>(params->qmax))};
  if (params->shift == 15) {
    add_all(n, a, b, y, k, LastShift<true>{15});
  } else {
    add_all(n, a, b, y, k, LastShift<false>{params->shift});
  }
}

}  // namespace nnslim::kernels
