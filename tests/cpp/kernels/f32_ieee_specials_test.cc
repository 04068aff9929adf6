// NaN and +-inf through the f32 microkernels: every kernel of the unary,
// binary, GEMM and pooling lists and the softmax row, fed inputs with NaN,
// +inf and -inf mixed into ordinary values, with the clamps of no activation,
// Relu, Relu6 and an active [-0.5, 0.75]. The SIMD output must be NaN exactly
// where the scalar oracle's is (and the same infinity, and close elsewhere:
// numeric_match.h); the oracles follow IEEE and numpy (a clamp or a max of a
// NaN is NaN). The runtime's steps on these kernels are checked against the
// reference executor in tests/cpp/session_ieee_specials_test.cc.
#include <cmath>
#include <limits>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-gemm/f32-gemm-driver.h"
#include "kernels/f32-gemm/f32-gemm.h"
#include "kernels/f32-packw/f32-packw.h"
#include "kernels/f32-pool/f32-pool-reference.h"
#include "kernels/f32-pool/f32-pool.h"
#include "kernels/f32-softmax/f32-softmax.h"
#include "kernels/f32-vbinary/f32-vbinary.h"
#include "kernels/f32-vunary/f32-vunary.h"
#include "kernels/indirection/conv2d-indirection.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {

const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kInf = std::numeric_limits<float>::infinity();

// x with NaN, +inf, -inf in turn at every `every`-th element from `first`.
std::vector<float> with_specials(std::vector<float> x, size_t every, size_t first) {
  const float specials[] = {kNaN, kInf, -kInf};
  size_t k = 0;
  for (size_t i = first; i < x.size(); i += every) x[i] = specials[k++ % 3];
  return x;
}

bool any_nan(const std::vector<float>& v) {
  for (float x : v)
    if (std::isnan(x)) return true;
  return false;
}

const F32MinMaxParams kClamps[] = {f32_minmax_none(), f32_minmax_relu(), f32_minmax_relu6(), f32_minmax(-0.5f, 0.75f)};

}  // namespace

TEST_CASE("ieee kernels: f32_clamp keeps NaN and clamps infinities", "[kernels][ieee]") {
  CHECK(std::isnan(f32_clamp(kNaN, 0.0f, 6.0f)));
  CHECK(std::isnan(f32_clamp(kNaN, -kInf, kInf)));
  CHECK(f32_clamp(kInf, 0.0f, 6.0f) == 6.0f);
  CHECK(f32_clamp(-kInf, 0.0f, 6.0f) == 0.0f);
  CHECK(f32_clamp(kInf, -kInf, kInf) == kInf);
  CHECK(std::isnan(f32_max_keep_nan(kNaN, 1.0f)));
  CHECK(std::isnan(f32_max_keep_nan(1.0f, kNaN)));
  CHECK(std::isnan(f32_min_keep_nan(-kInf, kNaN)));
  CHECK(f32_max_keep_nan(-kInf, 2.0f) == 2.0f);
  CHECK(f32_min_keep_nan(kInf, 2.0f) == 2.0f);
  CHECK(std::isnan(f32_min_keep_nan(kNaN, -kInf)));
  // Equal operands, +0 and -0 too, give the first (pmax / pmin's rule).
  CHECK(std::signbit(f32_max_keep_nan(-0.0f, 0.0f)));
  CHECK(!std::signbit(f32_min_keep_nan(0.0f, -0.0f)));
}

TEST_CASE("ieee kernels: every unary kernel is NaN where its oracle is", "[kernels][ieee]") {
  size_t count = 0;
  const F32VunaryUkernelInfo* list = f32_vunary_ukernels(&count);
  std::mt19937 rng(1);
  for (size_t i = 0; i < count; i++)
    for (size_t n : {1, 3, 4, 7, 8, 13, 40}) {
      const std::vector<float> x = with_specials(random_floats(n, rng, -4.0f, 4.0f), 3, (n - 1) % 3);
      for (const F32MinMaxParams& clamp : kClamps) {
        INFO(list[i].name << " n=" << n << " clamp [" << clamp.min << ", " << clamp.max << "]");
        const F32UnaryParams params{clamp.min, clamp.max, 0.125f, 0.2f, 0.5f};
        std::vector<float> want(n), got(n);
        for (size_t j = 0; j < n; j++) want[j] = f32_unary_reference(list[i].op, x[j], params);
        list[i].fn(n * sizeof(float), x.data(), got.data(), &params);
        require_close(got.data(), want.data(), n, 1e-6f, 1e-37f);
        CHECK(any_nan(want));  // a NaN input gives NaN for every op
      }
    }
}

TEST_CASE("ieee kernels: every binary kernel is NaN where its oracle is, clamped or not", "[kernels][ieee]") {
  size_t count = 0;
  const F32VbinaryUkernelInfo* list = f32_vbinary_ukernels(&count);
  std::mt19937 rng(2);
  for (size_t i = 0; i < count; i++)
    for (size_t n : {1, 3, 4, 7, 8, 13, 40}) {
      // Specials in a and in b at other positions (b[0] is the scalar operand:
      // a special there too for n % 3 == 0), so specials meet numbers and
      // each other (inf - inf, 0 * inf, max(NaN, x)).
      const std::vector<float> a = with_specials(random_floats(n, rng, -2.0f, 2.0f), 3, 1);
      const std::vector<float> b = with_specials(random_floats(n, rng, -2.0f, 2.0f), 4, n % 3 == 0 ? 0 : 2);
      for (const F32MinMaxParams& clamp : kClamps) {
        INFO(list[i].name << " n=" << n << " clamp [" << clamp.min << ", " << clamp.max << "]");
        std::vector<float> want(n), got(n);
        for (size_t j = 0; j < n; j++)
          want[j] = f32_clamp(f32_binary_reference(list[i].op, a[j], list[i].scalar_b ? b[0] : b[j]), clamp.min,
                              clamp.max);
        list[i].fn(n * sizeof(float), a.data(), b.data(), got.data(), &clamp);
        require_close(got.data(), want.data(), n, 0.0f, 0.0f);
        if (n > 1) CHECK(any_nan(want));
      }
    }
}

TEST_CASE("ieee kernels: every GEMM microkernel keeps NaN rows and infinities through the clamp",
          "[kernels][ieee]") {
  size_t count = 0;
  const F32GemmUkernelInfo* list = f32_gemm_ukernels(&count);
  for (size_t i = 0; i < count; i++) {
    if (list[i].mr == 1) continue;
    F32GemmConfig config{list[i].name, list[i].mr, list[i].nr, list[i].fn, nullptr, 0};
    for (size_t j = 0; j < count; j++)
      if (list[j].mr == 1 && list[j].nr == list[i].nr) config.ukernel_1 = list[j].fn;
    const size_t m = 7, n = 33, k = 24;
    std::mt19937 rng(3);
    std::vector<float> a = random_floats(m * k, rng), b = random_floats(k * n, rng), bias = random_floats(n, rng);
    a[0 * k + 5] = kNaN;   // row 0: NaN throughout
    a[2 * k + 7] = kInf;   // row 2: +-inf by the sign of b[7][j]
    a[4 * k + 1] = -kInf;  // row 4
    b[3 * n + 30] = kNaN;  // column 30: NaN throughout
    std::vector<float> packed(f32_packw_gemm_size(n, k, config.nr));
    f32_packw_gemm_gio(config.nr, n, k, b.data(), n, bias.data(), packed.data());
    for (const F32MinMaxParams& clamp : kClamps) {
      INFO(list[i].name << " clamp [" << clamp.min << ", " << clamp.max << "]");
      std::vector<float> want(m * n), got(m * n);
      f32_gemm_reference(m, n, k, a.data(), k, b.data(), n, bias.data(), want.data(), n, clamp.min, clamp.max);
      f32_gemm(config, m, n, k, a.data(), k, packed.data(), got.data(), n, clamp);
      require_close(got.data(), want.data(), got.size(), 1e-5f, 1e-6f);
      CHECK(std::isnan(want[0 * n + 3]));
      CHECK(std::isnan(want[5 * n + 30]));
      CHECK(std::isfinite(want[5 * n + 3]));
    }
  }
}

TEST_CASE("ieee kernels: max and average pooling keep NaN and infinities", "[kernels][ieee]") {
  const size_t ih = 7, iw = 7, channels = 13;
  const Conv2DGeometry g = make_conv2d_geometry(ih, iw, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1);
  std::mt19937 rng(4);
  // A NaN in the middle of a window, after ordinary values, and infinities.
  const std::vector<float> input = with_specials(random_floats(ih * iw * channels, rng), 29, 11);
  const std::vector<float> minus_inf(channels, -kInf), zeros(channels, 0.0f);
  size_t count = 0;
  const auto* maxpools = f32_maxpool_ukernels(&count);
  for (size_t i = 0; i < count; i++)
    for (const F32MinMaxParams& clamp : kClamps) {
      INFO(maxpools[i].name << " clamp [" << clamp.min << ", " << clamp.max << "]");
      std::vector<float> want(g.output_pixels() * channels), got(want.size());
      f32_maxpool2d_nhwc_reference(g, channels, input.data(), want.data(), clamp.min, clamp.max);
      std::vector<const float*> ind(dwconv_indirection_size(g));
      dwconv_indirection_init(g, input.data(), channels, minus_inf.data(), ind.data());
      maxpools[i].fn(g.output_pixels(), g.kernel_size(), channels, ind.data(), 0, minus_inf.data(), got.data(),
                     g.kernel_size() * sizeof(void*), 0, &clamp);
      require_close(got.data(), want.data(), want.size(), 0.0f, 0.0f);
      CHECK(any_nan(want));
    }
}

TEST_CASE("ieee kernels: a softmax row with a NaN or an infinity is NaN, like x - max(x) in numpy",
          "[kernels][ieee]") {
  std::mt19937 rng(5);
  for (size_t n : {1, 3, 8, 13, 40})
    for (float special : {kNaN, kInf, -kInf}) {
      for (size_t at : {size_t{0}, n / 2, n - 1}) {
        INFO("n=" << n << " special " << special << " at " << at);
        std::vector<float> x = random_floats(n, rng, -5.0f, 5.0f);
        x[at] = special;
        std::vector<float> want(n), got(n);
        f32_softmax_reference(n, x.data(), want.data());
        f32_softmax_row(n, x.data(), got.data());
        require_close(got.data(), want.data(), n, 1e-6f, 1e-37f);
        // -inf is an ordinary member of a row (exp(-inf) = 0) unless the row is all -inf.
        if (std::isnan(special) || special > 0 || n == 1) CHECK(std::isnan(want[0]));
      }
    }
}
