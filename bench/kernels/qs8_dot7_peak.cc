// The dot7 register-only peak loop (qs8_dot7_peak.h).
#include "qs8_dot7_peak.h"

#include <cstdint>

#include "kernels/qs8-dot7/i8-dot7.h"

using nnslim::kernels::i32x4_dot_i8x16_i7x16_add;

namespace {
volatile int32_t g_seed = 0x01020304;
volatile int32_t g_sink = 0;
}  // namespace

#define NNSLIM_DOT7_CHAIN(v) v = i32x4_dot_i8x16_i7x16_add(vw, v, v)

__attribute__((noinline)) double qs8_dot7_peak(size_t iterations) {
  const v128_t vw = wasm_i32x4_splat(g_seed);
  v128_t v0 = vw, v1 = vw, v2 = vw, v3 = vw, v4 = vw, v5 = vw, v6 = vw, v7 = vw, v8 = vw, v9 = vw, v10 = vw, v11 = vw;
  for (size_t i = 0; i < iterations; i++) {
    NNSLIM_DOT7_CHAIN(v0); NNSLIM_DOT7_CHAIN(v1); NNSLIM_DOT7_CHAIN(v2); NNSLIM_DOT7_CHAIN(v3);
    NNSLIM_DOT7_CHAIN(v4); NNSLIM_DOT7_CHAIN(v5); NNSLIM_DOT7_CHAIN(v6); NNSLIM_DOT7_CHAIN(v7);
    NNSLIM_DOT7_CHAIN(v8); NNSLIM_DOT7_CHAIN(v9); NNSLIM_DOT7_CHAIN(v10); NNSLIM_DOT7_CHAIN(v11);
  }
  const v128_t s = wasm_i32x4_add(wasm_i32x4_add(wasm_i32x4_add(v0, v1), wasm_i32x4_add(v2, v3)),
                                  wasm_i32x4_add(wasm_i32x4_add(v4, v5), wasm_i32x4_add(v6, v7)));
  g_sink = wasm_i32x4_extract_lane(
      wasm_i32x4_add(s, wasm_i32x4_add(wasm_i32x4_add(v8, v9), wasm_i32x4_add(v10, v11))), 0);
  return 12.0 * 32;
}
#undef NNSLIM_DOT7_CHAIN

const char* qs8_dot7_peak_label() {
  return nnslim::kernels::kI8Dot7Native ? "relaxed i16x8 dot + extadd + add" : "plain stand-in (extmul + adds)";
}
