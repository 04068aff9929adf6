// int8 multiply: the 16-element SIMD kernel against the scalar one (the
// requantization oracle qs8_requantize_reference) bit for bit on every n in
// 1..70 (blocks and tails), zero points at -128 / 127 / 0, scales that
// saturate (both clamp paths: int8 after the narrows while 255^2 scale <
// 2^22, float before them past it), a narrowed (fused Relu) range, in place; and the scalar kernel
// within one step of the definition computed in double.
#include <cmath>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/qs8-vmul/qs8-vmul.h"

using namespace nnslim::kernels;

TEST_CASE("qs8 vmul matches the scalar kernel bit for bit and the definition within one step",
          "[kernels][qs8-vmul]") {
  std::mt19937 rng(31);
  std::uniform_int_distribution<int> byte(-128, 127);
  const QS8MulParams cases[] = {{0, 0, 1.0f / 127, 0, -128, 127},     {-128, 127, 0.0021f, -5, -128, 127},
                                {127, -128, 0.0043f, 100, -128, 127}, {3, -7, 0.05f, -20, -128, 127},
                                {-9, 11, 0.0131f, 4, 4, 127},
                                // The int8-clamp path's edge (255^2 * 64 < 2^22) and the float-clamp
                                // path beyond it, with narrowed ranges: products far past int8.
                                {5, -3, 64.0f, 10, -100, 100},        {5, -3, 64.6f, 10, -128, 127},
                                {0, 0, 1e30f, 0, -20, 30},            {-128, -128, 0.9f, -7, -128, 0}};
  for (const QS8MulParams& p : cases)
    for (size_t n = 1; n <= 70; n++) {
      INFO("n=" << n << " za=" << p.a_zero_point << " zb=" << p.b_zero_point << " scale=" << p.scale);
      std::vector<int8_t> a(n), b(n);
      for (auto& v : a) v = static_cast<int8_t>(byte(rng));
      for (auto& v : b) v = static_cast<int8_t>(byte(rng));
      std::vector<int8_t> simd(n + 1, 0x3C), scalar(n);
      qs8_vmul_minmax_fp32_ukernel__wasmsimd_x16(n, a.data(), b.data(), simd.data(), &p);
      qs8_vmul_minmax_fp32_ukernel__scalar(n, a.data(), b.data(), scalar.data(), &p);
      REQUIRE(std::vector<int8_t>(simd.begin(), simd.begin() + static_cast<std::ptrdiff_t>(n)) == scalar);
      REQUIRE(simd[n] == 0x3C);  // nothing written past n
      for (size_t i = 0; i < n; i++) {
        const double want = std::fmin(
            p.qmax, std::fmax(p.qmin, std::nearbyint(double(p.scale) * (a[i] - p.a_zero_point) * (b[i] - p.b_zero_point)) +
                                          p.y_zero_point));
        REQUIRE(std::fabs(scalar[i] - want) <= 1.0);
      }
      std::vector<int8_t> in_place = a;
      qs8_vmul_minmax_fp32_ukernel__wasmsimd_x16(n, in_place.data(), b.data(), in_place.data(), &p);
      REQUIRE(in_place == scalar);
    }
}
