// The sparse kernels (f32-spmm, f32-spgemv) and their packing against a dense
// triple-loop oracle on the unpacked weights, on awkward shapes: pixel counts
// around and across every tile (32, 16, 8, 4 and the scalar tail), output
// channels with no nonzeros, an all-zero matrix, a fully dense one, strided
// input and output channel rows, and GEMV rows whose nonzero counts hit each
// remainder of the 4- and 8-wide steps.
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-spgemv/f32-spgemv.h"
#include "kernels/f32-spmm/f32-spmm-nhwc.h"
#include "kernels/f32-spmm/f32-spmm-pack.h"
#include "kernels/f32-spmm/f32-spmm.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

// W [nc, kc] with about `sparsity` of its entries set to zero; every
// `empty_row_every`-th row (when nonzero) entirely zero.
std::vector<float> sparse_weights(size_t nc, size_t kc, double sparsity, size_t empty_row_every, std::mt19937& rng) {
  std::vector<float> w = random_floats(nc * kc, rng);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  for (size_t o = 0; o < nc; o++)
    for (size_t i = 0; i < kc; i++)
      if (coin(rng) < sparsity || (empty_row_every != 0 && o % empty_row_every == 0)) w[o * kc + i] = 0.f;
  return w;
}

// out[o][p] = bias[o] + sum_i W[o][i] * in[i][p], unclamped, in double.
std::vector<float> dense_oracle(size_t mc, size_t nc, size_t kc, const std::vector<float>& w,
                                const std::vector<float>& bias, const float* in, size_t in_stride) {
  std::vector<float> out(nc * mc);
  for (size_t o = 0; o < nc; o++)
    for (size_t p = 0; p < mc; p++) {
      double acc = bias[o];
      for (size_t i = 0; i < kc; i++) acc += static_cast<double>(w[o * kc + i]) * in[i * in_stride + p];
      out[o * mc + p] = static_cast<float>(acc);
    }
  return out;
}

void check_spmm(const F32SpmmUkernelInfo& kernel, size_t mc, size_t nc, size_t kc, double sparsity,
                size_t empty_row_every, bool clamp) {
  INFO(kernel.name << " mc=" << mc << " nc=" << nc << " kc=" << kc << " sparsity=" << sparsity
                   << " empty_row_every=" << empty_row_every << " clamp=" << clamp);
  std::mt19937 rng(static_cast<unsigned>(mc * 7919 + nc * 131 + kc));
  const std::vector<float> w = sparse_weights(nc, kc, sparsity, empty_row_every, rng);
  const std::vector<float> bias = random_floats(nc, rng);
  // Channel rows padded by 3 floats (strided); the padding is NaN, which a
  // read past a row's mc pixels would carry into the result.
  const size_t in_stride = mc + 3, out_stride = mc + 2;
  std::vector<float> in(kc * in_stride, kNaN);
  for (size_t i = 0; i < kc; i++)
    for (size_t p = 0; p < mc; p++) in[i * in_stride + p] = random_floats(1, rng)[0];
  std::vector<float> want = dense_oracle(mc, nc, kc, w, bias, in.data(), in_stride);
  ClampRange range{-kInf, kInf};
  if (clamp) {
    range = active_clamp(want);
    for (float& x : want) x = f32_clamp(x, range.min, range.max);
  }
  const F32SpmmPacked packed = f32_spmm_pack(nc, kc, w.data(), kc, 1, bias.data(), in_stride * sizeof(float));
  std::vector<float> out(nc * out_stride, kNaN);
  const F32MinMaxParams params = f32_minmax(range.min, range.max);
  kernel.fn(mc, nc, in.data(), packed.weights.data(), packed.input_offsets.data(), packed.nonzeros.data(), out.data(),
            out_stride * sizeof(float), &params);
  for (size_t o = 0; o < nc; o++) {
    INFO("output channel " << o << " (" << packed.nonzeros[o] << " nonzeros)");
    require_close(out.data() + o * out_stride, want.data() + o * mc, mc, 1e-5f, 1e-5f);
    for (size_t p = mc; p < out_stride; p++) REQUIRE(std::isnan(out[o * out_stride + p]));  // nothing past the row
  }
}

void check_spgemv(const F32SpgemvUkernelInfo& kernel, size_t nc, size_t kc, double sparsity, size_t empty_row_every,
                  bool clamp) {
  INFO(kernel.name << " nc=" << nc << " kc=" << kc << " sparsity=" << sparsity << " clamp=" << clamp);
  std::mt19937 rng(static_cast<unsigned>(nc * 31 + kc));
  // [K, N] as MatMul stores B: W[o][i] = b[i * nc + o].
  const std::vector<float> wt = sparse_weights(nc, kc, sparsity, empty_row_every, rng);
  std::vector<float> b(kc * nc);
  for (size_t o = 0; o < nc; o++)
    for (size_t i = 0; i < kc; i++) b[i * nc + o] = wt[o * kc + i];
  const std::vector<float> bias = random_floats(nc, rng);
  const std::vector<float> a = random_floats(kc, rng);
  std::vector<float> want = dense_oracle(1, nc, kc, wt, bias, a.data(), 1);
  ClampRange range{-kInf, kInf};
  if (clamp) {
    range = active_clamp(want);
    for (float& x : want) x = f32_clamp(x, range.min, range.max);
  }
  const F32SpgemvPacked packed = f32_spgemv_pack(nc, kc, b.data(), 1, nc, bias.data(), kernel.input_unit);
  for (uint32_t count : packed.nonzeros) REQUIRE(count % kSpgemvRowMultiple == 0);
  std::vector<float> c(nc + 3, kNaN);
  const F32MinMaxParams params = f32_minmax(range.min, range.max);
  kernel.fn(nc, a.data(), packed.weights.data(), packed.input_indices.data(), packed.nonzeros.data(), c.data(),
            &params);
  require_close(c.data(), want.data(), nc, 1e-5f, 1e-5f);
  for (size_t j = nc; j < c.size(); j++) REQUIRE(std::isnan(c[j]));
}

}  // namespace

TEST_CASE("f32_spmm_pack keeps exactly the nonzeros, row by row, with the bias first", "[kernels][f32-spmm]") {
  // W [2, 3] as [Cout, Cin]: row 0 = {0, 2, -0}, row 1 = {3, 0, 4}; stride 20 bytes.
  const float w[] = {0.f, 2.f, -0.f, 3.f, 0.f, 4.f};
  const float bias[] = {7.f, 8.f};
  const F32SpmmPacked packed = f32_spmm_pack(2, 3, w, 3, 1, bias, 20);
  CHECK(packed.nonzero_count == 3);
  CHECK(packed.weights == std::vector<float>{7.f, 2.f, 8.f, 3.f, 4.f});
  CHECK(packed.input_offsets == std::vector<int32_t>{20, 0, 40});
  CHECK(packed.nonzeros == std::vector<uint32_t>{1, 2});
  CHECK(f32_count_zeros(2, 3, w, 3, 1) == 3);
  // The same matrix stored [K, N] (MatMul's B): o_stride 1, i_stride 2.
  const float b[] = {0.f, 3.f, 2.f, 0.f, -0.f, 4.f};
  const F32SpmmPacked from_b = f32_spmm_pack(2, 3, b, 1, 2, nullptr, 4);
  CHECK(from_b.weights == std::vector<float>{0.f, 2.f, 0.f, 3.f, 4.f});
  CHECK(from_b.input_offsets == std::vector<int32_t>{4, 0, 8});
  // Rows padded to a multiple of 4 with zero weights at the row's first
  // zero-weight input (its last input when it has no zero); nonzero_count
  // stays the true count.
  const float sparse[] = {0.f, 0.f, 0.f, 5.f, 6.f, 0.f, 1.f, 2.f, 3.f};  // rows {0, 0, 0}, {5, 6, 0}, {1, 2, 3}
  const F32SpmmPacked padded = f32_spmm_pack(3, 3, sparse, 3, 1, nullptr, 4, 4);
  CHECK(padded.nonzero_count == 5);
  CHECK(padded.nonzeros == std::vector<uint32_t>{0, 4, 4});
  CHECK(padded.weights == std::vector<float>{0.f, 0.f, 5.f, 6.f, 0.f, 0.f, 0.f, 1.f, 2.f, 3.f, 0.f});
  CHECK(padded.input_offsets == std::vector<int32_t>{0, 4, 8, 8, 0, 4, 8, 8});
}

TEST_CASE("f32_spgemv microkernels: an infinite input stays +-inf through a padded row", "[kernels][f32-spgemv]") {
  // W [3, 7]: row 0 has one nonzero (at input 0, padded with 3 zero
  // weights), row 1 three (at inputs 0, 3, 6), row 2 none. x[0] = +inf, the
  // rest finite. Dense IEEE sums: row 0 = 2 * inf + 0 * finite = +inf, row 1
  // = -inf, row 2 = bias + 0 * inf = NaN; the kernel alone skips row 2's zero
  // weights (the step's non-finite pass writes that NaN), so it gives the
  // bias there. A padding entry reading x[0] would turn rows 0 and 1 to NaN.
  const float w[] = {2.f, 0.f, 0.f, 0.f, 0.f, 0.f, 0.f,   //
                     -1.f, 0.f, 0.f, 5.f, 0.f, 0.f, 0.5f,  //
                     0.f, 0.f, 0.f, 0.f, 0.f, 0.f, 0.f};
  const float bias[] = {1.f, 2.f, 3.f};
  const float x[] = {kInf, 1.f, 2.f, 3.f, 4.f, 5.f, 6.f};
  size_t count = 0;
  const F32SpgemvUkernelInfo* list = f32_spgemv_ukernels(&count);
  for (size_t k = 0; k < count; k++) {
    INFO(list[k].name);
    const F32SpgemvPacked packed = f32_spgemv_pack(3, 7, w, 7, 1, bias, list[k].input_unit);
    float c[3] = {0.f, 0.f, 0.f};
    const F32MinMaxParams params = f32_minmax(-kInf, kInf);
    list[k].fn(3, x, packed.weights.data(), packed.input_indices.data(), packed.nonzeros.data(), c, &params);
    CHECK(c[0] == kInf);
    CHECK(c[1] == -kInf);
    CHECK(c[2] == 3.f);
  }
}

TEST_CASE("f32_spmm microkernels match the dense oracle", "[kernels][f32-spmm]") {
  size_t count = 0;
  const F32SpmmUkernelInfo* list = f32_spmm_ukernels(&count);
  REQUIRE(count >= 3);
  for (size_t k = 0; k < count; k++) {
    const F32SpmmUkernelInfo& kernel = list[k];
    DYNAMIC_SECTION(kernel.name) {
      SECTION("every pixel tail") {
        for (size_t mc = 1; mc <= 70; mc++) check_spmm(kernel, mc, 5, 9, 0.6, 0, true);
      }
      SECTION("odd channels, typical sparsities") {
        for (double sparsity : {0.0, 0.5, 0.9, 0.97})
          for (size_t nc : {1, 3, 13, 24})
            for (size_t kc : {1, 7, 37}) check_spmm(kernel, 37, nc, kc, sparsity, 0, true);
      }
      SECTION("empty rows") { check_spmm(kernel, 45, 11, 16, 0.8, 3, true); }
      SECTION("all-zero matrix: the bias, clamped") { check_spmm(kernel, 33, 6, 8, 1.0, 0, true); }
      SECTION("no clamp") { check_spmm(kernel, 64, 16, 32, 0.75, 0, false); }
      SECTION("mobilenet-like shape") { check_spmm(kernel, 196, 64, 384, 0.9, 0, true); }
    }
  }
}

TEST_CASE("f32_spgemv microkernels match the dense oracle", "[kernels][f32-spgemv]") {
  size_t count = 0;
  const F32SpgemvUkernelInfo* list = f32_spgemv_ukernels(&count);
  REQUIRE(count >= 3);
  for (size_t k = 0; k < count; k++) {
    const F32SpgemvUkernelInfo& kernel = list[k];
    DYNAMIC_SECTION(kernel.name) {
      SECTION("every nonzero-count remainder (dense rows of 1..35)") {
        for (size_t kc = 1; kc <= 35; kc++) check_spgemv(kernel, 7, kc, 0.0, 0, true);
      }
      SECTION("random sparsity, odd shapes") {
        for (double sparsity : {0.3, 0.75, 0.9, 0.99})
          for (size_t nc : {1, 5, 17}) check_spgemv(kernel, nc, 53, sparsity, 0, true);
      }
      SECTION("empty rows and all-zero") {
        check_spgemv(kernel, 13, 40, 0.7, 4, true);
        check_spgemv(kernel, 9, 12, 1.0, 0, false);
      }
      SECTION("the largest 16-bit index or byte offset") {
        check_spgemv(kernel, 3, f32_spgemv_max_inputs(kernel.input_unit), 0.999, 0, true);
      }
      SECTION("mlp layers") {
        check_spgemv(kernel, 1024, 784, 0.9, 0, true);
        check_spgemv(kernel, 10, 1024, 0.9, 0, false);
      }
    }
  }
}

TEST_CASE("sparse kernels: the runtime's lists hold only wasm SIMD kernels", "[kernels][f32-spmm][lists]") {
  size_t all_count = 0, simd_count = 0;
  const F32SpmmUkernelInfo* all = f32_spmm_ukernels(&all_count);
  const F32SpmmUkernelInfo* simd = f32_spmm_simd_ukernels(&simd_count);
  REQUIRE(simd_count > 0);
  for (size_t i = 0; i < simd_count; i++) {
    bool listed = false;
    for (size_t j = 0; j < all_count; j++)
      listed = listed || (all[j].fn == simd[i].fn && std::strstr(all[j].name, "__wasmsimd") && all[j].mr == simd[i].mr);
    CHECK(listed);
  }
  const F32SpgemvUkernelInfo* gemvs = f32_spgemv_ukernels(&all_count);
  for (size_t inputs : {size_t{1}, f32_spgemv_max_inputs(4), f32_spgemv_max_inputs(4) + 1, f32_spgemv_max_inputs(1)}) {
    INFO(inputs << " inputs");
    const F32SpgemvUkernelInfo chosen = f32_spgemv_default_ukernel(inputs);
    CHECK(inputs <= f32_spgemv_max_inputs(chosen.input_unit));
    bool listed = false;
    for (size_t j = 0; j < all_count; j++)
      listed = listed || (gemvs[j].fn == chosen.fn && gemvs[j].input_unit == chosen.input_unit &&
                          std::strstr(gemvs[j].name, "__wasmsimd"));
    CHECK(listed);
  }
}

// The NHWC strip (transpose in, SpMM, transpose out) on every partial strip:
// a partial strip computes on its pixels rounded up to a multiple of 4, the
// extra ones on whatever the blocks hold (here NaN), which must never reach
// the output rows; nothing is written past the strip's rows.
TEST_CASE("f32_spmm_nhwc_strip: partial strips match the dense oracle, block leftovers stay out",
          "[kernels][f32-spmm]") {
  size_t count = 0;
  const F32SpmmUkernelInfo* list = f32_spmm_ukernels(&count);
  for (size_t k = 0; k < count; k++) {
    const F32SpmmUkernelInfo& kernel = list[k];
    const size_t strip = kernel.mr;
    for (size_t cin : {1, 7, 16})
      for (size_t cout : {1, 5, 12})
        for (size_t pixels = 1; pixels <= strip; pixels++) {
          INFO(kernel.name << " pixels=" << pixels << " cin=" << cin << " cout=" << cout);
          std::mt19937 rng(static_cast<unsigned>(pixels * 131 + cin * 17 + cout));
          const std::vector<float> w = sparse_weights(cout, cin, 0.7, 4, rng);
          const std::vector<float> bias = random_floats(cout, rng);
          const std::vector<float> rows = random_floats(pixels * cin, rng);  // NHWC [pixels, cin]
          // The oracle wants channel-major input: in[i][p].
          std::vector<float> channel_major(cin * pixels);
          for (size_t p = 0; p < pixels; p++)
            for (size_t i = 0; i < cin; i++) channel_major[i * pixels + p] = rows[p * cin + i];
          const std::vector<float> want = dense_oracle(pixels, cout, cin, w, bias, channel_major.data(), pixels);
          const F32SpmmPacked packed = f32_spmm_pack(cout, cin, w.data(), cin, 1, bias.data(), strip * sizeof(float));
          std::vector<float> block_in(cin * strip, kNaN), block_out(cout * strip, kNaN);
          // One sentinel row past the strip (finite: a NaN pixel computed from
          // the NaN leftovers and copied there would keep a NaN sentinel).
          constexpr float kSentinel = 1234.5f;
          std::vector<float> out((pixels + 1) * cout, kSentinel);
          f32_spmm_nhwc_strip(kernel.fn, strip, pixels, packed, rows.data(), out.data(), block_in.data(),
                              block_out.data(), f32_minmax_none());
          for (size_t p = 0; p < pixels; p++) {
            std::vector<float> want_row(cout);
            for (size_t o = 0; o < cout; o++) want_row[o] = want[o * pixels + p];
            INFO("pixel " << p);
            require_close(out.data() + p * cout, want_row.data(), cout, 1e-5f, 1e-5f);
          }
          for (size_t o = 0; o < cout; o++) REQUIRE(out[pixels * cout + o] == kSentinel);
        }
  }
}
