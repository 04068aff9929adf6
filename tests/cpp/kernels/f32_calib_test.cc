// The calibration statistics' loops (kernels/f32-calib) against one-value-
// at-a-time oracles written from the header's definitions, compared bit for
// bit: channel sums in both layouts (the NHWC walk must add what the NCHW
// walk adds, in the same order) on channel counts and row lengths around the
// four lanes, with NaN and infinities at every lane position; histogram
// counts on ordinary, degenerate (zero width), huge (wider than FLT_MAX) and
// out-of-range data; extremes with non-finite values anywhere.
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-calib/f32-calib.h"

using namespace nnslim::kernels;

namespace {

const float kNan = std::numeric_limits<float>::quiet_NaN();
const float kInf = std::numeric_limits<float>::infinity();

// The definition: per (o, c) row, value i goes to partial i % 4 while four
// values remain (i < inner rounded down to 4), else to partial 0; in index
// order; non-finite values add 0.
// `start`: what each sum holds before (the kernels add to their sums).
std::vector<double> channel_sums_oracle(const std::vector<float>& nchw, size_t outer, size_t channels, size_t inner,
                                        double start) {
  std::vector<double> sums(channels, start);
  const size_t full = inner / 4 * 4;
  for (size_t o = 0; o < outer; ++o)
    for (size_t c = 0; c < channels; ++c) {
      double partial[4] = {0, 0, 0, 0};
      for (size_t i = 0; i < inner; ++i) {
        const float v = nchw[(o * channels + c) * inner + i];
        partial[i < full ? i % 4 : 0] += std::isfinite(v) ? static_cast<double>(v) : 0.0;
      }
      sums[c] += (partial[0] + partial[1]) + (partial[2] + partial[3]);
    }
  return sums;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace

TEST_CASE("f32_calib channel sums: NCHW and NHWC walks give the oracle's bits", "[kernels][f32-calib]") {
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> uniform(-4.f, 4.f);
  const float specials[] = {kNan, kInf, -kInf, -kNan};
  for (size_t outer : {1u, 2u, 3u})
    for (size_t channels : {1u, 2u, 3u, 5u, 8u, 17u})
      for (size_t inner : {1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, 9u, 13u, 1027u}) {
        std::vector<float> nchw(outer * channels * inner);
        // Magnitudes over 12 binades: the order of additions shows in the bits.
        for (float& v : nchw) v = uniform(rng) * std::ldexp(1.f, static_cast<int>(rng() % 12) - 6);
        for (size_t k = rng() % 5; k < nchw.size(); k += 7 + rng() % 11) nchw[k] = specials[k % 4];
        std::vector<float> nhwc(nchw.size());
        for (size_t o = 0; o < outer; ++o)
          for (size_t c = 0; c < channels; ++c)
            for (size_t i = 0; i < inner; ++i)
              nhwc[(o * inner + i) * channels + c] = nchw[(o * channels + c) * inner + i];
        const std::vector<double> want = channel_sums_oracle(nchw, outer, channels, inner, 0.0);
        const std::vector<double> want_from_half = channel_sums_oracle(nchw, outer, channels, inner, 0.5);
        std::vector<double> a(channels, 0.5), b(channels, 0.5), lanes(4 * channels, 123.0);
        f32_calib_channel_sums_nchw(outer, channels, inner, nchw.data(), a.data());
        f32_calib_channel_sums_nhwc(outer, channels, inner, nhwc.data(), b.data(), lanes.data());
        INFO("outer " << outer << ", channels " << channels << ", inner " << inner);
        CHECK(same_bits(a, want_from_half));
        CHECK(same_bits(b, want_from_half));
        // And from zero, against the oracle as written.
        std::vector<double> z(channels, 0.0);
        f32_calib_channel_sums_nhwc(outer, channels, inner, nhwc.data(), z.data(), lanes.data());
        CHECK(same_bits(z, want));
        for (double s : want) REQUIRE(std::isfinite(s));
      }
}

TEST_CASE("f32_calib histograms: each finite value in the division's bin; zeros out of the magnitudes",
          "[kernels][f32-calib]") {
  constexpr int kBins = 2048;
  std::mt19937 rng(9);
  struct Case {
    float lo, hi;
  };
  const float big = std::numeric_limits<float>::max();
  for (const Case range : {Case{-6.f, 6.f}, Case{0.f, 6.f}, Case{-1e-3f, 2.5f}, Case{-big, big}, Case{2.f, 2.f},
                           Case{-3.f, -1.f}}) {
    std::uniform_real_distribution<float> inside(range.lo, range.hi);
    std::vector<float> x(4099);
    for (float& v : x) v = inside(rng);
    const double width = (static_cast<double>(range.hi) - range.lo) / kBins;
    const float amax = std::max(std::fabs(range.lo), std::fabs(range.hi));
    const double magnitude_width = static_cast<double>(amax) / kBins;
    // Bin edges exactly and one float either side, zeros, the ends, values
    // outside the range and non-finite ones.
    for (int k = 0; k < 64; ++k) {
      const float edge = static_cast<float>(range.lo + width * (k * 32));
      x[static_cast<size_t>(k) * 3] = edge;
      x[static_cast<size_t>(k) * 3 + 1] = std::nextafter(edge, -kInf);
      x[static_cast<size_t>(k) * 3 + 2] = std::nextafter(edge, kInf);
    }
    const float extra[] = {0.f, -0.f, range.lo, range.hi, range.lo - 1.f, range.hi + 1.f, kNan, kInf, -kInf};
    for (size_t k = 0; k < sizeof extra / sizeof extra[0]; ++k) x[200 + k] = extra[k];
    std::vector<double> values(kBins, 1.0), magnitude(kBins, 2.0);
    f32_calib_histograms(x.size(), x.data(), range.lo, width, magnitude_width, kBins, values.data(), magnitude.data());
    std::vector<double> want_values(kBins, 1.0), want_magnitude(kBins, 2.0);
    double finite = 0;
    for (float v : x) {
      if (!std::isfinite(v)) continue;
      ++finite;
      auto bin = [&](double value, double lo, double w) {
        if (!(w > 0)) return 0;
        const double b = (value - lo) / w;
        return b <= 0 ? 0 : b >= kBins - 1 ? kBins - 1 : static_cast<int>(b);
      };
      want_values[static_cast<size_t>(bin(v, range.lo, width))] += 1.0;
      if (v != 0.f) want_magnitude[static_cast<size_t>(bin(std::fabs(v), 0.0, magnitude_width))] += 1.0;
    }
    INFO("range [" << range.lo << ", " << range.hi << "]");
    CHECK(values == want_values);
    CHECK(magnitude == want_magnitude);
    double total = 0;
    for (double c : values) total += c - 1.0;
    CHECK(total == finite);
  }
}

TEST_CASE("f32_calib minmax: lanes updated in place with the finite extremes", "[kernels][f32-calib]") {
  for (size_t n : {0u, 1u, 3u, 4u, 5u, 9u, 1027u}) {
    std::vector<float> x(n);
    for (size_t i = 0; i < n; ++i) x[i] = static_cast<float>(static_cast<int>(i * 37 % 101) - 50);
    if (n > 2) x[n / 2] = kNan;
    if (n > 1) x[n - 1] = kInf;
    if (n > 0) x[0] = -kInf;
    float lo[4] = {kInf, kInf, kInf, 7.f}, hi[4] = {-kInf, -kInf, -kInf, -7.f};
    f32_calib_minmax(n, x.data(), lo, hi);
    // Per lane: the oracle over the values that lane takes.
    float want_lo[4] = {kInf, kInf, kInf, 7.f}, want_hi[4] = {-kInf, -kInf, -kInf, -7.f};
    const size_t full = n / 4 * 4;
    for (size_t i = 0; i < n; ++i) {
      if (!std::isfinite(x[i])) continue;
      const size_t lane = i < full ? i % 4 : 0;
      want_lo[lane] = std::min(want_lo[lane], x[i]);
      want_hi[lane] = std::max(want_hi[lane], x[i]);
    }
    INFO("n " << n);
    for (int lane = 0; lane < 4; ++lane) {
      CHECK(lo[lane] == want_lo[lane]);
      CHECK(hi[lane] == want_hi[lane]);
    }
  }
}
