// The int8 block-sparse kernels (qs8-bspmm) and their packing: the scalar
// reference bit-exact against the dense integer oracle (qs8_gemm_reference)
// on the unpacked weights, every wasm SIMD kernel bit-exact against the
// scalar reference, on awkward shapes: pixel counts around the 4-pixel
// groups (1..9, 13), output channels that leave a partial last block row (5,
// 13), input channels around the 8-channel transpose (1, 7, 8, 9, 33), block
// rows with no blocks, odd and even block counts (the pair padding), stored
// blocks that hold zeros, an all-zero and a fully dense matrix, strided
// pixel rows (sentinel bytes a kernel must not write), zero points and
// output ranges that clip. Splitting a call (pixels, or block rows) gives the
// same bytes: the runtime splits so on its thread pool.
#include <cstring>
#include <vector>

#include "kernels/qs8-bspmm/qs8-bspmm.h"
#include "kernel_test_utils.h"
#include "kernels/qs8-gemm/qs8-gemm.h"
#include "qs8_test_utils.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {

constexpr int8_t kSentinel = 0x5A;

struct Case {
  size_t mc, nc, kc;
  double block_sparsity;   // chance that a whole 8x1 block is zero
  size_t empty_row_every;  // every such block row (when nonzero) has no blocks
  int32_t x_zero_point, y_zero_point;
};

struct Data {
  std::vector<int8_t> w, in;  // w [nc, kc] row-major
  std::vector<int32_t> bias;
  std::vector<float> scales;
  size_t in_stride, out_stride;  // bytes
};

Data make_data(size_t block, const Case& c) {
  std::mt19937 rng(static_cast<unsigned>(c.mc * 7919 + c.nc * 131 + c.kc * 17 + c.x_zero_point + 300));
  Data d;
  d.w = random_int8(c.nc * c.kc, rng, -127, 127);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  for (size_t o0 = 0; o0 < c.nc; o0 += block)
    for (size_t i = 0; i < c.kc; i++) {
      const bool zero_block =
          coin(rng) < c.block_sparsity || (c.empty_row_every != 0 && (o0 / block) % c.empty_row_every == 0);
      for (size_t o = o0; o < o0 + block && o < c.nc; o++)
        if (zero_block || coin(rng) < 0.2) d.w[o * c.kc + i] = 0;
    }
  d.bias = random_int32(c.nc, rng, -20000, 20000);
  d.scales = saturating_scales(c.nc, c.kc / 4 + 1, rng);
  d.in_stride = c.kc + 5;
  d.out_stride = c.nc + 3;
  d.in = random_int8(c.mc * d.in_stride, rng);
  return d;
}

std::vector<int8_t> run(const QS8BspmmUkernelInfo& kernel, const Case& c, const Data& d, const QS8BspmmPacked& packed,
                        const QS8RequantParams& params) {
  std::vector<int8_t> out(c.mc * d.out_stride, kSentinel);
  std::vector<int16_t> scratch(qs8_bspmm_scratch_size(c.kc));
  kernel.fn(c.mc, c.nc, c.kc, d.in.data(), d.in_stride, packed.weights.data(), packed.input_indices.data(),
            packed.pairs.data(), out.data(), d.out_stride, scratch.data(), &params);
  return out;
}

void check_case(const QS8BspmmUkernelInfo& kernel, const Case& c) {
  INFO(kernel.name << " mc=" << c.mc << " nc=" << c.nc << " kc=" << c.kc << " block_sparsity=" << c.block_sparsity
                   << " empty_row_every=" << c.empty_row_every << " zx=" << c.x_zero_point
                   << " zy=" << c.y_zero_point);
  const size_t block = kernel.block;
  const Data d = make_data(block, c);
  const QS8BspmmPacked packed =
      qs8_bspmm_pack(block, c.nc, c.kc, d.w.data(), c.kc, 1, d.bias.data(), d.scales.data(), c.x_zero_point);

  // The packing: every block with a nonzero stored, no other; pairs cover them.
  size_t nonzero_blocks = 0, zeros = 0;
  const size_t block_rows = (c.nc + block - 1) / block;
  for (size_t o0 = 0; o0 < c.nc; o0 += block) {
    size_t row_blocks = 0;
    for (size_t i = 0; i < c.kc; i++) {
      bool any = false;
      for (size_t o = o0; o < o0 + block && o < c.nc; o++) {
        any = any || d.w[o * c.kc + i] != 0;
        zeros += d.w[o * c.kc + i] == 0;
      }
      row_blocks += any;
    }
    REQUIRE(packed.pairs[o0 / block] == (row_blocks + 1) / 2);
    nonzero_blocks += row_blocks;
  }
  REQUIRE(packed.nonzero_blocks == nonzero_blocks);
  size_t counted_zeros = 0;
  REQUIRE(qs8_count_zero_blocks(block, c.nc, c.kc, d.w.data(), c.kc, 1, &counted_zeros) ==
          block_rows * c.kc - nonzero_blocks);
  REQUIRE(counted_zeros == zeros);

  // The dense integer oracle: B [kc, nc] = W transposed.
  std::vector<int8_t> b(c.kc * c.nc);
  for (size_t o = 0; o < c.nc; o++)
    for (size_t i = 0; i < c.kc; i++) b[i * c.nc + o] = d.w[o * c.kc + i];
  for (const QRange& range : test_ranges(c.y_zero_point)) {
    INFO("qmin=" << range.qmin << " qmax=" << range.qmax);
    std::vector<int8_t> want(c.mc * c.nc);
    qs8_gemm_reference(c.mc, c.nc, c.kc, d.in.data(), d.in_stride, c.x_zero_point, b.data(), c.nc, d.bias.data(),
                       d.scales.data(), want.data(), c.nc, c.y_zero_point, range.qmin, range.qmax);
    const QS8RequantParams params = qs8_requant_params(c.y_zero_point, range.qmin, range.qmax);
    const QS8BspmmUkernelInfo& scalar = scalar_reference_for_block(qs8_bspmm_ukernels, block);
    const std::vector<int8_t> reference = run(scalar, c, d, packed, params);
    const std::vector<int8_t> got = run(kernel, c, d, packed, params);
    for (size_t p = 0; p < c.mc; p++) {
      INFO("pixel " << p);
      REQUIRE(describe_int8_mismatch(reference.data() + p * d.out_stride, want.data() + p * c.nc, c.nc) == "");
      REQUIRE(describe_int8_mismatch(got.data() + p * d.out_stride, reference.data() + p * d.out_stride, c.nc) == "");
      for (size_t o = c.nc; o < d.out_stride; o++) REQUIRE(got[p * d.out_stride + o] == kSentinel);
    }

    // Split calls: pixels [0, 3) then [3, mc) (not a multiple of 4: integer
    // sums are exact); block rows [0, half) then [half, end).
    std::vector<int16_t> scratch(qs8_bspmm_scratch_size(c.kc));
    if (c.mc > 3) {
      std::vector<int8_t> split(c.mc * d.out_stride, kSentinel);
      for (size_t begin : {size_t{0}, size_t{3}})
        kernel.fn(begin == 0 ? 3 : c.mc - 3, c.nc, c.kc, d.in.data() + begin * d.in_stride, d.in_stride,
                  packed.weights.data(), packed.input_indices.data(), packed.pairs.data(),
                  split.data() + begin * d.out_stride, d.out_stride, scratch.data(), &params);
      REQUIRE(split == got);
    }
    if (block_rows > 1) {
      std::vector<int8_t> split(c.mc * d.out_stride, kSentinel);
      const size_t half = block_rows / 2;
      for (size_t row : {size_t{0}, half}) {
        const size_t o0 = row * block, nc = row == 0 ? half * block : c.nc - o0;
        kernel.fn(c.mc, nc, c.kc, d.in.data(), d.in_stride, packed.weights.data() + packed.weight_start[row],
                  packed.input_indices.data() + packed.index_start[row], packed.pairs.data() + row, split.data() + o0,
                  d.out_stride, scratch.data(), &params);
      }
      REQUIRE(split == got);
    }
  }
}

}  // namespace

TEST_CASE("qs8 bspmm: every kernel is bit-exact against the scalar reference and the oracle", "[kernels][bspmm][qs8]") {
  size_t count = 0;
  const QS8BspmmUkernelInfo* kernels = qs8_bspmm_ukernels(&count);
  REQUIRE(count >= 3);  // the scalar reference, 4-pixel and 1-pixel SIMD
  for (size_t k = 0; k < count; k++) {
    const QS8BspmmUkernelInfo& kernel = kernels[k];
    for (size_t mc : {1, 2, 3, 4, 5, 7, 8, 9, 13})
      for (size_t nc : {kernel.block, 3 * kernel.block, size_t{5}, size_t{13}})
        for (size_t kc : {1, 7, 8, 9, 33}) {
          check_case(kernel, {mc, nc, kc, 0.7, 0, 5, -3});
          check_case(kernel, {mc, nc, kc, 0.5, 2, -128, 100});  // every other block row empty
        }
    check_case(kernel, {6, 24, 40, 1.0, 0, 7, 0});     // all zero: the output is the requantized bias
    check_case(kernel, {6, 24, 40, 0.0, 0, -1, 3});    // dense
    check_case(kernel, {11, 40, 300, 0.9, 0, 127, -7});  // long rows, a large zero point
  }
}

TEST_CASE("qs8 bspmm: the runtime's kernel is a wasm SIMD kernel of the family", "[kernels][bspmm][qs8][lists]") {
  size_t count = 0;
  const QS8BspmmUkernelInfo* all = qs8_bspmm_ukernels(&count);
  const QS8BspmmUkernelInfo& chosen = qs8_bspmm_default_ukernel();
  bool found = false;
  for (size_t i = 0; i < count; i++)
    found = found || (all[i].fn == chosen.fn && all[i].block == chosen.block && std::strstr(all[i].name, "__wasmsimd"));
  REQUIRE(found);
}

TEST_CASE("qs8 bspmm: packing pairs blocks, pads an odd count with a zero block, folds the zero point",
          "[kernels][bspmm][qs8]") {
  // W [3, 4] (one 8x1 block row, outputs 3..7 padding): blocks at inputs 0, 2, 3.
  const int8_t w[] = {1, 0, 2, 3,   //
                      0, 0, 4, 0,   //
                      5, 0, 0, -6};
  const int32_t bias[] = {10, 20, 30};
  const float scales[] = {0.5f, 0.25f, 2.0f};
  const QS8BspmmPacked packed = qs8_bspmm_pack(8, 3, 4, w, 4, 1, bias, scales, 2);
  REQUIRE(packed.nonzero_blocks == 3);
  REQUIRE(packed.pairs == std::vector<uint32_t>{2});
  REQUIRE(packed.input_indices == std::vector<uint32_t>{0, 2, 3, 3});
  const size_t bytes = 8 * 4 + 2 * 8 * 2 * 2 + 8 * 4;
  REQUIRE(packed.weights.size() == bytes);
  REQUIRE(packed.weight_start == std::vector<size_t>{0, bytes});
  int32_t packed_bias[8];
  std::memcpy(packed_bias, packed.weights.data(), sizeof(packed_bias));
  // bias - 2 * row sum: 10 - 2 * 6, 20 - 2 * 4, 30 - 2 * (-1); padding 0.
  REQUIRE(std::vector<int32_t>(packed_bias, packed_bias + 8) == std::vector<int32_t>{-2, 12, 32, 0, 0, 0, 0, 0});
  int16_t pairs[32];
  std::memcpy(pairs, packed.weights.data() + 32, sizeof(pairs));
  // Pair (0, 2): outputs 0..2 = (1, 2), (0, 4), (5, 0); pair (3, 3): (3, 0), (0, 0), (-6, 0).
  REQUIRE(std::vector<int16_t>(pairs, pairs + 6) == std::vector<int16_t>{1, 2, 0, 4, 5, 0});
  REQUIRE(std::vector<int16_t>(pairs + 16, pairs + 22) == std::vector<int16_t>{3, 0, 0, 0, -6, 0});
  for (size_t i = 6; i < 16; i++) REQUIRE(pairs[i] == 0);
  float packed_scales[8];
  std::memcpy(packed_scales, packed.weights.data() + 32 + 64, sizeof(packed_scales));
  REQUIRE(std::vector<float>(packed_scales, packed_scales + 4) == std::vector<float>{0.5f, 0.25f, 2.0f, 0.f});
}
