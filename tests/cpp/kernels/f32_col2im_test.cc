// col2im (ConvTranspose's scatter-add) in NHWC: the SIMD kernel against the
// scalar one on awkward geometries (channel tails 1..13 and 24, strides below,
// at and above the kernel size, dilation, negative and positive pads, a
// channel slice of a wider output) and on chunks that start and end mid-row.
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-col2im/f32-col2im.h"
#include "kernels/f32-gemm/f32-gemm-driver.h"
#include "kernels/f32-packw/f32-packw.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

TEST_CASE("f32 col2im nhwc matches the scalar kernel", "[kernels][f32-col2im]") {
  std::mt19937 rng(21);
  struct Shape2 {
    size_t in_h, in_w, k_h, k_w, s_h, s_w, d_h, d_w;
    int64_t pad_top, pad_left;
  };
  const Shape2 shapes[] = {
      {3, 5, 3, 3, 1, 1, 1, 1, 1, 1},   // "same" stride 1
      {4, 3, 2, 2, 2, 2, 1, 1, 0, 0},   // stride = kernel: no overlap
      {3, 4, 3, 2, 2, 3, 2, 1, 1, 0},   // dilation, stride > kernel along w
      {2, 5, 4, 3, 3, 2, 1, 2, -1, 2},  // negative pad (output_shape larger than full)
      {1, 1, 3, 3, 1, 1, 1, 1, 0, 0},
  };
  for (const Shape2& s : shapes)
    for (size_t channels : {1, 2, 3, 4, 5, 8, 12, 13, 24}) {
      const int64_t full_h = static_cast<int64_t>((s.in_h - 1) * s.s_h + (s.k_h - 1) * s.d_h + 1);
      const int64_t full_w = static_cast<int64_t>((s.in_w - 1) * s.s_w + (s.k_w - 1) * s.d_w + 1);
      Col2ImGeometry g{};
      g.input_w = s.in_w;
      g.output_h = static_cast<size_t>(full_h - 2 * s.pad_top + 1);  // + output_padding 1
      g.output_w = static_cast<size_t>(full_w - 2 * s.pad_left);
      g.kernel_h = s.k_h, g.kernel_w = s.k_w;
      g.stride_h = s.s_h, g.stride_w = s.s_w;
      g.dilation_h = s.d_h, g.dilation_w = s.d_w;
      g.pad_top = s.pad_top, g.pad_left = s.pad_left;
      g.channels = channels;
      g.col_stride = s.k_h * s.k_w * channels + 3;  // padded rows
      g.out_pixel_stride = channels + 2;           // a channel slice of a wider output
      const size_t pixels = s.in_h * s.in_w;
      const std::vector<float> col = random_floats(pixels * g.col_stride, rng);
      const std::vector<float> initial = random_floats(g.output_h * g.output_w * g.out_pixel_stride + 1, rng);
      // Whole image, and the image in two chunks split mid-row.
      for (size_t split : {pixels, pixels / 2 + 1}) {
        INFO("in " << s.in_h << "x" << s.in_w << " k " << s.k_h << "x" << s.k_w << " channels " << channels
                   << " split " << split);
        std::vector<float> simd = initial, scalar = initial;
        for (size_t p0 = 0; p0 < pixels; p0 += split) {
          const size_t n = std::min(split, pixels - p0);
          f32_col2im_nhwc_ukernel__wasmsimd_x8(g, p0, n, col.data() + p0 * g.col_stride, simd.data());
          f32_col2im_nhwc_ukernel__scalar(g, p0, n, col.data() + p0 * g.col_stride, scalar.data());
        }
        require_close(simd.data(), scalar.data(), simd.size(), 1e-6f, 1e-6f);  // includes the untouched lanes
      }
    }
}

TEST_CASE("f32 packw deconv: GEMM on the packed ConvTranspose weights gives the column layout", "[kernels][f32-col2im]") {
  std::mt19937 rng(22);
  const F32GemmConfig config = f32_gemm_default_config();
  for (size_t in_channels : {1, 3, 13})
    for (size_t out_channels : {1, 5, 24})
      for (size_t taps : {1, 4, 9}) {
        INFO("I " << in_channels << " O " << out_channels << " taps " << taps);
        const size_t m = 7, n = taps * out_channels;
        const std::vector<float> w = random_floats(in_channels * out_channels * taps, rng);  // [I, O, taps]
        const std::vector<float> a = random_floats(m * in_channels, rng);
        // The oracle's B, gathered by the definition: B[i, t * O + o] = W[i, o, t].
        std::vector<float> b(in_channels * n);
        for (size_t i = 0; i < in_channels; i++)
          for (size_t o = 0; o < out_channels; o++)
            for (size_t t = 0; t < taps; t++) b[i * n + t * out_channels + o] = w[(i * out_channels + o) * taps + t];
        std::vector<float> packed(f32_packw_deconv_size(in_channels, out_channels, taps, config.nr));
        f32_packw_deconv_iohw(config.nr, in_channels, out_channels, taps, w.data(), packed.data());
        std::vector<float> got(m * n), want(m * n);
        f32_gemm(config, m, n, in_channels, a.data(), in_channels, packed.data(), got.data(), n, f32_minmax_none());
        f32_gemm_reference(m, n, in_channels, a.data(), in_channels, b.data(), n, nullptr, want.data(), n,
                           -INFINITY, INFINITY);
        require_close(got.data(), want.data(), got.size(), 1e-5f, 1e-6f);
      }
}
