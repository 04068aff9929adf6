// Elementwise select (ONNX Where): y[i] = cond[ic] ? a[ia] : b[ib], with
// ic = cond_scalar ? 0 : i (likewise ia, ib); any non-zero cond byte is
// true. Elements are copied bitwise, so one kernel per element size serves
// every dtype of that size: x8 (bool, u8, s8), x32 (f32, s32), x64 (s64).
// n >= 1 elements.
#pragma once
#include <cstddef>
#include <cstdint>

namespace nnslim::kernels {

struct SelectParams {
  bool cond_scalar;
  bool a_scalar;
  bool b_scalar;
};

using VselectUkernelFn = void (*)(size_t n, const uint8_t* cond, const void* a, const void* b, void* y,
                                  const SelectParams* params);

// NNSLIM_VSELECT_UKERNEL(element_bytes, name)
#define NNSLIM_VSELECT_UKERNEL(element_bytes, fn) \
  void fn(size_t n, const uint8_t* cond, const void* a, const void* b, void* y, const SelectParams* params);
#include "kernels/vselect/vselect.inc"
#undef NNSLIM_VSELECT_UKERNEL

struct VselectUkernelInfo {
  const char* name;
  size_t element_bytes;
  VselectUkernelFn fn;
};
const VselectUkernelInfo* vselect_ukernels(size_t* count);

}  // namespace nnslim::kernels
