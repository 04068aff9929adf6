#include "runtime/steps/qs8_pool_step.h"

#include <algorithm>

#include "kernels/indirection/conv2d-indirection.h"
#include "kernels/qs8-pool/qs8-pool.h"
#include "kernels/x8-lut/x8-lut.h"
#include "runtime/parallel.h"
#include "runtime/steps/conv_step.h"
#include "runtime/steps/indirection_cache.h"
#include "runtime/steps/qdq_match.h"
#include "runtime/steps/qs8_table.h"

namespace nnslim {
namespace {

// MaxPool (optionally followed by a requantization table) or AveragePool.
class Qs8PoolStep : public Step {
 public:
  Qs8PoolStep(kernels::Conv2DGeometry g, size_t batch, size_t channels, int8_t padding_value, std::string what)
      : g_(g), batch_(batch), channels_(channels), padding_(channels, padding_value),
        indirection_(checked_indirection_pointers(g, 1)), what_(std::move(what)) {}

  // MaxPool; `table` empty when the output shares the input's grid.
  void set_max(kernels::QS8MaxpoolParams params, std::vector<int8_t> table) {
    max_params_ = params;
    table_ = std::move(table);
    if (!table_.empty()) kernels::x8_lut_range_init(table_.data(), &range_);
  }
  void set_average(kernels::QS8AvgpoolParams params, std::vector<float> multipliers) {
    is_max_ = false;
    avg_params_ = params;
    multipliers_ = std::move(multipliers);
  }

  void run(CompiledPlan& plan) override {
    const int8_t* input = plan.data<const int8_t>(inputs[0]);
    int8_t* output = plan.data<int8_t>(outputs[0]);
    const size_t rebase = indirection_.dwconv_offset(g_, input, channels_, padding_.data());
    const size_t in_image = g_.input_height * g_.input_width * channels_, out_image = g_.output_pixels() * channels_;
    const size_t taps = g_.kernel_size(), pixels = g_.output_pixels();
    // Split over (image, range of output pixels): each pixel is pooled on its own.
    parallel_image_strips(plan, batch_, pixels, 1, double(batch_) * pixels * taps * channels_ / 4,
                          [&](size_t n, size_t first, size_t last) {
      const size_t count = last - first, offset = rebase + n * in_image;
      int8_t* out = output + n * out_image + first * channels_;
      const int8_t** taps_of_first = indirection_.data() + first * taps;
      if (is_max_) {
        kernels::qs8_maxpool_ukernel__wasmsimd_c16(count, taps, channels_, taps_of_first, offset, padding_.data(), out,
                                                   taps * sizeof(void*), 0, &max_params_);
        if (!table_.empty()) kernels::x8_lut_ukernel__wasmsimd_x64_range(count * channels_, out, out, &range_);
      } else {
        kernels::qs8_avgpool_minmax_fp32_ukernel__wasmsimd_c16(count, taps, channels_, taps_of_first, offset,
                                                               padding_.data(), multipliers_.data() + first, out,
                                                               taps * sizeof(void*), 0, &avg_params_);
      }
    });
  }
  std::string describe() const override {
    if (!is_max_) return what_ + " -> qs8 avgpool c16";
    return what_ + (table_.empty() ? " -> qs8 maxpool c16" : " -> qs8 maxpool c16 + lut requantization");
  }

 private:
  bool is_max_ = true;
  kernels::Conv2DGeometry g_;
  size_t batch_, channels_;
  std::vector<int8_t> padding_;
  IndirectionCache<int8_t> indirection_;
  kernels::QS8MaxpoolParams max_params_{-128, 127};
  std::vector<int8_t> table_;
  kernels::X8LutRange range_;  // table_ for the kernel
  kernels::QS8AvgpoolParams avg_params_{};
  std::vector<float> multipliers_;
  std::string what_;
};

class Qs8GlobalAveragePoolStep : public Step {
 public:
  Qs8GlobalAveragePoolStep(size_t batch, size_t pixels, size_t channels, float scale, kernels::QS8AvgpoolParams params,
                           std::string what)
      : batch_(batch), pixels_(pixels), channels_(channels), scale_(scale), params_(params), what_(std::move(what)) {}
  void run(CompiledPlan& plan) override {
    const int8_t* input = plan.data<const int8_t>(inputs[0]);
    int8_t* output = plan.data<int8_t>(outputs[0]);
    // Split over (image, 16-channel block): channels are independent.
    const size_t blocks = (channels_ + 15) / 16;
    const double bytes = double(batch_) * (pixels_ + 1) * channels_;
    parallel_ranges(plan, batch_ * blocks, 1, bytes_moved_work(bytes), [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) {
        const size_t n = i / blocks, c = (i % blocks) * 16, count = std::min<size_t>(16, channels_ - c);
        kernels::qs8_gavgpool_minmax_fp32_ukernel__wasmsimd_c16(pixels_, count, input + n * pixels_ * channels_ + c,
                                                                channels_, scale_, output + n * channels_ + c, &params_);
      }
    });
  }
  std::string describe() const override { return what_ + " -> qs8 gavgpool c16"; }

 private:
  size_t batch_, pixels_, channels_;
  float scale_;
  kernels::QS8AvgpoolParams params_;
  std::string what_;
};

}  // namespace

std::unique_ptr<Step> lower_qs8_pool(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  const bool is_max = node.op_type == "MaxPool";
  if ((!is_max && node.op_type != "AveragePool") || !node.domain.empty()) return nullptr;
  if (node.outputs.size() != 1 || node.attr_int("storage_order", 0) != 0) return nullptr;
  QuantizedActivation x;
  if (!match_dq_activation(ctx.graph, node.inputs[0], &x)) return nullptr;
  const Shape xs = ctx.graph.value(x.q_value).shape;
  const Shape kernel = node.attr_ints("kernel_shape");
  if (xs.size() != 4 || kernel.size() != 2) return nullptr;
  // Empty tensors on the reference: the kernels take >= 1 channel and pixel.
  if (shape_numel(xs) == 0 || shape_numel(ctx.graph.value(node.outputs[0]).shape) == 0) return nullptr;
  const Window2D win = resolve_window_2d(ctx, node_index, kernel[0], kernel[1]);
  if (!is_max && (win.dh != 1 || win.dw != 1)) return nullptr;
  // Every window must overlap the input (pads smaller than the window), so a
  // max over padding never stands alone; the kernels sum at most 256 taps.
  if (win.pad_top >= win.kh || win.pad_bottom >= win.kh || win.pad_left >= win.kw || win.pad_right >= win.kw)
    return nullptr;
  const kernels::Conv2DGeometry g = conv2d_geometry(xs, win);
  const Shape ys = ctx.graph.value(node.outputs[0]).shape;
  // ceil_mode can add an output row/column the explicit-pad geometry lacks.
  if (g.output_height != static_cast<size_t>(ys[2]) || g.output_width != static_cast<size_t>(ys[3])) return nullptr;
  if (!is_max && g.kernel_size() > 256) return nullptr;
  QuantizedOutput y;
  if (!match_quantized_output(ctx, node.outputs[0], &y)) return nullptr;
  const std::string what = node.op_type + y.activation + " (QDQ)";
  const size_t batch = static_cast<size_t>(xs[0]), channels = static_cast<size_t>(xs[1]);
  std::unique_ptr<Qs8PoolStep> step;
  if (is_max) {
    step = std::make_unique<Qs8PoolStep>(g, batch, channels, int8_t{-128}, what);
    const bool same_grid = x.params.scale == y.params.scale && x.params.zero_point == y.params.zero_point;
    if (same_grid) {
      step->set_max({static_cast<int8_t>(y.qmin), static_cast<int8_t>(y.qmax)}, {});
    } else {
      step->set_max({-128, 127}, qs8_function_table(ctx.graph, nullptr, x.params, y));
    }
  } else {
    step = std::make_unique<Qs8PoolStep>(g, batch, channels, static_cast<int8_t>(x.params.zero_point), what);
    std::vector<float> multipliers(g.output_pixels());
    kernels::avgpool_multipliers_init(g, static_cast<size_t>(win.pad_bottom), static_cast<size_t>(win.pad_right),
                                      node.attr_int("count_include_pad", 0) != 0, multipliers.data());
    // The padding taps add z_x - z_x = 0; the divisor is count_include_pad's.
    const float rescale = x.params.scale / y.params.scale;
    for (float& m : multipliers) m *= rescale;
    step->set_average(kernels::qs8_avgpool_params(x.params.zero_point, y.params.zero_point, y.qmin, y.qmax),
                      std::move(multipliers));
  }
  step->inputs = {ctx.need_nhwc(x.q_value)};
  step->outputs = {ctx.produce_nhwc(y.q_value)};
  step->layer = node.layer.empty() ? node.name : node.layer;
  take_quantized_output(ctx, y);
  return step;
}

std::unique_ptr<Step> lower_qs8_global_average_pool(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "GlobalAveragePool" || !node.domain.empty()) return nullptr;
  QuantizedActivation x;
  if (!match_dq_activation(ctx.graph, node.inputs[0], &x)) return nullptr;
  const Shape xs = ctx.graph.value(x.q_value).shape;
  if (xs.size() != 4 || shape_numel(xs) == 0) return nullptr;
  QuantizedOutput y;
  if (!match_quantized_output(ctx, node.outputs[0], &y)) return nullptr;
  const size_t pixels = static_cast<size_t>(xs[2] * xs[3]);
  const float scale = x.params.scale / (y.params.scale * static_cast<float>(pixels));
  auto step = std::make_unique<Qs8GlobalAveragePoolStep>(
      static_cast<size_t>(xs[0]), pixels, static_cast<size_t>(xs[1]), scale,
      kernels::qs8_avgpool_params(x.params.zero_point, y.params.zero_point, y.qmin, y.qmax),
      node.op_type + y.activation + " (QDQ)");
  step->inputs = {ctx.need_nhwc(x.q_value)};
  step->outputs = {y.q_value};  // [N, C, 1, 1]: NCHW and NHWC bytes coincide
  step->layer = node.layer.empty() ? node.name : node.layer;
  take_quantized_output(ctx, y);
  return step;
}

}  // namespace nnslim
