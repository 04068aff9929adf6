// Activation fusion: a Relu or Clip whose only input is a conv/gemm output
// (read by nothing else) is applied as the kernel's min/max clamp, so the
// intermediate tensor is never written. Steps that can apply an epilogue
// to their output rows also fuse the activations of activation_epilogue.h.
#pragma once
#include "kernels/microparams.h"
#include "runtime/steps/activation_epilogue.h"
#include "runtime/lowering_context.h"

namespace nnslim {

struct FusedActivation {
  kernels::F32MinMaxParams clamp = kernels::f32_minmax_none();
  int node = -1;    // the fused Relu/Clip node, -1 if none
  int output = -1;  // the value the fused step must write (the activation's output)
  ActivationEpilogue epilogue;  // active: the step applies it to its output rows
  std::string name() const;  // "", "+Relu", "+Clip", "+HardSwish", ...
};

// Clamp bounds if node `n` is Relu, or Clip with constant (or absent) bounds.
bool activation_clamp(const Graph& graph, const Node& node, kernels::F32MinMaxParams* clamp);

// Looks for a fusable activation consuming `value`. If found, marks it done in
// ctx.node_done and returns it; otherwise returns {none, -1, value}.
// epilogue_channels > 0: the caller applies `epilogue` to its output rows
// of that many values of logical axis `channel_axis` (NHWC rows of a conv:
// axis 1), so non-clamp activations fuse too.
FusedActivation take_fused_activation(LoweringContext& ctx, int value, size_t epilogue_channels = 0,
                                      size_t channel_axis = 1);

}  // namespace nnslim
