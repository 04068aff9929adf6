// The kernel-row im2col packing (qs8-packa-conv.h): every widened A value
// against the conv's definition (input byte or zero point, in the kernel-row
// K order), the K order a permutation, and the whole conv (packing +
// qs8_ppmm_widened on weights packed in that order) bit-exact against the
// direct NHWC oracle: odd sizes, strides, pads on every side, dilated rows,
// runs with and without a tail, whole tails (8-byte blocks ending the runs,
// their repeated bytes weighted 0), partial strips, zero points at the extremes.
#include <algorithm>
#include <vector>

#include "kernels/indirection/conv2d-indirection.h"
#include "kernels/microparams.h"
#include "kernels/qs8-gemm/qs8-conv2d-reference.h"
#include "kernels/qs8-gemm/qs8-gemm-driver.h"
#include "kernels/qs8-gemm/qs8-gemm.h"
#include "kernels/qs8-gemm/qs8-packa-conv.h"
#include "qs8_test_utils.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {

struct RowsCase {
  size_t h, w, cin, kh, kw, sh, sw, dh;
  size_t pt, pl, pb, pr;
};

const RowsCase kCases[] = {
    {15, 13, 3, 3, 3, 2, 2, 1, 1, 1, 1, 1},  // the stem's shape: runs of 9 (8 + a tail of 1)
    {16, 16, 3, 3, 3, 2, 2, 1, 1, 1, 0, 0},  // MobileNetV2's pads: top/left only
    {9, 11, 4, 3, 2, 1, 1, 1, 0, 1, 2, 0},   // runs of exactly 8: no tail
    {10, 9, 1, 5, 9, 1, 3, 1, 2, 4, 2, 4},   // one channel, wide kernel, pads wider than a tap
    {12, 10, 3, 7, 7, 2, 2, 1, 3, 3, 3, 3},  // 7x7 on RGB: runs of 21 (16 + 5), 5 tail words' worth
    {11, 12, 2, 3, 5, 1, 2, 2, 2, 2, 2, 1},  // dilated rows, runs of 10
    {7, 7, 7, 2, 9, 3, 1, 1, 0, 4, 1, 4},    // 7 channels, runs of 63 (whole tails: 2 x 64 = 128 K)
    {19, 21, 3, 5, 5, 2, 2, 1, 1, 1, 2, 2},  // BlazeFace's stem: 5x5 s2 on RGB, runs of 15 (whole tails)
    {6, 20, 3, 1, 5, 1, 3, 1, 0, 2, 0, 1},   // one kernel row of 15 (whole tails), stride 3
    {5, 6, 5, 16, 2, 1, 1, 1, 6, 0, 7, 1},   // 16 kernel rows, most in the padding
    // The fast path for windows inside the input (four at a time), on more
    // shapes: whole tails with dilated rows, runs of 13 / 14 / 16 / 23 / 63
    // / 64, 1x3 and 7x5 on RGB (whole tails repeating 1 to 7 bytes).
    {13, 17, 3, 2, 5, 1, 1, 2, 1, 2, 0, 1},
    {14, 23, 4, 3, 4, 2, 1, 2, 1, 1, 2, 2},
    {9, 29, 2, 2, 8, 1, 2, 1, 1, 3, 1, 2},
    {9, 27, 1, 2, 13, 1, 1, 1, 0, 0, 0, 0},
    {11, 25, 2, 3, 7, 2, 1, 1, 1, 3, 1, 3},
    {7, 31, 3, 1, 3, 1, 1, 1, 0, 1, 0, 1},
    {21, 23, 3, 7, 5, 3, 3, 1, 3, 2, 3, 2},
    {15, 31, 1, 5, 23, 1, 1, 1, 2, 11, 2, 11},
    {9, 33, 7, 1, 9, 1, 2, 1, 0, 0, 0, 0},
    {12, 40, 4, 2, 16, 1, 1, 1, 0, 0, 0, 0},
};

Conv2DGeometry geometry_of(const RowsCase& c) {
  return make_conv2d_geometry(c.h, c.w, c.kh, c.kw, c.sh, c.sw, c.dh, 1, c.pt, c.pl, c.pb, c.pr);
}

// A[p][k] by the definition: kernel row r's byte j is tap column j / cin,
// channel j % cin of the window; padding reads the zero point.
int8_t patch_value(const Conv2DGeometry& g, size_t cin, const std::vector<int8_t>& image, int8_t zp, size_t pixel,
                   size_t r, size_t j) {
  const size_t oy = pixel / g.output_width, ox = pixel % g.output_width;
  const ptrdiff_t iy = ptrdiff_t(oy * g.stride_height + r * g.dilation_height) - ptrdiff_t(g.pad_top);
  const ptrdiff_t ix = ptrdiff_t(ox * g.stride_width + j / cin) - ptrdiff_t(g.pad_left);
  if (iy < 0 || ix < 0 || iy >= ptrdiff_t(g.input_height) || ix >= ptrdiff_t(g.input_width)) return zp;
  return image[(size_t(iy) * g.input_width + size_t(ix)) * cin + j % cin];
}

}  // namespace

TEST_CASE("qs8 kernel-row A packing: K order and every widened value", "[kernels][qs8-gemm]") {
  std::mt19937 rng(7);
  for (const RowsCase& c : kCases) {
    const Conv2DGeometry g = geometry_of(c);
    INFO("h=" << c.h << " w=" << c.w << " cin=" << c.cin << " kernel " << c.kh << "x" << c.kw << " stride " << c.sh
              << "x" << c.sw << " dh=" << c.dh);
    REQUIRE(g.output_pixels() != 0);
    REQUIRE(qs8_conv_rows_supported(g, c.cin));
    const size_t run = c.kw * c.cin, run8 = run / 8 * 8, k = qs8_conv_rows_k(g, c.cin), kp = round_up(k, 8);
    // Whole tails exactly where they cost no K.
    const bool whole = run != run8 && c.kh * (run8 + 8) == round_up(c.kh * run, 8);
    REQUIRE(qs8_conv_rows_whole_tails(g, c.cin) == whole);
    REQUIRE(k == (whole ? c.kh * (run8 + 8) : c.kh * run));
    REQUIRE(kp == round_up(c.kh * run, 8));
    // The K order maps [0, KH * S) one to one into [0, K); with whole tails
    // the unmapped positions are each row's block's first 8 - (S - S8).
    std::vector<int> seen(k, 0);
    for (size_t r = 0; r < c.kh; r++)
      for (size_t j = 0; j < run; j++) {
        const size_t index = qs8_conv_rows_k_index(g, c.cin, r, j);
        REQUIRE(index < k);
        seen[index]++;
      }
    REQUIRE(std::count(seen.begin(), seen.end(), 1) == ptrdiff_t(c.kh * run));
    REQUIRE(std::count(seen.begin(), seen.end(), 0) == ptrdiff_t(k - c.kh * run));
    // The image exactly as large as the input (the last run ends the buffer).
    const std::vector<int8_t> image = random_int8(c.h * c.w * c.cin, rng);
    const size_t pixels = g.output_pixels();
    for (int8_t zp : {int8_t(-128), int8_t(5), int8_t(127)}) {
      // Whole image, a range from an odd pixel with a partial last strip, one pixel.
      for (auto [first, count] : {std::pair<size_t, size_t>{0, pixels}, {std::min<size_t>(5, pixels - 1), 0},
                                  {pixels - 1, 1}}) {
        if (count == 0) count = std::min<size_t>(pixels - first, 10);
        INFO("zp=" << int(zp) << " first=" << first << " count=" << count);
        const size_t strips = (count + 3) / 4;
        std::vector<int16_t> got(strips * 4 * kp, 0x5A5A);
        qs8_packa_conv_rows(g, c.cin, image.data(), zp, first, count, got.data());
        std::vector<int> want(strips * 4 * kp, 0);  // zeros past K and for rows past count
        for (size_t i = 0; i < count; i++)
          for (size_t r = 0; r < c.kh; r++)
            for (size_t j = 0; j < run; j++) {
              const size_t kk = qs8_conv_rows_k_index(g, c.cin, r, j), s = i / 4, row = i % 4;
              want[s * 4 * kp + (kk / 2) * 8 + 2 * row + (kk & 1)] =
                  patch_value(g, c.cin, image, zp, first + i, r, j);
              // A whole tail's repeated bytes: block position t < 8 - (S - S8)
              // holds byte S - 8 + t of the run (weight 0 in the GEMM).
              if (whole && j >= run - 8 && j < run8) {
                const size_t dead = k - c.kh * 8 + r * 8 + (j - (run - 8));
                REQUIRE(seen[dead] == 0);
                want[s * 4 * kp + (dead / 2) * 8 + 2 * row + (dead & 1)] =
                    patch_value(g, c.cin, image, zp, first + i, r, j);
              }
            }
        for (size_t e = 0; e < got.size(); e++) {
          INFO("element " << e);
          REQUIRE(int(got[e]) == want[e]);
        }
      }
    }
  }
}

TEST_CASE("qs8 conv on kernel-row A matches the direct conv oracle bit for bit", "[kernels][qs8-gemm]") {
  std::mt19937 rng(11);
  const QS8GemmConfig config = qs8_gemm_default_config();
  REQUIRE(config.ppmm_interleaved);
  REQUIRE(config.ppmm_mr == 4);
  for (const RowsCase& c : kCases) {
    const Conv2DGeometry g = geometry_of(c);
    const size_t ks = g.kernel_size(), k = qs8_conv_rows_k(g, c.cin), pixels = g.output_pixels();
    for (size_t cout : {size_t{1}, size_t{16}, size_t{21}})
      for (int32_t zx : {-128, 0, 127}) {
        const int32_t zy = zx == 0 ? -128 : -zx / 3;
        INFO("h=" << c.h << " w=" << c.w << " cin=" << c.cin << " kernel " << c.kh << "x" << c.kw << " cout=" << cout
                  << " zx=" << zx);
        const std::vector<int8_t> image = random_int8(c.h * c.w * c.cin, rng);
        const std::vector<int8_t> weights = random_int8(cout * c.cin * ks, rng, -127, 127);  // OIHW
        const std::vector<int32_t> bias = random_int32(cout, rng, -9000, 9000);
        const std::vector<float> scales = saturating_scales(cout, k, rng);
        for (const QRange& range : test_ranges(zy)) {
          std::vector<int8_t> want(pixels * cout);
          qs8_conv2d_nhwc_reference(g, 1, c.cin, cout, image.data(), zx, weights.data(), bias.data(), scales.data(),
                                    want.data(), cout, zy, range.qmin, range.qmax);
          std::vector<int8_t> w(cout * k);
          for (size_t o = 0; o < cout; o++)
            for (size_t t = 0; t < ks; t++)
              for (size_t ch = 0; ch < c.cin; ch++)
                w[o * k + qs8_conv_rows_k_index(g, c.cin, t / c.kw, (t % c.kw) * c.cin + ch)] =
                    weights[(o * c.cin + ch) * ks + t];
          std::vector<char> packed(qs8_packw_size(config.nr, cout, 1, k));
          qs8_packw(config.nr, cout, 1, k, w.data(), k, 0, 1, bias.data(), scales.data(), zx, packed.data());
          const QS8RequantParams params = qs8_requant_params(zy, range.qmin, range.qmax);
          std::vector<int16_t> wide(round_up(kQS8PpmmRowBlock, 4) * round_up(k, 8));
          std::vector<int8_t> got(pixels * cout, 0x5A);
          // Blocks of 7 rows (partial strips inside the image) as a range would.
          for (size_t m0 = 0; m0 < pixels; m0 += 7) {
            const size_t mb = std::min<size_t>(7, pixels - m0);
            qs8_packa_conv_rows(g, c.cin, image.data(), int8_t(zx), m0, mb, wide.data());
            qs8_ppmm_widened(config, mb, cout, k, wide.data(), packed.data(), got.data() + m0 * cout, cout, params);
          }
          REQUIRE(describe_int8_mismatch(got.data(), want.data(), got.size()) == "");
        }
      }
  }
}
