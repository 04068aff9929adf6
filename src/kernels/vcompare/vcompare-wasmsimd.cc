// wasm SIMD128 comparison / logic kernels: 16 elements per step, the 0/-1
// lane masks narrowed to bytes (i32 -> i16 -> i8, saturating keeps -1) and
// masked to 0/1; the 1..15 element tail runs the scalar loop. The operand
// that is a scalar is splatted once (a template flag per case, so the loop
// has no branches).
#include <cassert>

#include "core/simd.h"
#include "kernels/vcompare/vcompare.h"

namespace nnslim::kernels {
namespace {

template <CompareOp OP>
inline v128_t compare_f32(v128_t a, v128_t b) {
  switch (OP) {
    case CompareOp::kEqual: return wasm_f32x4_eq(a, b);
    case CompareOp::kGreater: return wasm_f32x4_gt(a, b);
    case CompareOp::kLess: return wasm_f32x4_lt(a, b);
    case CompareOp::kGreaterOrEqual: return wasm_f32x4_ge(a, b);
    case CompareOp::kLessOrEqual: return wasm_f32x4_le(a, b);
    default: return a;
  }
}
template <CompareOp OP>
inline v128_t compare_s32(v128_t a, v128_t b) {
  switch (OP) {
    case CompareOp::kEqual: return wasm_i32x4_eq(a, b);
    case CompareOp::kGreater: return wasm_i32x4_gt(a, b);
    case CompareOp::kLess: return wasm_i32x4_lt(a, b);
    case CompareOp::kGreaterOrEqual: return wasm_i32x4_ge(a, b);
    case CompareOp::kLessOrEqual: return wasm_i32x4_le(a, b);
    default: return a;
  }
}
template <CompareOp OP>
inline v128_t logic_b8(v128_t a, v128_t b) {
  const v128_t vzero = wasm_i8x16_splat(0);
  const v128_t ta = wasm_i8x16_ne(a, vzero);
  switch (OP) {
    case CompareOp::kAnd: return wasm_v128_and(ta, wasm_i8x16_ne(b, vzero));
    case CompareOp::kOr: return wasm_v128_or(ta, wasm_i8x16_ne(b, vzero));
    case CompareOp::kXor: return wasm_v128_xor(ta, wasm_i8x16_ne(b, vzero));
    case CompareOp::kNot: return wasm_i8x16_eq(a, vzero);
    default: return ta;
  }
}

template <bool SCALAR>
inline v128_t load_or_splat32(const void* base, size_t i, v128_t vsplat) {
  return SCALAR ? vsplat : wasm_v128_load(static_cast<const uint32_t*>(base) + i);
}

// 32-bit elements (f32 or s32).
template <bool IS_FLOAT, CompareOp OP, bool A_SCALAR, bool B_SCALAR>
size_t compare32_x16(size_t n, const void* a, const void* b, uint8_t* y) {
  const v128_t va_splat = A_SCALAR ? wasm_v128_load32_splat(a) : wasm_i32x4_splat(0);
  const v128_t vb_splat = B_SCALAR ? wasm_v128_load32_splat(b) : wasm_i32x4_splat(0);
  const v128_t vone = wasm_i8x16_splat(1);
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    v128_t m[4];
    for (size_t j = 0; j < 4; ++j) {
      const v128_t va = load_or_splat32<A_SCALAR>(a, i + 4 * j, va_splat);
      const v128_t vb = load_or_splat32<B_SCALAR>(b, i + 4 * j, vb_splat);
      m[j] = IS_FLOAT ? compare_f32<OP>(va, vb) : compare_s32<OP>(va, vb);
    }
    const v128_t m01 = wasm_i16x8_narrow_i32x4(m[0], m[1]), m23 = wasm_i16x8_narrow_i32x4(m[2], m[3]);
    wasm_v128_store(y + i, wasm_v128_and(wasm_i8x16_narrow_i16x8(m01, m23), vone));
  }
  return i;
}

template <CompareOp OP, bool A_SCALAR, bool B_SCALAR>
size_t logic_b8_x16(size_t n, const void* a, const void* b, uint8_t* y) {
  const v128_t va_splat = A_SCALAR ? wasm_v128_load8_splat(a) : wasm_i8x16_splat(0);
  const v128_t vb_splat = B_SCALAR && OP != CompareOp::kNot ? wasm_v128_load8_splat(b) : wasm_i8x16_splat(0);
  const v128_t vone = wasm_i8x16_splat(1);
  const uint8_t* pa = static_cast<const uint8_t*>(a);
  const uint8_t* pb = static_cast<const uint8_t*>(b);
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const v128_t va = A_SCALAR ? va_splat : wasm_v128_load(pa + i);
    const v128_t vb = B_SCALAR || OP == CompareOp::kNot ? vb_splat : wasm_v128_load(pb + i);
    wasm_v128_store(y + i, wasm_v128_and(logic_b8<OP>(va, vb), vone));
  }
  return i;
}

// Runs the SIMD body for the operand flags, then the scalar kernel on the tail.
template <size_t (*BODY_VV)(size_t, const void*, const void*, uint8_t*),
          size_t (*BODY_VS)(size_t, const void*, const void*, uint8_t*),
          size_t (*BODY_SV)(size_t, const void*, const void*, uint8_t*), size_t ELEMENT>
void run(size_t n, const void* a, const void* b, uint8_t* y, const CompareParams* params, VcompareUkernelFn tail) {
  assert(n != 0);
  size_t done;
  if (params->a_scalar && params->b_scalar) done = 0;
  else if (params->b_scalar) done = BODY_VS(n, a, b, y);
  else if (params->a_scalar) done = BODY_SV(n, a, b, y);
  else done = BODY_VV(n, a, b, y);
  if (done == n) return;
  const void* ta = params->a_scalar ? a : static_cast<const uint8_t*>(a) + done * ELEMENT;
  const void* tb = params->b_scalar ? b : static_cast<const uint8_t*>(b) + done * ELEMENT;
  tail(n - done, ta, tb, y + done, params);
}

}  // namespace

#define NNSLIM_VCOMPARE32(is_float, op, fn, scalar_fn)                                                     \
  void fn(size_t n, const void* a, const void* b, uint8_t* y, const CompareParams* params) {            \
    run<compare32_x16<is_float, op, false, false>, compare32_x16<is_float, op, false, true>,             \
        compare32_x16<is_float, op, true, false>, 4>(n, a, b, y, params, scalar_fn);                     \
  }
NNSLIM_VCOMPARE32(true, CompareOp::kEqual, f32_vcmpeq_ukernel__wasmsimd_x16, f32_vcmpeq_ukernel__scalar_x1)
NNSLIM_VCOMPARE32(true, CompareOp::kGreater, f32_vcmpgt_ukernel__wasmsimd_x16, f32_vcmpgt_ukernel__scalar_x1)
NNSLIM_VCOMPARE32(true, CompareOp::kLess, f32_vcmplt_ukernel__wasmsimd_x16, f32_vcmplt_ukernel__scalar_x1)
NNSLIM_VCOMPARE32(true, CompareOp::kGreaterOrEqual, f32_vcmpge_ukernel__wasmsimd_x16, f32_vcmpge_ukernel__scalar_x1)
NNSLIM_VCOMPARE32(true, CompareOp::kLessOrEqual, f32_vcmple_ukernel__wasmsimd_x16, f32_vcmple_ukernel__scalar_x1)
NNSLIM_VCOMPARE32(false, CompareOp::kEqual, s32_vcmpeq_ukernel__wasmsimd_x16, s32_vcmpeq_ukernel__scalar_x1)
NNSLIM_VCOMPARE32(false, CompareOp::kGreater, s32_vcmpgt_ukernel__wasmsimd_x16, s32_vcmpgt_ukernel__scalar_x1)
NNSLIM_VCOMPARE32(false, CompareOp::kLess, s32_vcmplt_ukernel__wasmsimd_x16, s32_vcmplt_ukernel__scalar_x1)
NNSLIM_VCOMPARE32(false, CompareOp::kGreaterOrEqual, s32_vcmpge_ukernel__wasmsimd_x16, s32_vcmpge_ukernel__scalar_x1)
NNSLIM_VCOMPARE32(false, CompareOp::kLessOrEqual, s32_vcmple_ukernel__wasmsimd_x16, s32_vcmple_ukernel__scalar_x1)
#undef NNSLIM_VCOMPARE32

#define NNSLIM_VLOGIC8(op, fn, scalar_fn)                                                                   \
  void fn(size_t n, const void* a, const void* b, uint8_t* y, const CompareParams* params) {             \
    run<logic_b8_x16<op, false, false>, logic_b8_x16<op, false, true>, logic_b8_x16<op, true, false>, 1>( \
        n, a, b, y, params, scalar_fn);                                                                   \
  }
NNSLIM_VLOGIC8(CompareOp::kAnd, b8_vand_ukernel__wasmsimd_x16, b8_vand_ukernel__scalar_x1)
NNSLIM_VLOGIC8(CompareOp::kOr, b8_vor_ukernel__wasmsimd_x16, b8_vor_ukernel__scalar_x1)
NNSLIM_VLOGIC8(CompareOp::kXor, b8_vxor_ukernel__wasmsimd_x16, b8_vxor_ukernel__scalar_x1)
NNSLIM_VLOGIC8(CompareOp::kNot, b8_vnot_ukernel__wasmsimd_x16, b8_vnot_ukernel__scalar_x1)
#undef NNSLIM_VLOGIC8

}  // namespace nnslim::kernels
