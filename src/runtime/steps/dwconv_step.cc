#include "runtime/steps/dwconv_step.h"

#include <algorithm>

#include "core/format.h"
#include "kernels/f32-dwconv/f32-dwconv.h"
#include "kernels/f32-packw/f32-packw.h"
#include "kernels/indirection/conv2d-indirection.h"
#include "runtime/steps/conv_step.h"
#include "runtime/joined_rows.h"
#include "runtime/parallel.h"
#include "runtime/steps/fused_activation.h"
#include "runtime/steps/indirection_cache.h"
#include "runtime/steps/sparse_matmul_step.h"
#include "runtime/steps/kernel_choice.h"

namespace nnslim {
namespace {

class DwconvStep : public Step, public RowSteps {
 public:
  DwconvStep(kernels::Conv2DGeometry g, size_t batch, size_t channels, const kernels::F32DwconvUkernelInfo& ukernel,
             std::vector<float> packed, kernels::F32MinMaxParams clamp, std::string what)
      : g_(g), batch_(batch), channels_(channels), ukernel_(ukernel), packed_(std::move(packed)), clamp_(clamp),
        what_(std::move(what)), zero_(channels, 0.f), indirection_(checked_indirection_pointers(g, 1)) {
    if (batch == 1) row_steps = this;
  }

  void run(CompiledPlan& plan) override {
    if (batch_ == 1) return run_rows_job(plan, *this);
    const double work = prepare(plan);
    const size_t pixels = g_.output_pixels();
    // Work split over (image, block of kPixelGroup output pixels): every
    // kernel call starts at a multiple of kPixelGroup pixels of its image,
    // so the kernels group pixels the same way (and round the same way)
    // whatever the split.
    const size_t blocks = (pixels + kPixelGroup - 1) / kPixelGroup;
    parallel_ranges(plan, batch_ * blocks, 1, work, [&](size_t begin, size_t end) {
      for (size_t n = begin / blocks; n * blocks < end; ++n) {
        const size_t first = (std::max(begin, n * blocks) - n * blocks) * kPixelGroup;
        const size_t last = std::min((std::min(end, (n + 1) * blocks) - n * blocks) * kPixelGroup, pixels);
        pixels_of(n, first, last);
      }
    });
  }
  // One image's output pixels as rows (runtime/joined_rows.h: the 1x1 conv
  // after it joins its job).
  void prepare_rows(CompiledPlan& plan, Rows* rows) override {
    const double work = prepare(plan);
    *rows = Rows{g_.output_pixels(), kPixelGroup, work};
  }
  void run_rows(size_t begin, size_t end) override { pixels_of(0, begin, end); }
  // The kernels step over 1, 2 or 3 output pixels at a time, and a tail
  // pixel sums its taps in another order than a grouped one: calls start at
  // multiples of all three.
  static constexpr size_t kPixelGroup = 6;
  static constexpr size_t kEpilogueStripPixels = 60;  // a multiple of kPixelGroup
  std::string describe() const override { return what_ + " -> f32 dwconv " + ukernel_.name; }
  ActivationEpilogue epilogue;  // a fused non-clamp activation

 private:
  // This run's pointers; returns the step's work for the cost model: the
  // multiply-adds, or where they are few (a 14x14 -> 7x7 stride-2 layer),
  // the bytes it reads and writes. On the calling thread alone a step after
  // a split one reads half its input from the other core: MobileNetV2's
  // 576-channel 14x14 -> 7x7 layer (254 K multiply-adds, under
  // kMinParallelWork) took 0.028 ms in a 1-thread run and 0.061 ms in a
  // 2-thread one.
  double prepare(CompiledPlan& plan) {
    input_ = plan.data<const float>(inputs[0]);
    output_ = plan.data<float>(outputs[0]);
    rebase_ = indirection_.dwconv_offset(g_, input_, channels_, zero_.data());
    const size_t in_image = g_.input_height * g_.input_width * channels_;
    const size_t out_image = g_.output_pixels() * channels_;
    const double bytes = double(batch_) * double(in_image + out_image) * sizeof(float);
    return std::max(double(batch_) * g_.output_pixels() * channels_ * g_.kernel_size(), bytes_moved_work(bytes));
  }
  // Output pixels [first, last) of image n (first a multiple of
  // kPixelGroup). With a fused activation: strips of output pixels, each
  // activated right after the kernel wrote it (60 pixels x C floats stay in
  // L1/L2); pixel p's taps start at indirection_[p * taps].
  void pixels_of(size_t n, size_t first, size_t last) {
    const size_t in_image = g_.input_height * g_.input_width * channels_;
    const size_t out_image = g_.output_pixels() * channels_;
    const size_t taps = g_.kernel_size();
    const size_t strip = epilogue.active() ? kEpilogueStripPixels : last - first;
    for (size_t p0 = first; p0 < last; p0 += strip) {
      const size_t count = std::min(strip, last - p0);
      float* out = output_ + n * out_image + p0 * channels_;
      ukernel_.fn(channels_, count, taps, indirection_.data() + p0 * taps, packed_.data(), out, taps * sizeof(void*),
                  0, rebase_ + n * in_image * sizeof(float), zero_.data(), &clamp_);
      if (epilogue.active()) epilogue.apply(out, count, channels_);
    }
  }
  const float* input_ = nullptr;  // this run's (prepare)
  float* output_ = nullptr;
  size_t rebase_ = 0;
  kernels::Conv2DGeometry g_;
  size_t batch_, channels_;
  kernels::F32DwconvUkernelInfo ukernel_;
  std::vector<float> packed_;
  kernels::F32MinMaxParams clamp_;
  std::string what_;
  std::vector<float> zero_;
  IndirectionCache<float> indirection_;
};

}  // namespace

std::unique_ptr<Step> lower_depthwise_conv_nhwc(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  F32ConvOperands operands;
  if (!match_f32_conv(ctx, node, &operands)) return nullptr;
  const Value& x = operands.x;
  const Value& w = operands.w;
  const TensorPtr& bias = operands.bias;
  const int64_t channels = x.shape[1];
  if (node.attr_int("group", 1) != channels || w.shape[0] != channels || w.shape[1] != 1) return nullptr;
  const Window2D win = resolve_window_2d(ctx, node_index, w.shape[2], w.shape[3]);
  const size_t taps = static_cast<size_t>(win.kh * win.kw);

  // 3x3: three output pixels per step sharing the weight loads, 4 channels,
  // a store barrier every kernel row; on stride-1 rows the three pixels also
  // share their input columns (5 loads per kernel row instead of 9). The
  // shared weights alone: MobileNetV2 batch 1, sum of the depthwise steps'
  // medians (bench/peers/run_alone.mjs, Node 20) 2.23-2.26 ms per image
  // against 2.43-2.52 with the 9p4c kernel used before and 2.28-2.43 with two
  // pixels per step (docs/benchmarks.md, "f32 depthwise 3x3"); the shared
  // columns: MobileNetV2's 17 layers in bench/kernels/dwconv_bench.cc 2,192 ->
  // 1,946 us (relaxed build, which also shares on stride-2 rows, 2,160 ->
  // 1,784 us; docs/benchmarks.md, "Shared input columns").
  // 5x5: two output pixels per step sharing the weight loads, 4 channels, a
  // store barrier every kernel row (5 taps). On 5x5 layers of 96..288
  // channels with 3x12..12x48 outputs about 1.8x the 25p8c kernel used
  // before (docs/benchmarks.md, "f32 depthwise 5x5"); three pixels per
  // step is slower there.
  // The kernels are named directly, not looked up in f32_dwconv_ukernels():
  // the list would link every variant (kept for the tests and benchmarks)
  // into the shipped module.
#define NNSLIM_DWCONV_KERNEL(channel_tile, kernel_taps, fn) \
  kernels::F32DwconvUkernelInfo { #fn, channel_tile, kernel_taps, kernels::fn }
  const kernels::F32DwconvUkernelInfo ukernel =
      taps == 9    ? NNSLIM_DWCONV_KERNEL(4, 9, f32_dwconv_minmax_ukernel_9p4c__wasmsimd_3px_cols)
      : taps == 25 ? NNSLIM_DWCONV_KERNEL(4, 25, f32_dwconv_minmax_ukernel_25p4c__wasmsimd_2px_split5)
                   : NNSLIM_DWCONV_KERNEL(8, 0, f32_dwconv_minmax_ukernel_up8c__wasmsimd);
#undef NNSLIM_DWCONV_KERNEL
  std::vector<float> packed(kernels::f32_packw_dwconv_size(static_cast<size_t>(channels), taps, ukernel.channel_tile));
  kernels::f32_packw_dwconv_chw(ukernel.channel_tile, static_cast<size_t>(channels), taps, w.constant->data<float>(),
                                bias ? bias->data<float>() : nullptr, packed.data());
  kernels::Conv2DGeometry g = conv2d_geometry(x.shape, win);

  FusedActivation act = take_fused_activation(ctx, node.outputs[0], static_cast<size_t>(channels));
  const int input = ctx.need_nhwc(node.inputs[0]);
  const int output = ctx.produce_nhwc(act.output);
  auto step = std::make_unique<DwconvStep>(g, static_cast<size_t>(x.shape[0]), static_cast<size_t>(channels), ukernel,
                                           std::move(packed), act.clamp, "DepthwiseConv" + act.name());
  step->epilogue = act.epilogue;
  step->inputs = {input};
  step->outputs = {output};
  step->layer = node.layer.empty() ? node.name : node.layer;
  // W [C, 1, kh, kw] as a [C, taps] matrix over the output pixels.
  const ConstantMatrix matrix{w.constant->data<float>(), static_cast<size_t>(channels), taps, taps, 1, nullptr};
  step->weight_info = dense_weight_info(static_cast<size_t>(x.shape[0]) * g.output_pixels(), matrix,
                                        str("f32 dwconv ", ukernel.name), "no sparse depthwise kernel");
  return step;
}

}  // namespace nnslim
