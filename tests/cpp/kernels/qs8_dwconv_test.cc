// Every qs8 depthwise kernel, with the packing and the int8 indirection,
// bit-exact against the direct convolution oracle (groups = channels):
// channel counts around the tile (tails), 3x3 / 5x5 / 1x2 kernels, strides,
// dilation, padding (the `zero` buffer holds the input zero point), zero
// points at the extremes, saturation, strided output pixels, input_offset.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "kernels/indirection/conv2d-indirection.h"
#include "kernels/qs8-dwconv/qs8-dwconv.h"
#include "kernels/qs8-gemm/qs8-conv2d-reference.h"
#include "qs8_test_utils.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {

struct DwCase {
  size_t ih, iw, kh, kw, stride, dilation, pad, channels;
  int32_t x_zero_point, y_zero_point;
  bool image_offset = false;
  // The *_i8min kernel: its precondition checked, and each channel's scale
  // raised to just below the bound it allows (outputs far past both ends).
  bool i8min = false;
  // The *_i8sat kernel: the whole int8 output range only.
  bool full_range_only = false;
  // 0: the kernel called once per output row; else on runs of `chunk`
  // pixels over the whole image (calls that start and end inside a row and
  // pixel steps across row ends, as the runtime's pixel blocks make them).
  size_t chunk = 0;
};

void run_dw_case(const QS8DwconvUkernelInfo& kernel, const DwCase& dc) {
  INFO(kernel.name << " " << dc.ih << "x" << dc.iw << " k" << dc.kh << "x" << dc.kw << " s" << dc.stride << " d"
                   << dc.dilation << " p" << dc.pad << " c" << dc.channels << " zx=" << dc.x_zero_point
                   << " zy=" << dc.y_zero_point << " offset=" << dc.image_offset << " chunk=" << dc.chunk);
  const Conv2DGeometry g = make_conv2d_geometry(dc.ih, dc.iw, dc.kh, dc.kw, dc.stride, dc.stride, dc.dilation,
                                                dc.dilation, dc.pad, dc.pad, dc.pad, dc.pad);
  REQUIRE(g.output_pixels() > 0);
  const size_t c = dc.channels, ks = g.kernel_size(), image = dc.ih * dc.iw * c;
  std::mt19937 rng(static_cast<unsigned>(c * 13 + ks + dc.stride));
  const std::vector<int8_t> input = random_int8(2 * image, rng);
  // The full int8 range: -128 weights too (files from other quantizers).
  const std::vector<int8_t> weights = random_int8(c * ks, rng, -128, 127);
  const std::vector<int32_t> bias = random_int32(c, rng, -3000, 3000);
  std::vector<float> scales = saturating_scales(c, ks, rng);
  if (dc.i8min) {
    for (size_t ch = 0; ch < c; ch++) {
      if (ch % 3 != 0) continue;  // a third of the channels at the bound, the rest rounding
      double sum = 0;
      int64_t folded = bias[ch];
      for (size_t t = 0; t < ks; t++) {
        sum += std::abs(int(weights[ch * ks + t]));
        folded -= int64_t{dc.x_zero_point} * weights[ch * ks + t];
      }
      scales[ch] = static_cast<float>(2097152.0 / (std::abs(double(folded)) + 128.0 * sum + 1.0) * 0.999);
    }
  }
  const int8_t* image_in = input.data() + (dc.image_offset ? image : 0);
  const size_t out_stride = c + 5;
  const std::vector<QRange> ranges =
      dc.full_range_only ? std::vector<QRange>{{-128, 127}} : test_ranges(dc.y_zero_point);
  for (const QRange& range : ranges) {
    INFO("qmin=" << range.qmin << " qmax=" << range.qmax);
    std::vector<int8_t> want(g.output_pixels() * out_stride, 0x5A);
    qs8_conv2d_nhwc_reference(g, c, 1, 1, image_in, dc.x_zero_point, weights.data(), bias.data(), scales.data(),
                              want.data(), out_stride, dc.y_zero_point, range.qmin, range.qmax);
    const std::vector<int8_t> zero(c, static_cast<int8_t>(dc.x_zero_point));
    std::vector<const int8_t*> indirection(dwconv_indirection_size(g));
    dwconv_indirection_init(g, input.data(), c, zero.data(), indirection.data());
    std::vector<char> packed(qs8_packw_dwconv_size(kernel.channel_tile, c, ks, kernel.packing));
    qs8_packw_dwconv(kernel.channel_tile, c, ks, weights.data(), bias.data(), scales.data(), dc.x_zero_point,
                     packed.data(), kernel.packing);
    if (dc.i8min) REQUIRE(qs8_packw_dwconv_fits(kernel.channel_tile, c, ks, packed.data(), kernel.packing));
    std::vector<int8_t> got(g.output_pixels() * out_stride, 0x5A);
    const QS8RequantParams params = qs8_requant_params(dc.y_zero_point, range.qmin, range.qmax);
    const size_t pixels = g.output_pixels();
    const size_t step = dc.chunk != 0 ? dc.chunk : g.output_width;
    for (size_t p = 0; p < pixels; p += step) {
      kernel.fn(c, std::min(step, pixels - p), ks, indirection.data() + p * ks, packed.data(),
                got.data() + p * out_stride, ks * sizeof(void*), out_stride - c, dc.image_offset ? image : 0,
                zero.data(), &params);
    }
    REQUIRE(describe_int8_mismatch(got.data(), want.data(), got.size()) == "");
  }
}

}  // namespace

TEST_CASE("qs8 depthwise kernels match the direct convolution oracle", "[kernels][qs8-dwconv]") {
  size_t count = 0;
  const QS8DwconvUkernelInfo* list = qs8_dwconv_ukernels(&count);
  REQUIRE(count >= 4);
  for (size_t i = 0; i < count; i++) {
    const size_t ct = list[i].channel_tile;
    for (size_t channels : {size_t{1}, size_t{3}, ct - 1, ct, ct + 1, 2 * ct + 5, size_t{32}})
      run_dw_case(list[i], {5, 6, 3, 3, 1, 1, 1, channels, -3, 4});
    run_dw_case(list[i], {9, 8, 3, 3, 2, 1, 1, 24, -128, 127});
    run_dw_case(list[i], {9, 8, 3, 3, 2, 1, 1, 19, 127, -128});
    run_dw_case(list[i], {8, 9, 5, 5, 1, 1, 2, 21, 10, -10});
    run_dw_case(list[i], {8, 9, 3, 3, 1, 2, 2, 17, 0, 0});
    run_dw_case(list[i], {4, 7, 1, 2, 1, 1, 0, 13, 5, 5});
    run_dw_case(list[i], {5, 7, 1, 3, 1, 1, 0, 9, -2, 1});  // odd tap count: a padded pair
    run_dw_case(list[i], {6, 6, 3, 3, 1, 1, 1, 11, -1, 2, true});
  }
}

// The 3x3-only kernels (1 or 2 output pixels per step, whole channel
// tiles): rows of odd and even widths (a lone last pixel), widths 1 and 2,
// strides, dilation, padding, -128 weights, an image offset.
TEST_CASE("qs8 3x3 depthwise kernels match the direct convolution oracle", "[kernels][qs8-dwconv]") {
  size_t count = 0;
  const QS8DwconvUkernelInfo* list = qs8_dwconv_9p_ukernels(&count);
  REQUIRE(count >= 1);
  for (size_t i = 0; i < count; i++) {
    const size_t ct = list[i].channel_tile;
    // The kernels' contract: whole channel tiles, then at most one group of
    // 8 (24 channels on 16-channel tiles).
    for (size_t channels : {ct, 2 * ct, 3 * ct, size_t{8}, ct + 8, 2 * ct + 8})
      for (size_t iw : {size_t{1}, size_t{2}, size_t{5}, size_t{6}})
        run_dw_case(list[i], {4, iw, 3, 3, 1, 1, 1, channels, -3, 4});
    run_dw_case(list[i], {9, 8, 3, 3, 2, 1, 1, 2 * ct, -128, 127});
    run_dw_case(list[i], {9, 9, 3, 3, 2, 1, 0, ct, 127, -128});
    run_dw_case(list[i], {9, 9, 3, 3, 2, 1, 0, ct + 8, 127, -128});
    run_dw_case(list[i], {8, 9, 3, 3, 1, 2, 2, ct, 0, 0});
    run_dw_case(list[i], {6, 7, 3, 3, 1, 1, 1, 2 * ct, -1, 2, true});
  }
}

// The 1px kernel's int8-lower-clamp twin on the same shapes, with scales
// up to the accumulator bound it needs.
TEST_CASE("qs8 3x3 depthwise kernel with the int8 lower clamp matches the oracle where it applies",
          "[kernels][qs8-dwconv]") {
  const QS8DwconvUkernelInfo kernel{"qs8_dwconv_minmax_fp32_ukernel_9p16c__wasmsimd_dot16x2_1px_i8min", 16,
                                    QS8DwconvPacking::kTapPairs,
                                    qs8_dwconv_minmax_fp32_ukernel_9p16c__wasmsimd_dot16x2_1px_i8min};
  for (bool at_bound : {false, true}) {
    for (size_t channels : {size_t{16}, size_t{32}, size_t{48}, size_t{8}, size_t{24}, size_t{40}})
      for (size_t iw : {size_t{1}, size_t{2}, size_t{5}})
        run_dw_case(kernel, {4, iw, 3, 3, 1, 1, 1, channels, -3, 4, false, at_bound});
    run_dw_case(kernel, {9, 8, 3, 3, 2, 1, 1, 32, -128, 127, false, at_bound});
    run_dw_case(kernel, {9, 9, 3, 3, 2, 1, 0, 24, 127, -128, false, at_bound});
    run_dw_case(kernel, {8, 9, 3, 3, 1, 2, 2, 16, 0, 0, false, at_bound});
    run_dw_case(kernel, {6, 7, 3, 3, 1, 1, 1, 32, -1, 2, true, at_bound});
  }
}

// The 1px kernel's no-clamp twin (the whole int8 range only) on the same
// shapes and scales.
TEST_CASE("qs8 3x3 depthwise kernel with no clamp instruction matches the oracle on the whole int8 range",
          "[kernels][qs8-dwconv]") {
  const QS8DwconvUkernelInfo kernel{"qs8_dwconv_minmax_fp32_ukernel_9p16c__wasmsimd_dot16x2_1px_i8sat", 16,
                                    QS8DwconvPacking::kTapPairs,
                                    qs8_dwconv_minmax_fp32_ukernel_9p16c__wasmsimd_dot16x2_1px_i8sat};
  for (bool at_bound : {false, true}) {
    for (size_t channels : {size_t{16}, size_t{32}, size_t{48}, size_t{8}, size_t{24}, size_t{40}})
      for (size_t iw : {size_t{1}, size_t{2}, size_t{5}})
        run_dw_case(kernel, {4, iw, 3, 3, 1, 1, 1, channels, -3, 4, false, at_bound, true});
    run_dw_case(kernel, {9, 8, 3, 3, 2, 1, 1, 32, -128, 127, false, at_bound, true});
    run_dw_case(kernel, {9, 9, 3, 3, 2, 1, 0, 24, 127, -128, false, at_bound, true});
    run_dw_case(kernel, {8, 9, 3, 3, 1, 2, 2, 16, 0, 0, false, at_bound, true});
    run_dw_case(kernel, {6, 7, 3, 3, 1, 1, 1, 32, -1, 2, true, at_bound, true});
  }
}

// The cols kernels (3x3, 8-channel groups, input columns shared along
// runs of pixels that read shifted columns): output widths 1, 2, 3, 5, 7
// (runs of odd and even lengths: two pixels per step and a last single one), 1 to 4
// rows, padding on every edge or none, stride 2 and dilation 2 (runs of one
// pixel), calls on whole rows, on the whole image (runs cut at row ends) and
// on odd chunks (runs cut mid-row), an image offset, zero points at both
// ends; the i8sat twin on its preconditions' edges (scales at the bound,
// the whole int8 range).
TEST_CASE("qs8 3x3 cols depthwise kernels match the direct convolution oracle", "[kernels][qs8-dwconv]") {
  struct Variant {
    QS8DwconvUkernelInfo kernel;
    bool i8min, full_range_only;
  };
  const Variant variants[] = {
      {{"qs8_dwconv_minmax_fp32_ukernel_9p8c__wasmsimd_dot16x2_cols", 8, QS8DwconvPacking::kTapPairs3x3Cols,
        qs8_dwconv_minmax_fp32_ukernel_9p8c__wasmsimd_dot16x2_cols},
       false, false},
      {{"qs8_dwconv_minmax_fp32_ukernel_9p8c__wasmsimd_dot16x2_cols_i8sat", 8, QS8DwconvPacking::kTapPairs3x3Cols,
        qs8_dwconv_minmax_fp32_ukernel_9p8c__wasmsimd_dot16x2_cols_i8sat},
       true, true},
  };
  for (const Variant& v : variants) {
    auto run = [&](DwCase dc) {
      dc.i8min = v.i8min;
      dc.full_range_only = v.full_range_only;
      run_dw_case(v.kernel, dc);
    };
    for (size_t channels : {size_t{8}, size_t{16}, size_t{24}, size_t{40}})
      for (size_t iw : {size_t{1}, size_t{2}, size_t{3}, size_t{4}, size_t{5}, size_t{6}, size_t{7}, size_t{12}})
        for (size_t ih : {size_t{1}, size_t{4}}) {
          run({ih, iw, 3, 3, 1, 1, 1, channels, -3, 4});
          run({ih + 2, iw + 2, 3, 3, 1, 1, 0, channels, 5, -7});  // no padding
          DwCase whole{ih, iw, 3, 3, 1, 1, 1, channels, -128, 127};
          whole.chunk = ih * iw;
          run(whole);
        }
    for (size_t chunk : {size_t{1}, size_t{2}, size_t{4}, size_t{5}, size_t{8}}) {
      DwCase dc{6, 7, 3, 3, 1, 1, 1, 24, 127, -128};
      dc.chunk = chunk;
      run(dc);
    }
    run({9, 8, 3, 3, 2, 1, 1, 16, -128, 127});
    run({9, 9, 3, 3, 2, 1, 0, 24, 127, -128});
    run({8, 9, 3, 3, 1, 2, 2, 8, 0, 0});
    run({6, 7, 3, 3, 1, 1, 1, 16, -1, 2, true});
    run({9, 8, 3, 3, 2, 1, 1, 16, -5, 6, true});  // stride 2 and dilation 2 with an image offset
    run({8, 9, 3, 3, 1, 2, 2, 8, 1, -1, true});
    DwCase offset_chunks{7, 12, 3, 3, 1, 1, 1, 8, 3, -3, true};
    offset_chunks.chunk = 23;  // more pixels per call than the 16 whose offset entries are copied at once
    run(offset_chunks);
  }
}

TEST_CASE("qs8 depthwise accumulator bound: a channel past 2^21, or a non-finite scale, does not fit",
          "[kernels][qs8-dwconv]") {
  const size_t c = 21, ks = 9;
  std::mt19937 rng(9);
  const std::vector<int8_t> weights = random_int8(c * ks, rng, -128, 127);
  const std::vector<int32_t> bias = random_int32(c, rng, -3000, 3000);
  const int32_t zx = 17;
  std::vector<double> reach(c);
  for (size_t ch = 0; ch < c; ch++) {
    double sum = 0;
    int64_t folded = bias[ch];
    for (size_t t = 0; t < ks; t++) {
      sum += std::abs(int(weights[ch * ks + t]));
      folded -= int64_t{zx} * weights[ch * ks + t];
    }
    reach[ch] = std::abs(double(folded)) + 128.0 * sum;
  }
  // The cols packing (8-channel groups, taps reordered) through
  // qs8_packw_dwconv_fits, the check the runtime makes for it.
  const std::pair<QS8DwconvPacking, size_t> packings[] = {
      {QS8DwconvPacking::kTaps, 16}, {QS8DwconvPacking::kTapPairs, 16}, {QS8DwconvPacking::kTapPairs3x3Cols, 8}};
  for (const auto& [packing, ct] : packings) {
    auto fits = [&, packing = packing, ct = ct](const std::vector<float>& scales) {
      std::vector<char> packed(qs8_packw_dwconv_size(ct, c, ks, packing));
      qs8_packw_dwconv(ct, c, ks, weights.data(), bias.data(), scales.data(), zx, packed.data(), packing);
      return qs8_packw_dwconv_fits(ct, c, ks, packed.data(), packing);
    };
    std::vector<float> scales(c);
    for (size_t ch = 0; ch < c; ch++) scales[ch] = static_cast<float>(2097152.0 / reach[ch] * 0.99);
    CHECK(fits(scales));
    for (size_t ch : {size_t{0}, size_t{15}, c - 1}) {
      INFO("channel " << ch << " packing " << int(packing));
      std::vector<float> over = scales;
      over[ch] = static_cast<float>(2097152.0 / reach[ch] * 1.01);
      CHECK(!fits(over));
      over[ch] = std::numeric_limits<float>::quiet_NaN();
      CHECK(!fits(over));
      over[ch] = -std::numeric_limits<float>::infinity();
      CHECK(!fits(over));
    }
  }
}

TEST_CASE("qs8 depthwise requantization clamps accumulators over the whole float range", "[kernels][qs8-dwconv]") {
  // Zero weights, so each output is requant(bias): bias times scale from
  // far below -2^23 to +inf must give exactly the oracle's qmin / qmax
  // (the SIMD epilogue clamps with an int32 max after the magic bias).
  // 16 channels: one whole tile of every kernel (the 3x3-only ones take no tail).
  const std::vector<int32_t> accs = {std::numeric_limits<int32_t>::min() + 1, -(1 << 30), -(1 << 24) - 1, -12582912,
                                     -4194305, -129, -1, 0, 1, 128, 300, 4194305, 12582912, (1 << 24) + 1, 1 << 30,
                                     std::numeric_limits<int32_t>::max()};
  const size_t c = accs.size(), ks = 9;
  const std::vector<int8_t> weights(c * ks, 0), input(c, 3);
  std::vector<const int8_t*> pointers(ks, input.data());
  std::vector<const QS8DwconvUkernelInfo*> kernels;
  size_t count = 0;
  const QS8DwconvUkernelInfo* any = qs8_dwconv_ukernels(&count);
  for (size_t i = 0; i < count; i++) kernels.push_back(&any[i]);
  const QS8DwconvUkernelInfo* nine = qs8_dwconv_9p_ukernels(&count);
  for (size_t i = 0; i < count; i++) kernels.push_back(&nine[i]);
  for (const QS8DwconvUkernelInfo* kernel : kernels)
    for (float scale : {1e-9f, 0.37f, 3.0f, 1e30f})
      for (int32_t zy : {-128, 0, 127})
        for (const QRange& r : test_ranges(zy)) {
          INFO(kernel->name << " scale=" << scale << " zy=" << zy << " qmin=" << r.qmin << " qmax=" << r.qmax);
          const std::vector<float> scales(c, scale);
          std::vector<char> packed(qs8_packw_dwconv_size(kernel->channel_tile, c, ks, kernel->packing));
          qs8_packw_dwconv(kernel->channel_tile, c, ks, weights.data(), accs.data(), scales.data(), 0, packed.data(),
                           kernel->packing);
          const QS8RequantParams params = qs8_requant_params(zy, r.qmin, r.qmax);
          std::vector<int8_t> got(c, 0x5A);
          kernel->fn(c, 1, ks, pointers.data(), packed.data(), got.data(), ks * sizeof(void*), 0, 0, nullptr, &params);
          for (size_t j = 0; j < c; j++) {
            INFO("acc=" << accs[j]);
            REQUIRE(int(got[j]) == int(qs8_requantize_reference(accs[j], scale, zy, r.qmin, r.qmax)));
          }
        }
}
