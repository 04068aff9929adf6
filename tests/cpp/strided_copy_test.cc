// The region engine of the data-movement steps (runtime/steps/strided_copy):
// random regions (rank 1..5, dims 1..6, each source dim walked with a step in
// -3..3 including 0 = broadcast, source and destination dims in random memory
// orders) copied by simplify() + copy_region into exactly sized buffers, for
// 4-, 8- and 1-byte elements, against a plain per-element index loop. Exact
// sizes make any read or write outside the region an ASan error.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <random>
#include <vector>

#include "runtime/steps/strided_copy.h"

namespace nnslim {
namespace {

// Row-major strides of `dims` laid out in the memory order `order` (outermost first).
std::vector<int64_t> strides_in_order(const Shape& dims, const std::vector<size_t>& order) {
  std::vector<int64_t> strides(dims.size());
  int64_t stride = 1;
  for (size_t k = order.size(); k-- > 0;) {
    strides[order[k]] = stride;
    stride *= dims[order[k]];
  }
  return strides;
}

TEST_CASE("strided copy: random regions match a per-element loop", "[strided-copy]") {
  std::mt19937 rng(7);
  for (int iter = 0; iter < 3000; ++iter) {
    const size_t rank = 1 + rng() % 5;
    Shape shape(rank), source_dims(rank);
    std::vector<int64_t> steps(rank);
    for (size_t a = 0; a < rank; ++a) {
      shape[a] = 1 + rng() % 6;
      steps[a] = rng() % 4 == 0 ? 1 : static_cast<int64_t>(rng() % 7) - 3;
      source_dims[a] = shape[a] * std::max<int64_t>(1, std::abs(steps[a]));
    }
    std::vector<size_t> order(rank);
    for (size_t a = 0; a < rank; ++a) order[a] = a;
    std::shuffle(order.begin(), order.end(), rng);
    const std::vector<int64_t> base = strides_in_order(source_dims, order);
    StridedRegion region;
    region.shape = shape;
    for (size_t a = 0; a < rank; ++a) {
      region.src_strides.push_back(base[a] * steps[a]);
      if (steps[a] < 0) region.src_offset += (source_dims[a] - 1) * base[a];  // start at the far end
    }
    std::shuffle(order.begin(), order.end(), rng);
    region.dst_strides = strides_in_order(shape, order);
    const int64_t source_count = shape_numel(source_dims), count = shape_numel(shape);
    for (size_t elem : {size_t{4}, size_t{8}, size_t{1}}) {
      INFO("iteration " << iter << " shape " << shape_to_string(shape) << " steps " << shape_to_string(steps)
                        << " element bytes " << elem);
      std::vector<uint8_t> source(static_cast<size_t>(source_count) * elem);
      for (uint8_t& b : source) b = static_cast<uint8_t>(rng());
      std::vector<uint8_t> want(static_cast<size_t>(count) * elem), got(want.size());
      Shape index(rank, 0);
      for (int64_t e = 0; e < count; ++e) {
        int64_t s = region.src_offset, d = 0;
        for (size_t a = 0; a < rank; ++a) {
          s += index[a] * region.src_strides[a];
          d += index[a] * region.dst_strides[a];
        }
        std::memcpy(&want[static_cast<size_t>(d) * elem], &source[static_cast<size_t>(s) * elem], elem);
        for (size_t a = rank; a-- > 0;) {
          if (++index[a] < shape[a]) break;
          index[a] = 0;
        }
      }
      StridedRegion simplified = region;
      simplified.simplify();
      REQUIRE(simplified.shape.size() <= rank);
      copy_region(simplified, source.data(), got.data(), elem);
      REQUIRE(got == want);
    }
  }
}

TEST_CASE("strided copy: logical strides of NCHW and NHWC values", "[strided-copy]") {
  CHECK(logical_strides({2, 3, 5, 7}, false) == std::vector<int64_t>{105, 35, 7, 1});
  CHECK(logical_strides({2, 3, 5, 7}, true) == std::vector<int64_t>{105, 1, 21, 3});  // N, C, H, W of [N, H, W, C]
  CHECK(logical_strides({4, 6}, true) == std::vector<int64_t>{6, 1});               // NHWC applies to rank 4 only
}

}  // namespace
}  // namespace nnslim
