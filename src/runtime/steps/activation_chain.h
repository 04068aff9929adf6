// Activations that converters write out as chains of elementwise nodes with
// scalar constants, matched so one pass computes the whole chain:
//   HardSwish as Paddle2ONNX writes it: Div(Mul(x, Clip(Add(x, a), lo, hi)), d)
//     (a = 3, lo..hi = 0..6, d = 6 in PaddleOCR's models);
//   PP-LCNetV3's learnable affine block: Add(Mul(x, k), c), alone, or before
//     and/or after that HardSwish (its Act is LAB(HardSwish(.)), after a
//     conv that itself ends in a LAB);
//   Paddle's swish x * sigmoid(1 * x): Mul(x, Sigmoid(Mul(x, 1))), the Swish
//     kernel bit for bit (x * 1 == x).
// The fused kernels (f32-vunary's hswishdiv, affine_hswishdiv, affine) run
// the same float operations in the same order as the separate steps, so the
// result is bit-identical to the unfused graph's.
#pragma once
#include <string>
#include <vector>

#include "kernels/f32-vunary/f32-vunary.h"
#include "runtime/lowering_context.h"

namespace nnslim {

struct ActivationChain {
  kernels::F32UnaryOp op = kernels::F32UnaryOp::kAffine;
  kernels::F32UnaryParams params{};
  std::vector<int> nodes;  // every node of the chain
  int input = -1;          // the value the chain reads
  int output = -1;         // the value its last node writes
  std::string name;        // the fused ops, e.g. "Mul+Add+Add+Clip+Mul+Div (affine, HardSwish)"
};

// The chain whose first node is `first` (Mul(x, k) of an affine block or of
// a swish, or Add(x, a) of a HardSwish). Every value inside the chain must be read by
// the chain alone and be no graph output; `x` itself may have other readers.
bool match_activation_chain(const LoweringContext& ctx, int first, ActivationChain* chain);

// The chain reading `value` when the chain is all that reads it (and it is
// no graph output): a producer can then apply the chain as its epilogue and
// never write `value`.
bool activation_chain_of(const LoweringContext& ctx, int value, ActivationChain* chain);

}  // namespace nnslim
