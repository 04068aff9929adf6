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

TEST_CASE("x32 copy strided rows: SIMD matches the scalar kernel for steps -3..3", "[kernels][x32-copy]") {
  for (ptrdiff_t step : {-3, -2, -1, 1, 2, 3})
    for (size_t rows = 1; rows <= 3; rows++)
      for (size_t n = 1; n <= 21; n++) {
        INFO("step=" << step << " rows=" << rows << " n=" << n);
        // Each row holds exactly the elements it reads (the first at the row's
        // start for step > 0, at its end for step < 0), in its own vector so
        // that a read outside the row would show up under ASan.
        const size_t span = (n - 1) * static_cast<size_t>(step < 0 ? -step : step) + 1;
        std::vector<std::vector<uint32_t>> row_data(rows, std::vector<uint32_t>(span));
        std::vector<uint32_t> simd(rows * (n + 2), kSentinel), scalar(rows * (n + 2), kSentinel);
        for (size_t r = 0; r < rows; r++) {
          for (size_t k = 0; k < span; k++) row_data[r][k] = static_cast<uint32_t>((r * 1000 + k) * 2654435761u);
          const uint32_t* first = step > 0 ? row_data[r].data() : row_data[r].data() + span - 1;
          x32_copy_strided_rows__wasmsimd(1, n, first, 0, step, simd.data() + r * (n + 2), n + 2);
          x32_copy_strided_rows__scalar(1, n, first, 0, step, scalar.data() + r * (n + 2), n + 2);
          for (size_t j = 0; j < n + 2; j++)
            REQUIRE(simd[r * (n + 2) + j] == (j < n ? first[static_cast<ptrdiff_t>(j) * step] : kSentinel));
        }
        REQUIRE(simd == scalar);
        // Several rows in one call: rows of `span` elements back to back.
        std::vector<uint32_t> packed(rows * span), simd_rows(rows * n), scalar_rows(rows * n);
        for (size_t k = 0; k < packed.size(); k++) packed[k] = static_cast<uint32_t>(k * 40503u);
        const uint32_t* first = step > 0 ? packed.data() : packed.data() + span - 1;
        x32_copy_strided_rows__wasmsimd(rows, n, first, static_cast<ptrdiff_t>(span), step, simd_rows.data(), n);
        x32_copy_strided_rows__scalar(rows, n, first, static_cast<ptrdiff_t>(span), step, scalar_rows.data(), n);
        REQUIRE(simd_rows == scalar_rows);
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
