// Every f32 IGEMM microkernel, with the indirection builder and the conv
// weight packing, against the direct NHWC convolution oracle.
#include <cstring>
#include <limits>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-igemm/f32-conv2d-reference.h"
#include "kernels/f32-igemm/f32-igemm-driver.h"
#include "kernels/f32-igemm/f32-igemm.h"
#include "kernels/f32-packw/f32-packw.h"
#include "kernels/indirection/conv2d-indirection.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {

struct ConvCase {
  const char* label;
  size_t ih, iw, kh, kw, stride, dilation, pad;  // symmetric pads
  size_t groups, group_in, group_out;
};

// Runs a grouped conv through `kernel`: one packed weight set and one
// indirection buffer per group; the group's channel offset goes in a_offset.
void run_conv_case(const F32IgemmUkernelInfo& kernel, const ConvCase& cc, bool image_offset) {
  INFO(kernel.name << " case " << cc.label);
  const Conv2DGeometry g = make_conv2d_geometry(cc.ih, cc.iw, cc.kh, cc.kw, cc.stride, cc.stride, cc.dilation,
                                                cc.dilation, cc.pad, cc.pad, cc.pad, cc.pad);
  REQUIRE(g.output_pixels() > 0);
  const size_t in_channels = cc.groups * cc.group_in, out_channels = cc.groups * cc.group_out;
  const size_t out_stride = out_channels + 3;  // strided output pixels
  std::mt19937 rng(static_cast<unsigned>(cc.ih * 31 + cc.kh * 7 + cc.groups));
  const size_t image = cc.ih * cc.iw * in_channels;
  // Two images back to back; with image_offset the kernel reads the second
  // one through a buffer built for the first (a_offset = image bytes).
  const std::vector<float> input = random_floats(2 * image, rng);
  const std::vector<float> weights = random_floats(out_channels * cc.group_in * g.kernel_size(), rng);
  const std::vector<float> bias = random_floats(out_channels, rng);
  const float* image_in = input.data() + (image_offset ? image : 0);

  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> want(g.output_pixels() * out_stride, 0.0f);
  f32_conv2d_nhwc_reference(g, cc.groups, cc.group_in, cc.group_out, image_in, weights.data(), bias.data(),
                            want.data(), out_stride, -inf, inf);
  std::vector<float> unclamped;
  for (size_t p = 0; p < g.output_pixels(); p++)
    for (size_t c = 0; c < out_channels; c++) unclamped.push_back(want[p * out_stride + c]);
  const ClampRange range = active_clamp(unclamped);
  f32_conv2d_nhwc_reference(g, cc.groups, cc.group_in, cc.group_out, image_in, weights.data(), bias.data(),
                            want.data(), out_stride, range.min, range.max);

  const std::vector<float> zero(cc.group_in, 0.0f);
  std::vector<const float*> indirection(igemm_indirection_size(g, kernel.mr));
  igemm_indirection_init(g, kernel.mr, input.data(), in_channels, zero.data(), indirection.data());
  std::vector<float> got(g.output_pixels() * out_stride, std::numeric_limits<float>::quiet_NaN());
  const F32IgemmConfig config{kernel.name, kernel.mr, kernel.nr, kernel.fn};
  for (size_t gr = 0; gr < cc.groups; gr++) {
    const size_t group_weights = cc.group_out * cc.group_in * g.kernel_size();
    std::vector<float> packed(f32_packw_conv_size(cc.group_out, cc.group_in, g.kernel_size(), kernel.nr));
    f32_packw_conv_oihw(kernel.nr, cc.group_out, cc.group_in, g.kernel_size(), weights.data() + gr * group_weights,
                        bias.data() + gr * cc.group_out, packed.data());
    const size_t a_offset = (gr * cc.group_in + (image_offset ? image : 0)) * sizeof(float);
    f32_igemm(config, g.output_pixels(), cc.group_out, cc.group_in, g.kernel_size(), indirection.data(),
              packed.data(), got.data() + gr * cc.group_out, out_stride, a_offset, zero.data(),
              f32_minmax(range.min, range.max));
  }
  for (size_t p = 0; p < g.output_pixels(); p++) {
    require_close(&got[p * out_stride], &want[p * out_stride], out_channels, 1e-5f, 1e-6f);
    for (size_t c = out_channels; c < out_stride; c++) REQUIRE(std::isnan(got[p * out_stride + c]));
  }
}

const ConvCase kCases[] = {
    {"1x1 conv (pointwise), 13 channels", 5, 4, 1, 1, 1, 1, 0, 1, 13, 12},
    {"3x3 pad 1 stride 1, 24 -> 17", 6, 5, 3, 3, 1, 1, 1, 1, 24, 17},
    {"3x3 pad 1 stride 2, 12 -> 9", 7, 7, 3, 3, 2, 1, 1, 1, 12, 9},
    {"3x3 dilation 2 pad 2", 7, 6, 3, 3, 1, 2, 2, 1, 3, 5},
    {"5x5 pad 2, 1 input channel", 6, 6, 5, 5, 1, 1, 2, 1, 1, 8},
    {"2x2 stride 2 no pad", 6, 8, 2, 2, 2, 1, 0, 1, 4, 16},
    {"grouped 3x3: 3 groups of 4 -> 5", 5, 5, 3, 3, 1, 1, 1, 3, 4, 5},
    {"large pad 3 (windows fully in padding)", 3, 3, 3, 3, 1, 1, 3, 1, 2, 3},
};

}  // namespace

TEST_CASE("f32_igemm microkernels match direct convolution", "[kernels][f32-igemm]") {
  size_t count = 0;
  const F32IgemmUkernelInfo* list = f32_igemm_ukernels(&count);
  REQUIRE(count >= 10);
  for (size_t i = 0; i < count; i++) {
    DYNAMIC_SECTION(list[i].name) {
      for (const ConvCase& cc : kCases) run_conv_case(list[i], cc, false);
      SECTION("a_offset rebases on another image") { run_conv_case(list[i], kCases[1], true); }
    }
  }
}

// Channels per tap = the kernels' K: the loadsplat_x8 kernels leave their
// 8-step K loop after any step, so every K in 1..9, 13 and 24 (3x3 pad 1: taps
// in the zero buffer too), with 19 output channels (an N tail for NR 8 and 16).
TEST_CASE("f32_igemm microkernels: every exit of the unrolled K loop", "[kernels][f32-igemm]") {
  size_t count = 0;
  const F32IgemmUkernelInfo* list = f32_igemm_ukernels(&count);
  for (size_t i = 0; i < count; i++) {
    DYNAMIC_SECTION(list[i].name) {
      for (size_t channels : {1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 24}) {
        const ConvCase cc{"3x3 pad 1, K channels -> 19", 5, 4, 3, 3, 1, 1, 1, 1, channels, 19};
        run_conv_case(list[i], cc, false);
      }
    }
  }
}

TEST_CASE("igemm indirection: padding taps point to the zero buffer, tails repeat", "[kernels][f32-igemm]") {
  // 2x2 image, 3x3 kernel, pad 1: output 2x2; corner tap (0,0) of output (0,0) is padding.
  const Conv2DGeometry g = make_conv2d_geometry(2, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1);
  REQUIRE(g.output_height == 2);
  REQUIRE(g.output_width == 2);
  const float input[4] = {1, 2, 3, 4};
  const float zero[1] = {0};
  std::vector<const float*> ind(igemm_indirection_size(g, 3));
  REQUIRE(ind.size() == 6 * 9);  // 4 pixels rounded up to 6
  igemm_indirection_init(g, 3, input, 1, zero, ind.data());
  REQUIRE(ind[0] == zero);            // block 0, ks 0, pixel 0
  REQUIRE(ind[4 * 3 + 0] == input);   // ks 4 (center) of pixel 0 = input (0,0)
  REQUIRE(ind[4 * 3 + 1] == input + 1);
  // block 1 holds pixel 3 and two repeats of it
  REQUIRE(ind[9 * 3 + 4 * 3 + 0] == input + 3);
  REQUIRE(ind[9 * 3 + 4 * 3 + 1] == input + 3);
  REQUIRE(ind[9 * 3 + 4 * 3 + 2] == input + 3);
}
