// f32 GEMM benchmark (wasm SIMD128 under node): how close each microkernel
// gets to the machine's register-only f32x4 mul+add peak. Its relaxed-SIMD
// twin (kernels and peak with f32x4.relaxed_madd; see the peak functions):
//   node --experimental-wasm-relaxed-simd build-wasm/bench/nnslim_bench_gemm_relaxed.cjs [same options]
//
//   node build-wasm/bench/nnslim_bench_gemm.cjs [name-filter[,filter...]] [--reps N]
//        [--nc-block N] [--mc-block N]   (override the driver's blocking)
//        [--shape label-substring] [--cpu-time] [--igemm-stem] [--gemv-only]
//
// (a) peak: independent f32x4 mul chains and add chains, no memory traffic.
//     Zen 4 (and most x86 cores) has 2 mul + 2 add pipes with 3-cycle
//     latency, so >= 6 chains of each are needed; exactly 6 leaves no slack
//     and measures ~85-95% of the pipes, 7 + 7 (14 of V8's 15 allocatable
//     xmm registers, as many accumulators as a GEMM tile can hold) measures
//     more, 8 + 8 spills. The peak is the best of 6 + 6 and 7 + 7.
//     1 mul or add of f32x4 = 4 FLOPs. Also printed: the clock implied by one
//     dependent mul chain (3-cycle latency) and 16 FLOP/cycle at that clock,
//     the pipes' theoretical ceiling. Measured once up front, and again
//     interleaved with the kernels of each shape (%peak uses the interleaved one).
// (b) full GEMMs through f32_gemm (A row-major, B packed, bias, no clamp;
//     f32_ppmm_* rows include packing A into the workspace):
//     2*M*N*K FLOPs per run; median of reps runs after warm-up.
// (d) M = 1: the batch-1 MLP's two big layers (784 -> 1024 -> 1024) run back
//     to back by each f32 GEMV kernel and by f32_gemm with each 1xNR GEMM
//     kernel, round-robin; reported as GB/s of packed weights streamed.
//     (--gemv-only skips (a)-(c).)
// (e) --igemm-stem: only MobileNetV2's stem conv through each IGEMM kernel.
#include <emscripten.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/simd.h"
#include "gemm_peak.h"
#include "kernels/f32-gemm/f32-gemm-driver.h"
#include "kernels/f32-gemv/f32-gemv.h"
#include "kernels/f32-igemm/f32-igemm-driver.h"
#include "kernels/indirection/conv2d-indirection.h"
#include "kernels/f32-packw/f32-packw.h"

using namespace nnslim::kernels;

// Process CPU time in ms (user + system, all threads of node): with
// --cpu-time the benchmark times with it instead of wall-clock time, so
// time slices lost to other processes on a shared machine do not count.
// (A JS library function, cpu_time.js, rather than EM_JS: the relaxed twin's
// link reads the module's metadata in Python, which does not see EM_JS.)
extern "C" double process_cpu_ms();

namespace {

bool g_use_cpu_time = false;
double now_ms() { return g_use_cpu_time ? process_cpu_ms() : emscripten_get_now(); }

volatile float g_one = 1.0f;
volatile float g_zero = 0.0f;
volatile float g_sink = 0.0f;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// One dependent mul chain, 8 muls per iteration: 3 cycles each on Zen 4 (and
// Intel since Skylake), so its time gives the clock the pipes run at.
__attribute__((noinline)) void mul_latency_chain(size_t iterations) {
  const v128_t vx = wasm_f32x4_splat(g_one);
  v128_t v = vx;
  for (size_t i = 0; i < iterations; i++) {
    v = wasm_f32x4_mul(v, vx); v = wasm_f32x4_mul(v, vx); v = wasm_f32x4_mul(v, vx); v = wasm_f32x4_mul(v, vx);
    v = wasm_f32x4_mul(v, vx); v = wasm_f32x4_mul(v, vx); v = wasm_f32x4_mul(v, vx); v = wasm_f32x4_mul(v, vx);
  }
  g_sink = wasm_f32x4_extract_lane(v, 0);
}

// Called through pointers: Binaryen's inliner ignores noinline, and a loop
// inlined into main() would run as Liftoff code (main is entered once).
void (*volatile g_mul_latency_chain)(size_t) = mul_latency_chain;
// The register-only peak loops (gemm_peak.cc: mul+add, or relaxed_madd in nnslim_bench_gemm_relaxed).
const PeakLoops kPeak = gemm_peak_loops();

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

double measure_peak_gflops(int reps) {
  const size_t iterations = 2000000;
  const double ms6 = time_median_ms([&] { kPeak.a(iterations); }, reps);
  const double ms7 = time_median_ms([&] { kPeak.b(iterations); }, reps);
  const double msl = time_median_ms([&] { g_mul_latency_chain(iterations); }, reps);
  const double g6 = kPeak.a_flops * iterations / (ms6 * 1e6), g7 = kPeak.b_flops * iterations / (ms7 * 1e6);
  const double ghz = 3.0 * 8.0 * iterations / (msl * 1e6);
  std::printf("peak %s, register-only: %s %.2f GFLOP/s, %s %.2f GFLOP/s\n", kPeak.name, kPeak.a_label, g6, kPeak.b_label, g7);
  std::printf("clock from a dependent mul chain (3-cycle latency): %.2f GHz; 2 mul + 2 add pipes x 4 lanes "
              "= 16 FLOP/cycle -> %.2f GFLOP/s ceiling\n", ghz, 16.0 * ghz);
  return std::max(g6, g7);
}

struct Shape {
  const char* label;
  size_t m, n, k;
  int count = 1;  // layers of this shape in the model (for the MNv2 b1 total)
};

struct GemmCase {
  std::string name;
  F32GemmConfig config;
  bool selected = false;  // full GEMMs: f32_gemm_select_config's choice per shape instead of `config`
};

// name-filter: comma-separated substrings, a kernel runs when any matches.
bool matches_filter(const std::string& name, const char* filter) {
  if (filter == nullptr) return true;
  std::string list = filter;
  size_t start = 0;
  for (;;) {
    const size_t comma = list.find(',', start);
    const std::string piece = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!piece.empty() && name.find(piece) != std::string::npos) return true;
    if (comma == std::string::npos) return false;
    start = comma + 1;
  }
}

// (d): the MLP's 784 -> 1024 -> 1024 layers, one GEMV per layer.
void bench_gemv(int reps) {
  const size_t k1 = 784, n1 = 1024, n2 = 1024;
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> a(k1), b1(k1 * n1), b2(n1 * n2), bias(n2), h(n1), y(n2);
  for (std::vector<float>* v : {&a, &b1, &b2, &bias})
    for (float& x : *v) x = dist(rng);
  const F32MinMaxParams relu = f32_minmax_relu();
  struct Case {
    std::string name;
    size_t nr;
    F32GemvMinMaxUkernelFn gemv;  // or null: f32_gemm with `config`
    F32GemmConfig config;
  };
  std::vector<Case> cases;
  size_t count = 0;
  const F32GemvUkernelInfo* list = f32_gemv_ukernels(&count);
  for (size_t i = 0; i < count; i++)
    if (std::string(list[i].name).find("wasmsimd") != std::string::npos)
      cases.push_back({list[i].name, list[i].nr, list[i].fn, F32GemmConfig{}});
  const F32GemmUkernelInfo* glist = f32_gemm_ukernels(&count);
  for (size_t i = 0; i < count; i++) {
    if (glist[i].mr != 1 || std::string(glist[i].name).find("wasmsimd") == std::string::npos) continue;
    cases.push_back({std::string("f32_gemm with ") + glist[i].name, glist[i].nr, nullptr,
                     F32GemmConfig{glist[i].name, 1, glist[i].nr, glist[i].fn, glist[i].fn, 0}});
  }
  std::vector<std::vector<float>> p1(cases.size()), p2(cases.size());
  for (size_t i = 0; i < cases.size(); i++) {
    p1[i].resize(f32_packw_gemm_size(n1, k1, cases[i].nr));
    p2[i].resize(f32_packw_gemm_size(n2, n1, cases[i].nr));
    f32_packw_gemm_gio(cases[i].nr, n1, k1, b1.data(), n1, bias.data(), p1[i].data());
    f32_packw_gemm_gio(cases[i].nr, n2, n1, b2.data(), n2, bias.data(), p2[i].data());
  }
  auto run = [&](size_t i) {
    const Case& c = cases[i];
    if (c.gemv != nullptr) {
      c.gemv(n1, k1 * sizeof(float), a.data(), p1[i].data(), h.data(), &relu);
      c.gemv(n2, n1 * sizeof(float), h.data(), p2[i].data(), y.data(), &relu);
    } else {
      f32_gemm(c.config, 1, n1, k1, a.data(), k1, p1[i].data(), h.data(), n1, relu);
      f32_gemm(c.config, 1, n2, n1, h.data(), n1, p2[i].data(), y.data(), n2, relu);
    }
  };
  // Each repetition runs every case 3 times in a row and keeps the last
  // (its weights warm, as in repeated inference), round-robin over cases.
  std::vector<std::vector<double>> ms(cases.size());
  for (int rep = 0; rep < reps + 3; rep++) {
    for (size_t i = 0; i < cases.size(); i++) {
      double t = 0;
      for (int r = 0; r < 3; r++) {
        const double t0 = now_ms();
        run(i);
        t = now_ms() - t0;
      }
      if (rep >= 3) ms[i].push_back(t);
    }
  }
  std::printf("%-60s %-26s %9s %8s\n", "M = 1 kernel (layers 784->1024->1024)", "", "ms", "GB/s");
  for (size_t i = 0; i < cases.size(); i++) {
    const double bytes = 4.0 * (p1[i].size() + p2[i].size());
    const double m = median(ms[i]);
    std::printf("%-60s %-26s %9.4f %8.2f\n", cases[i].name.c_str(), "", m, bytes / (m * 1e6));
  }
}

// (e) MobileNetV2's stem conv (224x224x3 -> 112x112x32, 3x3 stride 2 pad 1)
// through f32_igemm with each wasm SIMD IGEMM kernel whose name matches the
// filter, round-robin; K per tap is only 3 channels.
void bench_igemm_stem(const char* filter, int reps) {
  const Conv2DGeometry g = make_conv2d_geometry(224, 224, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1);
  const size_t cin = 3, cout = 32;
  std::mt19937 rng(9);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> input(224 * 224 * cin), weights(cout * cin * 9), bias(cout), out(g.output_pixels() * cout);
  for (std::vector<float>* v : {&input, &weights, &bias})
    for (float& x : *v) x = dist(rng);
  const std::vector<float> zero(cin, 0.0f);
  size_t count = 0;
  const F32IgemmUkernelInfo* list = f32_igemm_ukernels(&count);
  std::vector<F32IgemmConfig> configs;
  std::vector<std::vector<float>> packed;
  std::vector<std::vector<const float*>> indirection;
  for (size_t i = 0; i < count; i++) {
    const std::string name = list[i].name;
    if (name.find("wasmsimd") == std::string::npos || list[i].mr == 1 || !matches_filter(name, filter)) continue;
    configs.push_back({list[i].name, list[i].mr, list[i].nr, list[i].fn});
    packed.emplace_back(f32_packw_conv_size(cout, cin, 9, list[i].nr));
    f32_packw_conv_oihw(list[i].nr, cout, cin, 9, weights.data(), bias.data(), packed.back().data());
    indirection.emplace_back(igemm_indirection_size(g, list[i].mr));
    igemm_indirection_init(g, list[i].mr, input.data(), cin, zero.data(), indirection.back().data());
  }
  const F32MinMaxParams relu6 = f32_minmax_relu6();
  auto run = [&](size_t i) {
    f32_igemm(configs[i], g.output_pixels(), cout, cin, 9, indirection[i].data(), packed[i].data(), out.data(),
              cout, 0, zero.data(), relu6);
  };
  std::vector<std::vector<double>> ms(configs.size());
  for (int rep = 0; rep < reps + 3; rep++) {
    for (size_t i = 0; i < configs.size(); i++) {
      const double t0 = now_ms();
      run(i);
      if (rep >= 3) ms[i].push_back(now_ms() - t0);
    }
  }
  const double flops = 2.0 * g.output_pixels() * cout * cin * 9;
  std::printf("%-52s %-26s %9s %8s\n", "IGEMM kernel", "MNv2 stem 3x3/2 3->32", "ms", "GFLOP/s");
  for (size_t i = 0; i < configs.size(); i++) {
    const double m = median(ms[i]);
    std::printf("%-52s %-26s %9.4f %8.2f\n", configs[i].name, "", m, flops / (m * 1e6));
  }
}

}  // namespace

int main(int argc, char** argv) {
  const char* filter = nullptr;
  const char* shape_filter = nullptr;
  int reps = 21;
  size_t nc_block = 0, mc_block = 0;
  bool gemv_only = false, igemm_stem = false;
  for (int i = 1; i < argc; i++) {
    if (std::strcmp(argv[i], "--gemv-only") == 0) {
      gemv_only = true;
      continue;
    }
    if (std::strcmp(argv[i], "--igemm-stem") == 0) {
      igemm_stem = true;
      continue;
    }
    if (std::strcmp(argv[i], "--reps") == 0 && i + 1 < argc) reps = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--nc-block") == 0 && i + 1 < argc) nc_block = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--mc-block") == 0 && i + 1 < argc) mc_block = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--shape") == 0 && i + 1 < argc) shape_filter = argv[++i];
    else if (std::strcmp(argv[i], "--cpu-time") == 0) g_use_cpu_time = true;
    else filter = argv[i];
  }
  std::printf("timing: %s, median of %d runs after 3 warm-up runs\n",
              g_use_cpu_time ? "process CPU time (process.cpuUsage)" : "wall clock", reps);
  if (igemm_stem) {
    bench_igemm_stem(filter, reps);
    return 0;
  }
  if (gemv_only) {
    bench_gemv(reps);
    return 0;
  }
  const double peak = measure_peak_gflops(reps);

  // Every wasm SIMD kernel with MR > 1 as the main tile, paired with the 1xNR
  // kernel of the same variant for single-row strips.
  std::vector<GemmCase> cases;
  size_t count = 0;
  const F32GemmUkernelInfo* list = f32_gemm_ukernels(&count);
  for (size_t i = 0; i < count; i++) {
    const std::string name = list[i].name;
    // 1-row kernels as the main tile only when the filter names them.
    if (name.find("wasmsimd") == std::string::npos || (list[i].mr == 1 && filter == nullptr)) continue;
    if (!matches_filter(name, filter)) continue;
    F32GemmMinMaxUkernelFn one = nullptr;
    const std::string variant = name.substr(name.find("__"));
    for (size_t j = 0; j < count; j++) {
      const std::string other = list[j].name;
      if (list[j].mr == 1 && list[j].nr == list[i].nr && other.substr(other.find("__")) == variant) one = list[j].fn;
    }
    cases.push_back({name, F32GemmConfig{list[i].name, list[i].mr, list[i].nr, list[i].fn, one, nc_block}});
    cases.back().config.mc_block = mc_block;
    // The same tile on pre-packed A (f32_packa inside f32_gemm, timed).
    if (variant == "__wasmsimd_loadsplat") {
      size_t pcount = 0;
      const F32PpmmUkernelInfo* plist = f32_ppmm_ukernels(&pcount);
      for (size_t j = 0; j < pcount; j++) {
        if (plist[j].mr != list[i].mr || plist[j].nr != list[i].nr) continue;
        F32GemmConfig config = cases.back().config;
        config.ppmm_ukernel = plist[j].fn;
        cases.push_back({plist[j].name, config});
      }
    }
  }

  // What the runtime runs (conv 1x1, MatMul, Gemm steps): the tile
  // f32_gemm_select_config picks for each shape.
  if (matches_filter("selected", filter)) {
    cases.push_back({"f32_gemm_select_config (runtime)", f32_gemm_default_config(), true});
  }

  // (c) each microkernel alone on operands that sit in L1 (MR x 32 x 256,
  // A already packed for ppmm): the compute speed without memory effects.
  {
    const size_t k = 256, n = 32;
    std::vector<float> a(8 * k, 0.5f), w(f32_packw_gemm_size(n, k, 16), 0.25f), c(8 * n);
    const int inner = 2000;
    std::printf("%-52s %-26s %9s %8s %7s\n", "microkernel alone (L1)", "MRx32x256", "us", "GFLOP/s", "%peak");
    for (const GemmCase& gc : cases) {
      if (gc.selected) continue;
      const F32GemmConfig& cfg = gc.config;
      const F32MinMaxParams none = f32_minmax_none();
      auto run = [&] {
        for (int r = 0; r < inner; r++) {
          if (cfg.ppmm_ukernel != nullptr) {
            cfg.ppmm_ukernel(cfg.mr, n, k * sizeof(float), a.data(), w.data(), c.data(), n * sizeof(float),
                             cfg.nr * sizeof(float), &none);
          } else {
            cfg.ukernel(cfg.mr, n, k * sizeof(float), a.data(), k * sizeof(float), w.data(), c.data(),
                        n * sizeof(float), cfg.nr * sizeof(float), &none);
          }
        }
      };
      const double ms = time_median_ms(run, reps) / inner;
      const double gflops = 2.0 * cfg.mr * n * k / (ms * 1e6);
      std::printf("%-52s %-26s %9.3f %8.2f %6.1f%%\n", gc.name.c_str(), "", ms * 1e3, gflops, 100.0 * gflops / peak);
    }
  }

  const Shape shapes[] = {
      {"512x512x512", 512, 512, 512},
      {"L1-resident 4x16x256", 4, 16, 256},
      {"MLP 1x1024x1024", 1, 1024, 1024},
      {"MNv2 expand 3136x144x24", 3136, 144, 24},
      {"MNv2 project 12544x16x32", 12544, 16, 32},
      {"MNv2 1x1 784x192x32", 784, 192, 32},
      // Batch-8 MobileNetV2's 7x7 pointwise layers: the only ones where
      // f32_gemm_select_config picks the large (packed-A) config.
      {"MNv2 b8 392x320x960", 392, 320, 960},
      {"MNv2 b8 392x1280x320", 392, 1280, 320},
      // Other few-row shapes the "M <= 256" packed-A rule reaches: one head
      // of BERT-base attention (QK^T, PV) and an MLP at batch 8.
      {"few rows: QK^T 128x128x64", 128, 128, 64},
      {"few rows: PV 128x64x128", 128, 64, 128},
      {"few rows: MLP b8 8x1024x784", 8, 1024, 784},
      // Every 1x1 conv of MobileNetV2-1.0 (224x224, batch 1) as pixels x Cout
      // x Cin, with how many layers share the shape; the summary after the
      // shapes adds count x ms over them (the model's pointwise time).
      {"MNv2 b1 12544x16x32", 12544, 16, 32, 1},
      {"MNv2 b1 12544x96x16", 12544, 96, 16, 1},
      {"MNv2 b1 3136x24x96", 3136, 24, 96, 1},
      {"MNv2 b1 3136x144x24", 3136, 144, 24, 2},
      {"MNv2 b1 3136x24x144", 3136, 24, 144, 1},
      {"MNv2 b1 784x32x144", 784, 32, 144, 1},
      {"MNv2 b1 784x192x32", 784, 192, 32, 3},
      {"MNv2 b1 784x32x192", 784, 32, 192, 2},
      {"MNv2 b1 196x64x192", 196, 64, 192, 1},
      {"MNv2 b1 196x384x64", 196, 384, 64, 4},
      {"MNv2 b1 196x64x384", 196, 64, 384, 3},
      {"MNv2 b1 196x96x384", 196, 96, 384, 1},
      {"MNv2 b1 196x576x96", 196, 576, 96, 3},
      {"MNv2 b1 196x96x576", 196, 96, 576, 2},
      {"MNv2 b1 49x160x576", 49, 160, 576, 1},
      {"MNv2 b1 49x960x160", 49, 960, 160, 3},
      {"MNv2 b1 49x160x960", 49, 160, 960, 2},
      {"MNv2 b1 49x320x960", 49, 320, 960, 1},
      {"MNv2 b1 49x1280x320", 49, 1280, 320, 1},
  };
  std::vector<double> mnv2_b1_total_ms(cases.size(), 0.0);
  int mnv2_b1_shapes = 0;
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  const F32MinMaxParams params = f32_minmax_none();
  std::printf("%-52s %-26s %9s %8s %7s\n", "kernel", "shape MxNxK", "ms", "GFLOP/s", "%peak");
  for (const Shape& s : shapes) {
    if (shape_filter != nullptr && std::strstr(s.label, shape_filter) == nullptr) continue;
    std::vector<float> a(s.m * s.k), b(s.k * s.n), bias(s.n), c(s.m * s.n);
    for (float& x : a) x = dist(rng);
    for (float& x : b) x = dist(rng);
    for (float& x : bias) x = dist(rng);
    const double flops = 2.0 * s.m * s.n * s.k;
    // Small shapes repeat inside one timed run so a run lasts >= ~2 ms.
    const int inner = std::max(1, static_cast<int>(2e-3 * peak * 1e9 / flops));
    std::vector<std::vector<float>> packed(cases.size()), workspace(cases.size());
    std::vector<F32GemmConfig> configs;
    for (const GemmCase& gc : cases) configs.push_back(gc.selected ? f32_gemm_select_config(s.m, s.n, s.k) : gc.config);
    for (size_t i = 0; i < cases.size(); i++) {
      const F32GemmConfig& config = configs[i];
      packed[i].resize(f32_packw_gemm_size(s.n, s.k, config.nr));
      workspace[i].resize(f32_gemm_workspace_size(config, s.m, s.k));
      f32_packw_gemm_gio(config.nr, s.n, s.k, b.data(), s.n, bias.data(), packed[i].data());
    }
    auto run_case = [&](size_t i) {
      for (int r = 0; r < inner; r++)
        f32_gemm(configs[i], s.m, s.n, s.k, a.data(), s.k, packed[i].data(), c.data(), s.n, params,
                 workspace[i].data());
    };
    // Round-robin: each repetition times the register-only peak and every
    // kernel once, so a burst of load on the machine hits them alike; the
    // %peak column divides by the median peak of the same repetitions.
    for (size_t i = 0; i < cases.size(); i++)
      for (int w = 0; w < 3; w++) run_case(i);
    const size_t peak_iterations = 500000;
    std::vector<double> peak6_ms, peak7_ms;
    std::vector<std::vector<double>> case_ms(cases.size());
    for (int rep = 0; rep < reps; rep++) {
      double t0 = now_ms();
      kPeak.a(peak_iterations);
      peak6_ms.push_back(now_ms() - t0);
      t0 = now_ms();
      kPeak.b(peak_iterations);
      peak7_ms.push_back(now_ms() - t0);
      for (size_t i = 0; i < cases.size(); i++) {
        t0 = now_ms();
        run_case(i);
        case_ms[i].push_back((now_ms() - t0) / inner);
      }
    }
    const double peak6 = kPeak.a_flops * peak_iterations / (median(peak6_ms) * 1e6);
    const double peak7 = kPeak.b_flops * peak_iterations / (median(peak7_ms) * 1e6);
    const double shape_peak = std::max(peak6, peak7);
    std::printf("(interleaved peaks: %s %.2f, %s %.2f GFLOP/s)\n", kPeak.a_label, peak6, kPeak.b_label, peak7);
    std::printf("%-52s %-26s %9s %8.2f %6.1f%%\n", "(register-only peak, interleaved, best of both)", s.label, "", shape_peak, 100.0);
    for (size_t i = 0; i < cases.size(); i++) {
      const double ms = median(case_ms[i]);
      const double gflops = flops / (ms * 1e6);
      std::printf("%-52s %-26s %9.4f %8.2f %6.1f%%\n", cases[i].name.c_str(), s.label, ms, gflops,
                  100.0 * gflops / shape_peak);
      if (std::strncmp(s.label, "MNv2 b1 ", 8) == 0) mnv2_b1_total_ms[i] += s.count * ms;
    }
    if (std::strncmp(s.label, "MNv2 b1 ", 8) == 0) mnv2_b1_shapes++;
  }
  if (mnv2_b1_shapes > 0) {
    std::printf("%-52s %-26s %9s\n", "sum of count x ms over the MNv2 b1 shapes run", "", "ms");
    for (size_t i = 0; i < cases.size(); i++)
      std::printf("%-52s %-26d %9.4f\n", cases[i].name.c_str(), mnv2_b1_shapes, mnv2_b1_total_ms[i]);
  }
  bench_gemv(reps);
  return 0;
}
