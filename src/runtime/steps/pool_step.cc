#include "runtime/steps/pool_step.h"

#include <algorithm>
#include <limits>

#include "kernels/f32-pool/f32-pool.h"
#include "kernels/indirection/conv2d-indirection.h"
#include "runtime/parallel.h"
#include "runtime/steps/conv_step.h"
#include "runtime/steps/fused_activation.h"
#include "runtime/steps/indirection_cache.h"
#include "runtime/steps/kernel_choice.h"

namespace nnslim {
namespace {

class PoolStep : public Step {
 public:
  PoolStep(bool is_max, kernels::Conv2DGeometry g, size_t batch, size_t channels, std::vector<float> multipliers,
           kernels::F32MinMaxParams clamp)
      : is_max_(is_max), g_(g), batch_(batch), channels_(channels), multipliers_(std::move(multipliers)),
        clamp_(clamp),
        padding_(channels, is_max ? -std::numeric_limits<float>::infinity() : 0.f),
        indirection_(checked_indirection_pointers(g, 1)) {
    // The kernels are named directly, not looked up in the family lists:
    // those would link the scalar oracles into the shipped module.
    if (is_max_) max_ = kernels::f32_maxpool_minmax_ukernel__wasmsimd_c4;
    else avg_ = kernels::f32_avgpool_minmax_ukernel__wasmsimd_c4;
  }
  void run(CompiledPlan& plan) override {
    const float* input = plan.data<const float>(inputs[0]);
    float* output = plan.data<float>(outputs[0]);
    const size_t rebase = indirection_.dwconv_offset(g_, input, channels_, padding_.data());
    const size_t in_image = g_.input_height * g_.input_width * channels_, out_image = g_.output_pixels() * channels_;
    const size_t taps = g_.kernel_size(), pixels = g_.output_pixels();
    // Work split over (image, range of output pixels): each pixel is
    // pooled on its own (pixel p's taps start at indirection_[p * taps]).
    parallel_ranges(plan, batch_ * pixels, 1, double(batch_) * pixels * taps * channels_, [&](size_t begin, size_t end) {
      for (size_t n = begin / pixels; n * pixels < end; ++n) {
        const size_t first = std::max(begin, n * pixels) - n * pixels;
        const size_t count = std::min(end, (n + 1) * pixels) - n * pixels - first;
        const size_t offset = rebase + n * in_image * sizeof(float);
        float* out = output + n * out_image + first * channels_;
        if (is_max_)
          max_(count, taps, channels_, indirection_.data() + first * taps, offset, padding_.data(), out,
               taps * sizeof(void*), 0, &clamp_);
        else
          avg_(count, taps, channels_, indirection_.data() + first * taps, offset, padding_.data(),
               multipliers_.data() + first, out, taps * sizeof(void*), 0, &clamp_);
      }
    });
  }
  std::string describe() const override { return is_max_ ? "MaxPool -> f32 maxpool c4" : "AveragePool -> f32 avgpool c4"; }

 private:
  bool is_max_;
  kernels::Conv2DGeometry g_;
  size_t batch_, channels_;
  std::vector<float> multipliers_;
  kernels::F32MinMaxParams clamp_;
  std::vector<float> padding_;
  IndirectionCache<float> indirection_;
  kernels::F32MaxpoolUkernelFn max_ = nullptr;
  kernels::F32AvgpoolUkernelFn avg_ = nullptr;
};

class GlobalAveragePoolStep : public Step {
 public:
  GlobalAveragePoolStep(size_t batch, size_t pixels, size_t channels)
      : batch_(batch), pixels_(pixels), channels_(channels) {
    fn_ = kernels::f32_gavgpool_minmax_ukernel__wasmsimd_c4;
    params_ = {1.f / static_cast<float>(pixels), -std::numeric_limits<float>::infinity(),
               std::numeric_limits<float>::infinity()};
  }
  void run(CompiledPlan& plan) override {
    const float* input = plan.data<const float>(inputs[0]);
    float* output = plan.data<float>(outputs[0]);
    // Split over (image, 16-channel block): each channel sums its pixels
    // alone, in the same order whoever runs it.
    const size_t blocks = (channels_ + 15) / 16;
    const double bytes = double(batch_) * (pixels_ + 1) * channels_ * sizeof(float);
    parallel_ranges(plan, batch_ * blocks, 1, bytes_moved_work(bytes), [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) {
        const size_t n = i / blocks, c = (i % blocks) * 16, count = std::min<size_t>(16, channels_ - c);
        fn_(pixels_, count, input + n * pixels_ * channels_ + c, channels_ * sizeof(float), output + n * channels_ + c,
            &params_);
      }
    });
  }
  std::string describe() const override { return "GlobalAveragePool -> f32 gavgpool c4"; }

 private:
  size_t batch_, pixels_, channels_;
  kernels::F32GavgpoolUkernelFn fn_;
  kernels::F32ScaleMinMaxParams params_;
};

}  // namespace

std::unique_ptr<Step> lower_pool_nhwc(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  const bool is_max = node.op_type == "MaxPool";
  if (!is_max && node.op_type != "AveragePool") return nullptr;
  if (node.outputs.size() != 1 || node.attr_int("storage_order", 0) != 0) return nullptr;
  const Value x = ctx.graph.value(node.inputs[0]);
  if (x.dtype != DType::Float32 || x.shape.size() != 4 || x.constant) return nullptr;
  // Empty tensors (a zero dim: no channel, image or pixel) on the reference:
  // the kernels take at least one of each.
  if (shape_numel(x.shape) == 0 || shape_numel(ctx.graph.value(node.outputs[0]).shape) == 0) return nullptr;
  const Shape kernel = node.attr_ints("kernel_shape");
  if (kernel.size() != 2) return nullptr;
  const Window2D win = resolve_window_2d(ctx, node_index, kernel[0], kernel[1]);
  if (!is_max && (win.dh != 1 || win.dw != 1)) return nullptr;
  const Shape y = ctx.graph.value(node.outputs[0]).shape;
  kernels::Conv2DGeometry g = conv2d_geometry(x.shape, win);
  // ceil_mode can add an output row/column the explicit-pad geometry lacks: leave those to the reference.
  if (g.output_height != static_cast<size_t>(y[2]) || g.output_width != static_cast<size_t>(y[3])) return nullptr;
  std::vector<float> multipliers;
  if (!is_max) {
    multipliers.resize(g.output_pixels());
    kernels::avgpool_multipliers_init(g, static_cast<size_t>(win.pad_bottom), static_cast<size_t>(win.pad_right),
                                      node.attr_int("count_include_pad", 0) != 0, multipliers.data());
  }
  FusedActivation act = take_fused_activation(ctx, node.outputs[0]);
  const int input = ctx.need_nhwc(node.inputs[0]);
  const int output = ctx.produce_nhwc(act.output);
  auto step = std::make_unique<PoolStep>(is_max, g, static_cast<size_t>(x.shape[0]), static_cast<size_t>(x.shape[1]),
                                         std::move(multipliers), act.clamp);
  step->inputs = {input};
  step->outputs = {output};
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

std::unique_ptr<Step> lower_global_average_pool_nhwc(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "GlobalAveragePool") return nullptr;
  const Value x = ctx.graph.value(node.inputs[0]);
  // Only worth it where the input already exists in NHWC (after a fast conv).
  if (x.dtype != DType::Float32 || x.shape.size() != 4 || !ctx.has_nhwc(node.inputs[0])) return nullptr;
  if (shape_numel(x.shape) == 0) return nullptr;  // empty: the reference (the kernel takes >= 1 pixel and channel)
  const int input = ctx.need_nhwc(node.inputs[0]);
  auto step = std::make_unique<GlobalAveragePoolStep>(static_cast<size_t>(x.shape[0]),
                                                      static_cast<size_t>(x.shape[2] * x.shape[3]),
                                                      static_cast<size_t>(x.shape[1]));
  step->inputs = {input};
  step->outputs = {node.outputs[0]};  // [N, C, 1, 1]: NCHW and NHWC bytes coincide
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

}  // namespace nnslim
