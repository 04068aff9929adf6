// Scalar select kernels: the definition itself, element by element (the
// oracle of the SIMD variant).
#include <cassert>
#include <cstring>

#include "kernels/vselect/vselect.h"

namespace nnslim::kernels {
namespace {

template <size_t BYTES>
void vselect(size_t n, const uint8_t* cond, const void* a, const void* b, void* y, const SelectParams* params) {
  assert(n != 0);
  const uint8_t* pa = static_cast<const uint8_t*>(a);
  const uint8_t* pb = static_cast<const uint8_t*>(b);
  uint8_t* py = static_cast<uint8_t*>(y);
  for (size_t i = 0; i < n; ++i) {
    const bool take_a = cond[params->cond_scalar ? 0 : i] != 0;
    const uint8_t* src = take_a ? pa + (params->a_scalar ? 0 : i * BYTES) : pb + (params->b_scalar ? 0 : i * BYTES);
    std::memcpy(py + i * BYTES, src, BYTES);
  }
}

}  // namespace

void x8_vselect_ukernel__scalar_x1(size_t n, const uint8_t* cond, const void* a, const void* b, void* y,
                                   const SelectParams* params) {
  vselect<1>(n, cond, a, b, y, params);
}
void x32_vselect_ukernel__scalar_x1(size_t n, const uint8_t* cond, const void* a, const void* b, void* y,
                                    const SelectParams* params) {
  vselect<4>(n, cond, a, b, y, params);
}
void x64_vselect_ukernel__scalar_x1(size_t n, const uint8_t* cond, const void* a, const void* b, void* y,
                                    const SelectParams* params) {
  vselect<8>(n, cond, a, b, y, params);
}

const VselectUkernelInfo* vselect_ukernels(size_t* count) {
  static const VselectUkernelInfo kList[] = {
#define NNSLIM_VSELECT_UKERNEL(element_bytes, fn) {#fn, element_bytes, fn},
#include "kernels/vselect/vselect.inc"
#undef NNSLIM_VSELECT_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

}  // namespace nnslim::kernels
