// Fast lowering of Pow(x, e) for float32 x and a constant scalar exponent e
// (converters write LayerNorm's variance as Pow(x - mean, 2)): x^2, x^3,
// 1/x and x^0.5 on their exact SIMD kernels, other exponents on powf
// (kernels/f32-vpowc), x^1 a copy, x^0 a fill of 1. Runs in whichever layout
// x has (an NHWC conv output stays NHWC). A tensor exponent stays on the
// reference.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_pow(LoweringContext& ctx, int node_index);

}  // namespace nnslim
