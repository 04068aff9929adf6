// Activations that are not a min/max clamp, fused into the step that
// produces their input (conv, depthwise conv, gemm): HardSwish, HardSigmoid,
// LeakyRelu, Sigmoid, Tanh, Swish (x * Sigmoid(x), which converters write as
// Mul(x, Sigmoid(x))), x * HardSigmoid(x) (a HardSwish), PRelu with one slope
// per channel and the scalar chains of activation_chain.h (Paddle2ONNX's
// HardSwish written out, PP-LCNetV3's affine block). The producing
// step applies the epilogue to output rows right after its kernel wrote
// them (while they are in cache), so the activation's input tensor is
// never written to memory of its own and no separate step reads it back.
#pragma once
#include <string>
#include <vector>

#include "kernels/f32-vbinary/f32-vbinary.h"
#include "kernels/f32-vunary/f32-vunary.h"
#include "runtime/lowering_context.h"

namespace nnslim {

class ActivationEpilogue {
 public:
  bool active() const { return unary_ != nullptr || prelu_ != nullptr; }
  // Applies the activation in place to `rows` rows of `channels` floats
  // (row stride = channels; the channel count the epilogue was built for).
  void apply(float* data, size_t rows, size_t channels) const;
  const std::string& op() const { return op_; }  // "HardSwish", "Swish", ...

  // Builders (used by take_activation_epilogue).
  static ActivationEpilogue unary(const kernels::F32VunaryUkernelInfo& ukernel, kernels::F32UnaryParams params,
                                  std::string op);
  static ActivationEpilogue prelu(const kernels::F32VbinaryUkernelInfo& ukernel, std::vector<float> slope);

 private:
  const kernels::F32VunaryUkernelInfo* unary_ = nullptr;
  kernels::F32UnaryParams params_{};
  const kernels::F32VbinaryUkernelInfo* prelu_ = nullptr;
  std::vector<float> slope_;  // per channel
  std::string op_;
};

// The SIMD unary kernel and its parameters for node `node` if it is one of
// the unary activations above (Swish excepted: it is two nodes).
bool unary_activation(const Graph& graph, const Node& node, kernels::F32UnaryOp* op, kernels::F32UnaryParams* params);
const kernels::F32VunaryUkernelInfo& simd_unary_ukernel(kernels::F32UnaryOp op);

// A gated activation x * gate(x) written as two nodes, Mul(x, gate(x)):
// Swish (gate Sigmoid) and HardSwish (gate HardSigmoid with alpha 1/6 and
// beta 1/2, how PyTorch exports hardswish before opset 14). If `gate_node`
// is such a gate whose output only that Mul reads, returns the Mul's node
// index and sets *op to the combined activation; else -1.
int gated_mul_of(const LoweringContext& ctx, int gate_node, kernels::F32UnaryOp* op);

// Looks for a fusable activation that alone reads `value`, a producer's
// output whose rows hold `channels` values of logical axis `channel_axis`
// (1 for a conv's NCHW value written as NHWC, the last axis for a GEMM).
// On success marks its node(s) done and returns true with the epilogue and
// the value the producer must write (the activation's output) in *output.
bool take_activation_epilogue(LoweringContext& ctx, int value, size_t channels, size_t channel_axis,
                              ActivationEpilogue* epilogue, int* output);

}  // namespace nnslim
