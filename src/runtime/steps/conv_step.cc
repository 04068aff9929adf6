#include "runtime/steps/conv_step.h"

#include <algorithm>

#include "core/format.h"

#include "kernels/f32-gemm/f32-gemm-driver.h"
#include "kernels/f32-igemm/f32-igemm-driver.h"
#include "kernels/f32-packw/f32-packw.h"
#include "kernels/indirection/conv2d-indirection.h"
#include "ops/op_helpers.h"
#include "runtime/joined_rows.h"
#include "runtime/parallel.h"
#include "runtime/steps/fused_activation.h"
#include "runtime/steps/indirection_cache.h"
#include "runtime/steps/sparse_matmul_step.h"

namespace nnslim {

Window2D resolve_window_2d(LoweringContext& ctx, int node_index, int64_t kernel_h, int64_t kernel_w) {
  Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  const Shape& x = ctx.graph.value(node.inputs[0]).shape;
  InferContext infer(ctx.graph, node);
  WindowGeometry g = resolve_window(infer, {x[2], x[3]}, {kernel_h, kernel_w}, node.attr_int("ceil_mode", 0) != 0);
  return {kernel_h, kernel_w, g.strides[0], g.strides[1], g.dilations[0], g.dilations[1],
          g.pads_begin[0], g.pads_begin[1], g.pads_end[0], g.pads_end[1]};
}

kernels::Conv2DGeometry conv2d_geometry(const Shape& x, const Window2D& win) {
  auto u = [](int64_t v) { return static_cast<size_t>(v); };
  return kernels::make_conv2d_geometry(u(x[2]), u(x[3]), u(win.kh), u(win.kw), u(win.sh), u(win.sw), u(win.dh),
                                       u(win.dw), u(win.pad_top), u(win.pad_left), u(win.pad_bottom),
                                       u(win.pad_right));
}

bool match_f32_conv(const LoweringContext& ctx, const Node& node, F32ConvOperands* out) {
  if (node.op_type != "Conv") return false;
  const Value& x = ctx.graph.value(node.inputs[0]);
  const Value& w = ctx.graph.value(node.inputs[1]);
  if (x.dtype != DType::Float32 || x.shape.size() != 4 || x.constant) return false;
  if (!w.constant || !w.constant->materialized() || w.dtype != DType::Float32 || w.shape.size() != 4) return false;
  TensorPtr bias;
  if (node.inputs.size() > 2 && node.inputs[2] >= 0) {
    bias = ctx.graph.value(node.inputs[2]).constant;
    if (!bias || !bias->materialized() || bias->dtype != DType::Float32) return false;
  }
  *out = {x, w, std::move(bias)};
  return true;
}

namespace {

class ConvIgemmStep : public Step {
 public:
  ConvIgemmStep(kernels::Conv2DGeometry geometry, size_t batch, size_t in_channels, size_t out_channels,
                size_t groups, std::vector<std::vector<float>> packed, kernels::F32MinMaxParams clamp,
                std::string what)
      : g_(geometry), batch_(batch), cin_(in_channels), cout_(out_channels), groups_(groups),
        packed_(std::move(packed)), clamp_(clamp), what_(std::move(what)),
        config_(kernels::f32_igemm_default_config()), zero_(in_channels, 0.f),
        indirection_(checked_indirection_pointers(geometry, config_.mr)) {}

  void run(CompiledPlan& plan) override {
    const float* input = plan.data<const float>(inputs[0]);
    float* output = plan.data<float>(outputs[0]);
    const size_t rebase = indirection_.igemm_offset(g_, config_.mr, input, cin_, zero_.data());
    const size_t group_in = cin_ / groups_, group_out = cout_ / groups_;
    const size_t in_image = g_.input_height * g_.input_width * cin_;
    const size_t out_image = g_.output_pixels() * cout_;
    // With a fused activation: strips of output pixels (a multiple of MR, so
    // a strip's indirection starts at indirection_[p0 * kernel_size]), each
    // activated right after the kernels wrote it, while in cache.
    const size_t pixels = g_.output_pixels(), ks = g_.kernel_size();
    const size_t strip = epilogue.active() ? std::max<size_t>(1, 64 / config_.mr) * config_.mr : pixels;
    // Work split over (image, MR-pixel strip): the same kernel calls on
    // each range of strips as on the whole image (a strip's indirection
    // starts at a multiple of MR pixels).
    const size_t mr = config_.mr, strips = (pixels + mr - 1) / mr;
    const double work = double(batch_) * pixels * cout_ * group_in * ks;
    parallel_ranges(plan, batch_ * strips, 1, work, [&](size_t begin, size_t end) {
      for (size_t n = begin / strips; n * strips < end; ++n) {
        const size_t first = (std::max(begin, n * strips) - n * strips) * mr;
        const size_t last = std::min((std::min(end, (n + 1) * strips) - n * strips) * mr, pixels);
        for (size_t p0 = first; p0 < last; p0 += strip) {
          const size_t count = std::min(strip, last - p0);
          float* out = output + n * out_image + p0 * cout_;
          for (size_t grp = 0; grp < groups_; ++grp)
            kernels::f32_igemm(config_, count, group_out, group_in, ks, indirection_.data() + p0 * ks,
                               packed_[grp].data(), out + grp * group_out, cout_,
                               rebase + (n * in_image + grp * group_in) * sizeof(float), zero_.data(), clamp_);
          if (epilogue.active()) epilogue.apply(out, count, cout_);
        }
      }
    });
  }
  std::string describe() const override { return what_ + " -> f32 igemm " + config_.name; }
  ActivationEpilogue epilogue;  // a fused non-clamp activation

 private:
  kernels::Conv2DGeometry g_;
  size_t batch_, cin_, cout_, groups_;
  std::vector<std::vector<float>> packed_;
  kernels::F32MinMaxParams clamp_;
  std::string what_;
  kernels::F32IgemmConfig config_;
  std::vector<float> zero_;
  IndirectionCache<float> indirection_;
};

// 1x1 stride-1 unpadded conv in NHWC is C[N*H*W, Cout] = X[N*H*W, Cin] * W^T.
class Conv1x1GemmStep : public Step, public RowSteps {
 public:
  // packed: weights packed for config.nr; the A-packing workspace (large
  // config only) is allocated here, never in run().
  Conv1x1GemmStep(size_t pixels, size_t cin, size_t cout, const kernels::F32GemmConfig& config,
                  std::vector<float> packed, kernels::F32MinMaxParams clamp, std::string what)
      : pixels_(pixels), cin_(cin), cout_(cout), packed_(std::move(packed)), clamp_(clamp), what_(std::move(what)),
        config_(config), workspace_(kernels::f32_gemm_workspace_size(config, pixels, cin)) {
    row_steps = this;
    rows_local = true;
  }
  // Ranges of whole MR pixel strips (see GemmStep).
  void run(CompiledPlan& plan) override { run_rows_job(plan, *this); }
  // Each pixel reads its own input row: it joins the job of the step that
  // writes its input (runtime/joined_rows.h).
  void prepare_rows(CompiledPlan& plan, Rows* rows) override {
    rows_input_ = plan.data<const float>(inputs[0]);
    rows_output_ = plan.data<float>(outputs[0]);
    *rows = Rows{pixels_, config_.mr, double(pixels_) * cout_ * cin_};
  }
  void run_rows(size_t begin, size_t end) override { rows(rows_input_, rows_output_, begin, end); }
  // Pixels [begin, end).
  void rows(const float* input, float* output, size_t begin, size_t end) {
    float* workspace = workspace_.empty() ? nullptr : workspace_.data() + begin * cin_;
    if (!epilogue.active()) {
      kernels::f32_gemm(config_, end - begin, cout_, cin_, input + begin * cin_, cin_, packed_.data(),
                        output + begin * cout_, cout_, clamp_, workspace);
      return;
    }
    // With a fused activation: strips of pixels, each activated right after
    // the GEMM wrote it (64 rows x Cout floats stay in L1/L2).
    constexpr size_t kStripPixels = 64;
    for (size_t p0 = begin; p0 < end; p0 += kStripPixels) {
      const size_t rows = std::min(kStripPixels, end - p0);
      kernels::f32_gemm(config_, rows, cout_, cin_, input + p0 * cin_, cin_, packed_.data(), output + p0 * cout_,
                        cout_, clamp_, workspace ? workspace + (p0 - begin) * cin_ : nullptr);
      epilogue.apply(output + p0 * cout_, rows, cout_);
    }
  }
  std::string describe() const override { return what_ + " -> f32 gemm (1x1) " + config_.name; }
  ActivationEpilogue epilogue;  // a fused non-clamp activation

 private:
  size_t pixels_, cin_, cout_;
  std::vector<float> packed_;
  kernels::F32MinMaxParams clamp_;
  std::string what_;
  kernels::F32GemmConfig config_;
  std::vector<float> workspace_;
  const float* rows_input_ = nullptr;  // this run's, for run_rows
  float* rows_output_ = nullptr;
};

}  // namespace

std::unique_ptr<Step> lower_conv_nhwc(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  F32ConvOperands operands;
  if (!match_f32_conv(ctx, node, &operands)) return nullptr;
  const Value& x = operands.x;
  const Value& w = operands.w;
  const size_t groups = static_cast<size_t>(node.attr_int("group", 1));
  const size_t cin = static_cast<size_t>(x.shape[1]), cout = static_cast<size_t>(w.shape[0]);
  const size_t group_in = cin / groups, group_out = cout / groups;
  if (group_in == 1 && groups > 1) return nullptr;  // depthwise: its own kernels
  const Window2D win = resolve_window_2d(ctx, node_index, w.shape[2], w.shape[3]);
  const Shape y = ctx.graph.value(node.outputs[0]).shape;

  const float* weights = w.constant->data<float>();
  const float* bias = operands.bias ? operands.bias->data<float>() : nullptr;
  const size_t kernel_size = static_cast<size_t>(win.kh * win.kw);
  FusedActivation act = take_fused_activation(ctx, node.outputs[0], cout);
  const int input = ctx.need_nhwc(node.inputs[0]);
  const int output = ctx.produce_nhwc(act.output);
  const std::string what = "Conv" + act.name();
  const std::string layer = node.layer.empty() ? node.name : node.layer;

  std::unique_ptr<Step> step;
  const bool pointwise = kernel_size == 1 && win.sh == 1 && win.sw == 1 && win.pad_top == 0 && win.pad_left == 0 &&
                         win.pad_bottom == 0 && win.pad_right == 0;
  // W [Cout, Cin / group, kh, kw] as a [Cout, Cin / group * kh * kw] matrix.
  const ConstantMatrix matrix{weights, cout, group_in * kernel_size, group_in * kernel_size, 1, bias};
  const size_t out_pixels = static_cast<size_t>(y[0] * y[2] * y[3]);
  StepWeightInfo sparse_info;
  if (pointwise && groups == 1 && choose_sparse_kernel(out_pixels, matrix, &sparse_info)) {
    step = make_sparse_matmul_step(out_pixels, matrix, act.clamp, act.epilogue, what, std::move(sparse_info));
  } else if (pointwise && groups == 1) {
    const size_t pixels = static_cast<size_t>(x.shape[0] * x.shape[2] * x.shape[3]);
    // The tile measured best for the shape (f32-gemm-driver.h).
    const kernels::F32GemmConfig config = kernels::f32_gemm_select_config(pixels, cout, cin);
    std::vector<float> packed(kernels::f32_packw_gemm_size(cout, cin, config.nr));
    kernels::f32_packw_gemm_goi(config.nr, cout, cin, weights, cin, bias, packed.data());
    const int64_t packed_bytes = static_cast<int64_t>(packed.size() * sizeof(float));
    auto gemm = std::make_unique<Conv1x1GemmStep>(pixels, cin, cout, config, std::move(packed), act.clamp, what);
    gemm->epilogue = act.epilogue;
    step = std::move(gemm);
    step->weight_info = sparse_info;  // dense: choose_sparse_kernel's facts and reason
    step->weight_info.kernel = str("f32 gemm (1x1) ", config.name);
    step->weight_info.packed_bytes = packed_bytes;
  } else {
    const kernels::F32IgemmConfig config = kernels::f32_igemm_default_config();
    std::vector<std::vector<float>> packed(groups);
    for (size_t grp = 0; grp < groups; ++grp) {
      packed[grp].resize(kernels::f32_packw_conv_size(group_out, group_in, kernel_size, config.nr));
      kernels::f32_packw_conv_oihw(config.nr, group_out, group_in, kernel_size,
                                   weights + grp * group_out * group_in * kernel_size,
                                   bias ? bias + grp * group_out : nullptr, packed[grp].data());
    }
    kernels::Conv2DGeometry g = conv2d_geometry(x.shape, win);
    NNSLIM_CHECK(g.output_height == static_cast<size_t>(y[2]) && g.output_width == static_cast<size_t>(y[3]),
                 ErrorCode::Internal, node.describe(), ": internal: conv geometry disagrees with shape inference");
    auto igemm = std::make_unique<ConvIgemmStep>(g, static_cast<size_t>(x.shape[0]), cin, cout, groups,
                                                 std::move(packed), act.clamp, what);
    igemm->epilogue = act.epilogue;
    step = std::move(igemm);
    step->weight_info = dense_weight_info(out_pixels, matrix, str("f32 igemm ", config.name),
                                          "no sparse kernel for this conv (sparse: 1x1, stride 1, no padding, group 1)");
  }
  step->inputs = {input};
  step->outputs = {output};
  step->layer = layer;
  return step;
}

}  // namespace nnslim
