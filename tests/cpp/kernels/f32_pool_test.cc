// Pooling microkernels (through indirection + multipliers) against direct loops.
#include <limits>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-pool/f32-pool-reference.h"
#include "kernels/f32-pool/f32-pool.h"
#include "kernels/indirection/conv2d-indirection.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {

struct PoolCase {
  size_t ih, iw, kh, kw, stride, pad_before, pad_after;
};

const PoolCase kPoolCases[] = {
    {6, 6, 2, 2, 2, 0, 0},  // 2x2/2
    {7, 7, 3, 3, 2, 1, 1},  // 3x3/2 pad 1 (ResNet stem)
    {5, 6, 3, 3, 1, 1, 1},  // 3x3/1 same
    {6, 5, 3, 2, 2, 0, 1},  // asymmetric pads, ceil-mode-like extra bottom/right
    {4, 4, 4, 4, 1, 0, 0},  // whole image
};

const size_t kChannels[] = {1, 3, 4, 5, 12, 13, 24};

}  // namespace

TEST_CASE("f32 maxpool microkernels match direct max pooling", "[kernels][f32-pool]") {
  size_t count = 0;
  const auto* list = f32_maxpool_ukernels(&count);
  REQUIRE(count >= 2);
  for (size_t i = 0; i < count; i++) {
    for (const PoolCase& pc : kPoolCases) {
      for (size_t channels : kChannels) {
        INFO(list[i].name << " input " << pc.ih << "x" << pc.iw << " window " << pc.kh << "x" << pc.kw << " channels " << channels);
        const Conv2DGeometry g = make_conv2d_geometry(pc.ih, pc.iw, pc.kh, pc.kw, pc.stride, pc.stride, 1, 1,
                                                      pc.pad_before, pc.pad_before, pc.pad_after, pc.pad_after);
        std::mt19937 rng(static_cast<unsigned>(channels + pc.ih));
        const std::vector<float> input = random_floats(2 * pc.ih * pc.iw * channels, rng);
        std::vector<float> want(g.output_pixels() * channels);
        f32_maxpool2d_nhwc_reference(g, channels, input.data() + pc.ih * pc.iw * channels, want.data(), -0.6f, 0.7f);
        const std::vector<float> minus_inf(channels, -std::numeric_limits<float>::infinity());
        std::vector<const float*> ind(dwconv_indirection_size(g));
        dwconv_indirection_init(g, input.data(), channels, minus_inf.data(), ind.data());
        std::vector<float> got(g.output_pixels() * (channels + 1), std::numeric_limits<float>::quiet_NaN());
        const F32MinMaxParams params = f32_minmax(-0.6f, 0.7f);
        list[i].fn(g.output_pixels(), g.kernel_size(), channels, ind.data(), pc.ih * pc.iw * channels * sizeof(float),
                   minus_inf.data(), got.data(), g.kernel_size() * sizeof(void*), sizeof(float), &params);
        for (size_t p = 0; p < g.output_pixels(); p++) {
          require_close(&got[p * (channels + 1)], &want[p * channels], channels, 0.0f, 0.0f);
          REQUIRE(std::isnan(got[p * (channels + 1) + channels]));
        }
      }
    }
  }
}

TEST_CASE("f32 avgpool microkernels match direct average pooling", "[kernels][f32-pool]") {
  size_t count = 0;
  const auto* list = f32_avgpool_ukernels(&count);
  REQUIRE(count >= 2);
  for (size_t i = 0; i < count; i++) {
    for (bool include_pad : {false, true}) {
      for (const PoolCase& pc : kPoolCases) {
        for (size_t channels : kChannels) {
          INFO(list[i].name << " include_pad " << include_pad << " input " << pc.ih << "x" << pc.iw << " window "
                            << pc.kh << "x" << pc.kw << " pads " << pc.pad_before << "/" << pc.pad_after
                            << " channels " << channels);
          const Conv2DGeometry g = make_conv2d_geometry(pc.ih, pc.iw, pc.kh, pc.kw, pc.stride, pc.stride, 1, 1,
                                                        pc.pad_before, pc.pad_before, pc.pad_after, pc.pad_after);
          std::mt19937 rng(static_cast<unsigned>(channels * 3 + pc.iw));
          const std::vector<float> input = random_floats(pc.ih * pc.iw * channels, rng);
          std::vector<float> want(g.output_pixels() * channels);
          f32_avgpool2d_nhwc_reference(g, pc.pad_after, pc.pad_after, include_pad, channels, input.data(),
                                       want.data(), -0.3f, 0.4f);
          const std::vector<float> zero(channels, 0.0f);
          std::vector<const float*> ind(dwconv_indirection_size(g));
          dwconv_indirection_init(g, input.data(), channels, zero.data(), ind.data());
          std::vector<float> multipliers(g.output_pixels());
          avgpool_multipliers_init(g, pc.pad_after, pc.pad_after, include_pad, multipliers.data());
          std::vector<float> got(g.output_pixels() * channels);
          const F32MinMaxParams params = f32_minmax(-0.3f, 0.4f);
          list[i].fn(g.output_pixels(), g.kernel_size(), channels, ind.data(), 0, zero.data(), multipliers.data(),
                     got.data(), g.kernel_size() * sizeof(void*), 0, &params);
          require_close(got.data(), want.data(), got.size(), 1e-5f, 1e-6f);
        }
      }
    }
  }
}

TEST_CASE("f32 global average pool microkernels match the mean", "[kernels][f32-pool]") {
  size_t count = 0;
  const auto* list = f32_gavgpool_ukernels(&count);
  REQUIRE(count >= 2);
  for (size_t i = 0; i < count; i++) {
    for (size_t pixels : {1, 7, 49}) {
      for (size_t channels : kChannels) {
        INFO(list[i].name << " pixels " << pixels << " channels " << channels);
        std::mt19937 rng(static_cast<unsigned>(pixels * channels));
        const size_t stride = channels + 2;  // rows with padding between them
        const std::vector<float> input = random_floats(pixels * stride, rng);
        std::vector<float> dense(pixels * channels);
        for (size_t p = 0; p < pixels; p++)
          for (size_t c = 0; c < channels; c++) dense[p * channels + c] = input[p * stride + c];
        std::vector<float> want(channels), got(channels + 1, std::numeric_limits<float>::quiet_NaN());
        f32_global_avgpool_nhwc_reference(pixels, channels, dense.data(), want.data(), -0.2f, 0.2f);
        const F32ScaleMinMaxParams params{1.0f / static_cast<float>(pixels), -0.2f, 0.2f};
        list[i].fn(pixels, channels, input.data(), stride * sizeof(float), got.data(), &params);
        require_close(got.data(), want.data(), channels, 1e-5f, 1e-6f);
        REQUIRE(std::isnan(got[channels]));
      }
    }
  }
}
