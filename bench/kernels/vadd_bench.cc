// int8 residual Add (qs8 vadd) next to the f32 Add, on MobileNetV2's ten
// residual Add sizes (wasm SIMD128 under node), ms summed over the list:
//   node build-wasm/bench/nnslim_bench_vadd.cjs [--reps N] [--cpu-time]
// Each kernel runs the whole list in interleaved rounds (so every kernel sees
// the same machine); operands stay in cache, as in the model (the Add reads
// the projection's output just written and the block's input).
#include <emscripten.h>

#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "kernels/f32-vbinary/f32-vbinary.h"
#include "kernels/qs8-vadd/qs8-vadd.h"
#include "median_timer.h"

using namespace nnslim::kernels;

extern "C" double process_cpu_ms();

namespace {

bool g_use_cpu_time = false;
double now_ms() { return g_use_cpu_time ? process_cpu_ms() : emscripten_get_now(); }

// MobileNetV2's residual Adds (NHWC elements): 56x56x24, 2x 28x28x32,
// 3x 14x14x64, 2x 14x14x96, 2x 7x7x160.
const size_t kSizes[] = {75264, 25088, 25088, 12544, 12544, 12544, 18816, 18816, 7840, 7840};

}  // namespace

int main(int argc, char** argv) {
  int reps = 15;
  for (int i = 1; i < argc; i++) {
    if (std::strcmp(argv[i], "--reps") == 0 && i + 1 < argc) reps = std::atoi(argv[++i]);
    if (std::strcmp(argv[i], "--cpu-time") == 0) g_use_cpu_time = true;
  }
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> code(-128, 127);
  struct Operands {
    std::vector<int8_t> a, b, y;
    std::vector<float> fa, fb, fy;
  };
  std::vector<Operands> ops;
  for (size_t n : kSizes) {
    Operands o;
    o.a.resize(n), o.b.resize(n), o.y.resize(n), o.fa.resize(n), o.fb.resize(n), o.fy.resize(n);
    for (size_t i = 0; i < n; i++) {
      o.a[i] = static_cast<int8_t>(code(rng));
      o.b[i] = static_cast<int8_t>(code(rng));
      o.fa[i] = 0.05f * o.a[i];
      o.fb[i] = 0.04f * o.b[i];
    }
    ops.push_back(std::move(o));
  }

  size_t count = 0;
  const F32VbinaryUkernelInfo* list = f32_vbinary_wasmsimd_ukernels(&count);
  F32VbinaryUkernelFn f32_add = nullptr;
  for (size_t i = 0; i < count; i++)
    if (list[i].op == F32BinaryOp::kAdd && !list[i].scalar_b) f32_add = list[i].fn;
  const F32MinMaxParams f32_params{-INFINITY, INFINITY};

  const QS8AddParams fp32{0.61f, 0.43f, 3, -5, -2, -128, 127};
  QS8AddRndnuParams rndnu;
  if (!qs8_add_rndnu_params(fp32, &rndnu)) return 1;

  struct Variant {
    std::string name;
    std::function<void(Operands&)> run;
    std::vector<double> ms;
  };
  std::vector<Variant> variants = {
      {"f32 vadd wasmsimd", [&](Operands& o) { f32_add(o.fa.size() * sizeof(float), o.fa.data(), o.fb.data(), o.fy.data(), &f32_params); }, {}},
      {"qs8 vadd rndnu dot16 x16", [&](Operands& o) { qs8_vadd_minmax_rndnu_ukernel__wasmsimd_dot16_x16(o.a.size(), o.a.data(), o.b.data(), o.y.data(), &rndnu); }, {}},
      {"qs8 vadd fp32 x8", [&](Operands& o) { qs8_vadd_minmax_fp32_ukernel__wasmsimd_x8(o.a.size(), o.a.data(), o.b.data(), o.y.data(), &fp32); }, {}},
  };
  const int rounds = 5;
  for (int round = 0; round < rounds; round++) {
    for (Variant& v : variants) {
      v.ms.push_back(median_ms_per_call([&] { for (Operands& o : ops) v.run(o); }, reps, now_ms));
    }
  }
  std::printf("| kernel | ms over the ten Adds (median of %d rounds) | / f32 |\n|---|---:|---:|\n", rounds);
  std::vector<double> f32 = variants[0].ms;
  std::sort(f32.begin(), f32.end());
  for (Variant& v : variants) {
    std::sort(v.ms.begin(), v.ms.end());
    std::printf("| %s | %.4f | %.2f |\n", v.name.c_str(), v.ms[rounds / 2], v.ms[rounds / 2] / f32[rounds / 2]);
  }
  return 0;
}
