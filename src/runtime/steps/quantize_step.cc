#include "runtime/steps/quantize_step.h"

#include <algorithm>
#include <cstring>

#include "core/quant_math.h"
#include "kernels/qs8-vcvt/qs8-vcvt.h"
#include "kernels/x8-transpose/x8-transpose.h"
#include "runtime/parallel.h"
#include "runtime/steps/qdq_match.h"
#include "runtime/steps/qs8_conv_step.h"
#include "runtime/steps/qs8_gemm_step.h"
#include "runtime/steps/weight_only_gemm_step.h"

namespace nnslim {

namespace {

// Bytes an f32 <-> int8 conversion reads and writes per element.
constexpr double kConvertedBytes = sizeof(float) + sizeof(int8_t);

class QuantizeStep : public Step {
 public:
  QuantizeStep(size_t n, kernels::QS8CvtParams params, bool nhwc) : n_(n), params_(params), nhwc_(nhwc) {}
  void run(CompiledPlan& plan) override {
    const float* x = plan.data<const float>(inputs[0]);
    int8_t* y = plan.data<int8_t>(outputs[0]);
    // Blocks of 16 elements: each is converted alone (lane or tail alike).
    // Memory-bound: its cost is the bytes it reads and writes (a graph
    // input's quantization, 150 K elements for a 224x224 image, ran alone
    // for 0.05 ms, long enough for a waiting worker to block).
    parallel_ranges(plan, n_, 16, bytes_moved_work(kConvertedBytes * double(n_)), [&](size_t begin, size_t end) {
      kernels::f32_qs8_vcvt_ukernel__wasmsimd_x8(end - begin, x + begin, y + begin, &params_);
    });
  }
  std::string describe() const override {
    return std::string("QuantizeLinear -> f32->qs8 vcvt wasmsimd") + (nhwc_ ? " (NHWC)" : "");
  }

 private:
  size_t n_;
  kernels::QS8CvtParams params_;
  bool nhwc_;
};

// QuantizeLinear of an NCHW float tensor whose only readers are int8 convs
// (which read NHWC): the codes go straight into the NHWC copy, in one pass
// instead of a conversion to NCHW codes and then a layout copy. Per block of
// pixels x up to 64 channels, each channel's run is converted into a small
// buffer (the same vcvt, so the same codes) and the block transposed out of
// it (the 3-plane RGB input takes the transpose's 3-row shuffles). With few
// channels a block spans more pixels (4 KiB of codes in all).
class QuantizeToNhwcStep : public Step {
 public:
  QuantizeToNhwcStep(size_t images, size_t channels, size_t pixels, kernels::QS8CvtParams params)
      : images_(images), channels_(channels), pixels_(pixels), params_(params),
        block_pixels_(std::max<size_t>(kBlock, kCodes / std::min(channels, kBlock) / kBlock * kBlock)) {}
  void run(CompiledPlan& plan) override {
    const float* x = plan.data<const float>(inputs[0]);
    int8_t* y = plan.data<int8_t>(outputs[0]);
    const size_t bands = (pixels_ + block_pixels_ - 1) / block_pixels_, image_size = channels_ * pixels_;
    // Work split over (image, band of pixels), as the layout copy splits:
    // every code is converted alone, so any split gives the same bits. Its
    // cost is the bytes it moves, as for the other conversions (MobileNetV2's
    // input, 150,528 elements, is under the multiply-add threshold but moves
    // 753 KB).
    const double elements = double(images_ * image_size);
    parallel_ranges(plan, images_ * bands, 1, bytes_moved_work(kConvertedBytes * elements), [&](size_t begin, size_t end) {
      int8_t codes[kCodes];
      for (size_t unit = begin; unit < end; ++unit) {
        const size_t image = unit / bands, p0 = unit % bands * block_pixels_;
        const size_t block_pixels = std::min(block_pixels_, pixels_ - p0);
        const float* from = x + image * image_size + p0;
        int8_t* to = y + image * image_size + p0 * channels_;
        for (size_t c0 = 0; c0 < channels_; c0 += kBlock) {
          const size_t block_channels = std::min(kBlock, channels_ - c0);
          for (size_t c = 0; c < block_channels; ++c)
            kernels::f32_qs8_vcvt_ukernel__wasmsimd_x8(block_pixels, from + (c0 + c) * pixels_,
                                                       codes + c * block_pixels_, &params_);
          kernels::x8_transpose_ukernel__wasmsimd_16x16(block_channels, block_pixels,
                                                        reinterpret_cast<const uint8_t*>(codes), block_pixels_,
                                                        reinterpret_cast<uint8_t*>(to + c0), channels_);
        }
      }
    });
  }
  std::string describe() const override { return "QuantizeLinear -> f32->qs8 vcvt wasmsimd + x8 transpose (NCHW->NHWC)"; }

 private:
  // Blocks of up to 64 channels x block_pixels_ (4 KiB of codes: 64 x 64,
  // or 1344 pixels of an RGB image, fewer calls per pixel).
  static constexpr size_t kBlock = 64, kCodes = 4096;
  size_t images_, channels_, pixels_;
  kernels::QS8CvtParams params_;
  size_t block_pixels_;
};

class DequantizeStep : public Step {
 public:
  DequantizeStep(size_t n, kernels::QS8CvtParams params, bool nhwc) : n_(n), params_(params), nhwc_(nhwc) {}
  void run(CompiledPlan& plan) override {
    const int8_t* x = plan.data<const int8_t>(inputs[0]);
    float* y = plan.data<float>(outputs[0]);
    parallel_ranges(plan, n_, 16, bytes_moved_work(kConvertedBytes * double(n_)), [&](size_t begin, size_t end) {
      kernels::qs8_f32_vcvt_ukernel__wasmsimd_x8(end - begin, x + begin, y + begin, &params_);
    });
  }
  std::string describe() const override {
    return std::string("DequantizeLinear -> qs8->f32 vcvt wasmsimd") + (nhwc_ ? " (NHWC)" : "");
  }

 private:
  size_t n_;
  kernels::QS8CvtParams params_;
  bool nhwc_;
};

// QuantizeLinear of a constant (a quantized graph's constant activation
// input: the zero block a channel-padding Concat appends, a constant
// operand of an Add): its int8 bytes are computed once when the plan is
// built, the step copies them into the output (a tensor the arena owns,
// like any activation; 4-D ones already in NHWC, as their int8 readers want).
class QuantizedConstantStep : public Step {
 public:
  QuantizedConstantStep(std::vector<int8_t> bytes, bool nhwc) : bytes_(std::move(bytes)), nhwc_(nhwc) {}
  void run(CompiledPlan& plan) override {
    std::memcpy(plan.data<int8_t>(outputs[0]), bytes_.data(), bytes_.size());
  }
  std::string describe() const override {
    return std::string("QuantizeLinear of a constant -> qs8 copy") + (nhwc_ ? " (NHWC)" : "");
  }

 private:
  std::vector<int8_t> bytes_;
  bool nhwc_;
};

// Per-tensor int8 parameters of a Q/DQ node whose data input is `dtype`.
bool int8_conversion(const Graph& graph, const Node& node, DType data_dtype, QuantParams* params) {
  if (node.inputs.size() < 3 || node.inputs[2] < 0) return false;  // no zero point: uint8
  const Value& x = graph.value(node.inputs[0]);
  return x.dtype == data_dtype && !x.constant && x.has_shape && per_tensor_params(graph, node, params);
}

template <typename StepT>
std::unique_ptr<Step> make_conversion(LoweringContext& ctx, const Node& node, const QuantParams& q, bool nhwc) {
  const Value& x = ctx.graph.value(node.inputs[0]);
  const size_t n = static_cast<size_t>(shape_numel(x.shape));
  if (n == 0) return nullptr;
  auto step = std::make_unique<StepT>(n, kernels::QS8CvtParams{q.scale, q.zero_point}, nhwc);
  if (nhwc) {
    step->inputs = {ctx.need_nhwc(node.inputs[0])};
    step->outputs = {ctx.produce_nhwc(node.outputs[0])};
  } else {
    step->inputs = {ctx.need_nchw(node.inputs[0])};
    step->outputs = {node.outputs[0]};
  }
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

}  // namespace

namespace {

// The values quantize_value() gives the constant (the reference's rounding),
// in NHWC order for a 4-D one.
std::unique_ptr<Step> quantize_constant(LoweringContext& ctx, const Node& node, const QuantParams& q) {
  const Value& x = ctx.graph.value(node.inputs[0]);
  const Tensor& data = *x.constant;
  if (!data.materialized() || data.dims != x.shape || data.numel() == 0) return nullptr;
  const bool nhwc = data.dims.size() == 4;
  const int64_t c = nhwc ? data.dims[1] : 1, hw = nhwc ? data.dims[2] * data.dims[3] : 1;
  std::vector<int8_t> bytes(static_cast<size_t>(data.numel()));
  for (int64_t i = 0; i < data.numel(); ++i) {
    // ONNX index i = (n * C + ch) * HW + p goes to NHWC (n * HW + p) * C + ch.
    const int64_t n = i / (c * hw), ch = i / hw % c, p = i % hw;
    const int64_t at = nhwc ? (n * hw + p) * c + ch : i;
    bytes[static_cast<size_t>(at)] = static_cast<int8_t>(
        quantize_value(static_cast<float>(data.float_at(i)), q.scale, q.zero_point, quant_range(DType::Int8)));
  }
  auto step = std::make_unique<QuantizedConstantStep>(std::move(bytes), nhwc);
  step->outputs = {nhwc ? ctx.produce_nhwc(node.outputs[0]) : node.outputs[0]};
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

// True when every reader of the int8 value `q` is a DequantizeLinear whose
// every reader is an int8 conv (they all read NHWC), and neither is a graph
// output: then nothing needs the NCHW codes.
bool read_by_int8_convs_only(LoweringContext& ctx, int q) {
  auto graph_output = [&](int value) {
    for (int o : ctx.graph.outputs)
      if (o == value) return true;
    return false;
  };
  const std::vector<int> dqs = ctx.consumer_nodes(q);
  if (dqs.empty() || graph_output(q)) return false;
  for (int d : dqs) {
    const Node& dq = ctx.graph.nodes[static_cast<size_t>(d)];
    if (dq.op_type != "DequantizeLinear" || dq.outputs.empty() || graph_output(dq.outputs[0])) return false;
    const std::vector<int> convs = ctx.consumer_nodes(dq.outputs[0]);
    if (convs.empty()) return false;
    for (int c : convs) {
      const Node& conv = ctx.graph.nodes[static_cast<size_t>(c)];
      if (conv.inputs.empty() || conv.inputs[0] != dq.outputs[0] || !qs8_conv_matches(ctx, c)) return false;
    }
  }
  return true;
}

}  // namespace

std::unique_ptr<Step> lower_quantize_linear(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  QuantParams q;
  if (node.op_type != "QuantizeLinear" || ctx.graph.value(node.outputs[0]).dtype != DType::Int8) return nullptr;
  const Value& x = ctx.graph.value(node.inputs[0]);
  if (x.constant && x.dtype == DType::Float32 && x.has_shape && node.inputs.size() >= 3 && node.inputs[2] >= 0 &&
      per_tensor_params(ctx.graph, node, &q)) {
    if (std::unique_ptr<Step> step = quantize_constant(ctx, node, q)) return step;
  }
  if (!int8_conversion(ctx.graph, node, DType::Float32, &q)) return nullptr;
  // In the input's layout: an int8 reader that wants NHWC converts the int8
  // codes, a quarter of the float bytes.
  const bool nhwc = x.shape.size() == 4 && ctx.has_nhwc(node.inputs[0]);
  if (x.shape.size() == 4 && !nhwc && read_by_int8_convs_only(ctx, node.outputs[0])) {
    const size_t pixels = static_cast<size_t>(x.shape[2] * x.shape[3]);
    if (pixels == 0 || x.shape[0] == 0 || x.shape[1] == 0) return nullptr;
    auto step = std::make_unique<QuantizeToNhwcStep>(static_cast<size_t>(x.shape[0]), static_cast<size_t>(x.shape[1]),
                                                     pixels, kernels::QS8CvtParams{q.scale, q.zero_point});
    step->inputs = {ctx.need_nchw(node.inputs[0])};
    step->outputs = {ctx.produce_nhwc(node.outputs[0])};
    step->layer = node.layer.empty() ? node.name : node.layer;
    return step;
  }
  return make_conversion<QuantizeStep>(ctx, node, q, nhwc);
}

std::unique_ptr<Step> lower_dequantize_linear(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  QuantParams q;
  if (node.op_type != "DequantizeLinear" || !int8_conversion(ctx.graph, node, DType::Int8, &q)) return nullptr;
  if (ctx.graph.value(node.outputs[0]).dtype != DType::Float32) return nullptr;
  const bool nhwc = ctx.graph.value(node.inputs[0]).shape.size() == 4 && ctx.has_nhwc(node.inputs[0]);
  return make_conversion<DequantizeStep>(ctx, node, q, nhwc);
}

namespace {

// y = (x - z[c]) * s[c] along the node's axis (per-tensor: one c).
TensorPtr dequantize_constant(const Graph& graph, const Node& node) {
  const Value& xv = graph.value(node.inputs[0]);
  const Tensor& x = *xv.constant;
  const Tensor& scale = *graph.value(node.inputs[1]).constant;
  const Tensor* zp = node.inputs.size() > 2 && node.inputs[2] >= 0 ? graph.value(node.inputs[2]).constant.get() : nullptr;
  const int64_t channels = scale.numel();
  int64_t inner = 1;
  if (channels > 1) {
    int64_t axis = node.attr_int("axis", 1);
    const int64_t rank = static_cast<int64_t>(x.dims.size());
    if (axis < 0) axis += rank;
    for (int64_t d = axis + 1; d < rank; ++d) inner *= x.dims[static_cast<size_t>(d)];
  }
  auto y = std::make_shared<Tensor>();
  y->dtype = DType::Float32;
  y->dims = x.dims;
  y->bytes.resize(y->byte_size());
  float* out = y->data<float>();
  for (int64_t i = 0; i < x.numel(); ++i) {
    const int64_t c = channels > 1 ? (i / inner) % channels : 0;
    out[i] = dequantize_value(x.int_at(i), static_cast<float>(scale.float_at(c)), zp ? zp->int_at(c) : 0);
  }
  return y;
}

bool constant_input(const Graph& graph, int value) {
  return value < 0 || (graph.value(value).constant && graph.value(value).constant->materialized());
}

}  // namespace

void dequantize_constant_weights(CompiledPlan& plan) {
  Graph& graph = plan.graph;
  LoweringContext matcher(plan);  // for the int8 lowerings' pattern checks only
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    const Node& node = graph.nodes[n];
    if (node.op_type != "DequantizeLinear" || !node.domain.empty() || node.outputs.empty()) continue;
    const int out = node.outputs[0];
    if (graph.value(out).constant || graph.value(out).dtype != DType::Float32) continue;
    bool all_constant = true;
    for (int in : node.inputs) all_constant = all_constant && constant_input(graph, in);
    if (!all_constant || node.inputs.size() < 2) continue;
    const Value& x = graph.value(node.inputs[0]);
    if (x.dtype != DType::Int8 && x.dtype != DType::Uint8 && x.dtype != DType::Int32) continue;
    bool int8_readers_only = true;
    const std::vector<int> readers = matcher.consumer_nodes(out);
    for (int r : readers) int8_readers_only = int8_readers_only && (qs8_conv_matches(matcher, r) || qs8_gemm_matches(matcher, r) ||
                                                             weight_only_matches(matcher, r));
    bool graph_output = false;
    for (int o : graph.outputs) graph_output = graph_output || o == out;
    if (int8_readers_only && !readers.empty() && !graph_output) continue;
    graph.value(out).constant = dequantize_constant(graph, node);
  }
}

}  // namespace nnslim
