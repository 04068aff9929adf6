// Every f32 depthwise conv microkernel, through the dwconv indirection buffer
// and packing, against direct convolution with groups = channels.
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-dwconv/f32-dwconv.h"
#include "kernels/f32-igemm/f32-conv2d-reference.h"
#include "kernels/f32-packw/f32-packw.h"
#include "kernels/indirection/conv2d-indirection.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {

struct DwCase {
  size_t ih, iw, kh, kw, stride, dilation, pad;
};

void run_dwconv(const F32DwconvUkernelInfo& kernel, const DwCase& dc, size_t channels, bool offset_input) {
  INFO(kernel.name << " " << dc.kh << "x" << dc.kw << " stride " << dc.stride << " dilation " << dc.dilation
                   << " pad " << dc.pad << " input " << dc.ih << "x" << dc.iw << " channels " << channels
                   << " offset " << offset_input);
  const Conv2DGeometry g = make_conv2d_geometry(dc.ih, dc.iw, dc.kh, dc.kw, dc.stride, dc.stride, dc.dilation,
                                                dc.dilation, dc.pad, dc.pad, dc.pad, dc.pad);
  const size_t out_stride = channels + 2;  // strided output pixels
  std::mt19937 rng(static_cast<unsigned>(channels * 97 + dc.kh * 13 + dc.stride));
  const size_t image = dc.ih * dc.iw * channels;
  const std::vector<float> input = random_floats(2 * image, rng);
  const std::vector<float> weights = random_floats(channels * g.kernel_size(), rng);
  const std::vector<float> bias = random_floats(channels, rng);
  const float* image_in = input.data() + (offset_input ? image : 0);

  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> want(g.output_pixels() * out_stride, 0.0f);
  f32_conv2d_nhwc_reference(g, channels, 1, 1, image_in, weights.data(), bias.data(), want.data(), out_stride, -inf, inf);
  std::vector<float> unclamped;
  for (size_t p = 0; p < g.output_pixels(); p++)
    for (size_t c = 0; c < channels; c++) unclamped.push_back(want[p * out_stride + c]);
  const ClampRange range = active_clamp(unclamped);
  f32_conv2d_nhwc_reference(g, channels, 1, 1, image_in, weights.data(), bias.data(), want.data(), out_stride,
                            range.min, range.max);

  const std::vector<float> zero(channels, 0.0f);
  std::vector<const float*> indirection(dwconv_indirection_size(g));
  dwconv_indirection_init(g, input.data(), channels, zero.data(), indirection.data());
  std::vector<float> packed(f32_packw_dwconv_size(channels, g.kernel_size(), kernel.channel_tile));
  f32_packw_dwconv_chw(kernel.channel_tile, channels, g.kernel_size(), weights.data(), bias.data(), packed.data());
  std::vector<float> got(g.output_pixels() * out_stride, std::numeric_limits<float>::quiet_NaN());
  const F32MinMaxParams params = f32_minmax(range.min, range.max);
  kernel.fn(channels, g.output_pixels(), g.kernel_size(), indirection.data(), packed.data(), got.data(),
            g.kernel_size() * sizeof(void*), (out_stride - channels) * sizeof(float),
            offset_input ? image * sizeof(float) : 0, zero.data(), &params);
  for (size_t p = 0; p < g.output_pixels(); p++) {
    require_close(&got[p * out_stride], &want[p * out_stride], channels, 1e-5f, 1e-6f);
    for (size_t c = channels; c < out_stride; c++) REQUIRE(std::isnan(got[p * out_stride + c]));
  }
}

}  // namespace

TEST_CASE("f32_dwconv microkernels match direct depthwise convolution", "[kernels][f32-dwconv]") {
  size_t count = 0;
  const F32DwconvUkernelInfo* list = f32_dwconv_ukernels(&count);
  REQUIRE(count >= 8);
  for (size_t i = 0; i < count; i++) {
    const F32DwconvUkernelInfo& kernel = list[i];
    DYNAMIC_SECTION(kernel.name) {
      std::vector<DwCase> cases;
      if (kernel.taps == 0 || kernel.taps == 9) {
        cases.push_back({5, 6, 3, 3, 1, 1, 1});  // stride 1, same padding
        cases.push_back({7, 6, 3, 3, 2, 1, 1});  // stride 2
        cases.push_back({6, 6, 3, 3, 1, 2, 2});  // dilation 2
        // Pixel counts that leave 1 or 2 pixels after the multi-pixel kernels'
        // groups of 2 or 3 (those go through the one-pixel path):
        cases.push_back({5, 5, 3, 3, 1, 1, 1});  // 25 pixels, stride 1
        cases.push_back({5, 4, 3, 3, 1, 1, 1});  // 20 pixels
        cases.push_back({5, 5, 3, 3, 2, 1, 1});  // 9 pixels, stride 2
        cases.push_back({1, 1, 3, 3, 1, 1, 1});  // 1 pixel, 8 of its 9 taps padding
      }
      if (kernel.taps == 0 || kernel.taps == 25) {
        cases.push_back({6, 7, 5, 5, 1, 1, 2});
        cases.push_back({9, 8, 5, 5, 2, 1, 2});
        // Pixel counts that leave 1 or 2 pixels after groups of 2 or 3:
        cases.push_back({5, 5, 5, 5, 1, 1, 2});   // 25 pixels, stride 1
        cases.push_back({5, 4, 5, 5, 1, 1, 2});   // 20 pixels
        cases.push_back({5, 7, 5, 5, 1, 2, 4});   // 35 pixels, dilation 2
        cases.push_back({6, 24, 5, 5, 2, 1, 2});  // 6x24 -> 3x12, stride 2
        cases.push_back({1, 1, 5, 5, 1, 1, 2});   // 1 pixel, 24 of its 25 taps padding
      }
      if (kernel.taps == 0) {
        cases.push_back({5, 5, 1, 1, 1, 1, 0});  // 1 tap
        cases.push_back({6, 9, 2, 4, 1, 1, 1});  // 8 taps, not square
        cases.push_back({8, 8, 7, 7, 1, 1, 3});  // 49 taps
      }
      for (const DwCase& dc : cases) {
        for (size_t channels : {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16, 17, 24}) run_dwconv(kernel, dc, channels, false);
      }
      SECTION("input_offset") { run_dwconv(kernel, cases[0], 13, true); }
    }
  }
}

namespace {

// Runs a 3x3 kernel over every output pixel of `g` (one call, so 3-pixel
// groups also straddle output rows) and returns the strided output.
std::vector<float> run_3x3_all_pixels(F32DwconvMinMaxUkernelFn fn, const Conv2DGeometry& g, size_t channels,
                                      const std::vector<float>& input, const std::vector<float>& packed,
                                      const F32MinMaxParams& params) {
  const std::vector<float> zero(channels, 0.0f);
  std::vector<const float*> indirection(dwconv_indirection_size(g));
  dwconv_indirection_init(g, input.data(), channels, zero.data(), indirection.data());
  const size_t out_stride = channels + 1;
  std::vector<float> out(g.output_pixels() * out_stride, -7.0f);
  fn(channels, g.output_pixels(), 9, indirection.data(), packed.data(), out.data(), 9 * sizeof(void*),
     sizeof(float), 0, zero.data(), &params);
  return out;
}

}  // namespace

// The column-sharing kernel sums each pixel's taps in the order the
// 3px_split3 kernel does (bias, tap 0, ..., tap 8), whether a step's pixels
// share columns (stride 1 inside a row; stride 2 too in the relaxed build) or
// not (dilations, steps across a row's end): the two agree bit for bit, in either build (both use
// the same multiply-add). Its accuracy against direct convolution is in the
// test above.
TEST_CASE("f32_dwconv 3px_cols: the same sums as 3px_split3, bit for bit", "[kernels][f32-dwconv]") {
  size_t count = 0;
  const F32DwconvUkernelInfo* list = f32_dwconv_ukernels(&count);
  const F32DwconvUkernelInfo* cols = nullptr;
  const F32DwconvUkernelInfo* split3 = nullptr;
  for (size_t i = 0; i < count; i++) {
    if (std::string(list[i].name) == "f32_dwconv_minmax_ukernel_9p4c__wasmsimd_3px_cols") cols = &list[i];
    if (std::string(list[i].name) == "f32_dwconv_minmax_ukernel_9p4c__wasmsimd_3px_split3") split3 = &list[i];
  }
  REQUIRE(cols != nullptr);
  REQUIRE(split3 != nullptr);
  const DwCase cases[] = {
      {3, 13, 3, 3, 1, 1, 1},  // 13-wide rows: 4 shared steps per row, then steps across rows
      {4, 9, 3, 3, 1, 1, 1},   // 9-wide rows: every step inside a row
      {2, 2, 3, 3, 1, 1, 1},   // 2x2: every tap row touches padding
      {6, 11, 3, 3, 1, 1, 0},  // no padding
      {7, 12, 3, 3, 2, 1, 1},  // stride 2: steps share 3 of 9 columns (relaxed build)
      {5, 15, 3, 3, 2, 1, 0},  // stride 2, no padding, 7-pixel rows: steps across rows
      {8, 8, 3, 3, 1, 2, 2},   // dilation 2
  };
  for (const DwCase& dc : cases) {
    for (size_t channels : {1, 3, 4, 7, 8, 13, 32}) {
      INFO("input " << dc.ih << "x" << dc.iw << " stride " << dc.stride << " dilation " << dc.dilation << " pad "
                    << dc.pad << " channels " << channels);
      const Conv2DGeometry g = make_conv2d_geometry(dc.ih, dc.iw, 3, 3, dc.stride, dc.stride, dc.dilation,
                                                    dc.dilation, dc.pad, dc.pad, dc.pad, dc.pad);
      std::mt19937 rng(static_cast<unsigned>(channels * 31 + dc.iw));
      const std::vector<float> input = random_floats(dc.ih * dc.iw * channels, rng);
      const std::vector<float> weights = random_floats(channels * 9, rng);
      const std::vector<float> bias = random_floats(channels, rng);
      std::vector<float> packed(f32_packw_dwconv_size(channels, 9, 4));
      f32_packw_dwconv_chw(4, channels, 9, weights.data(), bias.data(), packed.data());
      const F32MinMaxParams params = f32_minmax(-0.75f, 0.75f);  // clamps some outputs
      const std::vector<float> got = run_3x3_all_pixels(cols->fn, g, channels, input, packed, params);
      const std::vector<float> want = run_3x3_all_pixels(split3->fn, g, channels, input, packed, params);
      REQUIRE(got.size() == want.size());
      for (size_t i = 0; i < got.size(); i++) {
        INFO("element " << i);
        REQUIRE(std::memcmp(&got[i], &want[i], sizeof(float)) == 0);
      }
    }
  }
}
