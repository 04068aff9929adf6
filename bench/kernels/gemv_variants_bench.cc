// Loop shapes for a batch-1 f32 GEMV in V8 (wasm SIMD128), beyond the kernels
// kept in src/kernels/f32-gemv: the sweep behind the table in docs/runtime.md.
//
//   node build-wasm-bench/bench/nnslim_bench_gemv_variants.cjs [N K] [--reps R]
//
// Every variant computes y = a * W + bias for one row a[K] over N columns
// (default 1824 x 1024: 7.5 MB of weights, the MLP's size), checked against
// a double-precision oracle, and is timed on its own packed copy, each
// repetition running the variant 3 times in a row and keeping the last (the
// weights warm in L3, as in repeated inference), round-robin over variants.
// Reported: median ms and GB/s of packed weights. Also timed: two plain
// streams over the same bytes, load + mul + add (4 chains) and load + OR
// (the bandwidth probe's loop), the ceilings a GEMV loop is compared with.
//
// Layouts:
//   splat  per panel of NR columns: NR biases, then K rows of NR weights;
//          a[k] is broadcast and multiplied with each row (KU k per step,
//          "chain": each product added to the accumulators in turn,
//          "tree": the KU products summed first, then added).
//   dot    per panel of NR columns: NR biases, then per block of 4 k the
//          NR columns' 4 weights; a[k..k+3] is loaded once per block and
//          the NR partial sums are reduced across lanes at the end.
#include <emscripten.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/simd.h"
#include "../../tests/cpp/numeric_match.h"  // the tests' NaN-aware comparator

namespace {

using Fn = void (*)(size_t n, size_t k, const float* a, const float* w, float* c);

template <int NR, int KU, bool TREE>
__attribute__((noinline)) void splat_gemv(size_t n, size_t k, const float* a, const float* w, float* c) {
  for (size_t j = 0; j < n; j += NR) {
    v128_t acc[NR / 4];
    for (int q = 0; q < NR / 4; q++) acc[q] = wasm_v128_load(w + 4 * q);
    w += NR;
    size_t kk = 0;
    for (; kk + KU <= k; kk += KU) {
      if (TREE) {
        for (int q = 0; q < NR / 4; q++) {
          v128_t sum = wasm_f32x4_mul(wasm_v128_load32_splat(a + kk), wasm_v128_load(w + 4 * q));
          for (int u = 1; u < KU; u++)
            sum = wasm_f32x4_add(sum, wasm_f32x4_mul(wasm_v128_load32_splat(a + kk + u), wasm_v128_load(w + u * NR + 4 * q)));
          acc[q] = wasm_f32x4_add(acc[q], sum);
        }
      } else {
        for (int u = 0; u < KU; u++) {
          const v128_t va = wasm_v128_load32_splat(a + kk + u);
          for (int q = 0; q < NR / 4; q++)
            acc[q] = wasm_f32x4_add(acc[q], wasm_f32x4_mul(va, wasm_v128_load(w + u * NR + 4 * q)));
        }
      }
      w += KU * NR;
    }
    for (; kk < k; kk++) {
      const v128_t va = wasm_v128_load32_splat(a + kk);
      for (int q = 0; q < NR / 4; q++) acc[q] = wasm_f32x4_add(acc[q], wasm_f32x4_mul(va, wasm_v128_load(w + 4 * q)));
      w += NR;
    }
    for (int q = 0; q < NR / 4; q++) wasm_v128_store(c + j + 4 * q, acc[q]);
  }
}

void pack_splat(size_t nr, size_t n, size_t k, const float* b, const float* bias, float* p) {
  for (size_t j = 0; j < n; j += nr) {
    for (size_t r = 0; r < nr; r++) *p++ = bias[j + r];
    for (size_t kk = 0; kk < k; kk++)
      for (size_t r = 0; r < nr; r++) *p++ = b[kk * n + j + r];
  }
}

// [v0, v1, v2, v3] -> [sum(v0), sum(v1), sum(v2), sum(v3)].
inline v128_t reduce4(v128_t v0, v128_t v1, v128_t v2, v128_t v3) {
  const v128_t s01 = wasm_f32x4_add(wasm_i32x4_shuffle(v0, v1, 0, 4, 2, 6), wasm_i32x4_shuffle(v0, v1, 1, 5, 3, 7));
  const v128_t s23 = wasm_f32x4_add(wasm_i32x4_shuffle(v2, v3, 0, 4, 2, 6), wasm_i32x4_shuffle(v2, v3, 1, 5, 3, 7));
  return wasm_f32x4_add(wasm_i32x4_shuffle(s01, s23, 0, 1, 4, 5), wasm_i32x4_shuffle(s01, s23, 2, 3, 6, 7));
}

// K must be a multiple of 4 * KB here (the sweep's shapes are).
template <int NR, int KB>
__attribute__((noinline)) void dot_gemv(size_t n, size_t k, const float* a, const float* w, float* c) {
  for (size_t j = 0; j < n; j += NR) {
    const float* bias = w;
    w += NR;
    v128_t acc[NR];
    for (int r = 0; r < NR; r++) acc[r] = wasm_f32x4_splat(0.0f);
    for (size_t kk = 0; kk < k; kk += 4 * KB) {
      for (int b = 0; b < KB; b++) {
        const v128_t va = wasm_v128_load(a + kk + 4 * b);
        for (int r = 0; r < NR; r++)
          acc[r] = wasm_f32x4_add(acc[r], wasm_f32x4_mul(va, wasm_v128_load(w + 4 * NR * b + 4 * r)));
      }
      w += 4 * KB * NR;
    }
    for (int r = 0; r < NR; r += 4)
      wasm_v128_store(c + j + r, wasm_f32x4_add(wasm_v128_load(bias + r), reduce4(acc[r], acc[r + 1], acc[r + 2], acc[r + 3])));
  }
}

void pack_dot(size_t nr, size_t n, size_t k, const float* b, const float* bias, float* p) {
  for (size_t j = 0; j < n; j += nr) {
    for (size_t r = 0; r < nr; r++) *p++ = bias[j + r];
    for (size_t kb = 0; kb < k; kb += 4)
      for (size_t r = 0; r < nr; r++)
        for (size_t t = 0; t < 4; t++) *p++ = b[(kb + t) * n + j + r];
  }
}

volatile float g_half = 0.5f;
volatile float g_sink = 0.0f;

// The ceilings: a load + mul + add stream and a load + OR stream.
__attribute__((noinline)) void stream_muladd(size_t n, size_t, const float* a, const float* w, float* c) {
  const v128_t x = wasm_f32x4_splat(g_half);
  v128_t a0 = wasm_f32x4_splat(0.0f), a1 = a0, a2 = a0, a3 = a0;
  for (size_t i = 0; i < n; i += 16) {
    a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(x, wasm_v128_load(w + i)));
    a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(x, wasm_v128_load(w + i + 4)));
    a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(x, wasm_v128_load(w + i + 8)));
    a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(x, wasm_v128_load(w + i + 12)));
  }
  g_sink = wasm_f32x4_extract_lane(wasm_f32x4_add(wasm_f32x4_add(a0, a1), wasm_f32x4_add(a2, a3)), 0);
}

// The same with 8 chains: each add waits on an add 8 vectors back, so the
// 3-cycle add latency cannot cap it (4 chains cap it at 64 bytes / 3 cycles).
__attribute__((noinline)) void stream_muladd8(size_t n, size_t, const float* a, const float* w, float* c) {
  const v128_t x = wasm_f32x4_splat(g_half);
  v128_t a0 = wasm_f32x4_splat(0.0f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
  for (size_t i = 0; i < n; i += 32) {
    a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(x, wasm_v128_load(w + i)));
    a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(x, wasm_v128_load(w + i + 4)));
    a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(x, wasm_v128_load(w + i + 8)));
    a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(x, wasm_v128_load(w + i + 12)));
    a4 = wasm_f32x4_add(a4, wasm_f32x4_mul(x, wasm_v128_load(w + i + 16)));
    a5 = wasm_f32x4_add(a5, wasm_f32x4_mul(x, wasm_v128_load(w + i + 20)));
    a6 = wasm_f32x4_add(a6, wasm_f32x4_mul(x, wasm_v128_load(w + i + 24)));
    a7 = wasm_f32x4_add(a7, wasm_f32x4_mul(x, wasm_v128_load(w + i + 28)));
  }
  g_sink = wasm_f32x4_extract_lane(wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(a0, a1), wasm_f32x4_add(a2, a3)),
                                                  wasm_f32x4_add(wasm_f32x4_add(a4, a5), wasm_f32x4_add(a6, a7))), 0);
}

__attribute__((noinline)) void stream_or(size_t n, size_t, const float* a, const float* w, float* c) {
  v128_t a0 = wasm_i32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
  for (size_t i = 0; i < n; i += 32) {
    a0 = wasm_v128_or(a0, wasm_v128_or(wasm_v128_load(w + i), wasm_v128_load(w + i + 16)));
    a1 = wasm_v128_or(a1, wasm_v128_or(wasm_v128_load(w + i + 4), wasm_v128_load(w + i + 20)));
    a2 = wasm_v128_or(a2, wasm_v128_or(wasm_v128_load(w + i + 8), wasm_v128_load(w + i + 24)));
    a3 = wasm_v128_or(a3, wasm_v128_or(wasm_v128_load(w + i + 12), wasm_v128_load(w + i + 28)));
  }
  g_sink = wasm_f32x4_extract_lane(wasm_v128_or(wasm_v128_or(a0, a1), wasm_v128_or(a2, a3)), 0);
}

struct Variant {
  const char* name;
  Fn fn;
  size_t nr;     // panel width (0: a plain stream)
  bool dot;      // dot layout (else splat)
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = 1824, k = 1024;
  int reps = 51;
  std::vector<size_t> dims;
  for (int i = 1; i < argc; i++) {
    if (std::strcmp(argv[i], "--reps") == 0 && i + 1 < argc) reps = std::atoi(argv[++i]);
    else dims.push_back(static_cast<size_t>(std::atol(argv[i])));
  }
  if (dims.size() == 2) n = dims[0], k = dims[1];
  if (n % 96 != 0 || k % 8 != 0) {
    std::printf("N must be a multiple of 96 and K of 8\n");
    return 1;
  }
  const Variant variants[] = {
      {"splat 1x8  k1", splat_gemv<8, 1, false>, 8, false},
      {"splat 1x16 k1", splat_gemv<16, 1, false>, 16, false},
      {"splat 1x16 k2 chain", splat_gemv<16, 2, false>, 16, false},
      {"splat 1x16 k2 tree", splat_gemv<16, 2, true>, 16, false},
      {"splat 1x16 k4 chain", splat_gemv<16, 4, false>, 16, false},
      {"splat 1x16 k4 tree", splat_gemv<16, 4, true>, 16, false},
      {"splat 1x16 k8 chain", splat_gemv<16, 8, false>, 16, false},
      {"splat 1x8  k2 tree", splat_gemv<8, 2, true>, 8, false},
      {"splat 1x12 k2 chain", splat_gemv<12, 2, false>, 12, false},
      {"splat 1x32 k1", splat_gemv<32, 1, false>, 32, false},
      {"splat 1x32 k2 tree", splat_gemv<32, 2, true>, 32, false},
      {"dot 4 rows", dot_gemv<4, 1>, 4, true},
      {"dot 4 rows k2", dot_gemv<4, 2>, 4, true},
      {"dot 8 rows", dot_gemv<8, 1>, 8, true},
      {"dot 8 rows k2", dot_gemv<8, 2>, 8, true},
      {"dot 16 rows", dot_gemv<16, 1>, 16, true},
      {"stream: load + mul + add", stream_muladd, 0, false},
      {"stream: load + mul + add, 8 chains", stream_muladd8, 0, false},
      {"stream: load + or", stream_or, 0, false},
  };
  const size_t count = sizeof(variants) / sizeof(variants[0]);

  std::mt19937 rng(3);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> a(k), b(k * n), bias(n), c(n);
  for (float& x : a) x = dist(rng);
  for (float& x : b) x = dist(rng);
  for (float& x : bias) x = dist(rng);
  std::vector<double> want(n);
  for (size_t j = 0; j < n; j++) {
    double s = bias[j];
    for (size_t kk = 0; kk < k; kk++) s += static_cast<double>(a[kk]) * b[kk * n + j];
    want[j] = s;
  }

  std::vector<std::vector<float>> packed(count);
  for (size_t v = 0; v < count; v++) {
    packed[v].resize(n + n * k);
    const Variant& var = variants[v];
    if (var.nr == 0) {
      std::memcpy(packed[v].data(), b.data(), n * k * sizeof(float));
      continue;
    }
    (var.dot ? pack_dot : pack_splat)(var.nr, n, k, b.data(), bias.data(), packed[v].data());
    var.fn(n, k, a.data(), packed[v].data(), c.data());
    for (size_t j = 0; j < n; j++) {
      if (!nnslim::test::values_match(c[j], want[j], {1e-3, 1e-3})) {
        std::printf("%s: wrong result at column %zu (%g vs %g)\n", var.name, j, c[j], want[j]);
        return 1;
      }
    }
  }
  std::vector<std::vector<double>> ms(count);
  for (int rep = 0; rep < reps + 3; rep++) {
    for (size_t v = 0; v < count; v++) {
      const Variant& var = variants[v];
      const size_t arg_n = var.nr == 0 ? n * k : n;
      double t = 0;
      for (int r = 0; r < 3; r++) {
        const double t0 = emscripten_get_now();
        var.fn(arg_n, k, a.data(), packed[v].data(), c.data());
        t = emscripten_get_now() - t0;
      }
      if (rep >= 3) ms[v].push_back(t);
    }
  }
  std::printf("batch-1 GEMV loop shapes, N = %zu, K = %zu (%.2f MB of weights), median of %d\n", n, k,
              4e-6 * n * k, reps);
  for (size_t v = 0; v < count; v++) {
    const double m = median(ms[v]);
    std::printf("%-28s %9.4f ms %8.2f GB/s\n", variants[v].name, m, 4.0 * n * k / (m * 1e6));
  }
  return 0;
}
