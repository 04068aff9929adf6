// Full int8 GEMM / convolution on top of one qs8 kernel pair (qs8-gemm.h):
// rows (or output pixels) in strips of MR, columns in blocks that keep a
// block of packed int16 weights near 256 KiB (L2) while the strips sweep it.
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/qs8-gemm/qs8-gemm.h"

namespace nnslim::kernels {

struct QS8GemmConfig {
  const char* name;
  size_t mr;
  size_t nr;
  QS8GemmUkernelFn gemm;
  QS8IgemmUkernelFn igemm;
  QS8GemmUkernelFn gemm_1;  // 1 x NR kernel (same packing) for single-row strips, or null
  // Optional MR x NR kernel on pre-widened A: qs8_gemm widens blocks of
  // rows to int16 in the workspace and uses it for strips of >= 2 rows.
  QS8PpmmUkernelFn ppmm = nullptr;
  size_t ppmm_mr = 0;  // rows of the ppmm kernel's tile
  bool ppmm_interleaved = false;  // ppmm reads qs8_packa_int16_interleaved's layout
};

// Rows widened per block when the config has a ppmm kernel.
constexpr size_t kQS8PpmmRowBlock = 96;
// int16 elements of workspace qs8_gemm needs (0 without a ppmm kernel).
size_t qs8_gemm_workspace_size(const QS8GemmConfig& config, size_t m, size_t k);
// A ppmm config from the list (tests and benchmarks); gemm/igemm/gemm_1 from `base`.
QS8GemmConfig qs8_gemm_ppmm_config(const QS8PpmmUkernelInfo& kernel, const QS8GemmConfig& base,
                                   bool interleaved = false);

// The tiles chosen by bench/kernels/qs8_gemm_bench.cc (docs/quantization.md):
// GEMMs of >= 2 rows on pre-widened A with the 4x8 ppmm kernel (75.7 GOP/s
// at 512^3 against 53 for the best kernel that widens A in its loop), its
// A interleaved 4 rows by 4 rows (one pointer per strip: MobileNetV2's 1x1
// shapes 0.94x the time of separate rows, `pointwise` in the bench), single
// rows (batch-1 MLP layers) with 1x8, IGEMM with 3x8 (the fastest of the
// in-loop-widening kernels that keeps 4 rows' registers out of spills).
QS8GemmConfig qs8_gemm_default_config();
// The same with the ppmm kernel that clamps below in int8 (..._ia_i8min):
// for weights that pass qs8_packw_accumulators_fit.
QS8GemmConfig qs8_gemm_default_i8min_config();
// The same with no clamp instruction (..._ia_i8sat): for those weights and
// the whole int8 output range (qs8_requant_full_range).
QS8GemmConfig qs8_gemm_default_i8sat_config();
// The config of a list entry (tests and benchmarks).
QS8GemmConfig qs8_gemm_config(const QS8GemmUkernelInfo& kernel);

// C[M, N] (row stride c_stride ELEMENTS) = requant(A[M, K] (a_stride) * W);
// packed_w from qs8_packw(config.nr, N, 1, K, ...).
// workspace: qs8_gemm_workspace_size int16 (may be null when that is 0).
void qs8_gemm(const QS8GemmConfig& config, size_t m, size_t n, size_t k, const int8_t* a, size_t a_stride,
              const void* packed_w, int8_t* c, size_t c_stride, const QS8RequantParams& params,
              int16_t* workspace = nullptr);

// Rows [0, m) (m <= kQS8PpmmRowBlock) of C = requant(A * W) from A already
// widened in config.ppmm's layout at `a` (strips of config.ppmm_mr rows,
// round_up(k, 8) int16 per row: qs8_packa_int16_interleaved's, or
// qs8_packa_conv_rows's for the interleaved 4-row kernel); every strip,
// a single row too, on the ppmm kernel.
void qs8_ppmm_widened(const QS8GemmConfig& config, size_t m, size_t n, size_t k, const int16_t* a,
                      const void* packed_w, int8_t* c, size_t c_stride, const QS8RequantParams& params);

// NHWC convolution of `pixels` output pixels, `taps` kernel taps of kc input
// channels: indirection from igemm_indirection_init(g, config.mr, ...),
// packed_w from qs8_packw(config.nr, N, taps, kc, ...); output pixel p at
// c + p * c_stride ELEMENTS; a_offset BYTES added to non-`zero` pointers.
void qs8_igemm(const QS8GemmConfig& config, size_t pixels, size_t n, size_t kc, size_t taps,
               const int8_t** indirection, const void* packed_w, int8_t* c, size_t c_stride, size_t a_offset,
               const int8_t* zero, const QS8RequantParams& params);

}  // namespace nnslim::kernels
