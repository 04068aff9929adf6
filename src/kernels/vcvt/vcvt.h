// Elementwise dtype conversion (ONNX Cast) between f32, s32, s64, u8, s8 and
// bool (b8: one byte, 0 or 1; any non-zero byte reads as true):
//   float -> integer: truncate toward zero to int64 (NaN -> 0, saturating
//                     at the int64 range), then wrap to the target width;
//   integer -> float: through double, rounded once more to float;
//   anything -> bool: x != 0 (NaN -> true);
//   integer -> integer: wrap (two's complement), bool reads as 0 / 1.
// These are the reference executor's rules (tensor_access.cc), so a fast
// Cast is bit-exact. n >= 1 elements; x and y must not overlap.
#pragma once
#include <cstddef>
#include <cstdint>

namespace nnslim::kernels {

enum class VcvtType { kF32, kS32, kS64, kU8, kS8, kBool };

using VcvtUkernelFn = void (*)(size_t n, const void* x, void* y);

// NNSLIM_VCVT_UKERNEL(from, to, name)
#define NNSLIM_VCVT_UKERNEL(from, to, fn) void fn(size_t n, const void* x, void* y);
#include "kernels/vcvt/vcvt-scalar.inc"
#include "kernels/vcvt/vcvt-wasmsimd.inc"
#undef NNSLIM_VCVT_UKERNEL

struct VcvtUkernelInfo {
  const char* name;
  VcvtType from;
  VcvtType to;
  VcvtUkernelFn fn;
};
const VcvtUkernelInfo* vcvt_ukernels(size_t* count);

size_t vcvt_type_size(VcvtType type);

}  // namespace nnslim::kernels
