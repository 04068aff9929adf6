// The block-sparse kernels (f32-bspmm) and their packing: the scalar
// references against a dense double-precision oracle on the unpacked
// weights, every wasm SIMD kernel against the scalar reference of its block
// size, on awkward shapes: pixel counts around the 4-pixel groups (1..9, 13),
// output channels that leave a partial last block row (5, 13), block rows
// with no blocks, stored blocks that hold zeros, an all-zero and a fully
// dense matrix, strided pixel rows (NaN padding a kernel must not read or
// write), clamps that clip. Splitting a call (pixels at a multiple of 4, or
// block rows) must give the same bits as one call: the runtime splits so on
// its thread pool.
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-bspmm/f32-bspmm.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

struct Case {
  size_t mc, nc, kc;
  double block_sparsity;   // chance that a whole R x 1 block is zero
  size_t empty_row_every;  // every such block row (when nonzero) has no blocks
  bool clamp;
};

// W [nc, kc]: whole R x 1 blocks zeroed with chance block_sparsity, and one
// in five of the remaining entries zeroed too (blocks that are stored but
// hold zeros).
std::vector<float> block_sparse_weights(size_t block, const Case& c, std::mt19937& rng) {
  std::vector<float> w = random_floats(c.nc * c.kc, rng);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  for (size_t o0 = 0; o0 < c.nc; o0 += block)
    for (size_t i = 0; i < c.kc; i++) {
      const bool zero_block =
          coin(rng) < c.block_sparsity || (c.empty_row_every != 0 && (o0 / block) % c.empty_row_every == 0);
      for (size_t o = o0; o < o0 + block && o < c.nc; o++)
        if (zero_block || coin(rng) < 0.2) w[o * c.kc + i] = 0.f;
    }
  return w;
}

struct Data {
  std::vector<float> w, bias, in;
  size_t in_stride, out_stride;  // floats
};

Data make_data(size_t block, const Case& c) {
  std::mt19937 rng(static_cast<unsigned>(c.mc * 7919 + c.nc * 131 + c.kc * 17 + block));
  Data d;
  d.w = block_sparse_weights(block, c, rng);
  d.bias = random_floats(c.nc, rng);
  d.in_stride = c.kc + 3;
  d.out_stride = c.nc + 2;
  d.in.assign(c.mc * d.in_stride, kNaN);  // NaN padding: a read past a row's kc inputs shows
  for (size_t p = 0; p < c.mc; p++)
    for (size_t i = 0; i < c.kc; i++) d.in[p * d.in_stride + i] = random_floats(1, rng)[0];
  return d;
}

std::vector<float> run(const F32BspmmUkernelInfo& kernel, const Case& c, const Data& d, const F32BspmmPacked& packed,
                       const F32MinMaxParams& params) {
  std::vector<float> out(c.mc * d.out_stride, kNaN);
  kernel.fn(c.mc, c.nc, d.in.data(), d.in_stride * sizeof(float), packed.weights.data(), packed.input_indices.data(),
            packed.blocks.data(), out.data(), d.out_stride * sizeof(float), &params);
  return out;
}

void check_case(const F32BspmmUkernelInfo& kernel, const Case& c) {
  INFO(kernel.name << " mc=" << c.mc << " nc=" << c.nc << " kc=" << c.kc << " block_sparsity=" << c.block_sparsity
                   << " empty_row_every=" << c.empty_row_every << " clamp=" << c.clamp);
  const size_t block = kernel.block;
  const Data d = make_data(block, c);
  const F32BspmmPacked packed = f32_bspmm_pack(block, c.nc, c.kc, d.w.data(), c.kc, 1, d.bias.data());

  // The packing: every block with a nonzero stored, no other.
  size_t nonzero_blocks = 0;
  for (size_t o0 = 0; o0 < c.nc; o0 += block)
    for (size_t i = 0; i < c.kc; i++) {
      bool any = false;
      for (size_t o = o0; o < o0 + block && o < c.nc; o++) any = any || d.w[o * c.kc + i] != 0.f;
      nonzero_blocks += any;
    }
  REQUIRE(packed.nonzero_blocks == nonzero_blocks);
  const size_t block_rows = (c.nc + block - 1) / block;
  REQUIRE(f32_count_zero_blocks(block, c.nc, c.kc, d.w.data(), c.kc, 1) == block_rows * c.kc - nonzero_blocks);

  // The dense oracle, in double, then the clamp.
  std::vector<float> want(c.mc * c.nc);
  for (size_t p = 0; p < c.mc; p++)
    for (size_t o = 0; o < c.nc; o++) {
      double acc = d.bias[o];
      for (size_t i = 0; i < c.kc; i++) acc += static_cast<double>(d.w[o * c.kc + i]) * d.in[p * d.in_stride + i];
      want[p * c.nc + o] = static_cast<float>(acc);
    }
  ClampRange range{-kInf, kInf};
  if (c.clamp) {
    range = active_clamp(want);
    for (float& x : want) x = f32_clamp(x, range.min, range.max);
  }
  const F32MinMaxParams params = f32_minmax(range.min, range.max);

  const std::vector<float> reference = run(scalar_reference_for_block(f32_bspmm_ukernels, block), c, d, packed, params);
  const std::vector<float> got = run(kernel, c, d, packed, params);
  for (size_t p = 0; p < c.mc; p++) {
    INFO("pixel " << p);
    require_close(reference.data() + p * d.out_stride, want.data() + p * c.nc, c.nc, 1e-5f, 1e-5f);
    require_close(got.data() + p * d.out_stride, reference.data() + p * d.out_stride, c.nc, 1e-5f, 1e-5f);
    for (size_t o = c.nc; o < d.out_stride; o++) REQUIRE(std::isnan(got[p * d.out_stride + o]));  // nothing past the row
  }

  // Split calls: pixels [0, 4) then [4, mc); block rows [0, half) then [half, end).
  if (c.mc > 4) {
    std::vector<float> split(c.mc * d.out_stride, kNaN);
    for (size_t begin : {size_t{0}, size_t{4}}) {
      const size_t count = begin == 0 ? 4 : c.mc - 4;
      kernel.fn(count, c.nc, d.in.data() + begin * d.in_stride, d.in_stride * sizeof(float), packed.weights.data(),
                packed.input_indices.data(), packed.blocks.data(), split.data() + begin * d.out_stride,
                d.out_stride * sizeof(float), &params);
    }
    REQUIRE(std::memcmp(split.data(), got.data(), split.size() * sizeof(float)) == 0);
  }
  if (block_rows > 1) {
    std::vector<float> split(c.mc * d.out_stride, kNaN);
    const size_t half = block_rows / 2;
    for (size_t row : {size_t{0}, half}) {
      const size_t o0 = row * block, nc = row == 0 ? half * block : c.nc - o0;
      kernel.fn(c.mc, nc, d.in.data(), d.in_stride * sizeof(float), packed.weights.data() + packed.weight_start[row],
                packed.input_indices.data() + packed.index_start[row], packed.blocks.data() + row, split.data() + o0,
                d.out_stride * sizeof(float), &params);
    }
    REQUIRE(std::memcmp(split.data(), got.data(), split.size() * sizeof(float)) == 0);
  }
}

}  // namespace

TEST_CASE("f32 bspmm: every kernel matches its scalar reference on awkward shapes", "[kernels][bspmm]") {
  size_t count = 0;
  const F32BspmmUkernelInfo* kernels = f32_bspmm_ukernels(&count);
  REQUIRE(count >= 4);
  for (size_t k = 0; k < count; k++) {
    const F32BspmmUkernelInfo& kernel = kernels[k];
    for (size_t mc : {1, 2, 3, 4, 5, 7, 8, 9, 13})
      for (size_t nc : {kernel.block, 3 * kernel.block, size_t{5}, size_t{13}})
        for (size_t kc : {1, 7, 33}) {
          check_case(kernel, {mc, nc, kc, 0.7, 0, false});
          check_case(kernel, {mc, nc, kc, 0.5, 2, true});  // every other block row empty
        }
    check_case(kernel, {6, 24, 40, 1.0, 0, false});  // all zero: the output is the bias
    check_case(kernel, {6, 24, 40, 0.0, 0, true});   // dense
    check_case(kernel, {11, 40, 300, 0.9, 0, true});  // long rows: the even/odd accumulators
  }
}

TEST_CASE("f32 bspmm: the runtime's list is the family's wasm SIMD kernels", "[kernels][bspmm][lists]") {
  size_t all_count = 0, simd_count = 0;
  const F32BspmmUkernelInfo* all = f32_bspmm_ukernels(&all_count);
  const F32BspmmUkernelInfo* simd = f32_bspmm_simd_ukernels(&simd_count);
  size_t all_simd = 0;
  for (size_t i = 0; i < all_count; i++) all_simd += std::strstr(all[i].name, "__wasmsimd") != nullptr;
  REQUIRE(simd_count == all_simd);
  for (size_t i = 0; i < simd_count; i++) {
    CAPTURE(simd[i].name);
    bool found = false;
    for (size_t j = 0; j < all_count; j++)
      found = found || (all[j].fn == simd[i].fn && all[j].block == simd[i].block &&
                        std::strstr(all[j].name, "__wasmsimd") != nullptr);
    CHECK(found);
  }
}

TEST_CASE("f32 bspmm: packing a block row past the last output pads zeros, biases too", "[kernels][bspmm]") {
  // W [5, 2] = rows 0..4, 8x1 blocks: one block row, outputs 5..7 padding.
  const float w[] = {1, 0, 2, 0, 0, 0, 0, 0, 3, 0};
  const float bias[] = {1, 2, 3, 4, 5};
  const F32BspmmPacked packed = f32_bspmm_pack(8, 5, 2, w, 2, 1, bias);
  REQUIRE(packed.blocks == std::vector<uint32_t>{1});
  REQUIRE(packed.input_indices == std::vector<uint32_t>{0});
  REQUIRE(packed.weights == std::vector<float>{1, 2, 3, 4, 5, 0, 0, 0, 1, 2, 0, 0, 3, 0, 0, 0});
  REQUIRE(packed.weight_start == std::vector<size_t>{0, 16});
  REQUIRE(f32_count_zero_blocks(8, 5, 2, w, 2, 1) == 1);
}
