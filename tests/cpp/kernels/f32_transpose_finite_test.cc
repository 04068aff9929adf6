// f32_transpose_all_finite: the wasm SIMD kernel against the scalar one and
// against the definition (a plain transpose + std::isfinite over the tile) on
// every rows x cols in 1..13 (full 4x4 tiles, edge rows, edge columns, both)
// with padded strides; a NaN, +-inf planted at every position of the tile
// must be reported and moved bit for bit, finite extremes (-0, subnormals,
// +-FLT_MAX) must not count, non-finite values outside the tile (in the
// stride padding) must be ignored, and nothing outside the tile is written.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-finite/f32-transpose-finite.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {

uint32_t bits_of(float x) {
  uint32_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return bits;
}

// The definition, written independently of both kernels.
bool oracle_finite(const std::vector<float>& in, size_t rows, size_t cols, size_t in_stride) {
  for (size_t i = 0; i < rows; ++i)
    for (size_t j = 0; j < cols; ++j)
      if (!std::isfinite(in[i * in_stride + j])) return false;
  return true;
}

void check_transposed(const std::vector<float>& out, const std::vector<float>& in, size_t rows, size_t cols,
                      size_t in_stride, size_t out_stride, float sentinel) {
  for (size_t j = 0; j < cols; ++j)
    for (size_t i = 0; i < out_stride; ++i)
      REQUIRE(bits_of(out[j * out_stride + i]) == bits_of(i < rows ? in[i * in_stride + j] : sentinel));
}

}  // namespace

TEST_CASE("f32 transpose with finiteness check: tiles, edges, every special at every position",
          "[kernels][f32-finite]") {
  std::mt19937 rng(11);
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  const float specials[] = {nan, -nan, inf, -inf};
  const float finite_extremes[] = {-0.f, std::numeric_limits<float>::denorm_min(), std::numeric_limits<float>::max(),
                                   -std::numeric_limits<float>::max()};
  const float sentinel = 12345.f;
  for (size_t rows = 1; rows <= 13; ++rows)
    for (size_t cols = 1; cols <= 13; ++cols) {
      INFO("rows=" << rows << " cols=" << cols);
      const size_t in_stride = cols + 3, out_stride = rows + 2;
      std::vector<float> in = random_floats(rows * in_stride, rng);
      for (size_t i = 0; i < rows; ++i) {
        // The stride padding holds specials that must not be read as the tile's.
        for (size_t j = cols; j < in_stride; ++j) in[i * in_stride + j] = specials[(i + j) % 4];
        in[i * in_stride + (i % cols)] = finite_extremes[i % 4];
      }
      REQUIRE(oracle_finite(in, rows, cols, in_stride));
      std::vector<float> simd(cols * out_stride, sentinel), scalar(cols * out_stride, sentinel);
      CHECK(f32_transpose_all_finite__wasmsimd(rows, cols, in.data(), in_stride, simd.data(), out_stride));
      CHECK(f32_transpose_all_finite__scalar(rows, cols, in.data(), in_stride, scalar.data(), out_stride));
      check_transposed(simd, in, rows, cols, in_stride, out_stride, sentinel);
      check_transposed(scalar, in, rows, cols, in_stride, out_stride, sentinel);
      for (size_t i = 0; i < rows; ++i)
        for (size_t j = 0; j < cols; ++j) {
          float& slot = in[i * in_stride + j];
          const float kept = slot;
          slot = specials[(i * cols + j) % 4];
          INFO("special " << slot << " at row " << i << " col " << j);
          REQUIRE_FALSE(oracle_finite(in, rows, cols, in_stride));
          std::fill(simd.begin(), simd.end(), sentinel);
          CHECK_FALSE(f32_transpose_all_finite__wasmsimd(rows, cols, in.data(), in_stride, simd.data(), out_stride));
          CHECK_FALSE(f32_transpose_all_finite__scalar(rows, cols, in.data(), in_stride, scalar.data(), out_stride));
          check_transposed(simd, in, rows, cols, in_stride, out_stride, sentinel);
          slot = kept;
        }
    }
}
