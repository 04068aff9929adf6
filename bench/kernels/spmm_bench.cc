// Sparse vs dense crossover (wasm SIMD128 under node, 1 thread): the data
// behind the runtime's dense-or-sparse rule (src/runtime/steps/
// sparse_matmul_step.cc, docs/runtime.md "Sparse weights").
//
//   node build-wasm/bench/nnslim_bench_spmm.cjs [--reps N] [--cpu-time] [--mlp-only] [--kernel-only] [--block-only]
//                                               [--pointwise-only] [--spmm NAME-SUBSTRING]
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
// (b') The same layers by columns, the zero inputs skipped (f32-spgemv-csc
//     and a scalar scatter), against the row kernel, with 0% and 50% of the
//     inputs zero (bench_mlp_columns).
// (c) Block pruning (R x 1 blocks over output channels, the weakest by L2 norm
//     zeroed): the block-sparse kernels (f32-bspmm, row-major activations,
//     no transposes) against the dense path and against the CSR kernels on
//     the same weights, for MobileNetV2's 1x1 convs and for the MLP at batch
//     1 (GEMV) and batch 8: the data behind the block-sparse crossovers.
//     --block-only runs only this part.
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
#include <string>
#include <vector>

#include "core/simd.h"
#include "kernels/f32-bspmm/f32-bspmm.h"
#include "kernels/f32-gemm/f32-gemm-driver.h"
#include "kernels/f32-gemv/f32-gemv.h"
#include "kernels/f32-packw/f32-packw.h"
#include "kernels/f32-spgemv-csc/f32-spgemv-csc.h"
#include "kernels/f32-spgemv/f32-spgemv.h"
#include "kernels/f32-spmm/f32-spmm-nhwc.h"
#include "kernels/f32-spmm/f32-spmm-pack.h"
#include "median_timer.h"

using namespace nnslim::kernels;

EM_JS(double, process_cpu_ms, (), {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
});

namespace {

bool g_use_cpu_time = false;
bool g_kernel_only = false;
const char* g_spmm_filter = "";  // --spmm NAME: only the SpMM kernels whose name contains NAME
int g_reps = 7;
double now_ms() { return g_use_cpu_time ? process_cpu_ms() : emscripten_get_now(); }

double time_ms(const std::function<void()>& fn) { return median_ms_per_call(fn, g_reps, now_ms); }

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
    if (std::strstr(all[i].name, "__wasmsimd") && std::strstr(all[i].name, g_spmm_filter)) simd.push_back(all[i]);
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


// R x 1 blocks of W [cout, cin] (row-major) ranked by L2 norm, the weakest
// `sparsity` of them zeroed (what prune({method: 'block'}) does).
void prune_blocks(std::vector<float>& w, size_t cout, size_t cin, size_t block, double sparsity) {
  const size_t rows = cout / block;
  std::vector<std::pair<float, size_t>> norms(rows * cin);
  for (size_t b = 0; b < rows * cin; b++) {
    const size_t o0 = b / cin * block, i = b % cin;
    float sum = 0.f;
    for (size_t r = 0; r < block; r++) sum += w[(o0 + r) * cin + i] * w[(o0 + r) * cin + i];
    norms[b] = {sum, b};
  }
  const size_t zeros = static_cast<size_t>(sparsity * static_cast<double>(norms.size()) + 0.5);
  std::nth_element(norms.begin(), norms.begin() + static_cast<long>(zeros), norms.end());
  for (size_t z = 0; z < zeros; z++) {
    const size_t b = norms[z].second, o0 = b / cin * block, i = b % cin;
    for (size_t r = 0; r < block; r++) w[(o0 + r) * cin + i] = 0.f;
  }
}

const double kBlockSparsities[] = {0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9};

// One product [rows, cin] x W^T -> [rows, cout] timed dense (GEMM or GEMV at
// rows 1), block-sparse (each kernel of the runtime's list) and CSR (SpMM
// over 16-pixel strips, or the sparse GEMV at rows 1), at each block sparsity.
struct BlockTotals {
  double dense = 0.0;
  std::vector<std::vector<double>> bspmm, csr;  // [kernel][sparsity], [0][sparsity]
};

void time_block_product(size_t rows, size_t cin, size_t cout, double weight, std::mt19937& rng, BlockTotals& totals,
                        bool print) {
  const F32MinMaxParams params = f32_minmax_none();
  const std::vector<float> x = random_floats(rows * cin, rng);
  const std::vector<float> dense_w = random_floats(cout * cin, rng);
  const std::vector<float> bias = random_floats(cout, rng);
  std::vector<float> y(rows * cout);
  double dense;
  if (rows == 1) {
    const F32GemvUkernelInfo kernel = f32_gemv_default_ukernel();
    std::vector<float> packed(f32_packw_gemm_size(cout, cin, kernel.nr));
    f32_packw_gemm_goi(kernel.nr, cout, cin, dense_w.data(), cin, bias.data(), packed.data());
    dense = time_ms([&] { kernel.fn(cout, cin * sizeof(float), x.data(), packed.data(), y.data(), &params); });
  } else {
    const F32GemmConfig config = f32_gemm_select_config(rows, cout, cin);
    std::vector<float> packed(f32_packw_gemm_size(cout, cin, config.nr));
    f32_packw_gemm_goi(config.nr, cout, cin, dense_w.data(), cin, bias.data(), packed.data());
    std::vector<float> workspace(f32_gemm_workspace_size(config, rows, cin));
    dense = time_ms([&] {
      f32_gemm(config, rows, cout, cin, x.data(), cin, packed.data(), y.data(), cout, params, workspace.data());
    });
  }
  totals.dense += dense * weight;
  size_t count = 0;
  const F32BspmmUkernelInfo* kernels = f32_bspmm_simd_ukernels(&count);
  totals.bspmm.resize(count, std::vector<double>(std::size(kBlockSparsities), 0.0));
  totals.csr.resize(count, std::vector<double>(std::size(kBlockSparsities), 0.0));
  const size_t strip = 16;
  size_t spmm_count = 0;
  const F32SpmmUkernelInfo* spmm_all = f32_spmm_simd_ukernels(&spmm_count);
  std::vector<float> block_in_storage(cin * strip + 16), block_out_storage(cout * strip + 16);
  for (size_t k = 0; k < count; k++) {
    if (print) std::printf("%5zux%-4zu->%-5zu %-12s dense %7.4f ms  bspmm/dense (csr/dense)", rows, cin, cout,
                           kernels[k].name, dense);
    for (size_t s = 0; s < std::size(kBlockSparsities); s++) {
      std::vector<float> w = dense_w;
      prune_blocks(w, cout, cin, kernels[k].block, kBlockSparsities[s]);
      const F32BspmmPacked packed = f32_bspmm_pack(kernels[k].block, cout, cin, w.data(), cin, 1, bias.data());
      const double t = time_ms([&] {
        kernels[k].fn(rows, cout, x.data(), cin * sizeof(float), packed.weights.data(), packed.input_indices.data(),
                      packed.blocks.data(), y.data(), cout * sizeof(float), &params);
      });
      double csr;
      if (rows == 1) {
        const F32SpgemvUkernelInfo gemv = f32_spgemv_default_ukernel(cin);
        const F32SpgemvPacked sparse = f32_spgemv_pack(cout, cin, w.data(), cin, 1, bias.data(), gemv.input_unit);
        csr = time_ms([&] {
          gemv.fn(cout, x.data(), sparse.weights.data(), sparse.input_indices.data(), sparse.nonzeros.data(), y.data(),
                  &params);
        });
      } else {
        const F32SpmmPacked sparse = f32_spmm_pack(cout, cin, w.data(), cin, 1, bias.data(), strip * sizeof(float));
        csr = time_ms([&] {
          for (size_t p0 = 0; p0 < rows; p0 += strip)
            f32_spmm_nhwc_strip(spmm_all[0].fn, strip, std::min(strip, rows - p0), sparse, x.data() + p0 * cin,
                                y.data() + p0 * cout, align64(block_in_storage.data()),
                                align64(block_out_storage.data()), params);
        });
      }
      totals.bspmm[k][s] += t * weight;
      totals.csr[k][s] += csr * weight;
      if (print) std::printf("  %3.0f%% %.2f (%.2f)", kBlockSparsities[s] * 100, t / dense, csr / dense);
    }
    if (print) std::printf("\n");
  }
}

void print_block_totals(const char* what, const BlockTotals& totals) {
  size_t count = 0;
  const F32BspmmUkernelInfo* kernels = f32_bspmm_simd_ukernels(&count);
  std::printf("%s: dense %.4f ms; ratio to dense, block-sparse (CSR on the same weights)\n", what, totals.dense);
  for (size_t k = 0; k < count; k++) {
    std::printf("  %-12s", kernels[k].name);
    for (size_t s = 0; s < std::size(kBlockSparsities); s++)
      std::printf("  %3.0f%% %.2fx (%.2fx)", kBlockSparsities[s] * 100, totals.bspmm[k][s] / totals.dense,
                  totals.csr[k][s] / totals.dense);
    std::printf("\n");
  }
}

void bench_blocks() {
  std::printf("\n(c) block pruning, R x 1 blocks over output channels\n");
  std::mt19937 rng(13);
  BlockTotals mobilenet;
  for (const PointwiseShape& shape : kMobileNetV2)
    time_block_product(shape.pixels, shape.cin, shape.cout, static_cast<double>(shape.count), rng, mobilenet, true);
  print_block_totals("all MobileNetV2 1x1 convs (batch 1)", mobilenet);
  for (size_t batch : {1, 8}) {
    BlockTotals mlp;
    // The last layer (1024 -> 10) stays dense in the runtime (10 outputs):
    // timed dense on both sides.
    time_block_product(batch, 784, 1024, 1.0, rng, mlp, true);
    time_block_product(batch, 1024, 1024, 1.0, rng, mlp, true);
    const std::string what = "MLP 784-1024-1024 batch " + std::to_string(batch);
    print_block_totals(what.c_str(), mlp);
  }
}

// Scalar scatter (a bench-only variant of the column kernel): per column its
// nonzeros as (row byte offset, value); acc[row] += value * x per nonzero
// input x. The same bytes per nonzero as the row kernel's (6), one
// accumulator load and store per nonzero.
struct ScalarColumns {
  std::vector<uint32_t> start;
  std::vector<uint16_t> offsets;
  std::vector<float> values;
};
ScalarColumns scalar_columns(size_t n, size_t k, const std::vector<float>& b) {  // b [K, N]
  ScalarColumns cols;
  for (size_t j = 0; j < k; j++) {
    cols.start.push_back(static_cast<uint32_t>(cols.values.size()));
    for (size_t o = 0; o < n; o++)
      if (b[j * n + o] != 0.f) {
        cols.offsets.push_back(static_cast<uint16_t>(o * 4));
        cols.values.push_back(b[j * n + o]);
      }
  }
  cols.start.push_back(static_cast<uint32_t>(cols.values.size()));
  return cols;
}
void scalar_scatter(size_t active_count, const uint32_t* active, const float* a, const ScalarColumns& cols,
                    float* acc) {
  char* base = reinterpret_cast<char*>(acc);
  const uint16_t* offsets = cols.offsets.data();
  const float* values = cols.values.data();
  for (size_t t = 0; t < active_count; ++t) {
    const uint32_t j = active[t];
    const float x = a[j];
    uint32_t e = cols.start[j];
    const uint32_t end = cols.start[j + 1];
    for (; e + 4 <= end; e += 4) {
      float* r0 = reinterpret_cast<float*>(base + offsets[e]);
      float* r1 = reinterpret_cast<float*>(base + offsets[e + 1]);
      float* r2 = reinterpret_cast<float*>(base + offsets[e + 2]);
      float* r3 = reinterpret_cast<float*>(base + offsets[e + 3]);
      *r0 += values[e] * x;
      *r1 += values[e + 1] * x;
      *r2 += values[e + 2] * x;
      *r3 += values[e + 3] * x;
    }
    for (; e < end; ++e) *reinterpret_cast<float*>(base + offsets[e]) += values[e] * x;
  }
}

// The first two MLP layers one after the other, as a run does (the second
// reading the first's Relu output, ~half zero): both by rows, against the
// first by rows and the second by columns. Each layer's weights evict the
// other's from L2 between calls here, as in the model.
void bench_mlp_columns_in_sequence() {
  const F32MinMaxParams relu = f32_minmax_relu();
  const F32SpgemvUkernelInfo lane = f32_spgemv_default_ukernel(1024);
  std::mt19937 rng(12);
  const std::vector<float> x = random_floats(784, rng);
  std::vector<float> w1 = random_floats(784 * 1024, rng), w2 = random_floats(1024 * 1024, rng);
  prune_magnitude(w1, 0.9);
  prune_magnitude(w2, 0.9);
  const std::vector<float> b1 = random_floats(1024, rng), b2 = random_floats(1024, rng);
  const F32SpgemvPacked rows1 = f32_spgemv_pack(1024, 784, w1.data(), 1, 1024, b1.data(), lane.input_unit);
  const F32SpgemvPacked rows2 = f32_spgemv_pack(1024, 1024, w2.data(), 1, 1024, b2.data(), lane.input_unit);
  const F32SpgemvCscPacked cols2 = f32_spgemv_csc_pack(1024, 1024, w2.data(), 1, 1024, b2.data(), 1024);
  std::vector<float> h(1024), y(1024);
  std::vector<uint32_t> active(1024 + 3);
  std::vector<float> acc_storage(1024 + kSpgemvCscBlock + 16);
  float* acc = reinterpret_cast<float*>((reinterpret_cast<uintptr_t>(acc_storage.data()) + 63) & ~uintptr_t{63});
  const auto first = [&] {
    lane.fn(1024, x.data(), rows1.weights.data(), rows1.input_indices.data(), rows1.nonzeros.data(), h.data(), &relu);
  };
  const double t_rows = time_ms([&] {
    first();
    lane.fn(1024, h.data(), rows2.weights.data(), rows2.input_indices.data(), rows2.nonzeros.data(), y.data(), &relu);
  });
  const double t_columns = time_ms([&] {
    first();
    const size_t active_count = f32_nonzero_indices__wasmsimd(1024, h.data(), active.data());
    f32_spgemv_csc_minmax_ukernel__wasmsimd(1024, active_count, active.data(), h.data(), cols2.column_start.data(),
                                            cols2.values.data(), cols2.block_offsets.data(), cols2.bias.data(), acc,
                                            y.data(), &relu);
  });
  const double t_first = time_ms(first);
  size_t zeros = 0;
  for (float v : h) zeros += v == 0.f ? 1 : 0;
  std::printf("  784->1024 by rows (%.4f ms alone) then 1024->1024 (%zu of 1024 inputs zero) by rows: %.4f ms, by "
              "columns: %.4f ms (%.2fx)\n",
              t_first, zeros, t_rows, t_columns, t_columns / t_rows);
}

// (b') Skipping zero inputs: the column-oriented sparse GEMV (f32-spgemv-csc,
// 4x1 blocks, panels of 512 or all 1024 rows) and the scalar scatter, on the
// MLP's layers at 90% zeros with 0% and 50% of the inputs zero (the second
// and third layers read a ReLU's output: about half zero), against the lane
// x16 row kernel on the same weights and inputs, in the same run. The
// column timings include listing the nonzero inputs. A 128 -> 1024 layer
// (weights in L2 in either format) shows the per-block cost apart from the
// larger format's cache misses.
void bench_mlp_columns(double dense_total) {
  struct Layer {
    size_t k, n;
  };
  const Layer layers[] = {{784, 1024}, {1024, 1024}, {1024, 10}, {128, 1024}};
  const F32MinMaxParams params = f32_minmax_none();
  const F32SpgemvUkernelInfo lane = f32_spgemv_default_ukernel(1024);
  std::mt19937 rng(11);
  std::printf("\n(b') MLP layers at 90%% zeros by columns (zero inputs skipped) vs by rows (%s)\n", lane.name);
  for (const double input_zeros : {0.0, 0.5}) {
    for (const size_t panel_rows : {size_t{512}, size_t{1024}}) {
      double row_total = 0.0, column_total = 0.0;
      for (const Layer& layer : layers) {
        std::vector<float> a = random_floats(layer.k, rng);
        for (size_t j = 0; j < layer.k; j++)
          if (std::uniform_real_distribution<double>(0.0, 1.0)(rng) < input_zeros) a[j] = 0.f;
        std::vector<float> b = random_floats(layer.k * layer.n, rng);
        prune_magnitude(b, 0.9);
        const std::vector<float> bias = random_floats(layer.n, rng);
        std::vector<float> c(layer.n);
        const F32SpgemvPacked rows =
            f32_spgemv_pack(layer.n, layer.k, b.data(), 1, layer.n, bias.data(), lane.input_unit);
        const double t_row = time_ms([&] {
          lane.fn(layer.n, a.data(), rows.weights.data(), rows.input_indices.data(), rows.nonzeros.data(), c.data(),
                  &params);
        });
        const F32SpgemvCscPacked cols =
            f32_spgemv_csc_pack(layer.n, layer.k, b.data(), 1, layer.n, bias.data(), panel_rows);
        std::vector<uint32_t> active(layer.k + 3);
        std::vector<float> acc_storage(panel_rows + kSpgemvCscBlock + 16);
        float* acc = reinterpret_cast<float*>((reinterpret_cast<uintptr_t>(acc_storage.data()) + 63) & ~uintptr_t{63});
        const double t_col = time_ms([&] {
          const size_t active_count = f32_nonzero_indices__wasmsimd(layer.k, a.data(), active.data());
          for (size_t p = 0; p < cols.panels(); p++) {
            const size_t first = p * panel_rows;
            f32_spgemv_csc_minmax_ukernel__wasmsimd(
                std::min(panel_rows, layer.n - first), active_count, active.data(), a.data(),
                cols.column_start.data() + p * (layer.k + 1), cols.values.data(), cols.block_offsets.data(),
                cols.bias.data() + first, acc, c.data() + first, &params);
          }
        });
        std::printf("  %4zu->%-4zu inputs %2.0f%% zero, panels of %4zu: row %.4f ms, column %.4f ms (%.2fx row; "
                    "%zu blocks for %zu nonzeros)",
                    layer.k, layer.n, input_zeros * 100, panel_rows, t_row, t_col, t_col / t_row,
                    cols.stored_blocks(), cols.nonzero_count);
        if (panel_rows == 1024) {
          const ScalarColumns scalar = scalar_columns(layer.n, layer.k, b);
          const double t_scalar = time_ms([&] {
            const size_t active_count = f32_nonzero_indices__wasmsimd(layer.k, a.data(), active.data());
            scalar_scatter(active_count, active.data(), a.data(), scalar, c.data());
          });
          std::printf(", scalar scatter %.2fx row", t_scalar / t_row);
        }
        std::printf("\n");
        if (layer.k == 128) continue;  // (not an MLP layer)
        row_total += t_row;
        column_total += t_col;
      }
      std::printf("  MLP total: rows %.2fx dense, columns %.2fx dense\n", row_total / dense_total,
                  column_total / dense_total);
    }
  }
  bench_mlp_columns_in_sequence();
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
        const F32SpgemvPacked sparse =
            f32_spgemv_pack(layer.n, layer.k, w.data(), 1, layer.n, bias.data(), kernels[v].input_unit);
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
  bench_mlp_columns(dense_total);
}

}  // namespace

int main(int argc, char** argv) {
  bool mlp_only = false, block_only = false, pointwise_only = false;
  for (int i = 1; i < argc; i++) {
    if (std::strcmp(argv[i], "--reps") == 0 && i + 1 < argc) g_reps = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--cpu-time") == 0) g_use_cpu_time = true;
    else if (std::strcmp(argv[i], "--mlp-only") == 0) mlp_only = true;
    else if (std::strcmp(argv[i], "--kernel-only") == 0) g_kernel_only = true;
    else if (std::strcmp(argv[i], "--spmm") == 0 && i + 1 < argc) g_spmm_filter = argv[++i];
    else if (std::strcmp(argv[i], "--pointwise-only") == 0) pointwise_only = true;
    else if (std::strcmp(argv[i], "--block-only") == 0) block_only = true;
  }
  if (block_only) {
    bench_blocks();
    return 0;
  }
  if (!mlp_only) bench_pointwise();
  if (pointwise_only) return 0;
  bench_mlp();
  if (!mlp_only) bench_blocks();
  return 0;
}
