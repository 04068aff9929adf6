// Scalar conversion kernels, one template over the (from, to) pair; these
// are the oracles of the SIMD variants (the rules are in vcvt.h).
#include <cassert>
#include <cmath>

#include "kernels/vcvt/vcvt.h"

namespace nnslim::kernels {
namespace {

template <VcvtType T> struct Storage;
template <> struct Storage<VcvtType::kF32> { using type = float; };
template <> struct Storage<VcvtType::kS32> { using type = int32_t; };
template <> struct Storage<VcvtType::kS64> { using type = int64_t; };
template <> struct Storage<VcvtType::kU8> { using type = uint8_t; };
template <> struct Storage<VcvtType::kS8> { using type = int8_t; };
template <> struct Storage<VcvtType::kBool> { using type = uint8_t; };

int64_t float_to_int64(double v) {
  if (std::isnan(v)) return 0;
  if (v >= 9.2233720368547758e18) return INT64_MAX;
  if (v <= -9.2233720368547758e18) return INT64_MIN;
  return static_cast<int64_t>(v);
}

template <VcvtType FROM, VcvtType TO>
typename Storage<TO>::type convert(typename Storage<FROM>::type x) {
  using Out = typename Storage<TO>::type;
  if (FROM == VcvtType::kF32) {
    const double d = static_cast<double>(x);
    if (TO == VcvtType::kBool) return static_cast<Out>(d != 0.0);
    if (TO == VcvtType::kF32) return static_cast<Out>(x);
    return static_cast<Out>(float_to_int64(d));  // wraps to the target width
  }
  const int64_t v = FROM == VcvtType::kBool ? int64_t(x != 0) : static_cast<int64_t>(x);
  if (TO == VcvtType::kBool) return static_cast<Out>(v != 0);
  if (TO == VcvtType::kF32) return static_cast<Out>(static_cast<float>(static_cast<double>(v)));
  return static_cast<Out>(v);
}

template <VcvtType FROM, VcvtType TO>
void vcvt(size_t n, const void* x, void* y) {
  assert(n != 0);
  const auto* px = static_cast<const typename Storage<FROM>::type*>(x);
  auto* py = static_cast<typename Storage<TO>::type*>(y);
  for (size_t i = 0; i < n; ++i) py[i] = convert<FROM, TO>(px[i]);
}

}  // namespace

#define NNSLIM_VCVT_UKERNEL(from, to, fn) \
  void fn(size_t n, const void* x, void* y) { vcvt<from, to>(n, x, y); }
#include "kernels/vcvt/vcvt-scalar.inc"
#undef NNSLIM_VCVT_UKERNEL

size_t vcvt_type_size(VcvtType type) {
  switch (type) {
    case VcvtType::kF32: case VcvtType::kS32: return 4;
    case VcvtType::kS64: return 8;
    default: return 1;
  }
}

const VcvtUkernelInfo* vcvt_ukernels(size_t* count) {
  static const VcvtUkernelInfo kList[] = {
#define NNSLIM_VCVT_UKERNEL(from, to, fn) {#fn, from, to, fn},
#include "kernels/vcvt/vcvt-scalar.inc"
#include "kernels/vcvt/vcvt-wasmsimd.inc"
#undef NNSLIM_VCVT_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

}  // namespace nnslim::kernels
