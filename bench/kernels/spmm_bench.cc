// Sparse vs dense crossover (wasm SIMD128 under node, 1 thread): the data
// behind the runtime's dense-or-sparse rule (src/runtime/steps/
// sparse_matmul_step.cc, docs/pruning.md).
//
//   node build-wasm/bench/nnslim_bench_spmm.cjs [--reps N] [--cpu-time] [--mlp-only] [--kernel-only]
//
// (a) MobileNetV2's batch-1 pointwise convs (pixels x Cin -> Cout, each with
//     its count in the network), weights pruned by magnitude to each
//     sparsity: the dense path the runtime takes (f32_gemm, tile from
//     f32_gemm_select_config, weights packed once) against the sparse one
//     (f32_spmm_nhwc_strip over 16- and 32-pixel strips: both transposes
//     included). Printed per shape and summed over the network's 1x1 convs;
//     --kernel-only also sums the SpMM kernel alone (no transposes).
// (b) The batch-1 MLP 784-1024-1024-10: the dense GEMV against the sparse
//     GEMV kernels, per layer and summed.
// Times are medians of reps runs (each long enough to be timed: inner loops
// of >= 1 ms) after a warm-up; ratios are sparse / dense in the same run.
#include <emscripten.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <numeric>
#include <random>
#include <vector>

#include "kernels/f32-gemm/f32-gemm-driver.h"
#include "kernels/f32-gemv/f32-gemv.h"
#include "kernels/f32-packw/f32-packw.h"
#include "kernels/f32-spgemv/f32-spgemv.h"
#include "kernels/f32-spmm/f32-spmm-nhwc.h"
#include "kernels/f32-spmm/f32-spmm-pack.h"

using namespace nnslim::kernels;

EM_JS(double, process_cpu_ms, (), {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
});

namespace {

bool g_use_cpu_time = false;
bool g_kernel_only = false;
int g_reps = 7;
double now_ms() { return g_use_cpu_time ? process_cpu_ms() : emscripten_get_now(); }

// Median ms per call of fn over g_reps timed batches.
double time_ms(const std::function<void()>& fn) {
  fn();
  size_t calls = 1;
  for (;;) {  // calibrate: a batch of calls takes >= 1 ms
    const double t0 = now_ms();
    for (size_t i = 0; i < calls; i++) fn();
    if (now_ms() - t0 >= 1.0 || calls >= (1u << 20)) break;
    calls *= 2;
  }
  std::vector<double> per_call;
  for (int r = 0; r < g_reps; r++) {
    const double t0 = now_ms();
    for (size_t i = 0; i < calls; i++) fn();
    per_call.push_back((now_ms() - t0) / static_cast<double>(calls));
  }
  std::sort(per_call.begin(), per_call.end());
  return per_call[per_call.size() / 2];
}

std::vector<float> random_floats(size_t n, std::mt19937& rng) {
  std::uniform_real_distribution<float> dist(-1.f, 1.f);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

// The smallest |w| set to zero until `sparsity` of the entries are.
void prune_magnitude(std::vector<float>& w, double sparsity) {
  std::vector<float> magnitudes(w.size());
  for (size_t i = 0; i < w.size(); i++) magnitudes[i] = std::fabs(w[i]);
  const size_t zeros = static_cast<size_t>(sparsity * static_cast<double>(w.size()) + 0.5);
  if (zeros == 0) return;
  std::nth_element(magnitudes.begin(), magnitudes.begin() + static_cast<long>(zeros - 1), magnitudes.end());
  const float cut = magnitudes[zeros - 1];
  size_t done = 0;
  for (float& x : w)
    if (std::fabs(x) <= cut && done < zeros) x = 0.f, done++;
}

float* align64(float* p) {
  return reinterpret_cast<float*>((reinterpret_cast<uintptr_t>(p) + 63) & ~static_cast<uintptr_t>(63));
}

struct PointwiseShape {
  size_t pixels, cin, cout, count;  // count: how many such convs MobileNetV2 has
};
const PointwiseShape kMobileNetV2[] = {
    {12544, 32, 16, 1}, {12544, 16, 96, 1}, {3136, 96, 24, 1},  {3136, 24, 144, 2}, {3136, 144, 24, 1},
    {784, 144, 32, 1},  {784, 32, 192, 3},  {784, 192, 32, 2},  {196, 192, 64, 1},  {196, 64, 384, 4},
    {196, 384, 64, 3},  {196, 384, 96, 1},  {196, 96, 576, 3},  {196, 576, 96, 2},  {49, 576, 160, 1},
    {49, 160, 960, 3},  {49, 960, 160, 2},  {49, 960, 320, 1},  {49, 320, 1280, 1},
};
const double kSparsities[] = {0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95};

struct SpmmVariant {
  const char* name;
  size_t strip;
  F32SpmmMinMaxUkernelFn fn;
};

void bench_pointwise() {
  // Every wasm SIMD kernel of the family (the runtime ships only the fastest).
  size_t all_count = 0;
  const F32SpmmUkernelInfo* all = f32_spmm_ukernels(&all_count);
  std::vector<F32SpmmUkernelInfo> simd;
  for (size_t i = 0; i < all_count; i++)
    if (std::strstr(all[i].name, "__wasmsimd")) simd.push_back(all[i]);
  const size_t simd_count = simd.size();
  std::printf("(a) MobileNetV2 batch-1 pointwise convs: sparse / dense time (dense ms in brackets)\n");
  std::printf("%-18s %8s", "pixels x cin->cout", "dense");
  for (double s : kSparsities) std::printf("  %5.0f%%", s * 100);
  std::printf("\n");
  const F32MinMaxParams params = f32_minmax_none();
  std::vector<double> dense_total(1, 0.0);
  std::vector<std::vector<double>> sparse_total(simd_count, std::vector<double>(std::size(kSparsities), 0.0));
  std::vector<std::vector<double>> kernel_total = sparse_total;
  std::mt19937 rng(7);
  for (const PointwiseShape& shape : kMobileNetV2) {
    const std::vector<float> x = random_floats(shape.pixels * shape.cin, rng);
    const std::vector<float> dense_w = random_floats(shape.cout * shape.cin, rng);
    const std::vector<float> bias = random_floats(shape.cout, rng);
    std::vector<float> y(shape.pixels * shape.cout);
    const F32GemmConfig config = f32_gemm_select_config(shape.pixels, shape.cout, shape.cin);
    std::vector<float> packed(f32_packw_gemm_size(shape.cout, shape.cin, config.nr));
    f32_packw_gemm_goi(config.nr, shape.cout, shape.cin, dense_w.data(), shape.cin, bias.data(), packed.data());
    std::vector<float> workspace(f32_gemm_workspace_size(config, shape.pixels, shape.cin));
    const double dense = time_ms([&] {
      f32_gemm(config, shape.pixels, shape.cout, shape.cin, x.data(), shape.cin, packed.data(), y.data(), shape.cout,
               params, workspace.data());
    });
    dense_total[0] += dense * static_cast<double>(shape.count);
    for (size_t v = 0; v < simd_count; v++) {
      const size_t strip = simd[v].mr;
      std::printf("%5zux%-4zu->%-5zu %s %7.3f", shape.pixels, shape.cin, shape.cout, simd[v].name, dense);
      // 64-byte aligned blocks (as the runtime step allocates them): a strip row is whole cache lines.
      std::vector<float> block_in_storage(shape.cin * strip + 16), block_out_storage(shape.cout * strip + 16);
      float* block_in = align64(block_in_storage.data());
      float* block_out = align64(block_out_storage.data());
      for (size_t s = 0; s < std::size(kSparsities); s++) {
        std::vector<float> w = dense_w;
        prune_magnitude(w, kSparsities[s]);
        const F32SpmmPacked sparse =
            f32_spmm_pack(shape.cout, shape.cin, w.data(), shape.cin, 1, bias.data(), strip * sizeof(float));
        const double t = time_ms([&] {
          for (size_t p0 = 0; p0 < shape.pixels; p0 += strip)
            f32_spmm_nhwc_strip(simd[v].fn, strip, std::min(strip, shape.pixels - p0), sparse,
                                x.data() + p0 * shape.cin, y.data() + p0 * shape.cout, block_in,
                                block_out, params);
        });
        sparse_total[v][s] += t * static_cast<double>(shape.count);
        if (g_kernel_only) {  // the SpMM alone on a block already channel-major: what the transposes cost
          const double k = time_ms([&] {
            for (size_t p0 = 0; p0 < shape.pixels; p0 += strip)
              simd[v].fn(std::min(strip, shape.pixels - p0), shape.cout, block_in, sparse.weights.data(),
                         sparse.input_offsets.data(), sparse.nonzeros.data(), block_out, strip * sizeof(float),
                         &params);
          });
          kernel_total[v][s] += k * static_cast<double>(shape.count);
        }
        std::printf("  %6.2f", t / dense);
      }
      std::printf("\n");
    }
  }
  std::printf("all MobileNetV2 1x1 convs: dense %.3f ms\n", dense_total[0]);
  for (size_t v = 0; v < simd_count; v++) {
    std::printf("  %-14s", simd[v].name);
    for (size_t s = 0; s < std::size(kSparsities); s++)
      std::printf("  %5.0f%% %.2fx", kSparsities[s] * 100, sparse_total[v][s] / dense_total[0]);
    std::printf("\n");
    if (!g_kernel_only) continue;
    std::printf("  %-14s", "(SpMM alone)");
    for (size_t s = 0; s < std::size(kSparsities); s++)
      std::printf("  %5.0f%% %.2fx", kSparsities[s] * 100, kernel_total[v][s] / dense_total[0]);
    std::printf("\n");
  }
}

void bench_mlp() {
  struct Layer {
    size_t k, n;
  };
  const Layer layers[] = {{784, 1024}, {1024, 1024}, {1024, 10}};
  std::printf("\n(b) MLP 784-1024-1024-10, batch 1: sparse GEMV / dense GEMV per layer and in total\n");
  const F32MinMaxParams params = f32_minmax_none();
  const F32GemvUkernelInfo dense_kernel = f32_gemv_default_ukernel();
  size_t count = 0;
  const F32SpgemvUkernelInfo* kernels = f32_spgemv_ukernels(&count);
  std::mt19937 rng(11);
  double dense_total = 0.0;
  std::vector<std::vector<double>> sparse_total(count, std::vector<double>(std::size(kSparsities), 0.0));
  for (const Layer& layer : layers) {
    const std::vector<float> a = random_floats(layer.k, rng);
    const std::vector<float> b = random_floats(layer.k * layer.n, rng);  // [K, N]
    const std::vector<float> bias = random_floats(layer.n, rng);
    std::vector<float> c(layer.n);
    std::vector<float> packed(f32_packw_gemm_size(layer.n, layer.k, dense_kernel.nr));
    f32_packw_gemm_gio(dense_kernel.nr, layer.n, layer.k, b.data(), layer.n, bias.data(), packed.data());
    const double dense = time_ms(
        [&] { dense_kernel.fn(layer.n, layer.k * sizeof(float), a.data(), packed.data(), c.data(), &params); });
    dense_total += dense;
    for (size_t v = 0; v < count; v++) {
      std::printf("%4zu->%-4zu %-40s dense %.4f ms", layer.k, layer.n, kernels[v].name, dense);
      for (size_t s = 0; s < std::size(kSparsities); s++) {
        std::vector<float> w = b;
        prune_magnitude(w, kSparsities[s]);
        const F32SpgemvPacked sparse = f32_spgemv_pack(layer.n, layer.k, w.data(), 1, layer.n, bias.data());
        const double t = time_ms([&] {
          kernels[v].fn(layer.n, a.data(), sparse.weights.data(), sparse.input_indices.data(), sparse.nonzeros.data(),
                        c.data(), &params);
        });
        sparse_total[v][s] += t;
        std::printf("  %3.0f%% %.2f", kSparsities[s] * 100, t / dense);
      }
      std::printf("\n");
    }
  }
  std::printf("MLP total: dense %.4f ms\n", dense_total);
  for (size_t v = 0; v < count; v++) {
    std::printf("  %-40s", kernels[v].name);
    for (size_t s = 0; s < std::size(kSparsities); s++)
      std::printf("  %3.0f%% %.2fx", kSparsities[s] * 100, sparse_total[v][s] / dense_total);
    std::printf("\n");
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool mlp_only = false;
  for (int i = 1; i < argc; i++) {
    if (std::strcmp(argv[i], "--reps") == 0 && i + 1 < argc) g_reps = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--cpu-time") == 0) g_use_cpu_time = true;
    else if (std::strcmp(argv[i], "--mlp-only") == 0) mlp_only = true;
    else if (std::strcmp(argv[i], "--kernel-only") == 0) g_kernel_only = true;
  }
  if (!mlp_only) bench_pointwise();
  bench_mlp();
  return 0;
}
