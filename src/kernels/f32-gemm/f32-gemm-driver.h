// Full f32 GEMM on top of one microkernel: C[M, N] = clamp(A[M, K] * B + bias)
// with B packed by f32_packw_gemm_{gio,goi} for the config's NR.
//
// Tiling (GotoBLAS order): rows in blocks of mc_block (the block of A stays
// in L2), then columns in blocks of nc_block (a multiple of NR: that much of
// packed B stays in L1/L2 while the MR-row strips of the row block sweep it),
// then rows in strips of MR. A strip of 1 row uses the 1xNR kernel when the config has one (batch-1
// MLP layers, M tails).
#pragma once
#include <cstddef>

#include "kernels/f32-gemm/f32-gemm.h"
#include "kernels/f32-ppmm/f32-ppmm.h"

namespace nnslim::kernels {

struct F32GemmConfig {
  const char* name;
  size_t mr;
  size_t nr;
  F32GemmMinMaxUkernelFn ukernel;    // MR x NR
  F32GemmMinMaxUkernelFn ukernel_1;  // 1 x NR (same packing), or null
  size_t nc_block;                   // columns per block, multiple of nr; 0 = automatic
  size_t mc_block = 0;               // rows per block, multiple of mr; 0 = all rows
  // Optional MR x NR kernel on pre-packed A: when set, f32_gemm packs A into
  // the workspace (f32_packa per MR-row strip) and uses it for strips of >= 2 rows.
  F32PpmmMinMaxUkernelFn ppmm_ukernel = nullptr;
};

// Floats of workspace f32_gemm needs (0 unless the config packs A).
size_t f32_gemm_workspace_size(const F32GemmConfig& config, size_t m, size_t k);

// Tiles chosen by measurement (bench/kernels/gemm_bench.cc, Node 20 / V8 11.3
// on an AMD EPYC Zen 4, 2026-11-25; docs/benchmarks.md):
//   default: 2x16 loadsplat_x8 (+ 1x16 for single rows): wide N at many
//            rows (MobileNetV2's 112x112 .. 28x28 expansions).
//   narrow:  4x8 loadsplat_x8 (+ 1x8): N not a multiple of 16 (a 16-wide
//            tile wastes a third of N = 24). At N = 16 or 32 it is no faster
//            than 2x16 (784x32x144: 10% slower).
//   large:   4x8 on pre-packed A (f32_packa + ppmm): N and K >= 64 with at
//            most 256 rows (MobileNetV2's 14x14 and 7x7 layers: packing A is
//            cheap next to N / 8 panels that reuse it), or M, N, K >= 256.
//   width12 (relaxed-SIMD build only): 3x12 loadsplat_x8 (+ 1x12) when N is
//            a multiple of 12, except where large applies with M > 256. With
//            fused multiply-adds (4-cycle latency x 2 pipes = 8 in flight) a
//            tile needs at least 8 independent accumulator chains to keep
//            both pipes busy (9 gives slack); 4x8 and 2x16 have exactly 8, and V8's 15 xmm registers hold no more than
//            3x12's 9 accumulators + 3 broadcasts + 3 B vectors (5x8, 6x8 and
//            3x16 spill accumulators: 36-47% of the relaxed peak in L1). On
//            MobileNetV2's pointwise shapes: 12544x96x16 -6%, 196x576x96 -5%,
//            196x96x384 -5%, 49x960x160 -4% (docs/toolchain.md, "Relaxed SIMD").
// The packed B layout depends on nr: pack with the config you run with.
F32GemmConfig f32_gemm_default_config();
F32GemmConfig f32_gemm_narrow_config();
F32GemmConfig f32_gemm_large_config();
F32GemmConfig f32_gemm_width12_config();
// Whether f32_gemm_select_config picks width12 (true in the relaxed-SIMD build).
bool f32_gemm_selects_width12();
// large, width12, narrow or default by the rules above.
F32GemmConfig f32_gemm_select_config(size_t m, size_t n, size_t k);

// Columns per block for K: keeps K * nc_block floats of packed B near 256 KiB.
size_t f32_gemm_auto_nc_block(const F32GemmConfig& config, size_t k);

// Strides a_stride >= K and c_stride >= N are in ELEMENTS. M, N, K >= 1.
// Writes C[i, 0..N-1] only (columns between N and c_stride are untouched).
// workspace: f32_gemm_workspace_size floats (may be null when that is 0).
void f32_gemm(const F32GemmConfig& config, size_t m, size_t n, size_t k, const float* a, size_t a_stride,
              const float* packed_b, float* c, size_t c_stride, const F32MinMaxParams& params,
              float* workspace = nullptr);

}  // namespace nnslim::kernels
