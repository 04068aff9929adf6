// The register-only f32x4 peak of bench/kernels/gemm_bench.cc: two loops of
// independent multiply/add chains (no memory traffic), FLOPs per iteration
// and labels. gemm_peak.cc is compiled by em++ (mul + add chains) for
// nnslim_bench_gemm and by clang 19 with -mrelaxed-simd (relaxed_madd
// chains) for nnslim_bench_gemm_relaxed; the benchmark's main() stays on em++
// (clang 19 names main(argc, argv) __main_argc_argv, which em++ 3.1.6 does
// not call).
#pragma once
#include <cstddef>

struct PeakLoops {
  void (*a)(size_t iterations);
  void (*b)(size_t iterations);
  double a_flops, b_flops;  // per iteration
  const char* a_label;
  const char* b_label;
  const char* name;
};

PeakLoops gemm_peak_loops();
