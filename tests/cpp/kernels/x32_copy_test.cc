// x32 row copy / fill: the SIMD kernels against the scalar ones (and the
// definition) on every n in 1..21 (below one vector, whole vectors, tails)
// and 1..3 rows with padded strides; nothing between the rows is written.
#include <cstdint>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/x32-copy/x32-copy.h"

using namespace nnslim::kernels;

namespace {
constexpr uint32_t kSentinel = 0xDEADBEEF;
}

TEST_CASE("x32 copy rows: SIMD matches the scalar kernel", "[kernels][x32-copy]") {
  for (size_t rows = 1; rows <= 3; rows++)
    for (size_t n = 1; n <= 21; n++) {
      INFO("rows=" << rows << " n=" << n);
      const size_t in_stride = n + 5, out_stride = n + 3;
      std::vector<uint32_t> in(rows * in_stride);
      for (size_t k = 0; k < in.size(); k++) in[k] = static_cast<uint32_t>(k * 2654435761u);
      std::vector<uint32_t> simd(rows * out_stride, kSentinel), scalar(rows * out_stride, kSentinel);
      x32_copy_rows__wasmsimd(rows, n, in.data(), in_stride, simd.data(), out_stride);
      x32_copy_rows__scalar(rows, n, in.data(), in_stride, scalar.data(), out_stride);
      REQUIRE(simd == scalar);
      for (size_t r = 0; r < rows; r++)
        for (size_t j = 0; j < out_stride; j++)
          REQUIRE(simd[r * out_stride + j] == (j < n ? in[r * in_stride + j] : kSentinel));
    }
}

TEST_CASE("x32 fill rows: SIMD matches the scalar kernel", "[kernels][x32-copy]") {
  const uint32_t value = 0x3F800001;
  for (size_t rows = 1; rows <= 3; rows++)
    for (size_t n = 1; n <= 21; n++) {
      INFO("rows=" << rows << " n=" << n);
      const size_t out_stride = n + 2;
      std::vector<uint32_t> simd(rows * out_stride, kSentinel), scalar(rows * out_stride, kSentinel);
      x32_fill_rows__wasmsimd(rows, n, &value, simd.data(), out_stride);
      x32_fill_rows__scalar(rows, n, &value, scalar.data(), out_stride);
      REQUIRE(simd == scalar);
      for (size_t r = 0; r < rows; r++)
        for (size_t j = 0; j < out_stride; j++) REQUIRE(simd[r * out_stride + j] == (j < n ? value : kSentinel));
    }
}
