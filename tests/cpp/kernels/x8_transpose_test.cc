// x8 tile transpose: the 16x16 SIMD kernel against the scalar one and the
// definition on every rows x cols in 1..37 (full tiles, edges, both), with
// padded strides; nothing outside the tile is written.
#include <cstdint>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/x8-transpose/x8-transpose.h"

using namespace nnslim::kernels;

TEST_CASE("x8 transpose 16x16 tiles match the scalar kernel", "[kernels][x8-transpose]") {
  for (size_t rows = 1; rows <= 37; rows++)
    for (size_t cols = 1; cols <= 37; cols++) {
      INFO("rows=" << rows << " cols=" << cols);
      const size_t in_stride = cols + 5, out_stride = rows + 3;
      std::vector<uint8_t> in(rows * in_stride);
      for (size_t k = 0; k < in.size(); k++) in[k] = static_cast<uint8_t>((k * 2654435761u) >> 13);
      const uint8_t sentinel = 0xA5;
      std::vector<uint8_t> simd(cols * out_stride, sentinel), scalar(cols * out_stride, sentinel);
      x8_transpose_ukernel__wasmsimd_16x16(rows, cols, in.data(), in_stride, simd.data(), out_stride);
      x8_transpose_ukernel__scalar(rows, cols, in.data(), in_stride, scalar.data(), out_stride);
      REQUIRE(simd == scalar);
      for (size_t j = 0; j < cols; j++)
        for (size_t i = 0; i < out_stride; i++)
          if (i < rows) REQUIRE(simd[j * out_stride + i] == in[i * in_stride + j]);
          else REQUIRE(simd[j * out_stride + i] == sentinel);
    }
}

// Packed outputs (out_stride == rows: NCHW -> NHWC of a few channels, where
// rows == 3 takes the RGB shuffle path), cols across whole 16-column steps
// and tails.
TEST_CASE("x8 transpose into packed rows matches the scalar kernel", "[kernels][x8-transpose]") {
  for (size_t rows = 1; rows <= 5; rows++)
    for (size_t cols = 1; cols <= 70; cols++) {
      INFO("rows=" << rows << " cols=" << cols);
      const size_t in_stride = cols + (cols % 3);
      std::vector<uint8_t> in(rows * in_stride);
      for (size_t k = 0; k < in.size(); k++) in[k] = static_cast<uint8_t>((k * 2246822519u) >> 11);
      const uint8_t sentinel = 0x5A;
      std::vector<uint8_t> simd(cols * rows + 16, sentinel), scalar(cols * rows + 16, sentinel);
      x8_transpose_ukernel__wasmsimd_16x16(rows, cols, in.data(), in_stride, simd.data(), rows);
      x8_transpose_ukernel__scalar(rows, cols, in.data(), in_stride, scalar.data(), rows);
      REQUIRE(simd == scalar);
      for (size_t j = 0; j < cols; j++)
        for (size_t i = 0; i < rows; i++) REQUIRE(simd[j * rows + i] == in[i * in_stride + j]);
      for (size_t k = cols * rows; k < simd.size(); k++) REQUIRE(simd[k] == sentinel);
    }
}
