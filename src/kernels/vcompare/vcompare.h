// Elementwise comparisons and boolean logic producing bool bytes (0 or 1):
//   y[i] = a[ia] OP b[ib]   with ia = a_scalar ? 0 : i, ib = b_scalar ? 0 : i
// OP: eq, gt, lt, ge, le on f32 / s32 / s64 elements, or and, or, xor on
// bool bytes (any non-zero byte is true). Not is the unary y[i] = !a[i]
// (b unused). n >= 1 elements. Broadcasting beyond "one operand is a
// scalar over the run" is the operator's job.
// NaN compares unequal and unordered, as in C (Equal(NaN, NaN) = 0).
#pragma once
#include <cstddef>
#include <cstdint>

namespace nnslim::kernels {

enum class CompareOp { kEqual, kGreater, kLess, kGreaterOrEqual, kLessOrEqual, kAnd, kOr, kXor, kNot };
enum class CompareType { kF32, kS32, kS64, kBool };

struct CompareParams {
  bool a_scalar;
  bool b_scalar;
};

using VcompareUkernelFn = void (*)(size_t n, const void* a, const void* b, uint8_t* y, const CompareParams* params);

// NNSLIM_VCOMPARE_UKERNEL(type, op, name)
#define NNSLIM_VCOMPARE_UKERNEL(type, op, fn) \
  void fn(size_t n, const void* a, const void* b, uint8_t* y, const CompareParams* params);
#include "kernels/vcompare/vcompare-scalar.inc"
#include "kernels/vcompare/vcompare-wasmsimd.inc"
#undef NNSLIM_VCOMPARE_UKERNEL

struct VcompareUkernelInfo {
  const char* name;
  CompareType type;
  CompareOp op;
  VcompareUkernelFn fn;
};
const VcompareUkernelInfo* vcompare_ukernels(size_t* count);

// The oracle for one element pair (values widened: f32 -> double, s32 -> s64,
// bool -> 0/1).
uint8_t compare_reference(CompareOp op, double a, double b);
uint8_t compare_reference(CompareOp op, int64_t a, int64_t b);

}  // namespace nnslim::kernels
