// Dequantization of packed int8 panels into the f32 GEMM's packed layout
// (f32-qc8w-gemm.h), 8 columns at a time: scale[n] * float(w_q[k, n]).
#include <cassert>

#include "core/simd.h"
#include "kernels/f32-qc8w-gemm/f32-qc8w-gemm.h"
#include "kernels/f32-qc8w-gemm/f32-qc8w-widen.h"

namespace nnslim::kernels {

void f32_qc8w_dequantize_panels__wasmsimd(size_t nr, size_t k, size_t panels, const void* packed, float* out) {
  assert(nr % 8 == 0);
  const char* in = static_cast<const char*>(packed);
  for (size_t p = 0; p < panels; ++p) {
    const float* head = reinterpret_cast<const float*>(in);
    const int8_t* q = reinterpret_cast<const int8_t*>(in + nr * 2 * sizeof(float));
    for (size_t j = 0; j < nr; j += 4) wasm_v128_store(out + j, wasm_v128_load(head + j));
    out += nr;
    for (size_t j = 0; j < nr; j += 8) {
      const v128_t vscale_lo = wasm_v128_load(head + nr + j);
      const v128_t vscale_hi = wasm_v128_load(head + nr + j + 4);
      const int8_t* qj = q + j;
      float* o = out + j;
      for (size_t kk = 0; kk < k; ++kk, qj += nr, o += nr) {
        v128_t w_lo, w_hi;
        load_int8x8_as_f32(qj, &w_lo, &w_hi);
        wasm_v128_store(o, wasm_f32x4_mul(vscale_lo, w_lo));
        wasm_v128_store(o + 4, wasm_f32x4_mul(vscale_hi, w_hi));
      }
    }
    out += nr * k;
    in += f32_qc8w_panel_bytes(nr, k);
  }
}

}  // namespace nnslim::kernels
