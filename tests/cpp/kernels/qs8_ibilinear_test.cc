// int8 bilinear row kernel: the 16-channel SIMD kernel against the scalar
// one BIT FOR BIT (same float operations in the same order) on channel
// counts 1..40 (every tail), random columns (repeated ones too, as at
// clamped borders), weights in [0, 1] with the exact 0, 1/2 and 1, top ==
// bottom, zero points at -128 / 127, another output grid, saturation and a
// narrowed (fused Relu) output range; and the scalar one within one step of
// the definition computed in double (dequantize, interpolate, quantize).
#include <cmath>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/qs8-ibilinear/qs8-ibilinear.h"

using namespace nnslim::kernels;

namespace {
struct Grid {
  int32_t x_zero_point, y_zero_point, qmin, qmax;
  float scale;  // s_x / s_y
};
}  // namespace

TEST_CASE("qs8 ibilinear row matches the scalar kernel bit for bit and the definition within one step",
          "[kernels][qs8-ibilinear]") {
  std::mt19937 rng(21);
  std::uniform_int_distribution<int> byte(-128, 127);
  const Grid grids[] = {{0, 0, -128, 127, 1.0f},   {-128, -128, -128, 127, 1.0f}, {127, -3, -128, 127, 0.73f},
                        {5, 9, -128, 127, 3.1f},   {-20, 40, 40, 127, 1.7f}};
  const size_t pixels = 9, input_w = 5;
  for (const Grid& g : grids)
    for (size_t channels = 1; channels <= 40; channels++)
      for (bool same_rows : {false, true}) {
        INFO("channels=" << channels << " same_rows=" << same_rows << " zx=" << g.x_zero_point << " zy="
                         << g.y_zero_point << " scale=" << g.scale << " qmin=" << g.qmin);
        std::vector<int8_t> top(input_w * channels), bottom_rows(input_w * channels);
        for (auto& v : top) v = static_cast<int8_t>(byte(rng));
        for (auto& v : bottom_rows) v = static_cast<int8_t>(byte(rng));
        const int8_t* bottom = same_rows ? top.data() : bottom_rows.data();
        std::uniform_int_distribution<size_t> pick(0, input_w - 1);
        std::vector<size_t> offsets;
        for (size_t i = 0; i < 2 * pixels; i++) offsets.push_back(pick(rng) * channels);
        std::vector<float> weights = testing::random_floats(pixels, rng, 0.0f, 1.0f);
        weights[0] = 0.0f, weights[1] = 0.5f, weights[2] = 1.0f;
        const float alpha_v = channels % 3 == 0 ? 0.5f : 0.3125f;
        const QS8IbilinearParams p = qs8_ibilinear_params(g.x_zero_point, g.scale, g.y_zero_point, g.qmin, g.qmax);
        const size_t n = pixels * channels;
        std::vector<int8_t> simd(n + 1, 0x5A), scalar(n);
        qs8_ibilinear_row_ukernel__wasmsimd_c16(pixels, channels, top.data(), bottom, offsets.data(), weights.data(),
                                                alpha_v, simd.data(), &p);
        qs8_ibilinear_row_ukernel__scalar_c1(pixels, channels, top.data(), bottom, offsets.data(), weights.data(),
                                             alpha_v, scalar.data(), &p);
        REQUIRE(std::vector<int8_t>(simd.begin(), simd.begin() + static_cast<std::ptrdiff_t>(n)) == scalar);
        REQUIRE(simd[n] == 0x5A);  // nothing written past the row
        for (size_t x = 0; x < pixels; x++) {
          const double ah = weights[x], av = alpha_v;
          for (size_t c = 0; c < channels; c++) {
            const size_t l = offsets[2 * x] + c, r = offsets[2 * x + 1] + c;
            const double v = (1 - av) * ((1 - ah) * top[l] + ah * top[r]) + av * ((1 - ah) * bottom[l] + ah * bottom[r]);
            const double want = std::fmin(g.qmax, std::fmax(g.qmin, std::nearbyint((v - g.x_zero_point) * g.scale) +
                                                                     g.y_zero_point));
            REQUIRE(std::fabs(scalar[x * channels + c] - want) <= 1.0);
          }
        }
      }
}
