// Reduction kernels against the double-precision oracle: odd row counts,
// every channel count 1..40 (the 16/4/1 tails) plus 67, padded row strides,
// and a sentinel after the output that must stay untouched.
#include <cmath>
#include <limits>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-reduce/f32-reduce.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

TEST_CASE("f32 reduce microkernels match the double-precision oracle", "[kernels][f32-reduce]") {
  size_t count = 0;
  const F32ReduceUkernelInfo* list = f32_reduce_ukernels(&count);
  REQUIRE(count >= 12);
  std::mt19937 rng(17);
  std::vector<size_t> channel_counts;
  for (size_t c = 1; c <= 40; ++c) channel_counts.push_back(c);
  channel_counts.push_back(67);
  for (size_t i = 0; i < count; i++) {
    const F32ReduceUkernelInfo& k = list[i];
    for (size_t rows : {1, 2, 3, 5, 13}) {
      for (size_t channels : channel_counts) {
        for (size_t pad : {0, 3}) {
          const size_t stride = channels + pad;
          INFO(k.name << " rows=" << rows << " channels=" << channels << " stride=" << stride);
          const std::vector<float> x = random_floats(rows * stride, rng, -2.0f, 2.0f);
          const F32ReduceParams params{k.op == F32ReduceOp::kSum ? 1.0f / 3.0f : 1.0f};
          const size_t outputs = k.discontiguous ? channels : rows;
          std::vector<float> want(outputs), got(outputs + 1, std::numeric_limits<float>::quiet_NaN());
          f32_reduce_reference(k.op, k.discontiguous, rows, channels, x.data(), stride, want.data(), params);
          k.fn(rows, channels, x.data(), stride, got.data(), &params);
          // Sums differ from the double oracle by float rounding of at most
          // `terms` additions of values below 2 in magnitude.
          const size_t terms = k.discontiguous ? rows : channels;
          const float atol = k.op == F32ReduceOp::kSum ? 4e-7f * static_cast<float>(terms) : 0.0f;
          require_close(got.data(), want.data(), outputs, k.op == F32ReduceOp::kSum ? 1e-6f : 0.0f, atol);
          REQUIRE(std::isnan(got[outputs]));
        }
      }
    }
  }
}

TEST_CASE("f32 rmax/rdmax keep -inf and large values", "[kernels][f32-reduce]") {
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> x = {-inf, -inf, -inf, -inf, -inf, 3e38f, -inf, -inf, -inf};
  float y[9];
  const F32ReduceParams params{1.0f};
  f32_rmax_ukernel__wasmsimd_x16_acc4(1, 9, x.data(), 9, y, &params);
  CHECK(y[0] == 3e38f);
  f32_rmax_ukernel__wasmsimd_x16_acc4(1, 5, x.data(), 5, y, &params);
  CHECK(y[0] == -inf);
  f32_rdmax_ukernel__wasmsimd_c16(3, 3, x.data(), 3, y, &params);
  CHECK(y[0] == -inf);
  CHECK(y[1] == -inf);
  CHECK(y[2] == 3e38f);
}

TEST_CASE("f32 max/min reductions propagate a NaN from any position, as np.max / np.min", "[kernels][f32-reduce]") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  size_t count = 0;
  const F32ReduceUkernelInfo* list = f32_reduce_ukernels(&count);
  for (size_t i = 0; i < count; i++) {
    if (list[i].op == F32ReduceOp::kSum) continue;
    const bool is_max = list[i].op == F32ReduceOp::kMax;
    for (size_t n : {1, 3, 5, 16, 17, 37}) {
      for (size_t at : {size_t{0}, n / 2, n - 1}) {
        INFO(list[i].name << " n=" << n << " NaN at " << at);
        // +-inf and 1 .. n - 1 around the NaN: without it the result is finite or infinite, never NaN.
        std::vector<float> x(n);
        for (size_t j = 0; j < n; ++j) x[j] = j % 4 == 3 ? (j % 8 == 3 ? inf : -inf) : static_cast<float>(j);
        x[at] = nan;
        std::vector<float> y(n, 0.0f), want(n, 0.0f);
        const F32ReduceParams params{1.0f};
        const size_t rows = list[i].discontiguous ? n : 1, channels = list[i].discontiguous ? 1 : n;
        list[i].fn(rows, channels, x.data(), channels, y.data(), &params);
        f32_reduce_reference(list[i].op, list[i].discontiguous, rows, channels, x.data(), channels, want.data(), params);
        CHECK(std::isnan(want[0]));
        CHECK(std::isnan(y[0]));
        // The same data without the NaN: the extreme, exactly.
        x[at] = is_max ? -inf : inf;
        list[i].fn(rows, channels, x.data(), channels, y.data(), &params);
        f32_reduce_reference(list[i].op, list[i].discontiguous, rows, channels, x.data(), channels, want.data(), params);
        CHECK(!std::isnan(y[0]));
        CHECK(y[0] == want[0]);
      }
    }
  }
}
