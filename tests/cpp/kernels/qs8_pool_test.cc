// The SIMD int8 pooling kernels bit-exact against their scalar oracles:
// channel counts around the 16-channel step, kernel sizes 1..25 (and 256 for
// the int16 sums), padding taps, rebased pointers, output strides, zero
// points at the extremes and narrow output ranges. The oracles themselves are
// checked against the plain formulas (max; round(sum * scale)).
#include <vector>

#include "kernels/qs8-pool/qs8-pool.h"
#include "qs8_test_utils.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {

// Pointers of `pixels` output pixels x `taps` taps into `image` (rows of
// `channels`), shifted back by `offset` bytes (the kernel adds it), about
// one tap in five the padding buffer (never shifted).
struct Indirection {
  std::vector<const int8_t*> pointers;
  Indirection(size_t pixels, size_t taps, size_t rows, size_t channels, const int8_t* image, size_t offset,
              const int8_t* padding, std::mt19937& rng) {
    std::uniform_int_distribution<size_t> row(0, rows - 1), pad(0, 4);
    for (size_t i = 0; i < pixels * taps; ++i)
      pointers.push_back(pad(rng) == 0 ? padding : image + row(rng) * channels - offset);
  }
};

const int8_t* tap(const int8_t* p, const int8_t* padding, size_t offset) { return p != padding ? p + offset : p; }

}  // namespace

TEST_CASE("qs8 maxpool: SIMD equals the scalar oracle", "[kernels][qs8-pool]") {
  std::mt19937 rng(3);
  for (size_t channels : {1, 7, 15, 16, 17, 24, 31, 33, 48})
    for (size_t taps : {1, 2, 4, 9, 25}) {
      INFO("channels=" << channels << " taps=" << taps);
      const size_t pixels = 5, rows = 11, out_stride = channels + 3, offset = 8;
      const std::vector<int8_t> image = random_int8(rows * channels + offset, rng);
      const std::vector<int8_t> padding(channels, -128);
      const Indirection ind(pixels, taps, rows, channels, image.data() + offset, offset, padding.data(), rng);
      for (const QRange& r : test_ranges(-5)) {
        const QS8MaxpoolParams params{static_cast<int8_t>(r.qmin), static_cast<int8_t>(r.qmax)};
        std::vector<int8_t> want(pixels * out_stride, 0x5A), got(pixels * out_stride, 0x5A);
        qs8_maxpool_ukernel__scalar_c1(pixels, taps, channels, const_cast<const int8_t**>(ind.pointers.data()), offset,
                                       padding.data(), want.data(), taps * sizeof(void*), out_stride - channels, &params);
        qs8_maxpool_ukernel__wasmsimd_c16(pixels, taps, channels, const_cast<const int8_t**>(ind.pointers.data()),
                                          offset, padding.data(), got.data(), taps * sizeof(void*),
                                          out_stride - channels, &params);
        REQUIRE(describe_int8_mismatch(got.data(), want.data(), want.size()) == "");  // gaps untouched too
        for (size_t p = 0; p < pixels; ++p)
          for (size_t c = 0; c < channels; ++c) {
            int m = -128;
            for (size_t k = 0; k < taps; ++k) m = std::max<int>(m, tap(ind.pointers[p * taps + k], padding.data(), offset)[c]);
            m = std::min<int>(std::max<int>(m, r.qmin), r.qmax);
            REQUIRE(int(want[p * out_stride + c]) == m);
          }
      }
    }
}

TEST_CASE("qs8 avgpool: SIMD equals the scalar oracle", "[kernels][qs8-pool]") {
  std::mt19937 rng(4);
  for (int32_t zx : {-128, 3, 127})
    for (size_t channels : {1, 9, 16, 19, 24, 40})
      for (size_t taps : {1, 3, 9, 25, 256}) {
        INFO("zx=" << zx << " channels=" << channels << " taps=" << taps);
        const size_t pixels = 4, rows = 13, out_stride = channels + 1, offset = 16;
        const std::vector<int8_t> image = random_int8(rows * channels + offset, rng);
        const std::vector<int8_t> padding(channels, static_cast<int8_t>(zx));
        const Indirection ind(pixels, taps, rows, channels, image.data() + offset, offset, padding.data(), rng);
        std::uniform_real_distribution<float> m(0.2f, 3.0f);
        std::vector<float> multipliers(pixels);
        for (float& x : multipliers) x = m(rng) / static_cast<float>(taps);
        for (const QRange& r : test_ranges(-20)) {
          const QS8AvgpoolParams params = qs8_avgpool_params(zx, -20, r.qmin, r.qmax);
          std::vector<int8_t> want(pixels * out_stride, 0x5A), got(pixels * out_stride, 0x5A);
          qs8_avgpool_minmax_fp32_ukernel__scalar_c1(pixels, taps, channels, const_cast<const int8_t**>(ind.pointers.data()),
                                                     offset, padding.data(), multipliers.data(), want.data(),
                                                     taps * sizeof(void*), out_stride - channels, &params);
          qs8_avgpool_minmax_fp32_ukernel__wasmsimd_c16(pixels, taps, channels,
                                                        const_cast<const int8_t**>(ind.pointers.data()), offset,
                                                        padding.data(), multipliers.data(), got.data(),
                                                        taps * sizeof(void*), out_stride - channels, &params);
          REQUIRE(describe_int8_mismatch(got.data(), want.data(), want.size()) == "");
          for (size_t p = 0; p < pixels; ++p)
            for (size_t c = 0; c < channels; ++c) {
              int32_t acc = 0;
              for (size_t k = 0; k < taps; ++k) acc += tap(ind.pointers[p * taps + k], padding.data(), offset)[c] - zx;
              REQUIRE(want[p * out_stride + c] == qs8_requantize_reference(acc, multipliers[p], -20, r.qmin, r.qmax));
            }
        }
      }
}

TEST_CASE("qs8 gavgpool: SIMD equals the scalar oracle", "[kernels][qs8-pool]") {
  std::mt19937 rng(6);
  for (int32_t zx : {-128, 0, 127})
    for (size_t channels : {1, 5, 16, 17, 24, 35})
      for (size_t rows : {1, 7, 49, 255, 256, 257, 600}) {
        INFO("zx=" << zx << " channels=" << channels << " rows=" << rows);
        const size_t stride = channels + 2;
        const std::vector<int8_t> x = random_int8(rows * stride, rng);
        const float scale = 1.7f / static_cast<float>(rows);
        for (const QRange& r : test_ranges(9)) {
          const QS8AvgpoolParams params = qs8_avgpool_params(zx, 9, r.qmin, r.qmax);
          std::vector<int8_t> want(channels + 1, 0x5A), got(channels + 1, 0x5A);
          qs8_gavgpool_minmax_fp32_ukernel__scalar_c1(rows, channels, x.data(), stride, scale, want.data(), &params);
          qs8_gavgpool_minmax_fp32_ukernel__wasmsimd_c16(rows, channels, x.data(), stride, scale, got.data(), &params);
          REQUIRE(describe_int8_mismatch(got.data(), want.data(), channels + 1) == "");
          for (size_t c = 0; c < channels; ++c) {
            int32_t acc = 0;
            for (size_t i = 0; i < rows; ++i) acc += x[i * stride + c] - zx;
            REQUIRE(want[c] == qs8_requantize_reference(acc, scale, 9, r.qmin, r.qmax));
          }
        }
      }
}
