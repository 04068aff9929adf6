#include "kernels/qs8-gemm/qs8-gemm.h"

#include <cstring>

#include "core/simd.h"
#include "kernels/microparams.h"
#include "kernels/qs8-gemm/qs8-packa-strip4.h"
#include "kernels/qs8-gemm/qs8-packw-panel.h"

namespace nnslim::kernels {

const QS8GemmUkernelInfo* qs8_gemm_ukernels(size_t* count) {
  static const QS8GemmUkernelInfo list[] = {
#define NNSLIM_QS8_GEMM_UKERNEL(mr, nr, gemm_fn, igemm_fn) {#gemm_fn, mr, nr, gemm_fn, igemm_fn},
#include "kernels/qs8-gemm/qs8-gemm-wasmsimd.inc"
#undef NNSLIM_QS8_GEMM_UKERNEL
  };
  *count = sizeof(list) / sizeof(list[0]);
  return list;
}

const QS8PpmmUkernelInfo* qs8_ppmm_ukernels(size_t* count) {
  static const QS8PpmmUkernelInfo list[] = {
#define NNSLIM_QS8_PPMM_UKERNEL(mr, nr, fn) {#fn, mr, nr, fn},
#include "kernels/qs8-gemm/qs8-ppmm-wasmsimd.inc"
#undef NNSLIM_QS8_PPMM_UKERNEL
  };
  *count = sizeof(list) / sizeof(list[0]);
  return list;
}

const QS8PpmmUkernelInfo* qs8_ppmm_interleaved_ukernels(size_t* count) {
  static const QS8PpmmUkernelInfo list[] = {
      {"qs8_ppmm_minmax_fp32_ukernel_4x8c2__wasmsimd_dot16_splat_ia", 4, 8,
       qs8_ppmm_minmax_fp32_ukernel_4x8c2__wasmsimd_dot16_splat_ia},
  };
  *count = sizeof(list) / sizeof(list[0]);
  return list;
}

void qs8_packa_int16_interleaved(size_t mr, size_t m, size_t k, const int8_t* a, size_t a_stride, int16_t* out) {
  const size_t kp = round_up(k, kQS8GemmKBlock);
  size_t r0 = 0;
  if (mr == 1) {  // plain rows (qs8_packa_int16)
    for (; r0 < m; r0++) {
      const int8_t* row = a + r0 * a_stride;
      int16_t* dst = out + r0 * kp;
      for (size_t j = 0; j < k; j++) dst[j] = row[j];
      for (size_t j = k; j < kp; j++) dst[j] = 0;
    }
    return;
  }
  if (mr == 4) {
    // Full strips, 8 K at a time: four widened rows, their 32-bit pairs
    // transposed with two rounds of shuffles.
    const size_t k8 = k / 8 * 8;
    // The last k - k8 (1..7) values of a row of >= 8, zero-extended to 8:
    // the row's last 8 bytes read as one little-endian word (inside the
    // row), shifted right past the bytes before k8 (zeros come in above).
    const size_t drop_bits = 8 * (k8 + 8 - k);
    auto tail8 = [&](const int8_t* row) {
      uint64_t word;
      std::memcpy(&word, row + k - 8, 8);
      return wasm_i16x8_extend_low_i8x16(wasm_i64x2_splat(static_cast<int64_t>(word >> drop_bits)));
    };
    for (; r0 + 4 <= m; r0 += 4) {
      int16_t* strip = out + r0 * kp;
      const int8_t* rows = a + r0 * a_stride;
      for (size_t j = 0; j < k8; j += 8) {
        qs8_store_strip4_k8(wasm_i16x8_load8x8(rows + j), wasm_i16x8_load8x8(rows + a_stride + j),
               wasm_i16x8_load8x8(rows + 2 * a_stride + j), wasm_i16x8_load8x8(rows + 3 * a_stride + j),
               strip + j * 4);
      }
      if (k8 == k) continue;
      if (k >= 8) {
        // K's tail (the 27-wide stem patch: 3 values) through the same shuffles.
        qs8_store_strip4_k8(tail8(rows), tail8(rows + a_stride), tail8(rows + 2 * a_stride), tail8(rows + 3 * a_stride),
               strip + k8 * 4);
        continue;
      }
      for (size_t i = 0; i < 4; i++)
        for (size_t j = k8; j < kp; j++) strip[(j / 2) * 8 + 2 * i + (j & 1)] = j < k ? rows[i * a_stride + j] : 0;
    }
  }
  for (; r0 < m; r0 += mr) {
    int16_t* strip = out + r0 * kp;
    for (size_t i = 0; i < mr; i++) {
      const int8_t* row = r0 + i < m ? a + (r0 + i) * a_stride : nullptr;
      for (size_t j = 0; j < kp; j++) strip[(j / 2) * 2 * mr + 2 * i + (j & 1)] = row != nullptr && j < k ? row[j] : 0;
    }
  }
}

// Strips of one row are rows one after another: the same layout.
void qs8_packa_int16(size_t m, size_t k, const int8_t* a, size_t a_stride, int16_t* out) {
  qs8_packa_int16_interleaved(1, m, k, a, a_stride, out);
}

size_t qs8_packw_size(size_t nr, size_t n, size_t taps, size_t kc) {
  const size_t panels = divide_round_up(n, nr);
  const size_t k_padded = taps * round_up(kc, kQS8GemmKBlock);
  return panels * nr * (sizeof(int32_t) + k_padded * sizeof(int16_t) + sizeof(float));
}

namespace {

// The packing of qs8-gemm.h with weights stored as Weight (int16 or int8).
template <typename Weight>
void pack_panels(size_t nr, size_t n, size_t taps, size_t kc, const int8_t* w, size_t n_stride, size_t tap_stride,
                 size_t c_stride, const int32_t* bias, const float* scales, int32_t a_zero_point, void* packed) {
  const size_t kc_padded = round_up(kc, kQS8GemmKBlock);
  char* out = static_cast<char*>(packed);
  for (size_t n0 = 0; n0 < n; n0 += nr) {
    out = qs8_pack_folded_bias(nr, n0, n, taps, kc, w, n_stride, tap_stride, c_stride, bias, a_zero_point, out);
    for (size_t t = 0; t < taps; t++) {
      for (size_t k = 0; k < kc_padded; k += 2) {
        for (size_t j = 0; j < nr; j++) {
          for (size_t kk = 0; kk < 2; kk++) {
            const size_t col = n0 + j, c = k + kk;
            const Weight value =
                col < n && c < kc ? static_cast<Weight>(w[col * n_stride + t * tap_stride + c * c_stride]) : 0;
            std::memcpy(out, &value, sizeof(value));
            out += sizeof(value);
          }
        }
      }
    }
    out = qs8_pack_scales(nr, n0, n, scales, out);
  }
}

}  // namespace

void qs8_packw(size_t nr, size_t n, size_t taps, size_t kc, const int8_t* w, size_t n_stride, size_t tap_stride,
               size_t c_stride, const int32_t* bias, const float* scales, int32_t a_zero_point, void* packed) {
  pack_panels<int16_t>(nr, n, taps, kc, w, n_stride, tap_stride, c_stride, bias, scales, a_zero_point, packed);
}

size_t qs8_packw_int8_size(size_t nr, size_t n, size_t kc) {
  return divide_round_up(n, nr) * nr * (sizeof(int32_t) + round_up(kc, kQS8GemmKBlock) + sizeof(float));
}

void qs8_packw_int8(size_t nr, size_t n, size_t kc, const int8_t* w, size_t n_stride, size_t c_stride,
                    const int32_t* bias, const float* scales, int32_t a_zero_point, void* packed) {
  pack_panels<int8_t>(nr, n, 1, kc, w, n_stride, 0, c_stride, bias, scales, a_zero_point, packed);
}

const QS8GemvUkernelInfo* qs8_gemv_ukernels(size_t* count) {
  static const QS8GemvUkernelInfo list[] = {
#define NNSLIM_QS8_GEMV_UKERNEL(nr, fn) {#fn, nr, fn},
#include "kernels/qs8-gemm/qs8-gemv-wasmsimd.inc"
#undef NNSLIM_QS8_GEMV_UKERNEL
  };
  *count = sizeof(list) / sizeof(list[0]);
  return list;
}

QS8GemvUkernelInfo qs8_gemv_default_ukernel() {
  return QS8GemvUkernelInfo{"1x16c2 dot16 i8w ld64", 16, qs8_gemv_minmax_fp32_ukernel_1x16c2__wasmsimd_dot16_i8w_ld64};
}

void qs8_gemm_reference(size_t m, size_t n, size_t k, const int8_t* a, size_t a_stride, int32_t a_zero_point,
                        const int8_t* b, size_t b_stride, const int32_t* bias, const float* scales, int8_t* c,
                        size_t c_stride, int32_t c_zero_point, int32_t qmin, int32_t qmax) {
  for (size_t i = 0; i < m; i++) {
    for (size_t j = 0; j < n; j++) {
      int64_t acc = bias != nullptr ? bias[j] : 0;
      for (size_t p = 0; p < k; p++)
        acc += (static_cast<int64_t>(a[i * a_stride + p]) - a_zero_point) * b[p * b_stride + j];
      c[i * c_stride + j] =
          qs8_requantize_reference(static_cast<int32_t>(acc), scales[j], c_zero_point, qmin, qmax);
    }
  }
}

}  // namespace nnslim::kernels
