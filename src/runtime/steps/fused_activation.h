// Activation fusion: a Relu or Clip whose only input is a conv/gemm output
// (read by nothing else) is applied as the kernel's min/max clamp, so the
// intermediate tensor is never written.
#pragma once
#include "kernels/microparams.h"
#include "runtime/lowering_context.h"

namespace nnslim {

struct FusedActivation {
  kernels::F32MinMaxParams clamp = kernels::f32_minmax_none();
  int node = -1;    // the fused Relu/Clip node, -1 if none
  int output = -1;  // the value the fused step must write (the activation's output)
  std::string name() const;  // "", "+Relu", "+Clip"
};

// Clamp bounds if node `n` is Relu, or Clip with constant (or absent) bounds.
bool activation_clamp(const Graph& graph, const Node& node, kernels::F32MinMaxParams* clamp);

// Looks for a fusable activation consuming `value`. If found, marks it done in
// ctx.node_done and returns it; otherwise returns {none, -1, value}.
FusedActivation take_fused_activation(LoweringContext& ctx, int value);

}  // namespace nnslim
