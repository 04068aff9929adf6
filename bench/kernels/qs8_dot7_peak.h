// The register-only peak of the dot7 int8 dot (kernels/qs8-dot7/i8-dot7.h)
// for qs8_gemm_bench.cc: independent chains acc = dot7_add(w, acc, acc),
// 16 multiply-adds (32 ops) per dot. Compiled by em++ for nnslim_bench_qs8_gemm
// (the plain stand-in: extmul + pairwise adds) and by clang 19 with
// -mrelaxed-simd for nnslim_bench_qs8_gemm_relaxed (i16x8.relaxed_dot_i8x16_i7x16_s
// + i32x4.extadd_pairwise_i16x8_s + add), so each binary reports the peak of
// the instructions its dot7 kernels run.
#pragma once
#include <cstddef>

// Runs `iterations` of 12 chains; returns ops per iteration.
double qs8_dot7_peak(size_t iterations);
// "relaxed" or "plain stand-in".
const char* qs8_dot7_peak_label();
