// The dot7 int8 GEMM kernels (A in 0..127, i8-dot7.h: the relaxed 8-bit dot
// in the relaxed build, its plain stand-in otherwise), with their packing and
// driver, bit-exact against the unpacked integer oracle qs8_gemm_reference:
// odd M/N/K, K tails of 1..3, N tails, strided A and C, the operand extremes
// (A 0 and 127, weights -128 and 127: the largest pair sums the relaxed
// dot's int16 stage sees), saturation and narrow output ranges. The same
// for the dot7w kernels (7-bit weights -64..63, A any int8 -128..127).
#include <vector>

#include "kernels/qs8-dot7/qs8-dot7.h"
#include "kernels/qs8-dot7w/qs8-dot7w.h"
#include "kernels/qs8-gemm/qs8-gemm.h"
#include "qs8_test_utils.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {

constexpr int8_t kSentinel = 0x5A;

struct Dot7Case {
  size_t m, n, k;
  int32_t a_zero_point, c_zero_point;
  bool extremes;  // A and W only at their range ends
};

std::vector<int8_t> operand(size_t count, std::mt19937& rng, int lo, int hi, bool extremes) {
  std::vector<int8_t> v = random_int8(count, rng, lo, hi);
  if (extremes)
    for (int8_t& x : v) x = static_cast<int8_t>(x < (lo + hi) / 2 ? lo : hi);
  return v;
}

// Operand ranges and packing of a kernel family.
struct Family {
  int a_lo, a_hi, w_lo, w_hi;
  void (*pack)(size_t nr, size_t n, size_t kc, const int8_t* w, size_t n_stride, size_t c_stride,
               const int32_t* bias, const float* scales, int32_t a_zero_point, void* packed);
};
const Family kDot7{0, 127, -128, 127, qs8_packw_c4};
const Family kDot7w{-128, 127, -64, 63, qs8_packw_c4_w7};

// Runs `fn` (one call on at most MR rows, or a driver) and compares with the oracle.
template <typename Run>
void check_case(const char* name, size_t nr, const Dot7Case& dc, Run&& run, const Family& family = kDot7) {
  const size_t a_stride = dc.k + 3, c_stride = dc.n + 2;
  INFO(name << " m=" << dc.m << " n=" << dc.n << " k=" << dc.k << " za=" << dc.a_zero_point
            << " zc=" << dc.c_zero_point << " extremes=" << dc.extremes);
  std::mt19937 rng(static_cast<unsigned>(dc.m * 1009 + dc.n * 31 + dc.k * 7 + dc.extremes));
  const std::vector<int8_t> a = operand(dc.m * a_stride, rng, family.a_lo, family.a_hi, dc.extremes);
  const std::vector<int8_t> b = operand(dc.k * dc.n, rng, family.w_lo, family.w_hi, dc.extremes);  // [K, N]
  const std::vector<int32_t> bias = random_int32(dc.n, rng, -20000, 20000);
  const std::vector<float> scales = saturating_scales(dc.n, dc.k, rng);
  std::vector<char> packed(qs8_packw_c4_size(nr, dc.n, dc.k));
  family.pack(nr, dc.n, dc.k, b.data(), 1, dc.n, bias.data(), scales.data(), dc.a_zero_point, packed.data());
  for (const QRange& range : test_ranges(dc.c_zero_point)) {
    INFO("qmin=" << range.qmin << " qmax=" << range.qmax);
    std::vector<int8_t> want(dc.m * dc.n), got(dc.m * c_stride, kSentinel);
    qs8_gemm_reference(dc.m, dc.n, dc.k, a.data(), a_stride, dc.a_zero_point, b.data(), dc.n, bias.data(),
                       scales.data(), want.data(), dc.n, dc.c_zero_point, range.qmin, range.qmax);
    const QS8RequantParams params = qs8_requant_params(dc.c_zero_point, range.qmin, range.qmax);
    run(a.data(), a_stride, packed.data(), got.data(), c_stride, params);
    for (size_t r = 0; r < dc.m; r++) {
      REQUIRE(describe_int8_mismatch(&got[r * c_stride], &want[r * dc.n], dc.n) == "");
      for (size_t j = dc.n; j < c_stride; j++) REQUIRE(got[r * c_stride + j] == kSentinel);
    }
  }
}

void check_kernels(const QS8Dot7UkernelInfo* list, size_t count, const Family& family) {
  REQUIRE(count >= 4);
  for (size_t i = 0; i < count; i++) {
    const QS8Dot7UkernelInfo& kernel = list[i];
    for (size_t m = 1; m <= kernel.mr; m++) {
      for (size_t n : {size_t{1}, kernel.nr - 1, kernel.nr, 2 * kernel.nr + 3}) {
        for (size_t k : {1, 2, 3, 4, 5, 7, 16, 61}) {
          for (int32_t za : {0, 64, 127, -128}) {
            for (bool extremes : {false, true}) {
              check_case(kernel.name, kernel.nr, {m, n, k, za, -za / 2, extremes},
                         [&](const int8_t* a, size_t a_stride, const void* w, int8_t* c, size_t c_stride,
                             const QS8RequantParams& params) {
                           kernel.fn(m, n, k, a, a_stride, w, c, c_stride, kernel.nr, &params);
                         }, family);
            }
          }
        }
      }
    }
  }
}

}  // namespace

TEST_CASE("qs8 dot7 GEMM kernels match the integer oracle bit for bit", "[kernels][qs8-dot7]") {
  size_t count = 0;
  const QS8Dot7UkernelInfo* list = qs8_dot7_ukernels(&count);
  check_kernels(list, count, kDot7);
}

TEST_CASE("qs8 dot7w GEMM kernels (7-bit weights, any int8 A) match the integer oracle bit for bit",
          "[kernels][qs8-dot7]") {
  size_t count = 0;
  const QS8Dot7UkernelInfo* list = qs8_dot7w_ukernels(&count);
  check_kernels(list, count, kDot7w);
}

TEST_CASE("qs8 dot7 GEMM driver tiles rows and column blocks, 1-row strips on the 1xNR kernel",
          "[kernels][qs8-dot7]") {
  size_t count = 0;
  const QS8Dot7UkernelInfo* list = qs8_dot7_ukernels(&count);
  const QS8Dot7UkernelInfo *tile = nullptr, *row = nullptr;
  for (size_t i = 0; i < count; i++) {
    if (list[i].mr == 3 && list[i].nr == 8) tile = &list[i];
    if (list[i].mr == 1 && list[i].nr == 8) row = &list[i];
  }
  REQUIRE(tile != nullptr);
  REQUIRE(row != nullptr);
  const QS8Dot7Config config{"3x8 + 1x8", 3, 8, tile->fn, row->fn};
  // k = 1001: 8 * (4 + 1004 + 4) bytes per panel, 32 panels (256 columns)
  // per ~256 KiB block, so n = 300 takes two column blocks.
  for (const Dot7Case& dc : {Dot7Case{7, 300, 1001, 5, -3, false}, Dot7Case{1, 19, 33, 0, 0, true},
                             Dot7Case{10, 17, 6, 127, 7, false}}) {
    check_case(config.name, config.nr, dc,
               [&](const int8_t* a, size_t a_stride, const void* w, int8_t* c, size_t c_stride,
                   const QS8RequantParams& params) {
                 qs8_gemm_dot7(config, dc.m, dc.n, dc.k, a, a_stride, w, c, c_stride, params);
               });
  }
}

TEST_CASE("qs8 dot7 runtime config: kernels only where the relaxed dot is native", "[kernels][qs8-dot7]") {
  const QS8Dot7Config config = qs8_dot7_default_config();
  if (!qs8_dot7_native()) {
    // The plain module names no dot7 kernel (the runtime never runs one there).
    REQUIRE(config.gemm == nullptr);
    return;
  }
  REQUIRE(config.gemm != nullptr);
  for (const Dot7Case& dc : {Dot7Case{9, 37, 29, 0, -128, false}, Dot7Case{1, 40, 64, 3, 0, true}}) {
    check_case(config.name, config.nr, dc,
               [&](const int8_t* a, size_t a_stride, const void* w, int8_t* c, size_t c_stride,
                   const QS8RequantParams& params) {
                 qs8_gemm_dot7(config, dc.m, dc.n, dc.k, a, a_stride, w, c, c_stride, params);
               });
  }
}

TEST_CASE("qs8 dot7w: the driver over column blocks, the runtime config, the 7-bit weight check",
          "[kernels][qs8-dot7]") {
  size_t count = 0;
  const QS8Dot7UkernelInfo* list = qs8_dot7w_ukernels(&count);
  const QS8Dot7UkernelInfo *tile = nullptr, *row = nullptr;
  for (size_t i = 0; i < count; i++) {
    if (list[i].mr == 3 && list[i].nr == 8) tile = &list[i];
    if (list[i].mr == 1 && list[i].nr == 8) row = &list[i];
  }
  REQUIRE(tile != nullptr);
  REQUIRE(row != nullptr);
  QS8Dot7Config config{"3x8 + 1x8", 3, 8, tile->fn, row->fn};
  const QS8Dot7Config runtime = qs8_dot7w_default_config();
  REQUIRE((runtime.gemm != nullptr) == qs8_dot7_native());
  for (const QS8Dot7Config& c : {config, runtime}) {
    if (c.gemm == nullptr) continue;
    for (const Dot7Case& dc : {Dot7Case{7, 300, 1001, 5, -3, false}, Dot7Case{1, 19, 33, -128, 0, true},
                               Dot7Case{10, 17, 6, 127, 7, false}, Dot7Case{9, 37, 29, 0, -128, true}}) {
      check_case(c.name, c.nr, dc,
                 [&](const int8_t* a, size_t a_stride, const void* w, int8_t* out, size_t c_stride,
                     const QS8RequantParams& params) {
                   qs8_gemm_dot7(c, dc.m, dc.n, dc.k, a, a_stride, w, out, c_stride, params);
                 }, kDot7w);
    }
  }
  const int8_t fits[] = {-64, 0, 63, 5}, low[] = {0, -65}, high[] = {64, 1};
  REQUIRE(qs8_weights_fit_7bit(fits, 4));
  REQUIRE_FALSE(qs8_weights_fit_7bit(low, 2));
  REQUIRE_FALSE(qs8_weights_fit_7bit(high, 2));
}
