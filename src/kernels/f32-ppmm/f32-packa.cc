#include "core/simd.h"
#include "kernels/f32-ppmm/f32-ppmm.h"

namespace nnslim::kernels {

void f32_packa(size_t mr, size_t m, size_t k, const float* a, size_t a_stride, float* packed) {
  size_t kk = 0;
  if (mr == 4 && m == 4) {
    // 4x4 blocks: load 4 columns of each row, transpose with shuffles, store
    // the 4 k-major groups (packing is ~4% of a 512^3 GEMM done scalar).
    const float* a0 = a;
    const float* a1 = a0 + a_stride;
    const float* a2 = a1 + a_stride;
    const float* a3 = a2 + a_stride;
    for (; kk + 4 <= k; kk += 4) {
      const v128_t v0 = wasm_v128_load(a0 + kk), v1 = wasm_v128_load(a1 + kk);
      const v128_t v2 = wasm_v128_load(a2 + kk), v3 = wasm_v128_load(a3 + kk);
      const v128_t v01lo = wasm_i32x4_shuffle(v0, v1, 0, 4, 1, 5), v01hi = wasm_i32x4_shuffle(v0, v1, 2, 6, 3, 7);
      const v128_t v23lo = wasm_i32x4_shuffle(v2, v3, 0, 4, 1, 5), v23hi = wasm_i32x4_shuffle(v2, v3, 2, 6, 3, 7);
      wasm_v128_store(packed + 0, wasm_i64x2_shuffle(v01lo, v23lo, 0, 2));
      wasm_v128_store(packed + 4, wasm_i64x2_shuffle(v01lo, v23lo, 1, 3));
      wasm_v128_store(packed + 8, wasm_i64x2_shuffle(v01hi, v23hi, 0, 2));
      wasm_v128_store(packed + 12, wasm_i64x2_shuffle(v01hi, v23hi, 1, 3));
      packed += 16;
    }
  }
  for (; kk < k; kk++)
    for (size_t i = 0; i < mr; i++) *packed++ = a[(i < m ? i : m - 1) * a_stride + kk];
}

const F32PpmmUkernelInfo* f32_ppmm_ukernels(size_t* count) {
  static const F32PpmmUkernelInfo kList[] = {
#define NNSLIM_F32_PPMM_UKERNEL(mr, nr, fn) {#fn, mr, nr, fn},
#include "kernels/f32-ppmm/f32-ppmm-wasmsimd.inc"
#undef NNSLIM_F32_PPMM_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

}  // namespace nnslim::kernels
