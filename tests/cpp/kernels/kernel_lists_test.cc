// The runtime takes elementwise kernels from wasm-SIMD-only lists (so the
// scalar oracles stay out of the shipped module): each such list must be
// exactly the wasm SIMD entries of its family's full list, in order (but for
// kernels no op can reach: GELU, whose op is not in the op table).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <vector>

#include "kernels/f32-argmax/f32-argmax.h"
#include "kernels/f32-reduce/f32-reduce.h"
#include "kernels/f32-vbinary/f32-vbinary.h"
#include "kernels/f32-vpowc/f32-vpowc.h"
#include "kernels/f32-vunary/f32-vunary.h"

using namespace nnslim::kernels;

namespace {

template <typename Info>
std::vector<const Info*> wasmsimd_entries(const Info* list, size_t count) {
  std::vector<const Info*> entries;
  for (size_t i = 0; i < count; ++i)
    if (std::strstr(list[i].name, "__wasmsimd") != nullptr) entries.push_back(&list[i]);
  return entries;
}

// The runtime's list `simd` is exactly `expected` (the family's wasm SIMD
// entries), in order: same names, kernels and `same_keys` (the fields the
// runtime picks by).
template <typename Info, typename SameKeys>
void check_runtime_list(const Info* simd, size_t simd_count, const std::vector<const Info*>& expected,
                        SameKeys same_keys) {
  REQUIRE(simd_count == expected.size());
  REQUIRE(simd_count > 0);
  for (size_t i = 0; i < simd_count; ++i) {
    CAPTURE(expected[i]->name);
    CHECK(std::strcmp(simd[i].name, expected[i]->name) == 0);
    CHECK(same_keys(simd[i], *expected[i]));
    CHECK(simd[i].fn == expected[i]->fn);
  }
}

}  // namespace

TEST_CASE("kernel lists: the runtime's vbinary list is the family's wasm SIMD kernels", "[kernels][lists]") {
  size_t all_count = 0, simd_count = 0;
  const F32VbinaryUkernelInfo* all = f32_vbinary_ukernels(&all_count);
  const F32VbinaryUkernelInfo* simd = f32_vbinary_wasmsimd_ukernels(&simd_count);
  const auto expected = wasmsimd_entries(all, all_count);
  REQUIRE(simd_count == expected.size());
  REQUIRE(simd_count > 0);
  for (size_t i = 0; i < simd_count; ++i) {
    CAPTURE(expected[i]->name);
    CHECK(std::strcmp(simd[i].name, expected[i]->name) == 0);
    CHECK(simd[i].op == expected[i]->op);
    CHECK(simd[i].scalar_b == expected[i]->scalar_b);
    CHECK(simd[i].fn == expected[i]->fn);
  }
}

TEST_CASE("kernel lists: the runtime's vunary list is the family's wasm SIMD kernels", "[kernels][lists]") {
  size_t all_count = 0, simd_count = 0;
  const F32VunaryUkernelInfo* all = f32_vunary_ukernels(&all_count);
  const F32VunaryUkernelInfo* simd = f32_vunary_wasmsimd_ukernels(&simd_count);
  auto expected = wasmsimd_entries(all, all_count);
  expected.erase(std::remove_if(expected.begin(), expected.end(),
                                [](const F32VunaryUkernelInfo* e) { return e->op == F32UnaryOp::kGelu; }),
                 expected.end());
  REQUIRE(simd_count == expected.size());
  REQUIRE(simd_count > 0);
  for (size_t i = 0; i < simd_count; ++i) {
    CAPTURE(expected[i]->name);
    CHECK(std::strcmp(simd[i].name, expected[i]->name) == 0);
    CHECK(simd[i].op == expected[i]->op);
    CHECK(simd[i].fn == expected[i]->fn);
  }
}

TEST_CASE("kernel lists: the runtime's reduce and argmax lists are the families' wasm SIMD kernels", "[kernels][lists]") {
  size_t all_count = 0, simd_count = 0;
  const F32ReduceUkernelInfo* all = f32_reduce_ukernels(&all_count);
  const F32ReduceUkernelInfo* simd = f32_reduce_wasmsimd_ukernels(&simd_count);
  check_runtime_list(simd, simd_count, wasmsimd_entries(all, all_count), [](const auto& a, const auto& b) {
    return a.op == b.op && a.discontiguous == b.discontiguous;
  });

  const F32ArgmaxUkernelInfo* all_argmax = f32_argmax_ukernels(&all_count);
  const F32ArgmaxUkernelInfo* simd_argmax = f32_argmax_wasmsimd_ukernels(&simd_count);
  check_runtime_list(simd_argmax, simd_count, wasmsimd_entries(all_argmax, all_count),
                     [](const auto& a, const auto& b) { return a.discontiguous == b.discontiguous; });
}

TEST_CASE("kernel lists: f32_vpowc_select picks the family's wasm SIMD kernel, else the general scalar one", "[kernels][lists]") {
  size_t count = 0;
  const F32VpowcUkernelInfo* all = f32_vpowc_ukernels(&count);
  // The exponent each special kernel serves; any other exponent takes kAny.
  const std::vector<std::pair<float, F32PowcOp>> cases = {{2.0f, F32PowcOp::kSquare},   {3.0f, F32PowcOp::kCube},
                                                          {-1.0f, F32PowcOp::kReciprocal}, {0.5f, F32PowcOp::kSqrt},
                                                          {1.7f, F32PowcOp::kAny},      {-2.0f, F32PowcOp::kAny}};
  for (const auto& [exponent, op] : cases) {
    CAPTURE(exponent);
    const F32VpowcUkernelInfo* expected = nullptr;
    for (size_t i = 0; i < count; ++i)
      if (all[i].op == op && (!expected || std::strstr(all[i].name, "__wasmsimd") != nullptr)) expected = &all[i];
    REQUIRE(expected != nullptr);
    const F32VpowcUkernelInfo& chosen = f32_vpowc_select(exponent);
    CHECK(std::strcmp(chosen.name, expected->name) == 0);
    CHECK(chosen.op == op);
    CHECK(chosen.fn == expected->fn);
  }
}
