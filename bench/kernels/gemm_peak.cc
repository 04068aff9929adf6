// The register-only peak loops of gemm_bench.cc (gemm_peak.h).
#include "gemm_peak.h"

#include "core/simd.h"

namespace {

volatile float g_one = 1.0f;
volatile float g_zero = 0.0f;
volatile float g_sink = 0.0f;

#if defined(__wasm_relaxed_simd__)
// The relaxed-SIMD build of this benchmark (nnslim_bench_gemm_relaxed, whose
// kernels multiply-add with f32x4.relaxed_madd): its peak is independent
// relaxed_madd chains, 8 FLOPs each. V8 emits one vfmadd per madd on x64 CPUs
// with FMA3: 2 FMA pipes with 4-cycle latency on Zen 4 (and Intel since
// Skylake), so >= 8 chains are needed; 10 and 12 chains (+ 2 constants: 12
// and 14 of V8's 15 allocatable xmm registers). The peak is the best of both.

// acc = acc * 1 + 0 in every chain: the values stay finite and constant.
#define NNSLIM_PEAK_MADD(acc) acc = wasm_f32x4_relaxed_madd(acc, vx, vy)
__attribute__((noinline)) void peak_a(size_t iterations) {
  const v128_t vx = wasm_f32x4_splat(g_one), vy = wasm_f32x4_splat(g_zero);
  v128_t v0 = vx, v1 = vx, v2 = vx, v3 = vx, v4 = vx, v5 = vx, v6 = vx, v7 = vx, v8 = vx, v9 = vx;
  for (size_t i = 0; i < iterations; i++) {
    NNSLIM_PEAK_MADD(v0); NNSLIM_PEAK_MADD(v1); NNSLIM_PEAK_MADD(v2); NNSLIM_PEAK_MADD(v3); NNSLIM_PEAK_MADD(v4);
    NNSLIM_PEAK_MADD(v5); NNSLIM_PEAK_MADD(v6); NNSLIM_PEAK_MADD(v7); NNSLIM_PEAK_MADD(v8); NNSLIM_PEAK_MADD(v9);
  }
  const v128_t s = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(v0, v1), wasm_f32x4_add(v2, v3)),
                                  wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(v4, v5), wasm_f32x4_add(v6, v7)),
                                                 wasm_f32x4_add(v8, v9)));
  g_sink = wasm_f32x4_extract_lane(s, 0);
}

__attribute__((noinline)) void peak_b(size_t iterations) {
  const v128_t vx = wasm_f32x4_splat(g_one), vy = wasm_f32x4_splat(g_zero);
  v128_t v0 = vx, v1 = vx, v2 = vx, v3 = vx, v4 = vx, v5 = vx, v6 = vx, v7 = vx, v8 = vx, v9 = vx, v10 = vx, v11 = vx;
  for (size_t i = 0; i < iterations; i++) {
    NNSLIM_PEAK_MADD(v0); NNSLIM_PEAK_MADD(v1); NNSLIM_PEAK_MADD(v2); NNSLIM_PEAK_MADD(v3); NNSLIM_PEAK_MADD(v4);
    NNSLIM_PEAK_MADD(v5); NNSLIM_PEAK_MADD(v6); NNSLIM_PEAK_MADD(v7); NNSLIM_PEAK_MADD(v8); NNSLIM_PEAK_MADD(v9);
    NNSLIM_PEAK_MADD(v10); NNSLIM_PEAK_MADD(v11);
  }
  const v128_t s = wasm_f32x4_add(
      wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(v0, v1), wasm_f32x4_add(v2, v3)),
                     wasm_f32x4_add(wasm_f32x4_add(v4, v5), wasm_f32x4_add(v6, v7))),
      wasm_f32x4_add(wasm_f32x4_add(v8, v9), wasm_f32x4_add(v10, v11)));
  g_sink = wasm_f32x4_extract_lane(s, 0);
}
#undef NNSLIM_PEAK_MADD
#else
// 6 mul chains + 6 add chains per iteration = 12 f32x4 ops = 48 FLOPs.
__attribute__((noinline)) void peak_a(size_t iterations) {
  const v128_t vx = wasm_f32x4_splat(g_one), vy = wasm_f32x4_splat(g_zero);
  v128_t vm0 = vx, vm1 = vx, vm2 = vx, vm3 = vx, vm4 = vx, vm5 = vx;
  v128_t va0 = vy, va1 = vy, va2 = vy, va3 = vy, va4 = vy, va5 = vy;
  for (size_t i = 0; i < iterations; i++) {
    vm0 = wasm_f32x4_mul(vm0, vx); va0 = wasm_f32x4_add(va0, vy);
    vm1 = wasm_f32x4_mul(vm1, vx); va1 = wasm_f32x4_add(va1, vy);
    vm2 = wasm_f32x4_mul(vm2, vx); va2 = wasm_f32x4_add(va2, vy);
    vm3 = wasm_f32x4_mul(vm3, vx); va3 = wasm_f32x4_add(va3, vy);
    vm4 = wasm_f32x4_mul(vm4, vx); va4 = wasm_f32x4_add(va4, vy);
    vm5 = wasm_f32x4_mul(vm5, vx); va5 = wasm_f32x4_add(va5, vy);
  }
  v128_t s = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(vm0, vm1), wasm_f32x4_add(vm2, vm3)),
                            wasm_f32x4_add(vm4, vm5));
  s = wasm_f32x4_add(s, wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(va0, va1), wasm_f32x4_add(va2, va3)),
                                       wasm_f32x4_add(va4, va5)));
  g_sink = wasm_f32x4_extract_lane(s, 0);
}

// 7 mul chains (each squares itself: 1 * 1 stays 1) + 7 add chains (each adds
// its mul chain's value: no constant operand, so 14 registers in all) =
// 14 ops = 56 FLOPs per iteration.
__attribute__((noinline)) void peak_b(size_t iterations) {
  const v128_t vx = wasm_f32x4_splat(g_one), vy = wasm_f32x4_splat(g_zero);
  v128_t vm0 = vx, vm1 = vx, vm2 = vx, vm3 = vx, vm4 = vx, vm5 = vx, vm6 = vx;
  v128_t va0 = vy, va1 = vy, va2 = vy, va3 = vy, va4 = vy, va5 = vy, va6 = vy;
  for (size_t i = 0; i < iterations; i++) {
    vm0 = wasm_f32x4_mul(vm0, vm0); va0 = wasm_f32x4_add(va0, vm0);
    vm1 = wasm_f32x4_mul(vm1, vm1); va1 = wasm_f32x4_add(va1, vm1);
    vm2 = wasm_f32x4_mul(vm2, vm2); va2 = wasm_f32x4_add(va2, vm2);
    vm3 = wasm_f32x4_mul(vm3, vm3); va3 = wasm_f32x4_add(va3, vm3);
    vm4 = wasm_f32x4_mul(vm4, vm4); va4 = wasm_f32x4_add(va4, vm4);
    vm5 = wasm_f32x4_mul(vm5, vm5); va5 = wasm_f32x4_add(va5, vm5);
    vm6 = wasm_f32x4_mul(vm6, vm6); va6 = wasm_f32x4_add(va6, vm6);
  }
  v128_t s = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(vm0, vm1), wasm_f32x4_add(vm2, vm3)),
                            wasm_f32x4_add(wasm_f32x4_add(vm4, vm5), vm6));
  s = wasm_f32x4_add(s, wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(va0, va1), wasm_f32x4_add(va2, va3)),
                                       wasm_f32x4_add(wasm_f32x4_add(va4, va5), va6)));
  g_sink = wasm_f32x4_extract_lane(s, 0);
}

#endif

}  // namespace

PeakLoops gemm_peak_loops() {
#if defined(__wasm_relaxed_simd__)
  return {peak_a, peak_b, 80.0, 96.0, "10 madd chains", "12 madd chains", "f32x4 relaxed_madd"};
#else
  return {peak_a, peak_b, 48.0, 56.0, "6+6 chains", "7+7 chains", "f32x4 mul+add"};
#endif
}
