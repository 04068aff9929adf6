// int8 (qs8) GEMM benchmark (wasm SIMD128 under node), next to f32 in the
// same run:
//   node build-wasm-bench/bench/nnslim_bench_qs8_gemm.cjs [name-filter] [--reps N] [--cpu-time]
//   (--cpu-time: time with the process's CPU time, so slices lost to other
//   processes on a shared machine do not count; as gemm_bench.cc)
//
// (a) register-only peaks, no memory traffic:
//     int8: independent chains acc = i32x4.add(acc, i32x4.dot_i16x8_s(acc, y)),
//       the qs8 kernels' inner operation; 1 dot = 8 multiply-adds = 16 ops.
//       Each chain feeds its own dot (no loop-invariant operand pair the
//       engine could hoist); dot (3-5 cycles) + add (1) latency needs >= 8
//       chains per 2 dot pipes; 12 and 14 chains (of V8's 15 xmm), best of.
//     f32: 7 mul + 7 add chains (as gemm_bench.cc): 1 op = 4 FLOPs.
// (b) 512^3 GEMMs: every qs8 tile through qs8_gemm (A row-major int8, B
//     packed int16, requantized output) and the f32 runtime's choice through
//     f32_gemm: 2*M*N*K ops per run; median of reps after warm-up.
// (c) M = 1: the MLP's 784 -> 1024 -> 1024 layers, int8 vs f32, GB/s of packed weights.
// (b') the dot7 kernels (kernels/qs8-dot7: A in 0..127, int8 weights, one
//     relaxed 8-bit dot per 16 MACs) through qs8_gemm_dot7, against their own
//     register peak (qs8_dot7_peak.cc) and the dot16 one. In this binary they
//     run the plain stand-in; nnslim_bench_qs8_gemm_relaxed (the relaxed
//     twin, same source) runs the relaxed dot next to the same plain kernels.
// (d) MobileNetV2's 3x3 depthwise layers (stride 1, pad 1; `dwconv` as the
//     filter runs this part alone; `pointwise` runs the 1x1 shapes alone): every qs8 (any-size and 3x3-only)
//     depthwise kernel next to the f32 runtime's 9p4c 3px kernel, ms summed
//     over the layer list.
// (e) `stem`: MobileNetV2's stem (224x224x3 -> 112x112x32, 3x3 stride 2) and
//     BlazeFace's (256x256x3 -> 128x128x24, 5x5 stride 2):
//     the int8 im2col patch copy + GEMM against the kernel-row A packing
//     (qs8-packa-conv.h) + the same GEMM on it, and each part alone.
#include <emscripten.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <iterator>
#include <vector>

#include "core/simd.h"
#include "kernels/f32-gemm/f32-gemm-driver.h"
#include "kernels/f32-gemv/f32-gemv.h"
#include "kernels/qs8-gemm/qs8-gemv-sra.h"
#include "kernels/f32-packw/f32-packw.h"
#include "kernels/f32-dwconv/f32-dwconv.h"
#include "kernels/f32-packw/f32-packw.h"
#include "kernels/indirection/conv2d-indirection.h"
#include "kernels/qs8-dwconv/qs8-dwconv.h"
#include "kernels/qs8-dot7/qs8-dot7.h"
#include "kernels/qs8-dot7w/qs8-dot7w.h"
#include "kernels/qs8-gemm/qs8-gemm-driver.h"
#include "kernels/qs8-gemm/qs8-packa-conv.h"
#include "qs8_dot7_peak.h"

using namespace nnslim::kernels;

// Process CPU time in ms (user + system of node): cpu_time.js (a JS library
// function rather than EM_JS, which the relaxed twin's link cannot read).
extern "C" double process_cpu_ms();

namespace {

bool g_use_cpu_time = false;
double now_ms() { return g_use_cpu_time ? process_cpu_ms() : emscripten_get_now(); }

volatile int32_t g_seed = 3;
volatile float g_one = 1.0f, g_zero = 0.0f;
volatile int32_t g_sink = 0;
volatile float g_fsink = 0;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

template <typename Fn>
double time_median_ms(Fn&& fn, int reps) {
  for (int i = 0; i < 3; i++) fn();  // warm-up: lets V8 tier up to TurboFan
  std::vector<double> times;
  for (int i = 0; i < reps; i++) {
    const double t0 = now_ms();
    fn();
    times.push_back(now_ms() - t0);
  }
  return median(times);
}

#define DOT_CHAIN(v) v = wasm_i32x4_add(v, wasm_i32x4_dot_i16x8(v, vy))

__attribute__((noinline)) void int8_peak_12(size_t iterations) {
  const v128_t vy = wasm_i32x4_splat(g_seed);
  v128_t v0 = vy, v1 = vy, v2 = vy, v3 = vy, v4 = vy, v5 = vy, v6 = vy, v7 = vy, v8 = vy, v9 = vy, v10 = vy, v11 = vy;
  for (size_t i = 0; i < iterations; i++) {
    DOT_CHAIN(v0); DOT_CHAIN(v1); DOT_CHAIN(v2); DOT_CHAIN(v3); DOT_CHAIN(v4); DOT_CHAIN(v5);
    DOT_CHAIN(v6); DOT_CHAIN(v7); DOT_CHAIN(v8); DOT_CHAIN(v9); DOT_CHAIN(v10); DOT_CHAIN(v11);
  }
  const v128_t s = wasm_i32x4_add(wasm_i32x4_add(wasm_i32x4_add(v0, v1), wasm_i32x4_add(v2, v3)),
                                  wasm_i32x4_add(wasm_i32x4_add(v4, v5), wasm_i32x4_add(v6, v7)));
  g_sink = wasm_i32x4_extract_lane(wasm_i32x4_add(s, wasm_i32x4_add(wasm_i32x4_add(v8, v9), wasm_i32x4_add(v10, v11))), 0);
}

__attribute__((noinline)) void int8_peak_14(size_t iterations) {
  const v128_t vy = wasm_i32x4_splat(g_seed);
  v128_t v0 = vy, v1 = vy, v2 = vy, v3 = vy, v4 = vy, v5 = vy, v6 = vy, v7 = vy, v8 = vy, v9 = vy, v10 = vy, v11 = vy,
         v12 = vy, v13 = vy;
  for (size_t i = 0; i < iterations; i++) {
    DOT_CHAIN(v0); DOT_CHAIN(v1); DOT_CHAIN(v2); DOT_CHAIN(v3); DOT_CHAIN(v4); DOT_CHAIN(v5); DOT_CHAIN(v6);
    DOT_CHAIN(v7); DOT_CHAIN(v8); DOT_CHAIN(v9); DOT_CHAIN(v10); DOT_CHAIN(v11); DOT_CHAIN(v12); DOT_CHAIN(v13);
  }
  const v128_t s = wasm_i32x4_add(wasm_i32x4_add(wasm_i32x4_add(v0, v1), wasm_i32x4_add(v2, v3)),
                                  wasm_i32x4_add(wasm_i32x4_add(v4, v5), wasm_i32x4_add(v6, v7)));
  const v128_t t = wasm_i32x4_add(wasm_i32x4_add(wasm_i32x4_add(v8, v9), wasm_i32x4_add(v10, v11)),
                                  wasm_i32x4_add(v12, v13));
  g_sink = wasm_i32x4_extract_lane(wasm_i32x4_add(s, t), 0);
}

// The f32 peak of gemm_bench.cc (7 mul + 7 add chains, 56 FLOPs per iteration).
__attribute__((noinline)) void f32_peak_7x7(size_t iterations) {
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
  g_fsink = wasm_f32x4_extract_lane(s, 0);
}

// Called through pointers: a loop inlined into main() would stay in Liftoff.
void (*volatile g_int8_peak_12)(size_t) = int8_peak_12;
void (*volatile g_int8_peak_14)(size_t) = int8_peak_14;
void (*volatile g_f32_peak)(size_t) = f32_peak_7x7;

double (*volatile g_dot7_peak)(size_t) = qs8_dot7_peak;

struct Peaks {
  double int8_gops, f32_gflops, dot7_gops;
};

Peaks measure_peaks(int reps, bool print) {
  const size_t iterations = 2000000;
  const double ms12 = time_median_ms([&] { g_int8_peak_12(iterations); }, reps);
  const double ms14 = time_median_ms([&] { g_int8_peak_14(iterations); }, reps);
  const double msf = time_median_ms([&] { g_f32_peak(iterations); }, reps);
  const double g12 = 12.0 * 16 * iterations / (ms12 * 1e6), g14 = 14.0 * 16 * iterations / (ms14 * 1e6);
  const double gf = 56.0 * iterations / (msf * 1e6);
  double dot7_ops = 0;
  const double ms7 = time_median_ms([&] { dot7_ops = g_dot7_peak(iterations); }, reps);
  const double g7 = dot7_ops * iterations / (ms7 * 1e6);
  if (print) {
    std::printf("peak int8 dot7 (%s), register-only: 12 chains %.2f GOP/s\n", qs8_dot7_peak_label(), g7);
    std::printf("peak int8 dot_i16x8+add, register-only: 12 chains %.2f GOP/s, 14 chains %.2f GOP/s\n", g12, g14);
    std::printf("peak f32x4 mul+add, register-only: 7+7 chains %.2f GFLOP/s\n", gf);
  }
  return {std::max(g12, g14), gf, g7};
}

// One config per dot7 tile (or dot7w tile: 7-bit weights), with the 1-row
// kernel of the same NR.
std::vector<QS8Dot7Config> dot7_configs(const QS8Dot7UkernelInfo* (*ukernels)(size_t*) = qs8_dot7_ukernels) {
  size_t count = 0;
  const QS8Dot7UkernelInfo* list = ukernels(&count);
  std::vector<QS8Dot7Config> configs;
  for (size_t i = 0; i < count; i++) {
    QS8Dot7UkernelFn row = nullptr;
    for (size_t j = 0; j < count; j++)
      if (list[j].mr == 1 && list[j].nr == list[i].nr) row = list[j].fn;
    configs.push_back({list[i].name, list[i].mr, list[i].nr, list[i].fn, row});
  }
  return configs;
}

bool matches(const std::string& name, const char* filter) {
  return filter == nullptr || name.find(filter) != std::string::npos;
}

void bench_square(const char* filter, int reps) {
  const size_t m = 512, n = 512, k = 512;
  std::mt19937 rng(1);
  std::uniform_int_distribution<int> i8(-127, 127);
  std::uniform_real_distribution<float> f(-1.0f, 1.0f);
  std::vector<int8_t> a(m * k), b(k * n), c(m * n);
  for (int8_t& x : a) x = static_cast<int8_t>(i8(rng));
  for (int8_t& x : b) x = static_cast<int8_t>(i8(rng));
  std::vector<int32_t> bias(n, 0);
  std::vector<float> scales(n, 1.0f / 4096);
  std::vector<float> fa(m * k), fb(k * n), fbias(n), fc(m * n);
  for (float& x : fa) x = f(rng);
  for (float& x : fb) x = f(rng);
  const double ops = 2.0 * m * n * k;
  const QS8RequantParams params = qs8_requant_params(0, -128, 127);

  const F32GemmConfig fconfig = f32_gemm_select_config(m, n, k);
  std::vector<float> fpacked(f32_packw_gemm_size(n, k, fconfig.nr));
  f32_packw_gemm_gio(fconfig.nr, n, k, fb.data(), n, fbias.data(), fpacked.data());
  std::vector<float> workspace(std::max<size_t>(1, f32_gemm_workspace_size(fconfig, m, k)));
  const F32MinMaxParams fparams = f32_minmax_none();

  // Interleave: peaks, f32, then each int8 tile, twice; report the medians.
  size_t count = 0;
  const QS8GemmUkernelInfo* list = qs8_gemm_ukernels(&count);
  std::printf("%-58s %10s %10s %8s\n", "512x512x512", "ms", "GOP/s", "%peak");
  const Peaks peaks = measure_peaks(reps, false);
  const double fms = time_median_ms(
      [&] { f32_gemm(fconfig, m, n, k, fa.data(), k, fpacked.data(), fc.data(), n, fparams, workspace.data()); },
      reps);
  std::printf("%-58s %10.3f %10.2f %7.1f%%  (of the f32 peak)\n",
              (std::string("f32 ") + fconfig.name + " (runtime choice)").c_str(), fms, ops / (fms * 1e6),
              100.0 * ops / (fms * 1e6) / peaks.f32_gflops);
  for (size_t i = 0; i < count; i++) {
    if (!matches(list[i].name, filter)) continue;
    const QS8GemmConfig config = qs8_gemm_config(list[i]);
    std::vector<char> packed(qs8_packw_size(config.nr, n, 1, k));
    qs8_packw(config.nr, n, 1, k, b.data(), 1, 0, n, bias.data(), scales.data(), 0, packed.data());
    const double ms =
        time_median_ms([&] { qs8_gemm(config, m, n, k, a.data(), k, packed.data(), c.data(), n, params); }, reps);
    std::printf("%-58s %10.3f %10.2f %7.1f%%\n", list[i].name, ms, ops / (ms * 1e6),
                100.0 * ops / (ms * 1e6) / peaks.int8_gops);
  }
  // Pre-widened A (packing included in the time).
  const QS8PpmmUkernelInfo* plist = qs8_ppmm_ukernels(&count);
  for (size_t i = 0; i < count; i++) {
    if (!matches(plist[i].name, filter)) continue;
    const QS8GemmConfig config = qs8_gemm_ppmm_config(plist[i], qs8_gemm_default_config());
    if (config.nr != plist[i].nr) continue;  // the base's 1-row kernel must share NR
    std::vector<char> packed(qs8_packw_size(config.nr, n, 1, k));
    qs8_packw(config.nr, n, 1, k, b.data(), 1, 0, n, bias.data(), scales.data(), 0, packed.data());
    std::vector<int16_t> workspace(qs8_gemm_workspace_size(config, m, k));
    const double ms = time_median_ms(
        [&] { qs8_gemm(config, m, n, k, a.data(), k, packed.data(), c.data(), n, params, workspace.data()); }, reps);
    std::printf("%-58s %10.3f %10.2f %7.1f%%\n", plist[i].name, ms, ops / (ms * 1e6),
                100.0 * ops / (ms * 1e6) / peaks.int8_gops);
  }
  // dot7: A in 0..127 (its contract), read in place.
  std::vector<int8_t> a7(m * k);
  for (int8_t& x : a7) x = static_cast<int8_t>(i8(rng) & 127);
  for (const QS8Dot7Config& config : dot7_configs()) {
    if (!matches(config.name, filter)) continue;
    std::vector<char> packed(qs8_packw_c4_size(config.nr, n, k));
    qs8_packw_c4(config.nr, n, k, b.data(), 1, n, bias.data(), scales.data(), 0, packed.data());
    const double ms =
        time_median_ms([&] { qs8_gemm_dot7(config, m, n, k, a7.data(), k, packed.data(), c.data(), n, params); }, reps);
    std::printf("%-58s %10.3f %10.2f %7.1f%%  (%.1f%% of the dot7 peak)\n", config.name, ms, ops / (ms * 1e6),
                100.0 * ops / (ms * 1e6) / peaks.int8_gops, 100.0 * ops / (ms * 1e6) / peaks.dot7_gops);
  }
  std::printf("(peaks interleaved with the GEMMs: int8 %.2f GOP/s, f32 %.2f GFLOP/s, dot7 %.2f GOP/s)\n",
              peaks.int8_gops, peaks.f32_gflops, peaks.dot7_gops);
}


void bench_mlp(int reps) {
  const size_t k1 = 784, n1 = 1024, n2 = 1024;
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> i8(-127, 127);
  std::vector<int8_t> a(k1), w1(k1 * n1), w2(n1 * n2), h(n1), y(n2);
  for (std::vector<int8_t>* v : {&a, &w1, &w2})
    for (int8_t& x : *v) x = static_cast<int8_t>(i8(rng));
  std::vector<int32_t> bias(n2, 0);
  std::vector<float> scales(n2, 1.0f / 8192);
  const QS8GemmConfig config = qs8_gemm_default_config();
  std::vector<char> p1(qs8_packw_size(config.nr, n1, 1, k1)), p2(qs8_packw_size(config.nr, n2, 1, n1));
  qs8_packw(config.nr, n1, 1, k1, w1.data(), 1, 0, n1, bias.data(), scales.data(), 0, p1.data());
  qs8_packw(config.nr, n2, 1, n1, w2.data(), 1, 0, n2, bias.data(), scales.data(), 0, p2.data());
  const QS8RequantParams params = qs8_requant_params(0, 0, 127);
  const double ms = time_median_ms([&] {
    qs8_gemm(config, 1, n1, k1, a.data(), k1, p1.data(), h.data(), n1, params);
    qs8_gemm(config, 1, n2, n1, h.data(), n1, p2.data(), y.data(), n2, params);
  }, reps);

  std::vector<float> fa(k1, 0.5f), fw1(k1 * n1, 0.01f), fw2(n1 * n2, 0.01f), fbias(n2, 0.0f), fh(n1), fy(n2);
  // f32: the runtime's batch-1 kernel (gemm_step.cc: f32_gemv_default_ukernel).
  const F32GemvUkernelInfo fgemv = f32_gemv_default_ukernel();
  std::vector<float> fp1(f32_packw_gemm_size(n1, k1, fgemv.nr)), fp2(f32_packw_gemm_size(n2, n1, fgemv.nr));
  f32_packw_gemm_gio(fgemv.nr, n1, k1, fw1.data(), n1, fbias.data(), fp1.data());
  f32_packw_gemm_gio(fgemv.nr, n2, n1, fw2.data(), n2, fbias.data(), fp2.data());
  const F32MinMaxParams relu = f32_minmax_relu();
  const double fms = time_median_ms([&] {
    fgemv.fn(n1, k1 * sizeof(float), fa.data(), fp1.data(), fh.data(), &relu);
    fgemv.fn(n2, n1 * sizeof(float), fh.data(), fp2.data(), fy.data(), &relu);
  }, reps);
  std::printf("M = 1, 784->1024->1024: int8 %s %.4f ms (%.2f GB/s packed), f32 %s %.4f ms: int8/f32 = %.2fx\n",
              config.name, ms, (p1.size() + p2.size()) / (ms * 1e6), fgemv.name, fms, ms / fms);
  // GEMV kernels on int8 weights (widened in the loop: half the bytes).
  size_t count = 0;
  const QS8GemvUkernelInfo* list = qs8_gemv_ukernels(&count);
  for (size_t i = 0; i < count; i++) {
    std::vector<char> g1(qs8_packw_int8_size(list[i].nr, n1, k1)), g2(qs8_packw_int8_size(list[i].nr, n2, n1));
    qs8_packw_int8(list[i].nr, n1, k1, w1.data(), 1, n1, bias.data(), scales.data(), 0, g1.data());
    qs8_packw_int8(list[i].nr, n2, n1, w2.data(), 1, n2, bias.data(), scales.data(), 0, g2.data());
    const double gms = time_median_ms([&] {
      list[i].fn(n1, k1, a.data(), g1.data(), h.data(), &params);
      list[i].fn(n2, n1, h.data(), g2.data(), y.data(), &params);
    }, reps);
    std::printf("  %-58s %.4f ms (%.2f GB/s packed): int8/f32 = %.2fx\n", list[i].name, gms,
                (g1.size() + g2.size()) / (gms * 1e6), gms / fms);
  }
  // GEMV kernels on the sra packing (two int8 weights per int16 lane; the
  // input widened once per call, included in the time).
  size_t sra_count = 0;
  const QS8GemvSraUkernelInfo* sra = qs8_gemv_sra_ukernels(&sra_count);
  std::vector<int16_t> a16(qs8_gemv_sra_input_size(n1));
  for (size_t i = 0; i < sra_count; i++) {
    std::vector<char> g1(qs8_packw_sra_size(sra[i].nr, n1, k1)), g2(qs8_packw_sra_size(sra[i].nr, n2, n1));
    qs8_packw_sra(sra[i].nr, n1, k1, w1.data(), 1, n1, bias.data(), scales.data(), 0, g1.data());
    qs8_packw_sra(sra[i].nr, n2, n1, w2.data(), 1, n2, bias.data(), scales.data(), 0, g2.data());
    const double gms = time_median_ms([&] {
      int32_t sum = qs8_gemv_sra_widen_input(k1, a.data(), a16.data());
      sra[i].fn(n1, k1, a16.data(), sum, g1.data(), h.data(), &params);
      sum = qs8_gemv_sra_widen_input(n1, h.data(), a16.data());
      sra[i].fn(n2, n1, a16.data(), sum, g2.data(), y.data(), &params);
    }, reps);
    std::printf("  %-58s %.4f ms (%.2f GB/s packed): int8/f32 = %.2fx\n", sra[i].name, gms,
                (g1.size() + g2.size()) / (gms * 1e6), gms / fms);
  }
  // The runtime's sra kernel on weights that stay in L2 (1024 x 128: 128 KiB,
  // 16 calls per timed sample: the MLP's 2M MACs): streaming or op bound?
  {
    const size_t nh = 128, reps_per_sample = 16;
    std::vector<char> gh(qs8_packw_sra_size(16, nh, n1));
    qs8_packw_sra(16, nh, n1, w2.data(), 1, n2, bias.data(), scales.data(), 0, gh.data());
    const int32_t sum = qs8_gemv_sra_widen_input(n1, h.data(), a16.data());
    const double hms = time_median_ms([&] {
      for (size_t r = 0; r < reps_per_sample; r++)
        qs8_gemv_sra_default_ukernel().fn(nh, n1, a16.data(), sum, gh.data(), y.data(), &params);
    }, reps);
    std::printf("  %-58s %.4f ms per 2M MACs (%.1f GMAC/s)\n", "sra 1x16, 1024 x 128 weights hot in L2, x16", hms,
                double(reps_per_sample * nh * n1) / (hms * 1e6));
  }
  // dot7 1-row kernels (int8 weights, A in 0..127).
  std::vector<int8_t> a7(k1);
  for (size_t i = 0; i < k1; i++) a7[i] = static_cast<int8_t>(a[i] & 127);
  for (const QS8Dot7Config& d : dot7_configs()) {
    if (d.mr != 1) continue;
    std::vector<char> g1(qs8_packw_c4_size(d.nr, n1, k1)), g2(qs8_packw_c4_size(d.nr, n2, n1));
    qs8_packw_c4(d.nr, n1, k1, w1.data(), 1, n1, bias.data(), scales.data(), 0, g1.data());
    qs8_packw_c4(d.nr, n2, n1, w2.data(), 1, n2, bias.data(), scales.data(), 0, g2.data());
    const double gms = time_median_ms([&] {
      qs8_gemm_dot7(d, 1, n1, k1, a7.data(), k1, g1.data(), h.data(), n1, params);
      qs8_gemm_dot7(d, 1, n2, n1, h.data(), n1, g2.data(), y.data(), n2, params);
    }, reps);
    std::printf("  %-58s %.4f ms (%.2f GB/s packed): int8/f32 = %.2fx\n", d.name, gms,
                (g1.size() + g2.size()) / (gms * 1e6), gms / fms);
  }
}

// (e) MobileNetV2's pointwise convs (M = pixels, N = out, K = in), each
// layer shape once, summed: the f32 runtime's choice vs int8 configs.
void bench_pointwise(int reps) {
  struct Shape {
    size_t m, n, k;
  };
  const Shape shapes[] = {{12544, 16, 32},  {12544, 96, 16},  {3136, 24, 96},  {3136, 144, 24}, {3136, 24, 144},
                          {784, 32, 144},   {784, 192, 32},   {784, 32, 192},  {196, 64, 192},  {196, 384, 64},
                          {196, 64, 384},   {196, 96, 384},   {196, 576, 96},  {196, 96, 576},  {49, 160, 576},
                          {49, 960, 160},   {49, 160, 960},   {49, 320, 960},  {49, 1280, 320}};
  std::vector<QS8GemmConfig> configs;
  configs.push_back(qs8_gemm_default_config());
  size_t count = 0;
  const QS8PpmmUkernelInfo* plist = qs8_ppmm_ukernels(&count);
  // NR = 16 ppmm tiles take the 2x16 GEMM kernels (same packing) for their 1-row strips.
  size_t gemm_count = 0;
  const QS8GemmUkernelInfo* glist = qs8_gemm_ukernels(&gemm_count);
  QS8GemmConfig base16 = qs8_gemm_default_config();
  for (size_t i = 0; i < gemm_count; i++)
    if (glist[i].nr == 16 && glist[i].mr == 2) base16 = qs8_gemm_config(glist[i]);
  for (size_t i = 0; i < count; i++)
    if (plist[i].mr >= 2 && (plist[i].nr == 8 || base16.nr == 16))
      configs.push_back(qs8_gemm_ppmm_config(plist[i], plist[i].nr == 8 ? qs8_gemm_default_config() : base16));
  const QS8PpmmUkernelInfo* ilist = qs8_ppmm_interleaved_ukernels(&count);
  for (size_t i = 0; i < count; i++)
    configs.push_back(qs8_gemm_ppmm_config(ilist[i], qs8_gemm_default_config(), /*interleaved=*/true));
  QS8GemmConfig in_loop = qs8_gemm_default_config();
  in_loop.ppmm = nullptr;
  in_loop.name = "3x8c2 dot16 (no ppmm)";
  configs.push_back(in_loop);
  // dot7 tiles, then dot7w ones (weights packed + 64; the shapes' weights, 2, fit 7 bits).
  std::vector<QS8Dot7Config> dot7 = dot7_configs();
  const size_t dot7_count = dot7.size();
  for (const QS8Dot7Config& config : dot7_configs(qs8_dot7w_ukernels)) dot7.push_back(config);
  std::vector<double> int8_ms(configs.size(), 0.0), dot7_ms(dot7.size(), 0.0);
  double f32_ms = 0, packa_ms = 0;
  std::vector<double> shape_int8, shape_f32, shape_packa;  // per shape: configs[0] (the runtime's) and f32
  for (const Shape& sh : shapes) {
    const double int8_before = int8_ms[0], f32_before = f32_ms;
    std::vector<int8_t> a(sh.m * sh.k, 1), b(sh.k * sh.n, 2), c(sh.m * sh.n);
    std::vector<int32_t> bias(sh.n, 0);
    std::vector<float> scales(sh.n, 0.001f);
    const QS8RequantParams params = qs8_requant_params(0, -128, 127);
    for (size_t i = 0; i < configs.size(); i++) {
      std::vector<char> packed(qs8_packw_size(configs[i].nr, sh.n, 1, sh.k));
      qs8_packw(configs[i].nr, sh.n, 1, sh.k, b.data(), 1, 0, sh.n, bias.data(), scales.data(), 0, packed.data());
      std::vector<int16_t> ws(qs8_gemm_workspace_size(configs[i], sh.m, sh.k));
      int8_ms[i] += time_median_ms([&] {
        qs8_gemm(configs[i], sh.m, sh.n, sh.k, a.data(), sh.k, packed.data(), c.data(), sh.n, params, ws.data());
      }, reps);
    }
    for (size_t i = 0; i < dot7.size(); i++) {
      if (dot7[i].mr == 1) continue;
      std::vector<char> packed(qs8_packw_c4_size(dot7[i].nr, sh.n, sh.k));
      (i < dot7_count ? qs8_packw_c4 : qs8_packw_c4_w7)(dot7[i].nr, sh.n, sh.k, b.data(), 1, sh.n, bias.data(),
                                                         scales.data(), 0, packed.data());
      dot7_ms[i] += time_median_ms(
          [&] { qs8_gemm_dot7(dot7[i], sh.m, sh.n, sh.k, a.data(), sh.k, packed.data(), c.data(), sh.n, params); },
          reps);
    }
    std::vector<float> fa(sh.m * sh.k, 0.5f), fb(sh.k * sh.n, 0.25f), fbias(sh.n, 0.0f), fc(sh.m * sh.n);
    const F32GemmConfig fconfig = f32_gemm_select_config(sh.m, sh.n, sh.k);
    std::vector<float> fpacked(f32_packw_gemm_size(sh.n, sh.k, fconfig.nr));
    f32_packw_gemm_gio(fconfig.nr, sh.n, sh.k, fb.data(), sh.n, fbias.data(), fpacked.data());
    std::vector<float> fws(std::max<size_t>(1, f32_gemm_workspace_size(fconfig, sh.m, sh.k)));
    const F32MinMaxParams fparams = f32_minmax_relu6();
    f32_ms += time_median_ms([&] {
      f32_gemm(fconfig, sh.m, sh.n, sh.k, fa.data(), sh.k, fpacked.data(), fc.data(), sh.n, fparams, fws.data());
    }, reps);
    {  // the runtime config's A widening alone (per 96-row block, as qs8_gemm does)
      std::vector<int16_t> ws(qs8_gemm_workspace_size(configs[0], sh.m, sh.k));
      const double t = time_median_ms([&] {
        for (size_t m0 = 0; m0 < sh.m; m0 += kQS8PpmmRowBlock)
          qs8_packa_int16_interleaved(configs[0].ppmm_mr, std::min(kQS8PpmmRowBlock, sh.m - m0), sh.k,
                                      a.data() + m0 * sh.k, sh.k, ws.data());
      }, reps);
      shape_packa.push_back(t);
      packa_ms += t;
    }
    shape_int8.push_back(int8_ms[0] - int8_before);
    shape_f32.push_back(f32_ms - f32_before);
  }
  std::printf("MobileNetV2 pointwise shapes, per shape (%s vs the f32 runtime choice):\n", configs[0].name);
  for (size_t s = 0; s < shape_int8.size(); s++) {
    const Shape& sh = shapes[s];
    const double gop = 2.0 * sh.m * sh.n * sh.k * 1e-9;
    std::printf("  M %5zu N %4zu K %4zu  int8 %7.3f ms (%5.1f GOP/s)  f32 %7.3f ms (%5.1f GFLOP/s)  %.2fx  (A widening %.3f ms)\n",
                sh.m, sh.n, sh.k, shape_int8[s], gop / (shape_int8[s] * 1e-3), shape_f32[s],
                gop / (shape_f32[s] * 1e-3), shape_int8[s] / shape_f32[s], shape_packa[s]);
  }
  std::printf("MobileNetV2 pointwise shapes (each once), summed:\n");
  std::printf("  %-58s %8.3f ms\n", "f32 runtime choice per shape", f32_ms);
  std::printf("  %-58s %8.3f ms\n", "its A widening alone (qs8_packa_int16_interleaved)", packa_ms);
  for (size_t i = 0; i < configs.size(); i++)
    std::printf("  %-58s %8.3f ms  (%.2fx f32)\n", configs[i].name, int8_ms[i], int8_ms[i] / f32_ms);
  for (size_t i = 0; i < dot7.size(); i++)
    if (dot7[i].mr != 1)
      std::printf("  %-58s %8.3f ms  (%.2fx f32, %.2fx %s)\n", dot7[i].name, dot7_ms[i], dot7_ms[i] / f32_ms,
                  dot7_ms[i] / int8_ms[0], configs[0].name);
}

// stride 1: the 13 stride-1 layers' six shapes (once each); stride 2: the
// four stride-2 layers (input side given).
void bench_dwconv_layers(int reps, size_t stride) {
  struct Layer {
    size_t hw, channels;
  };
  static const Layer stride1[] = {{112, 32}, {56, 144}, {28, 192}, {14, 384}, {14, 576}, {7, 960}};
  static const Layer stride2[] = {{112, 96}, {56, 144}, {28, 192}, {14, 576}};
  const std::vector<Layer> layers = stride == 1 ? std::vector<Layer>(std::begin(stride1), std::end(stride1))
                                                : std::vector<Layer>(std::begin(stride2), std::end(stride2));
  // The any-size kernels, then the 3x3-only ones (same call).
  size_t any_count = 0, nine_count = 0;
  const QS8DwconvUkernelInfo* any = qs8_dwconv_ukernels(&any_count);
  const QS8DwconvUkernelInfo* nine = qs8_dwconv_9p_ukernels(&nine_count);
  std::vector<QS8DwconvUkernelInfo> list(any, any + any_count);
  list.insert(list.end(), nine, nine + nine_count);
  // The runtime's kernels for these layers (weights within the int8-clamp
  // bound, the whole int8 output range): the no-clamp twins.
  list.push_back({"qs8_dwconv_minmax_fp32_ukernel_9p16c__wasmsimd_dot16x2_1px_i8sat", 16, QS8DwconvPacking::kTapPairs,
                  qs8_dwconv_minmax_fp32_ukernel_9p16c__wasmsimd_dot16x2_1px_i8sat});
  list.push_back({"qs8_dwconv_minmax_fp32_ukernel_9p8c__wasmsimd_dot16x2_cols_i8sat", 8,
                  QS8DwconvPacking::kTapPairs3x3Cols, qs8_dwconv_minmax_fp32_ukernel_9p8c__wasmsimd_dot16x2_cols_i8sat});
  const size_t count = list.size();
  std::vector<double> total(count + 2, 0.0);
  for (const Layer& l : layers) {
    const Conv2DGeometry g = make_conv2d_geometry(l.hw, l.hw, 3, 3, stride, stride, 1, 1, 1, 1, 1, 1);
    const size_t c = l.channels, pixels = g.output_pixels();
    std::vector<int8_t> x(l.hw * l.hw * c, 3), y(pixels * c), zero(c + 16, 0);
    std::vector<int8_t> w(c * 9, 5);
    std::vector<int32_t> bias(c, 0);
    std::vector<float> scales(c, 0.01f);
    std::vector<const int8_t*> ind(dwconv_indirection_size(g));
    dwconv_indirection_init(g, x.data(), c, zero.data(), ind.data());
    const QS8RequantParams params = qs8_requant_params(0, -128, 127);
    for (size_t i = 0; i < count; i++) {
      std::vector<char> packed(qs8_packw_dwconv_size(list[i].channel_tile, c, 9, list[i].packing));
      qs8_packw_dwconv(list[i].channel_tile, c, 9, w.data(), bias.data(), scales.data(), 0, packed.data(),
                       list[i].packing);
      total[i] += time_median_ms([&] {
        list[i].fn(c, pixels, 9, ind.data(), packed.data(), y.data(), 9 * sizeof(void*), 0, 0, zero.data(), &params);
      }, reps);
    }
    // f32: the runtime's 3x3 kernel (3px_cols: stride-1 rows share input
    // columns), as dwconv_step.cc runs it, and the 3px_split3 one it replaced.
    std::vector<float> fx(l.hw * l.hw * c, 0.5f), fy(pixels * c), fzero(c, 0.0f), fw(c * 9, 0.25f), fb(c, 0.0f);
    std::vector<float> fpacked(f32_packw_dwconv_size(c, 9, 4));
    f32_packw_dwconv_chw(4, c, 9, fw.data(), fb.data(), fpacked.data());
    std::vector<const float*> find(dwconv_indirection_size(g));
    dwconv_indirection_init(g, fx.data(), c, fzero.data(), find.data());
    const F32MinMaxParams fparams = f32_minmax_none();
    total[count + 1] += time_median_ms([&] {
      f32_dwconv_minmax_ukernel_9p4c__wasmsimd_3px_cols(c, pixels, 9, find.data(), fpacked.data(), fy.data(),
                                                        9 * sizeof(void*), 0, 0, fzero.data(), &fparams);
    }, reps);
    total[count] += time_median_ms([&] {
      f32_dwconv_minmax_ukernel_9p4c__wasmsimd_3px_split3(c, pixels, 9, find.data(), fpacked.data(), fy.data(),
                                                          9 * sizeof(void*), 0, 0, fzero.data(), &fparams);
    }, reps);
  }
  std::printf("MobileNetV2 3x3 depthwise layers, stride %zu (%s), summed:\n", stride,
              stride == 1 ? "112x32 .. 7x960" : "112x96 .. 14x576, input sides");
  for (size_t i = 0; i < count; i++) std::printf("  %-58s %8.3f ms\n", list[i].name, total[i]);
  std::printf("  %-58s %8.3f ms\n", "f32 9p4c 3px cols (runtime)", total[count + 1]);
  std::printf("  %-58s %8.3f ms\n", "f32 9p4c 3px split3 (the runtime's before the cols kernel)", total[count]);
}

void bench_dwconv(int reps) {
  bench_dwconv_layers(reps, 1);
  bench_dwconv_layers(reps, 2);
}

// One stem shape: the int8 im2col copy + GEMM against the kernel-row A
// packing + ppmm, and each part alone.
void bench_stem_shape(const char* name, const Conv2DGeometry& g, size_t cout, int reps) {
  const size_t cin = 3, taps = g.kernel_size(), k = taps * cin;
  const size_t pixels = g.output_pixels();
  std::mt19937 rng(3);
  std::vector<int8_t> image(g.input_height * g.input_width * cin), w(cout * k), patch(pixels * k), out(pixels * cout);
  for (int8_t& v : image) v = static_cast<int8_t>(rng() % 255 - 127);
  for (int8_t& v : w) v = static_cast<int8_t>(rng() % 255 - 127);
  std::vector<int32_t> bias(cout, 0);
  std::vector<float> scales(cout, 0.0005f);
  const QS8GemmConfig config = qs8_gemm_default_config();
  const QS8RequantParams params = qs8_requant_params(0, -128, 127);
  std::vector<char> packed(qs8_packw_size(config.nr, cout, 1, k));
  qs8_packw(config.nr, cout, 1, k, w.data(), k, 0, 1, bias.data(), scales.data(), 0, packed.data());
  // The kernel-row packing's K (round_up(KH * run, 8): 80 for BlazeFace's
  // 5x5 on RGB against 75 here): its ppmm must run over all of it. The
  // weights' order does not matter for the timing (the output is not
  // checked here; tests/cpp/kernels/qs8_packa_conv_test.cc checks it).
  const size_t k_rows = qs8_conv_rows_k(g, cin);
  std::vector<int8_t> w_rows(cout * k_rows);
  for (int8_t& v : w_rows) v = static_cast<int8_t>(rng() % 255 - 127);
  std::vector<char> packed_rows(qs8_packw_size(config.nr, cout, 1, k_rows));
  qs8_packw(config.nr, cout, 1, k_rows, w_rows.data(), k_rows, 0, 1, bias.data(), scales.data(), 0, packed_rows.data());
  std::vector<int16_t> workspace(qs8_gemm_workspace_size(config, pixels, std::max(k, k_rows)));
  const std::vector<int8_t> zero(16, 0);
  std::vector<const int8_t*> ind(dwconv_indirection_size(g));
  dwconv_indirection_init(g, image.data(), cin, zero.data(), ind.data());
  auto copy = [&] {
    int8_t* row = patch.data();
    for (size_t i = 0; i < pixels * taps; i++, row += 3) std::memcpy(row, ind[i], 3);
  };
  auto gemm = [&] {
    qs8_gemm(config, pixels, cout, k, patch.data(), k, packed.data(), out.data(), cout, params, workspace.data());
  };
  auto rows = [&](bool multiply) {
    for (size_t m0 = 0; m0 < pixels; m0 += kQS8PpmmRowBlock) {
      const size_t mb = std::min(kQS8PpmmRowBlock, pixels - m0);
      qs8_packa_conv_rows(g, cin, image.data(), 0, m0, mb, workspace.data());
      if (multiply)
        qs8_ppmm_widened(config, mb, cout, k_rows, workspace.data(), packed_rows.data(), out.data() + m0 * cout, cout,
                         params);
    }
  };
  double ms[5] = {};
  for (int round = 0; round < 3; round++) {
    ms[0] += time_median_ms([&] { copy(); gemm(); }, reps);
    ms[1] += time_median_ms(copy, reps);
    ms[2] += time_median_ms(gemm, reps);
    ms[3] += time_median_ms([&] { rows(true); }, reps);
    ms[4] += time_median_ms([&] { rows(false); }, reps);
  }
  std::printf("%s, mean of 3 interleaved medians:\n", name);
  std::printf("  %-44s %8.3f ms\n", "im2col copy + qs8_gemm (interleaved pack)", ms[0] / 3);
  std::printf("  %-44s %8.3f ms\n", "  im2col copy alone", ms[1] / 3);
  std::printf("  %-44s %8.3f ms\n", "  qs8_gemm alone (pack + ppmm)", ms[2] / 3);
  std::printf("  %-44s %8.3f ms\n", "kernel-row A pack + ppmm", ms[3] / 3);
  std::printf("  %-44s %8.3f ms\n", "  kernel-row A pack alone", ms[4] / 3);
}

void bench_stem(int reps) {
  bench_stem_shape("MobileNetV2 stem 224x224x3 -> 112x112x32 (3x3 s2)",
                   make_conv2d_geometry(224, 224, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1), 32, reps);
  // BlazeFace (back, 256): 5x5 s2, TF "same" pads (1 top/left, 2 bottom/right).
  bench_stem_shape("BlazeFace stem 256x256x3 -> 128x128x24 (5x5 s2)",
                   make_conv2d_geometry(256, 256, 5, 5, 2, 2, 1, 1, 1, 1, 2, 2), 24, reps);
}

}  // namespace

int main(int argc, char** argv) {
  const char* filter = nullptr;
  int reps = 15;
  for (int i = 1; i < argc; i++) {
    if (std::strcmp(argv[i], "--reps") == 0 && i + 1 < argc) {
      reps = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--cpu-time") == 0) {
      g_use_cpu_time = true;
    } else {
      filter = argv[i];
    }
  }
  if (filter != nullptr && std::strcmp(filter, "dwconv") == 0) {  // the depthwise part alone
    bench_dwconv(reps);
    return 0;
  }
  if (filter != nullptr && std::strcmp(filter, "mlp") == 0) {  // the batch-1 MLP part alone (and the peaks)
    measure_peaks(reps, true);
    bench_mlp(reps);
    return 0;
  }
  if (filter != nullptr && std::strcmp(filter, "stem") == 0) {
    bench_stem(reps);
    return 0;
  }
  if (filter != nullptr && std::strcmp(filter, "pointwise") == 0) {  // the 1x1 part alone
    bench_pointwise(reps);
    return 0;
  }
  measure_peaks(reps, true);
  bench_square(filter, reps);
  bench_mlp(reps);
  bench_dwconv(reps);
  bench_pointwise(reps);
  return 0;
}
