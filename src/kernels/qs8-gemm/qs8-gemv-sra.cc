// The sra GEMV's packing, input widening and kernel list (qs8-gemv-sra.h).
#include "kernels/qs8-gemm/qs8-gemv-sra.h"

#include <cstring>

#include "core/simd.h"
#include "kernels/microparams.h"
#include "kernels/qs8-gemm/qs8-packw-panel.h"

namespace nnslim::kernels {

size_t qs8_gemv_sra_input_size(size_t kc) { return round_up(kc, kQS8GemmKBlock); }

int32_t qs8_gemv_sra_widen_input(size_t kc, const int8_t* a, int16_t* out) {
  // 16 inputs per step: two extends and two stores; the sum through two
  // pairwise widening adds (int8 pairs -> int16 -> int32 quads).
  v128_t vsum = wasm_i32x4_splat(0);
  size_t k = 0;
  for (; k + 16 <= kc; k += 16) {
    const v128_t v = wasm_v128_load(a + k);
    wasm_v128_store(out + k, wasm_i16x8_extend_low_i8x16(v));
    wasm_v128_store(out + k + 8, wasm_i16x8_extend_high_i8x16(v));
    vsum = wasm_i32x4_add(vsum, wasm_i32x4_extadd_pairwise_i16x8(wasm_i16x8_extadd_pairwise_i8x16(v)));
  }
  int32_t sum = wasm_i32x4_extract_lane(vsum, 0) + wasm_i32x4_extract_lane(vsum, 1) +
                wasm_i32x4_extract_lane(vsum, 2) + wasm_i32x4_extract_lane(vsum, 3);
  for (; k < kc; k++) {
    out[k] = a[k];
    sum += a[k];
  }
  for (; k < round_up(kc, kQS8GemmKBlock); k++) out[k] = 0;
  return sum;
}

size_t qs8_packw_sra_size(size_t nr, size_t n, size_t kc) { return qs8_packw_int8_size(nr, n, kc); }

void qs8_packw_sra(size_t nr, size_t n, size_t kc, const int8_t* w, size_t n_stride, size_t c_stride,
                   const int32_t* bias, const float* scales, int32_t a_zero_point, void* packed) {
  const size_t kc_padded = round_up(kc, kQS8GemmKBlock);
  char* out = static_cast<char*>(packed);
  for (size_t n0 = 0; n0 < n; n0 += nr) {
    // Folded biases, then per group of 8 the low 4 words += 256 * the high 4.
    char* biases = out;
    out = qs8_pack_folded_bias(nr, n0, n, 1, kc, w, n_stride, 0, c_stride, bias, a_zero_point, out);
    for (size_t g = 0; g < nr; g += 8)
      for (size_t j = 0; j < 4; j++) {
        uint32_t lo, hi;
        std::memcpy(&lo, biases + (g + j) * 4, 4);
        std::memcpy(&hi, biases + (g + 4 + j) * 4, 4);
        lo += hi << 8;
        std::memcpy(biases + (g + j) * 4, &lo, 4);
      }
    // W(col, c), 0 past n and kc.
    auto weight = [&](size_t col, size_t c) -> int {
      return col < n && c < kc ? w[col * n_stride + c * c_stride] : 0;
    };
    for (size_t k = 0; k < kc_padded; k += 2)
      for (size_t g = 0; g < nr; g += 8)
        for (size_t j = 0; j < 4; j++)
          for (size_t kk = 0; kk < 2; kk++) {
            *out++ = static_cast<char>(static_cast<uint8_t>(weight(n0 + g + j, k + kk) + 128));
            *out++ = static_cast<char>(static_cast<int8_t>(weight(n0 + g + 4 + j, k + kk)));
          }
    out = qs8_pack_scales(nr, n0, n, scales, out);
  }
}

const QS8GemvSraUkernelInfo* qs8_gemv_sra_ukernels(size_t* count) {
  static const QS8GemvSraUkernelInfo list[] = {
#define NNSLIM_QS8_GEMV_SRA_UKERNEL(nr, fn) {#fn, nr, fn},
#include "kernels/qs8-gemm/qs8-gemv-sra-wasmsimd.inc"
#undef NNSLIM_QS8_GEMV_SRA_UKERNEL
  };
  *count = sizeof(list) / sizeof(list[0]);
  return list;
}

QS8GemvSraUkernelInfo qs8_gemv_sra_default_ukernel() {
  return QS8GemvSraUkernelInfo{"1x16c2 dot16 sra", 16, qs8_gemv_minmax_fp32_ukernel_1x16c2__wasmsimd_dot16_sra};
}

}  // namespace nnslim::kernels
