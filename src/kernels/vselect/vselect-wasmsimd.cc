// wasm SIMD128 select of 32-bit elements: 8 per step. Four condition bytes
// widen to a 0/-1 lane mask (load32_zero, then u8 -> u16 -> u32 and a
// compare with zero), and bitselect picks a or b; a scalar operand is
// splatted once. The 1..7 element tail runs the scalar kernel.
#include <cassert>
#include <cstring>

#include "core/simd.h"
#include "kernels/vselect/vselect.h"

namespace nnslim::kernels {
namespace {

inline v128_t cond_mask(const uint8_t* cond) {
  const v128_t bytes = wasm_v128_load32_zero(cond);
  const v128_t lanes = wasm_u32x4_extend_low_u16x8(wasm_u16x8_extend_low_u8x16(bytes));
  return wasm_i32x4_ne(lanes, wasm_i32x4_splat(0));
}

template <bool C_SCALAR, bool A_SCALAR, bool B_SCALAR>
size_t select32_x8(size_t n, const uint8_t* cond, const void* a, const void* b, void* y) {
  const uint32_t* pa = static_cast<const uint32_t*>(a);
  const uint32_t* pb = static_cast<const uint32_t*>(b);
  uint32_t* py = static_cast<uint32_t*>(y);
  const v128_t vc_splat = C_SCALAR ? (cond[0] ? wasm_i32x4_splat(-1) : wasm_i32x4_splat(0)) : wasm_i32x4_splat(0);
  const v128_t va_splat = A_SCALAR ? wasm_v128_load32_splat(pa) : wasm_i32x4_splat(0);
  const v128_t vb_splat = B_SCALAR ? wasm_v128_load32_splat(pb) : wasm_i32x4_splat(0);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const v128_t vc0 = C_SCALAR ? vc_splat : cond_mask(cond + i);
    const v128_t vc1 = C_SCALAR ? vc_splat : cond_mask(cond + i + 4);
    const v128_t va0 = A_SCALAR ? va_splat : wasm_v128_load(pa + i);
    const v128_t va1 = A_SCALAR ? va_splat : wasm_v128_load(pa + i + 4);
    const v128_t vb0 = B_SCALAR ? vb_splat : wasm_v128_load(pb + i);
    const v128_t vb1 = B_SCALAR ? vb_splat : wasm_v128_load(pb + i + 4);
    wasm_v128_store(py + i, wasm_v128_bitselect(va0, vb0, vc0));
    wasm_v128_store(py + i + 4, wasm_v128_bitselect(va1, vb1, vc1));
  }
  return i;
}

using Body = size_t (*)(size_t, const uint8_t*, const void*, const void*, void*);
template <bool C, bool A, bool B>
constexpr Body body() { return select32_x8<C, A, B>; }

}  // namespace

void x32_vselect_ukernel__wasmsimd_x8(size_t n, const uint8_t* cond, const void* a, const void* b, void* y,
                                      const SelectParams* params) {
  assert(n != 0);
  static constexpr Body kBodies[8] = {body<false, false, false>(), body<false, false, true>(),
                                      body<false, true, false>(),  body<false, true, true>(),
                                      body<true, false, false>(),  body<true, false, true>(),
                                      body<true, true, false>(),   body<true, true, true>()};
  const size_t which = (params->cond_scalar ? 4 : 0) + (params->a_scalar ? 2 : 0) + (params->b_scalar ? 1 : 0);
  const size_t done = kBodies[which](n, cond, a, b, y);
  if (done == n) return;
  x32_vselect_ukernel__scalar_x1(n - done, params->cond_scalar ? cond : cond + done,
                                 params->a_scalar ? a : static_cast<const uint32_t*>(a) + done,
                                 params->b_scalar ? b : static_cast<const uint32_t*>(b) + done,
                                 static_cast<uint32_t*>(y) + done, params);
}

}  // namespace nnslim::kernels
