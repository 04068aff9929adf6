// The column-oriented sparse GEMV (f32-spgemv-csc) and the nonzero-input
// listing: the SIMD kernels against their scalar references (the same order
// of multiply-adds: equal within rounding of a fused multiply-add) and both
// against a dense double-precision oracle, on awkward shapes: output counts
// around the 4-row block and the 4-block step, panels of one block up to the
// whole matrix, empty columns and empty rows, all-zero and all-nonzero
// inputs, NaN inputs, -0 inputs.
#include <cmath>
#include <limits>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-spgemv-csc/f32-spgemv-csc.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

struct Case {
  size_t nc, kc;
  double weight_zeros;  // fraction of zero weights
  double input_zeros;   // fraction of zero inputs
  size_t panel_rows;
  size_t empty_column_every;  // every such column of W entirely zero (0: none)
};

void check_csc(const Case& t, bool clamp) {
  INFO("nc=" << t.nc << " kc=" << t.kc << " weight_zeros=" << t.weight_zeros << " input_zeros=" << t.input_zeros
             << " panel_rows=" << t.panel_rows << " empty_column_every=" << t.empty_column_every
             << " clamp=" << clamp);
  std::mt19937 rng(static_cast<unsigned>(t.nc * 131 + t.kc * 7 + t.panel_rows));
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  // [K, N] as MatMul stores B: W[o][i] = b[i * nc + o].
  std::vector<float> b = random_floats(t.kc * t.nc, rng);
  for (size_t i = 0; i < t.kc; i++)
    for (size_t o = 0; o < t.nc; o++)
      if (coin(rng) < t.weight_zeros || (t.empty_column_every != 0 && i % t.empty_column_every == 0))
        b[i * t.nc + o] = 0.f;
  const std::vector<float> bias = random_floats(t.nc, rng);
  std::vector<float> a = random_floats(t.kc, rng);
  for (float& x : a)
    if (coin(rng) < t.input_zeros) x = coin(rng) < 0.5 ? 0.f : -0.f;
  std::vector<float> want(t.nc);
  size_t nonzeros = 0;
  for (size_t o = 0; o < t.nc; o++) {
    double acc = bias[o];
    for (size_t i = 0; i < t.kc; i++) {
      acc += static_cast<double>(b[i * t.nc + o]) * a[i];
      nonzeros += b[i * t.nc + o] != 0.f ? 1 : 0;
    }
    want[o] = static_cast<float>(acc);
  }
  ClampRange range{-kInf, kInf};
  if (clamp) {
    range = active_clamp(want);
    for (float& x : want) x = f32_clamp(x, range.min, range.max);
  }
  const F32MinMaxParams params = f32_minmax(range.min, range.max);

  REQUIRE(f32_spgemv_csc_packable(t.nc, t.kc, b.data(), 1, t.nc));
  const F32SpgemvCscPacked packed = f32_spgemv_csc_pack(t.nc, t.kc, b.data(), 1, t.nc, bias.data(), t.panel_rows);
  CHECK(packed.nonzero_count == nonzeros);
  REQUIRE(packed.column_start.size() == packed.panels() * (t.kc + 1));
  REQUIRE(packed.values.size() == packed.stored_blocks() * kSpgemvCscBlock);
  for (size_t k = 0; k + 1 < packed.column_start.size(); k++)
    if (k % (t.kc + 1) != t.kc)
      REQUIRE((packed.column_start[k + 1] - packed.column_start[k]) % kSpgemvCscColumnMultiple == 0);

  std::vector<uint32_t> active(t.kc + 3), active_ref(t.kc + 3);
  const size_t active_count = f32_nonzero_indices__wasmsimd(t.kc, a.data(), active.data());
  REQUIRE(active_count == f32_nonzero_indices__scalar(t.kc, a.data(), active_ref.data()));
  for (size_t k = 0; k < active_count; k++) REQUIRE(active[k] == active_ref[k]);

  const size_t padded_panel = (t.panel_rows + 3) / 4 * 4;
  for (F32SpgemvCscUkernelFn fn : {f32_spgemv_csc_minmax_ukernel__scalar, f32_spgemv_csc_minmax_ukernel__wasmsimd}) {
    // Outputs and accumulators guarded by NaN: a write past a panel's rows shows.
    std::vector<float> c(t.nc + 3, kNaN);
    for (size_t p = 0; p < packed.panels(); p++) {
      std::vector<float> acc(padded_panel + 8, kNaN);  // (the spare block, then a guard)
      const size_t first = p * t.panel_rows;
      const size_t rows = std::min(t.panel_rows, t.nc - first);
      fn(rows, active_count, active.data(), a.data(), packed.column_start.data() + p * (t.kc + 1),
         packed.values.data(), packed.block_offsets.data(), packed.bias.data() + first, acc.data(), c.data() + first,
         &params);
      for (size_t k = (rows + 3) / 4 * 4 + 4; k < acc.size(); k++) REQUIRE(std::isnan(acc[k]));
    }
    require_close(c.data(), want.data(), t.nc, 1e-5f, 1e-5f);
    for (size_t o = t.nc; o < c.size(); o++) REQUIRE(std::isnan(c[o]));
  }
}

}  // namespace

TEST_CASE("f32_spgemv_csc_pack stores the 4x1 blocks that hold a nonzero, column by column per panel",
          "[kernels][f32-spgemv-csc]") {
  // W [6, 2] ([Cout, Cin] rows): column 0 = {1, 0, 0, 0, 0, 2}, column 1 = {0, 0, 0, 0, 0, 0}.
  const float w[] = {1.f, 0.f, 0.f, 0.f, 0.f, 0.f, 0.f, -0.f, 0.f, 0.f, 2.f, 0.f};
  const float bias[] = {1.f, 2.f, 3.f, 4.f, 5.f, 6.f};
  const F32SpgemvCscPacked whole = f32_spgemv_csc_pack(6, 2, w, 2, 1, bias, 8);
  CHECK(whole.panels() == 1);
  CHECK(whole.nonzero_count == 2);
  // Column 0: blocks at rows 0 and 4, padded to 4 blocks with zero blocks
  // at the spare block (byte 32: past the 8 padded rows); column 1: none.
  CHECK(whole.column_start == std::vector<uint32_t>{0, 4, 4});
  CHECK(whole.block_offsets == std::vector<uint16_t>{0, 16, 32, 32});
  std::vector<float> values = {1.f, 0.f, 0.f, 0.f, 0.f, 2.f, 0.f, 0.f};
  values.resize(16, 0.f);
  CHECK(whole.values == values);
  CHECK(whole.bias == std::vector<float>{1.f, 2.f, 3.f, 4.f, 5.f, 6.f, 0.f, 0.f});
  // Panels of 4 rows: the second panel's block sits at its own row 0; each
  // panel's spare block at byte 16.
  const F32SpgemvCscPacked split = f32_spgemv_csc_pack(6, 2, w, 2, 1, nullptr, 4);
  CHECK(split.panels() == 2);
  CHECK(split.column_start == std::vector<uint32_t>{0, 4, 4, 4, 8, 8});
  CHECK(split.block_offsets == std::vector<uint16_t>{0, 16, 16, 16, 0, 16, 16, 16});
  CHECK(split.bias == std::vector<float>(8, 0.f));
}

TEST_CASE("f32_spgemv_csc_packable refuses weights that are not finite", "[kernels][f32-spgemv-csc]") {
  const float finite[] = {0.f, 1.f, -3.f, 0.f};
  const float inf[] = {0.f, kInf, 1.f, 0.f};
  const float nan[] = {0.f, 1.f, 1.f, kNaN};
  CHECK(f32_spgemv_csc_packable(2, 2, finite, 2, 1));
  CHECK_FALSE(f32_spgemv_csc_packable(2, 2, inf, 2, 1));
  CHECK_FALSE(f32_spgemv_csc_packable(2, 2, nan, 1, 2));
}

TEST_CASE("f32_nonzero_indices lists the nonzero inputs in order (NaN in, -0 out)", "[kernels][f32-spgemv-csc]") {
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> pick(0, 4);
  for (size_t n = 0; n <= 37; n++)
    for (int pattern = 0; pattern < 4; pattern++) {
      INFO("n=" << n << " pattern=" << pattern);
      std::vector<float> x(n);
      std::vector<uint32_t> want;
      for (size_t j = 0; j < n; j++) {
        const int kind = pattern == 0 ? 0 : pattern == 1 ? 3 : pick(rng);
        x[j] = kind == 0 ? 0.f : kind == 1 ? -0.f : kind == 2 ? kNaN : 0.5f + static_cast<float>(j);
        if (kind >= 2) want.push_back(static_cast<uint32_t>(j));
      }
      for (F32NonzeroIndicesFn fn : {f32_nonzero_indices__scalar, f32_nonzero_indices__wasmsimd}) {
        std::vector<uint32_t> got(n + 3, 0xFFFFFFFFu);
        const size_t count = fn(n, x.data(), got.data());
        REQUIRE(count == want.size());
        for (size_t k = 0; k < count; k++) REQUIRE(got[k] == want[k]);
      }
    }
}

TEST_CASE("f32_spgemv_csc microkernels match the dense oracle and each other", "[kernels][f32-spgemv-csc]") {
  for (bool clamp : {false, true}) {
    // Output counts around the block (4) and the 4-block step; one input.
    for (size_t nc : {1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 33})
      for (size_t kc : {1, 2, 5, 9}) check_csc({nc, kc, 0.0, 0.0, 64, 0}, clamp);
    // Sparse weights and inputs, panels from one block to the whole matrix.
    for (double weight_zeros : {0.5, 0.9, 1.0})
      for (double input_zeros : {0.0, 0.5, 1.0})
        for (size_t panel_rows : {4, 8, 20, 68}) check_csc({67, 41, weight_zeros, input_zeros, panel_rows, 0}, clamp);
    // Empty columns, odd panels, the MLP's shapes.
    check_csc({13, 40, 0.7, 0.3, 12, 3}, clamp);
    check_csc({1024, 784, 0.9, 0.0, 512, 0}, clamp);
    check_csc({1024, 1024, 0.9, 0.5, 1024, 0}, clamp);
    check_csc({10, 1024, 0.9, 0.5, 12, 0}, clamp);
  }
}

TEST_CASE("f32_spgemv_csc microkernels carry NaN and infinite inputs into the blocks that read them",
          "[kernels][f32-spgemv-csc]") {
  // W [5, 3]: column 1 has a block at rows 0..3 (row 2 nonzero) and none at row 4.
  const float w[] = {1.f, 0.f, 0.f, 0.f, 0.f, 0.f, 0.f, 2.f, 0.f, 0.f, 0.f, 0.f, 3.f, 0.f, 4.f};
  const F32SpgemvCscPacked packed = f32_spgemv_csc_pack(5, 3, w, 3, 1, nullptr, 8);
  const F32MinMaxParams params = f32_minmax_relu();
  for (float special : {kNaN, kInf}) {
    const float a[] = {1.f, special, 1.f};
    for (F32SpgemvCscUkernelFn fn : {f32_spgemv_csc_minmax_ukernel__scalar, f32_spgemv_csc_minmax_ukernel__wasmsimd}) {
      uint32_t active[3 + 3];
      const size_t count = f32_nonzero_indices__scalar(3, a, active);
      float acc[12], c[5];
      fn(5, count, active, a, packed.column_start.data(), packed.values.data(), packed.block_offsets.data(),
         packed.bias.data(), acc, c, &params);
      // Rows 0, 1, 3 meet `special` through a stored zero weight (NaN, as
      // the dense product); row 2 is 2 * special; row 4 never reads it.
      CHECK(std::isnan(c[0]));
      CHECK(std::isnan(c[1]));
      CHECK(std::isnan(c[3]));
      if (std::isnan(special)) CHECK(std::isnan(c[2]));
      else CHECK(c[2] == kInf);
      CHECK(c[4] == 7.f);
    }
  }
}
