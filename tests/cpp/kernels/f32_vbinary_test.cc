// Elementwise binary kernels against f32_binary_reference, every length 1..40
// (8-wide body, 4-wide step, 1..3 tails), clamps active.
#include <limits>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-vbinary/f32-vbinary.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

TEST_CASE("f32 vbinary microkernels match the elementwise oracle", "[kernels][f32-vbinary]") {
  size_t count = 0;
  const F32VbinaryUkernelInfo* list = f32_vbinary_ukernels(&count);
  REQUIRE(count >= 32);
  std::mt19937 rng(5);
  for (size_t i = 0; i < count; i++) {
    for (size_t n = 1; n <= 40; n++) {
      INFO(list[i].name << " n=" << n);
      // Away from 0 so div is well defined; prelu needs both signs.
      const float a_min = list[i].op == F32BinaryOp::kPRelu ? -2.0f : 0.5f;
      const std::vector<float> a = random_floats(n, rng, a_min, 2.0f);
      const std::vector<float> b = random_floats(n, rng, -2.0f, 2.0f);
      std::vector<float> want(n), got(n + 1, std::numeric_limits<float>::quiet_NaN());
      for (size_t j = 0; j < n; j++)
        want[j] = f32_binary_reference(list[i].op, a[j], list[i].scalar_b ? b[0] : b[j]);
      const ClampRange range = active_clamp(want);
      for (float& w : want) w = f32_clamp(w, range.min, range.max);
      const F32MinMaxParams params = f32_minmax(range.min, range.max);
      list[i].fn(n * sizeof(float), a.data(), b.data(), got.data(), &params);
      require_close(got.data(), want.data(), n, 0.0f, 0.0f);  // one IEEE op: exact
      REQUIRE(std::isnan(got[n]));
    }
  }
}
