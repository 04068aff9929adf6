// x32 tile transpose: the 4x4 SIMD kernel against the scalar one (and the
// definition) on every rows x cols in 1..13 (full tiles, edges, both), with
// padded strides; nothing outside the tile is written.
#include <cstdint>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/x32-transpose/x32-transpose.h"

using namespace nnslim::kernels;

TEST_CASE("x32 transpose 4x4 tiles match the scalar kernel", "[kernels][x32-transpose]") {
  for (size_t rows = 1; rows <= 13; rows++)
    for (size_t cols = 1; cols <= 13; cols++) {
      INFO("rows=" << rows << " cols=" << cols);
      const size_t in_stride = cols + 3, out_stride = rows + 2;
      std::vector<uint32_t> in(rows * in_stride);
      for (size_t k = 0; k < in.size(); k++) in[k] = static_cast<uint32_t>(k * 2654435761u);
      const uint32_t sentinel = 0xDEADBEEF;
      std::vector<uint32_t> simd(cols * out_stride, sentinel), scalar(cols * out_stride, sentinel);
      x32_transpose_ukernel__wasmsimd_4x4(rows, cols, in.data(), in_stride, simd.data(), out_stride);
      x32_transpose_ukernel__scalar(rows, cols, in.data(), in_stride, scalar.data(), out_stride);
      REQUIRE(simd == scalar);
      for (size_t j = 0; j < cols; j++)
        for (size_t i = 0; i < out_stride; i++)
          REQUIRE(simd[j * out_stride + i] == (i < rows ? in[i * in_stride + j] : sentinel));
    }
}
