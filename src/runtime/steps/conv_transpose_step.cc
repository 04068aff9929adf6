#include "runtime/steps/conv_transpose_step.h"

#include <algorithm>
#include <cstring>

#include "core/error.h"
#include "kernels/f32-col2im/f32-col2im.h"
#include "kernels/f32-gemm/f32-gemm-driver.h"
#include "kernels/f32-packw/f32-packw.h"
#include "ops/reference/window.h"

namespace nnslim {
namespace {

// inputs: X (NHWC), W, B (optional); outputs: Y (NHWC), scratch.
class ConvTransposeStep : public Step {
 public:
  // packed: every group's packed W at compile time, or empty when W is only
  // known at run time (then it is packed into the scratch on every run).
  ConvTransposeStep(size_t batch, size_t in_pixels, size_t in_channels, size_t groups, size_t chunk_pixels,
                    kernels::Col2ImGeometry geometry, std::vector<float> packed, bool has_bias,
                    kernels::F32GemmConfig config)
      : batch_(batch), in_pixels_(in_pixels), cin_(in_channels), groups_(groups), chunk_(chunk_pixels), g_(geometry),
        packed_(std::move(packed)), has_bias_(has_bias), config_(config),
        packed_size_(kernels::f32_packw_deconv_size(in_channels / groups, geometry.channels,
                                                    geometry.kernel_h * geometry.kernel_w, config.nr)) {}

  size_t columns() const { return g_.kernel_h * g_.kernel_w * g_.channels; }
  // Floats of scratch: [run-time packed W], the column chunk, the GEMM's A workspace.
  size_t scratch_floats() const {
    return (packed_.empty() ? groups_ * packed_size_ : 0) + chunk_ * columns() +
           kernels::f32_gemm_workspace_size(config_, chunk_, cin_ / groups_);
  }

  void run(CompiledPlan& plan) override {
    const float* x = plan.data<const float>(inputs[0]);
    float* y = plan.data<float>(outputs[0]);
    float* scratch = plan.data<float>(outputs[1]);
    const size_t cout = g_.out_pixel_stride, group_in = cin_ / groups_, out_pixels = g_.output_h * g_.output_w;
    const float* packed = packed_.data();
    if (packed_.empty()) {
      const float* w = plan.data<const float>(inputs[1]);
      const size_t taps = g_.kernel_h * g_.kernel_w;
      for (size_t grp = 0; grp < groups_; ++grp)
        kernels::f32_packw_deconv_iohw(config_.nr, group_in, g_.channels, taps, w + grp * group_in * g_.channels * taps,
                                       scratch + grp * packed_size_);
      packed = scratch;
      scratch += groups_ * packed_size_;
    }
    float* col = scratch;
    float* workspace = col + chunk_ * columns();
    const float* bias = has_bias_ ? plan.data<const float>(inputs[2]) : nullptr;
    const kernels::F32MinMaxParams none = kernels::f32_minmax_none();
    for (size_t n = 0; n < batch_; ++n) {
      float* out = y + n * out_pixels * cout;
      if (bias)
        for (size_t p = 0; p < out_pixels; ++p) std::memcpy(out + p * cout, bias, cout * sizeof(float));
      else
        std::memset(out, 0, out_pixels * cout * sizeof(float));
      const float* image = x + n * in_pixels_ * cin_;
      for (size_t grp = 0; grp < groups_; ++grp)
        for (size_t p0 = 0; p0 < in_pixels_; p0 += chunk_) {
          const size_t rows = std::min(chunk_, in_pixels_ - p0);
          kernels::f32_gemm(config_, rows, columns(), group_in, image + p0 * cin_ + grp * group_in, cin_,
                            packed + grp * packed_size_, col, columns(), none, workspace);
          kernels::f32_col2im_nhwc_ukernel__wasmsimd_x8(g_, p0, rows, col, out + grp * g_.channels);
        }
    }
  }
  std::string describe() const override {
    return std::string("ConvTranspose -> f32 gemm ") + config_.name + " + col2im nhwc x8" +
           (packed_.empty() ? " (W packed at run time)" : "");
  }

 private:
  size_t batch_, in_pixels_, cin_, groups_, chunk_;
  kernels::Col2ImGeometry g_;
  std::vector<float> packed_;
  bool has_bias_;
  kernels::F32GemmConfig config_;
  size_t packed_size_;
};

}  // namespace

std::unique_ptr<Step> lower_conv_transpose_nhwc(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "ConvTranspose" || node.outputs.size() != 1 || node.inputs.size() < 2) return nullptr;
  const Value x = ctx.graph.value(node.inputs[0]);
  const Value y = ctx.graph.value(node.outputs[0]);
  // W and B may be run-time inputs (ONNX's node tests feed them): W is then
  // packed on every run.
  const Value w = ctx.graph.value(node.inputs[1]);
  if (x.dtype != DType::Float32 || x.constant || x.shape.size() != 4) return nullptr;
  if (w.dtype != DType::Float32 || w.shape.size() != 4 || (w.constant && !w.constant->materialized())) return nullptr;
  const bool has_bias = node.inputs.size() > 2 && node.inputs[2] >= 0;
  if (has_bias) {
    const Value& b = ctx.graph.value(node.inputs[2]);
    if (b.dtype != DType::Float32 || (b.constant && !b.constant->materialized()) || shape_numel(b.shape) != y.shape[1])
      return nullptr;
  }
  const int64_t groups = node.attr_int("group", 1);
  const int64_t cin = x.shape[1], group_out = w.shape[1], kh = w.shape[2], kw = w.shape[3];
  if (groups <= 0 || cin % groups != 0 || w.shape[0] != cin || y.shape.size() != 4 || y.shape[1] != group_out * groups)
    return nullptr;  // the reference reports the error
  if (shape_numel(x.shape) <= 0 || shape_numel(y.shape) <= 0 || kh <= 0 || kw <= 0) return nullptr;
  reference::TransposedWindow win;
  try {
    win = reference::transposed_window(node, {x.shape[2], x.shape[3]}, {y.shape[2], y.shape[3]}, {kh, kw});
  } catch (const Error&) {
    return nullptr;
  }
  for (size_t d = 0; d < 2; ++d)
    if (win.strides[d] <= 0 || win.dilations[d] <= 0) return nullptr;

  const size_t group_in = static_cast<size_t>(cin / groups), taps = static_cast<size_t>(kh * kw);
  const size_t columns = taps * static_cast<size_t>(group_out);
  const size_t in_pixels = static_cast<size_t>(x.shape[2] * x.shape[3]);
  // ~64 Ki floats of columns per chunk, whole MR strips.
  const kernels::F32GemmConfig probe = kernels::f32_gemm_default_config();
  size_t chunk = std::max<size_t>(1, (64 * 1024) / columns);
  chunk = std::min(in_pixels, std::max(probe.mr, chunk / probe.mr * probe.mr));
  const kernels::F32GemmConfig config = kernels::f32_gemm_select_config(chunk, columns, group_in);

  // Constant W: every group packed now (K = its input channels, N = (ky, kx, co)).
  std::vector<float> packed;
  if (w.constant) {
    const size_t group_size = kernels::f32_packw_deconv_size(group_in, static_cast<size_t>(group_out), taps, config.nr);
    packed.resize(static_cast<size_t>(groups) * group_size);
    for (size_t grp = 0; grp < static_cast<size_t>(groups); ++grp)
      kernels::f32_packw_deconv_iohw(config.nr, group_in, static_cast<size_t>(group_out), taps,
                                     w.constant->data<float>() + grp * group_in * columns, packed.data() + grp * group_size);
  }

  kernels::Col2ImGeometry g{};
  g.input_w = static_cast<size_t>(x.shape[3]);
  g.output_h = static_cast<size_t>(y.shape[2]);
  g.output_w = static_cast<size_t>(y.shape[3]);
  g.kernel_h = static_cast<size_t>(kh);
  g.kernel_w = static_cast<size_t>(kw);
  g.stride_h = static_cast<size_t>(win.strides[0]);
  g.stride_w = static_cast<size_t>(win.strides[1]);
  g.dilation_h = static_cast<size_t>(win.dilations[0]);
  g.dilation_w = static_cast<size_t>(win.dilations[1]);
  g.pad_top = win.pads_begin[0];
  g.pad_left = win.pads_begin[1];
  g.channels = static_cast<size_t>(group_out);
  g.col_stride = columns;
  g.out_pixel_stride = static_cast<size_t>(y.shape[1]);

  auto step = std::make_unique<ConvTransposeStep>(static_cast<size_t>(x.shape[0]), in_pixels, static_cast<size_t>(cin),
                                                  static_cast<size_t>(groups), chunk, g, std::move(packed),
                                                  has_bias, config);
  const std::string layer = node.layer.empty() ? node.name : node.layer;
  // Scratch size in 64-bit first (an upper bound of scratch_floats()): size_t is 32-bit in wasm.
  const int64_t columns64 = static_cast<int64_t>(columns), group_in64 = static_cast<int64_t>(group_in);
  const int64_t run_time_packing = w.constant ? 0 : groups * (group_in64 + 1) * (columns64 + static_cast<int64_t>(config.nr));
  const int64_t scratch_floats =
      run_time_packing + static_cast<int64_t>(chunk) * columns64 + static_cast<int64_t>(chunk + config.mr) * group_in64;
  checked_allocation_bytes(scratch_floats * 4, str(node.describe(), ": column buffer"));
  const int scratch = ctx.add_scratch(layer + "_columns", step->scratch_floats());
  step->inputs = {ctx.need_nhwc(node.inputs[0]), ctx.need_nchw(node.inputs[1])};
  if (has_bias) step->inputs.push_back(ctx.need_nchw(node.inputs[2]));
  step->outputs = {ctx.produce_nhwc(node.outputs[0]), scratch};
  step->layer = layer;
  return step;
}

}  // namespace nnslim
