// Scalar comparison / logic kernels: each applies compare_reference (the
// oracle) element by element, generated from vcompare-scalar.inc.
#include <cassert>

#include "kernels/vcompare/vcompare.h"

namespace nnslim::kernels {

namespace {
// The one definition behind both overloads: the same comparison of two
// doubles (float32 values) or two int64s (int32/int64 values, exact).
template <typename T>
uint8_t compare_values(CompareOp op, T a, T b) {
  switch (op) {
    case CompareOp::kEqual: return a == b;
    case CompareOp::kGreater: return a > b;
    case CompareOp::kLess: return a < b;
    case CompareOp::kGreaterOrEqual: return a >= b;
    case CompareOp::kLessOrEqual: return a <= b;
    case CompareOp::kAnd: return a != 0 && b != 0;
    case CompareOp::kOr: return a != 0 || b != 0;
    case CompareOp::kXor: return (a != 0) != (b != 0);
    case CompareOp::kNot: return a == 0;
  }
  return 0;
}
}  // namespace

uint8_t compare_reference(CompareOp op, double a, double b) { return compare_values(op, a, b); }
uint8_t compare_reference(CompareOp op, int64_t a, int64_t b) { return compare_values(op, a, b); }

namespace {

template <CompareType T> struct Element;
template <> struct Element<CompareType::kF32> { using type = float; using wide = double; };
template <> struct Element<CompareType::kS32> { using type = int32_t; using wide = int64_t; };
template <> struct Element<CompareType::kS64> { using type = int64_t; using wide = int64_t; };
template <> struct Element<CompareType::kBool> { using type = uint8_t; using wide = int64_t; };

template <CompareType T, CompareOp OP>
void vcompare(size_t n, const void* a, const void* b, uint8_t* y, const CompareParams* params) {
  assert(n != 0);
  using E = typename Element<T>::type;
  using W = typename Element<T>::wide;
  const E* pa = static_cast<const E*>(a);
  const E* pb = static_cast<const E*>(b);
  for (size_t i = 0; i < n; ++i) {
    const W va = static_cast<W>(pa[params->a_scalar ? 0 : i]);
    const W vb = OP == CompareOp::kNot ? W(0) : static_cast<W>(pb[params->b_scalar ? 0 : i]);
    y[i] = compare_reference(OP, va, vb);
  }
}

}  // namespace

#define NNSLIM_VCOMPARE_UKERNEL(type, op, fn)                                                   \
  void fn(size_t n, const void* a, const void* b, uint8_t* y, const CompareParams* params) { \
    vcompare<type, op>(n, a, b, y, params);                                                   \
  }
#include "kernels/vcompare/vcompare-scalar.inc"
#undef NNSLIM_VCOMPARE_UKERNEL

const VcompareUkernelInfo* vcompare_ukernels(size_t* count) {
  static const VcompareUkernelInfo kList[] = {
#define NNSLIM_VCOMPARE_UKERNEL(type, op, fn) {#fn, type, op, fn},
#include "kernels/vcompare/vcompare-scalar.inc"
#include "kernels/vcompare/vcompare-wasmsimd.inc"
#undef NNSLIM_VCOMPARE_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

}  // namespace nnslim::kernels
