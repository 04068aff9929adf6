// int8 block-sparse vs int8 dense crossover (wasm SIMD128 under node, 1
// thread): the data behind the runtime's rule for quantized block-pruned
// layers (src/runtime/steps/qs8_block_sparse_step.cc, docs/pruning.md).
//
//   node build-wasm/bench/nnslim_bench_qs8_bspmm.cjs [--reps N] [--cpu-time]
//
// For MobileNetV2's batch-1 pointwise convs (summed with their counts) and
// the MLP 784-1024-1024 at batch 1 and 8: 8x1 blocks of int8 weights zeroed
// at each block sparsity, timed with the dense path the runtime takes
// (qs8_gemm with the default config, or the int8 GEMV at batch 1) and with
// every wasm SIMD qs8-bspmm kernel; the f32 block-sparse kernel (8x1) on the
// same shapes as the peer. Times are medians of reps timed batches (each
// >= 1 ms) after a warm-up; ratios are to the int8 dense time in the same run.
#include <emscripten.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "kernels/f32-bspmm/f32-bspmm.h"
#include "median_timer.h"
#include "kernels/qs8-bspmm/qs8-bspmm.h"
#include "kernels/qs8-gemm/qs8-gemm-driver.h"

using namespace nnslim::kernels;

EM_JS(double, process_cpu_ms, (), {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
});

namespace {

bool g_use_cpu_time = false;
int g_reps = 7;
double now_ms() { return g_use_cpu_time ? process_cpu_ms() : emscripten_get_now(); }

double time_ms(const std::function<void()>& fn) { return median_ms_per_call(fn, g_reps, now_ms); }

struct Shape {
  size_t pixels, cin, cout, count;
};
const Shape kMobileNetV2[] = {
    {12544, 32, 16, 1}, {12544, 16, 96, 1}, {3136, 96, 24, 1},  {3136, 24, 144, 2}, {3136, 144, 24, 1},
    {784, 144, 32, 1},  {784, 32, 192, 3},  {784, 192, 32, 2},  {196, 192, 64, 1},  {196, 64, 384, 4},
    {196, 384, 64, 3},  {196, 384, 96, 1},  {196, 96, 576, 3},  {196, 576, 96, 2},  {49, 576, 160, 1},
    {49, 160, 960, 3},  {49, 960, 160, 2},  {49, 960, 320, 1},  {49, 320, 1280, 1},
};
const double kSparsities[] = {0.3, 0.4, 0.5, 0.6, 0.75, 0.9};

// A random `sparsity` of the 8x1 blocks of W [cout, cin] zeroed (int8 or f32).
template <typename T>
void zero_blocks(std::vector<T>& w, size_t cout, size_t cin, double sparsity, std::mt19937& rng) {
  const size_t rows = (cout + 7) / 8;
  std::vector<size_t> order(rows * cin);
  std::iota(order.begin(), order.end(), size_t{0});
  std::shuffle(order.begin(), order.end(), rng);
  const size_t zeros = static_cast<size_t>(sparsity * static_cast<double>(order.size()) + 0.5);
  for (size_t z = 0; z < zeros; z++) {
    const size_t o0 = order[z] / cin * 8, i = order[z] % cin;
    for (size_t o = o0; o < o0 + 8 && o < cout; o++) w[o * cin + i] = T(0);
  }
}

struct Totals {
  double dense = 0.0, f32_sparse90 = 0.0;
  std::vector<std::vector<double>> sparse;  // [kernel][sparsity]
};

std::vector<QS8BspmmUkernelInfo> simd_kernels() {
  size_t count = 0;
  const QS8BspmmUkernelInfo* all = qs8_bspmm_ukernels(&count);
  std::vector<QS8BspmmUkernelInfo> simd;
  for (size_t i = 0; i < count; i++)
    if (std::strstr(all[i].name, "__wasmsimd")) simd.push_back(all[i]);
  return simd;
}

void time_product(const Shape& shape, std::mt19937& rng, Totals& totals) {
  const size_t m = shape.pixels, k = shape.cin, n = shape.cout;
  const double weight = static_cast<double>(shape.count);
  std::uniform_int_distribution<int> byte(-127, 127);
  std::vector<int8_t> x(m * k), w(n * k);
  for (int8_t& v : x) v = static_cast<int8_t>(byte(rng));
  for (int8_t& v : w) v = static_cast<int8_t>(byte(rng));
  std::vector<int32_t> bias(n, 100);
  std::vector<float> scales(n, 1.0f / 4096);
  std::vector<int8_t> y(m * n);
  const QS8RequantParams params = qs8_requant_params(3, -128, 127);
  double dense;
  if (m == 1) {
    const QS8GemvUkernelInfo gemv = qs8_gemv_default_ukernel();
    std::vector<char> packed(qs8_packw_int8_size(gemv.nr, n, k));
    qs8_packw_int8(gemv.nr, n, k, w.data(), k, 1, bias.data(), scales.data(), 2, packed.data());
    dense = time_ms([&] { gemv.fn(n, k, x.data(), packed.data(), y.data(), &params); });
  } else {
    const QS8GemmConfig config = qs8_gemm_default_config();
    std::vector<char> packed(qs8_packw_size(config.nr, n, 1, k));
    qs8_packw(config.nr, n, 1, k, w.data(), k, 0, 1, bias.data(), scales.data(), 2, packed.data());
    std::vector<int16_t> workspace(qs8_gemm_workspace_size(config, m, k));
    dense = time_ms(
        [&] { qs8_gemm(config, m, n, k, x.data(), k, packed.data(), y.data(), n, params, workspace.data()); });
  }
  totals.dense += dense * weight;
  const std::vector<QS8BspmmUkernelInfo> kernels = simd_kernels();
  totals.sparse.resize(kernels.size(), std::vector<double>(std::size(kSparsities), 0.0));
  std::vector<int16_t> scratch(qs8_bspmm_scratch_size(k));
  std::printf("%5zux%-4zu->%-5zu dense %7.4f ms", m, k, n, dense);
  for (size_t s = 0; s < std::size(kSparsities); s++) {
    std::vector<int8_t> pruned = w;
    zero_blocks(pruned, n, k, kSparsities[s], rng);
    const QS8BspmmPacked packed = qs8_bspmm_pack(8, n, k, pruned.data(), k, 1, bias.data(), scales.data(), 2);
    std::printf("  %2.0f%%", kSparsities[s] * 100);
    for (size_t v = 0; v < kernels.size(); v++) {
      const double t = time_ms([&] {
        kernels[v].fn(m, n, k, x.data(), k, packed.weights.data(), packed.input_indices.data(), packed.pairs.data(),
                      y.data(), n, scratch.data(), &params);
      });
      totals.sparse[v][s] += t * weight;
      std::printf(" %.2f", t / dense);
    }
  }
  // The f32 peer: 8x1 block-sparse at 90%.
  std::vector<float> xf(m * k), wf(n * k), bf(n, 0.f), yf(m * n);
  for (size_t i = 0; i < xf.size(); i++) xf[i] = x[i] / 128.f;
  for (size_t i = 0; i < wf.size(); i++) wf[i] = w[i] / 128.f;
  zero_blocks(wf, n, k, 0.9, rng);
  const F32BspmmPacked fpacked = f32_bspmm_pack(8, n, k, wf.data(), k, 1, bf.data());
  const F32MinMaxParams fparams = f32_minmax_none();
  const double f32_sparse = time_ms([&] {
    f32_bspmm_minmax_ukernel_8x1__wasmsimd(m, n, xf.data(), k * sizeof(float), fpacked.weights.data(),
                                           fpacked.input_indices.data(), fpacked.blocks.data(), yf.data(),
                                           n * sizeof(float), &fparams);
  });
  totals.f32_sparse90 += f32_sparse * weight;
  std::printf("  | f32 8x1 90%% %.2f\n", f32_sparse / dense);
}

void print_totals(const char* what, const Totals& totals) {
  const std::vector<QS8BspmmUkernelInfo> kernels = simd_kernels();
  std::printf("%s: int8 dense %.4f ms; int8 block-sparse / int8 dense\n", what, totals.dense);
  for (size_t v = 0; v < kernels.size(); v++) {
    std::printf("  %-52s", kernels[v].name);
    for (size_t s = 0; s < std::size(kSparsities); s++)
      std::printf("  %2.0f%% %.3fx", kSparsities[s] * 100, totals.sparse[v][s] / totals.dense);
    std::printf("\n");
  }
  const size_t at90 = std::size(kSparsities) - 1;
  std::printf("  f32 bspmm 8x1 at 90%%: %.3fx int8 dense; int8 bspmm (first kernel) at 90%% / f32 bspmm at 90%%: %.3f\n",
              totals.f32_sparse90 / totals.dense, totals.sparse[0][at90] / totals.f32_sparse90);
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; i++) {
    if (!std::strcmp(argv[i], "--cpu-time")) g_use_cpu_time = true;
    if (!std::strcmp(argv[i], "--reps") && i + 1 < argc) g_reps = std::atoi(argv[++i]);
  }
  std::printf("int8 8x1 block-sparse / int8 dense per block sparsity (kernels:");
  for (const QS8BspmmUkernelInfo& k : simd_kernels()) std::printf(" %s", k.name);
  std::printf(")\n");
  std::mt19937 rng(11);
  Totals mobilenet;
  for (const Shape& shape : kMobileNetV2) time_product(shape, rng, mobilenet);
  print_totals("all MobileNetV2 1x1 convs (batch 1)", mobilenet);
  for (size_t batch : {1, 8}) {
    Totals mlp;
    time_product({batch, 784, 1024, 1}, rng, mlp);
    time_product({batch, 1024, 1024, 1}, rng, mlp);
    print_totals(("MLP 784-1024-1024 batch " + std::to_string(batch)).c_str(), mlp);
  }
  return 0;
}
