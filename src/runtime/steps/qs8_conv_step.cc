#include "runtime/steps/qs8_conv_step.h"

#include <algorithm>
#include <cstring>

#include "core/error.h"
#include "kernels/indirection/conv2d-indirection.h"
#include "kernels/qs8-dwconv/qs8-dwconv.h"
#include "kernels/qs8-gemm/qs8-gemm-driver.h"
#include "kernels/qs8-gemm/qs8-packa-conv.h"
#include "runtime/joined_rows.h"
#include "runtime/parallel.h"
#include "runtime/scratch_slots.h"
#include "runtime/steps/conv_step.h"
#include "runtime/steps/indirection_cache.h"
#include "runtime/steps/qdq_match.h"
#include "runtime/steps/qs8_dot7_step.h"

namespace nnslim {

namespace {

// The runtime's depthwise kernels (the fastest of bench/kernels/qs8_gemm_bench.cc's
// depthwise lists on MobileNetV2's layers) and their packings. 3x3 with
// channels a multiple of 8: the cols kernel, which pairs each input
// column's taps once for the pixels of a stride-1 row that share it and
// runs each 4-channel half two pixels per step, or its no-clamp twin
// (i8sat) where the packed weights allow and the output range is the
// whole int8 range. Stride-2 rows are runs of one pixel, which the cols
// kernels compute 8 channels at a time from the pixel's 9 entries: since
// the eleventh session as fast as the 9p16c 1px i8sat kernel that ran them
// (MobileNetV2's four stride-2 layers 0.238 -> 0.228 ms in the model), so
// that kernel left the module (numbers: docs/quantization.md, "Update
// (eleventh session, helper `int8dw`)"). With the i8min cols twin and the
// 1px plain and i8min ones too the module was over the threaded size
// budget; layers with a narrower output range take the plain cols kernel.
// The rest: the any-size kernel.
struct DwconvChoice {
  kernels::QS8DwconvUkernelFn fn;
  const char* name;
  size_t channel_tile;
  kernels::QS8DwconvPacking packing;
};
// Packs w for `choice` and returns its packed weights.
std::vector<char> pack_dwconv(const DwconvChoice& choice, size_t channels, size_t kernel_size, const int8_t* w,
                              const int32_t* bias, const float* scales, int32_t x_zero_point) {
  std::vector<char> packed(kernels::qs8_packw_dwconv_size(choice.channel_tile, channels, kernel_size, choice.packing));
  kernels::qs8_packw_dwconv(choice.channel_tile, channels, kernel_size, w, bias, scales, x_zero_point, packed.data(),
                            choice.packing);
  return packed;
}
// The kernel for a layer, and its packed weights in *packed.
DwconvChoice choose_dwconv(const kernels::Conv2DGeometry& g, size_t channels, const int8_t* w, const int32_t* bias,
                           const float* scales, int32_t x_zero_point, const kernels::QS8RequantParams& params,
                           std::vector<char>* packed) {
  using kernels::QS8DwconvPacking;
  const size_t ks = g.kernel_size();
  DwconvChoice choice{kernels::qs8_dwconv_minmax_fp32_ukernel_up16c__wasmsimd_dot16x2, "up16c wasmsimd dot16x2", 16,
                      QS8DwconvPacking::kTapPairs};
  if (ks != 9 || g.kernel_width != 3 || channels % 8 != 0) {
    *packed = pack_dwconv(choice, channels, ks, w, bias, scales, x_zero_point);
    return choice;
  }
  choice = {kernels::qs8_dwconv_minmax_fp32_ukernel_9p8c__wasmsimd_dot16x2_cols, "9p8c wasmsimd dot16x2 cols", 8,
            QS8DwconvPacking::kTapPairs3x3Cols};
  *packed = pack_dwconv(choice, channels, ks, w, bias, scales, x_zero_point);
  // The accumulator bound does not depend on the packing's order.
  const bool i8sat = kernels::qs8_packw_dwconv_fits(8, channels, ks, packed->data(), choice.packing) &&
                     kernels::qs8_requant_full_range(params);
  if (!i8sat) return choice;
  return {kernels::qs8_dwconv_minmax_fp32_ukernel_9p8c__wasmsimd_dot16x2_cols_i8sat, "9p8c wasmsimd dot16x2 cols i8sat",
          8, QS8DwconvPacking::kTapPairs3x3Cols};
}
constexpr size_t kDwconvMaxTaps = 25;  // the kernel's stack of tap pointers

// How a dense conv runs: 1x1 stride 1 as a plain GEMM over the pixels;
// convs with few input channels (the stem: 3) as a GEMM over an int8 patch
// matrix (im2col: K = taps * channels, padded to 8 once instead of per tap);
// the rest as IGEMM over the indirection buffer. kConvRows is the im2col
// GEMM with its widened A built straight from the input's kernel-row runs
// (qs8-packa-conv.h: no int8 patch matrix, no indirection): MobileNetV2's
// stem 0.31 -> 0.27 ms (docs/quantization.md, "Update (ninth session)").
enum class ConvMode { kPointwise, kIm2col, kConvRows, kIgemm };

// GEMM ranges start at a multiple of the strip the driver steps by (the
// ppmm tile within its 96-row blocks, else MR), so a range makes the same
// kernel calls on its rows as the whole GEMM does.
size_t gemm_row_align(const kernels::QS8GemmConfig& config) {
  return config.ppmm != nullptr ? config.ppmm_mr : config.mr;
}

// int16 elements of one workspace slot: a GEMM range's widened A rows.
size_t gemm_workspace(ConvMode mode, const kernels::QS8GemmConfig& config, size_t pixels, size_t taps, size_t cin) {
  if (mode == ConvMode::kIgemm) return 0;
  return kernels::qs8_gemm_workspace_size(config, pixels, mode == ConvMode::kPointwise ? cin : taps * cin);
}

class Qs8ConvStep : public Step, public RowSteps {
 public:
  Qs8ConvStep(kernels::Conv2DGeometry g, size_t batch, size_t cin, size_t cout, size_t groups,
              std::vector<std::vector<char>> packed, int32_t x_zero_point, kernels::QS8RequantParams params,
              ConvMode mode, std::string what, bool i8min)
      : g_(g), batch_(batch), cin_(cin), cout_(cout), groups_(groups), packed_(std::move(packed)), params_(params),
        mode_(mode), what_(std::move(what)),
        config_(!i8min                                    ? kernels::qs8_gemm_default_config()
                : kernels::qs8_requant_full_range(params) ? kernels::qs8_gemm_default_i8sat_config()
                                                          : kernels::qs8_gemm_default_i8min_config()),
        zero_(cin + kernels::kQS8GemmKBlock, static_cast<int8_t>(x_zero_point)),
        workspace_(gemm_workspace(mode, config_, batch * g.output_pixels(), g.kernel_size(), cin)) {
    if (mode_ == ConvMode::kPointwise) {
      row_steps = this;
      rows_local = true;
    }
    const size_t patch = g.kernel_size() * cin;
    switch (mode_) {
      case ConvMode::kPointwise:
      case ConvMode::kConvRows:
        break;
      case ConvMode::kIm2col:
        indirection_.resize(checked_indirection_pointers(g, 1));
        patches_.resize(g.output_pixels() * patch);
        break;
      case ConvMode::kIgemm:
        indirection_.resize(checked_indirection_pointers(g, config_.mr));
        break;
    }
  }

  void run(CompiledPlan& plan) override {
    const int8_t* input = plan.data<const int8_t>(inputs[0]);
    int8_t* output = plan.data<int8_t>(outputs[0]);
    if (mode_ == ConvMode::kPointwise) return run_rows_job(plan, *this);
    if (mode_ == ConvMode::kIm2col) {
      run_im2col(plan, input, output);
      return;
    }
    if (mode_ == ConvMode::kConvRows) {
      run_conv_rows(plan, input, output);
      return;
    }
    if (!built_for_) {
      kernels::igemm_indirection_init(g_, config_.mr, input, cin_, zero_.data(), indirection_.data());
      built_for_ = input;
    }
    // Other images (and a moved input) are reached through a_offset.
    const size_t rebase = reinterpret_cast<uintptr_t>(input) - reinterpret_cast<uintptr_t>(built_for_);
    const size_t group_in = cin_ / groups_, group_out = cout_ / groups_;
    const size_t in_image = g_.input_height * g_.input_width * cin_, out_image = g_.output_pixels() * cout_;
    const size_t pixels = g_.output_pixels(), ks = g_.kernel_size();
    // Work split over (image, MR-pixel strip): a strip's indirection starts
    // at indirection_[p0 * ks], and the driver makes the same kernel calls
    // on a range of strips as on the whole image.
    const double work = double(batch_) * pixels * cout_ * group_in * ks;
    parallel_image_strips(plan, batch_, pixels, config_.mr, work, [&](size_t n, size_t first, size_t last) {
      for (size_t grp = 0; grp < groups_; ++grp)
        kernels::qs8_igemm(config_, last - first, group_out, group_in, ks, indirection_.data() + first * ks,
                           packed_[grp].data(), output + n * out_image + first * cout_ + grp * group_out, cout_,
                           rebase + n * in_image + grp * group_in, zero_.data(), params_);
    });
  }
  // A 1x1 conv's pixels are the GEMM's rows, each read from its own input
  // row: it joins the job of the step that writes its input
  // (runtime/joined_rows.h).
  void prepare_rows(CompiledPlan& plan, Rows* rows) override {
    rows_input_ = plan.data<const int8_t>(inputs[0]);
    rows_output_ = plan.data<int8_t>(outputs[0]);
    const size_t pixels = batch_ * g_.output_pixels();
    *rows = Rows{pixels, gemm_row_align(config_), double(pixels) * cout_ * cin_};
  }
  void run_rows(size_t begin, size_t end) override { gemm_rows(rows_input_, cin_, rows_output_, begin, end); }
  std::string describe() const override {
    const char* how = mode_ == ConvMode::kPointwise ? " -> qs8 gemm (1x1) "
                      : mode_ == ConvMode::kIm2col  ? " -> qs8 gemm (im2col) "
                      : mode_ == ConvMode::kConvRows
                          ? (kernels::qs8_conv_rows_whole_tails(g_, cin_) ? " -> qs8 gemm (im2col) kernel-row A whole tails, "
                                                                          : " -> qs8 gemm (im2col) kernel-row A, ")
                                                    : " -> qs8 igemm ";
    return what_ + how + config_.name;
  }

 private:
  // Per image: copy each output pixel's taps (cin bytes each; padding taps
  // read `zero`, the input zero point) into a row of patches_, then a GEMM;
  // both split over pixel strips (a range copies and multiplies its rows).
  void run_im2col(const CompiledPlan& plan, const int8_t* input, int8_t* output) {
    const size_t taps = g_.kernel_size(), patch = taps * cin_, pixels = g_.output_pixels();
    const size_t in_image = g_.input_height * g_.input_width * cin_;
    for (size_t n = 0; n < batch_; ++n) {
      const int8_t* image = input + n * in_image;
      if (built_for_ != image) {
        kernels::dwconv_indirection_init(g_, image, cin_, zero_.data(), indirection_.data());
        built_for_ = image;
      }
      parallel_ranges(plan, pixels, gemm_row_align(config_), double(pixels) * cout_ * patch,
                      [&](size_t begin, size_t end) {
                        copy_taps(indirection_.data() + begin * taps, (end - begin) * taps,
                                  patches_.data() + begin * patch);
                        gemm_rows(patches_.data(), patch, output + n * pixels * cout_, begin, end);
                      });
    }
  }
  // Per image, split over pixel strips: each range widens blocks of its
  // rows' patches straight from the input into its workspace slot (K in
  // kernel-row order, the weights packed to match) and multiplies them.
  void run_conv_rows(const CompiledPlan& plan, const int8_t* input, int8_t* output) {
    const size_t k = kernels::qs8_conv_rows_k(g_, cin_), pixels = g_.output_pixels();
    const size_t in_image = g_.input_height * g_.input_width * cin_;
    for (size_t n = 0; n < batch_; ++n) {
      const int8_t* image = input + n * in_image;
      int8_t* out_image = output + n * pixels * cout_;
      parallel_ranges(plan, pixels, gemm_row_align(config_), double(pixels) * cout_ * k,
                      [&](size_t begin, size_t end) {
                        ScratchSlots<int16_t>::Claim workspace(workspace_);
                        for (size_t m0 = begin; m0 < end; m0 += kernels::kQS8PpmmRowBlock) {
                          const size_t mb = std::min(kernels::kQS8PpmmRowBlock, end - m0);
                          kernels::qs8_packa_conv_rows(g_, cin_, image, zero_[0], m0, mb, workspace.data());
                          kernels::qs8_ppmm_widened(config_, mb, cout_, k, workspace.data(), packed_[0].data(),
                                                    out_image + m0 * cout_, cout_, params_);
                        }
                      });
    }
  }
  // The im2col copy: `count` taps of cin_ (< 8) bytes each, packed. A
  // memcpy of a run-time size per 3-byte tap costs a call each; with the
  // size a template constant the copy is two loads and stores per tap.
  void copy_taps(const int8_t* const* taps, size_t count, int8_t* row) const {
    switch (cin_) {
      case 1: return copy_taps_of<1>(taps, count, row);
      case 2: return copy_taps_of<2>(taps, count, row);
      case 3: return copy_taps_of<3>(taps, count, row);
      case 4: return copy_taps_of<4>(taps, count, row);
      default:
        for (size_t i = 0; i < count; ++i, row += cin_) std::memcpy(row, taps[i], cin_);
    }
  }
  template <size_t kCin>
  static void copy_taps_of(const int8_t* const* taps, size_t count, int8_t* row) {
    for (size_t i = 0; i < count; ++i, row += kCin) std::memcpy(row, taps[i], kCin);
  }
  // Rows [begin, end) of C[rows, cout] = A[rows, k] * W, widening A into a
  // claimed workspace slot.
  void gemm_rows(const int8_t* a, size_t k, int8_t* c, size_t begin, size_t end) {
    ScratchSlots<int16_t>::Claim workspace(workspace_);
    kernels::qs8_gemm(config_, end - begin, cout_, k, a + begin * k, k, packed_[0].data(), c + begin * cout_, cout_,
                      params_, workspace.data());
  }

  kernels::Conv2DGeometry g_;
  size_t batch_, cin_, cout_, groups_;
  std::vector<std::vector<char>> packed_;
  kernels::QS8RequantParams params_;
  ConvMode mode_;
  std::string what_;
  kernels::QS8GemmConfig config_;
  std::vector<int8_t> zero_;
  std::vector<const int8_t*> indirection_;
  ScratchSlots<int16_t> workspace_;  // rows of A widened for the ppmm kernel
  std::vector<int8_t> patches_;      // kIm2col: [pixels, taps * cin]
  const int8_t* built_for_ = nullptr;
  const int8_t* rows_input_ = nullptr;  // this run's, for run_rows
  int8_t* rows_output_ = nullptr;
};

class Qs8DwconvStep : public Step, public RowSteps {
 public:
  Qs8DwconvStep(kernels::Conv2DGeometry g, size_t batch, size_t channels, DwconvChoice kernel,
                std::vector<char> packed, int32_t x_zero_point, kernels::QS8RequantParams params, std::string what)
      : g_(g), batch_(batch), channels_(channels), packed_(std::move(packed)), params_(params), what_(std::move(what)),
        zero_(channels + 16, static_cast<int8_t>(x_zero_point)), indirection_(checked_indirection_pointers(g, 1)),
        kernel_(kernel) {
    if (batch == 1) row_steps = this;
  }

  void run(CompiledPlan& plan) override {
    if (batch_ == 1) return run_rows_job(plan, *this);
    const double work = prepare(plan);
    parallel_image_strips(plan, batch_, g_.output_pixels(), kPixelBlock, work,
                          [&](size_t n, size_t first, size_t last) { pixels_of(n, first, last); });
  }
  // One image's output pixels as rows (runtime/joined_rows.h: the 1x1 conv
  // after it joins its job).
  void prepare_rows(CompiledPlan& plan, Rows* rows) override {
    const double work = prepare(plan);
    *rows = Rows{g_.output_pixels(), kPixelBlock, work};
  }
  void run_rows(size_t begin, size_t end) override { pixels_of(0, begin, end); }
  static constexpr size_t kPixelBlock = 8;
  std::string describe() const override { return what_ + " -> qs8 dwconv " + kernel_.name; }

 private:
  // This run's pointers; returns the step's work for the cost model.
  double prepare(CompiledPlan& plan) {
    input_ = plan.data<const int8_t>(inputs[0]);
    output_ = plan.data<int8_t>(outputs[0]);
    if (!built_for_) {
      kernels::dwconv_indirection_init(g_, input_, channels_, zero_.data(), indirection_.data());
      built_for_ = input_;
    }
    rebase_ = reinterpret_cast<uintptr_t>(input_) - reinterpret_cast<uintptr_t>(built_for_);
    const size_t taps = g_.kernel_size(), pixels = g_.output_pixels();
    const size_t in_image = g_.input_height * g_.input_width * channels_;
    // Work split over (image, block of output pixels): the kernel computes
    // each pixel alone, in integers, so any block size gives the same bits.
    // Its cost: the multiply-adds, or where they are few, the bytes it moves
    // (as the f32 depthwise step counts it). MobileNetV2's 576-channel
    // 14x14 -> 7x7 layer (254 K multiply-adds) ran alone on the caller,
    // which read half its input from the other core: 0.024 ms in a 1-thread
    // run, 0.033 ms in a 2-thread one, and the 1x1 conv after it then read
    // all of its input from the caller's core (1.24x on 2 threads).
    const double bytes = double(batch_) * double(in_image + pixels * channels_);
    return std::max(double(batch_) * pixels * channels_ * taps, bytes_moved_work(bytes));
  }
  // Output pixels [first, last) of image n.
  void pixels_of(size_t n, size_t first, size_t last) {
    const size_t taps = g_.kernel_size(), pixels = g_.output_pixels();
    const size_t in_image = g_.input_height * g_.input_width * channels_;
    kernel_.fn(channels_, last - first, taps, indirection_.data() + first * taps, packed_.data(),
               output_ + (n * pixels + first) * channels_, taps * sizeof(void*), 0, rebase_ + n * in_image,
               zero_.data(), &params_);
  }
  kernels::Conv2DGeometry g_;
  size_t batch_, channels_;
  std::vector<char> packed_;
  kernels::QS8RequantParams params_;
  std::string what_;
  std::vector<int8_t> zero_;
  std::vector<const int8_t*> indirection_;
  DwconvChoice kernel_;
  const int8_t* built_for_ = nullptr;
  const int8_t* input_ = nullptr;  // this run's (prepare)
  int8_t* output_ = nullptr;
  size_t rebase_ = 0;
};

struct ConvMatch {
  QuantizedActivation x;
  QuantizedWeights w;
  std::vector<int32_t> bias;
  QuantizedOutput y;
  size_t groups = 1;
};

bool match_conv(LoweringContext& ctx, int node_index, ConvMatch* m) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "Conv" || node.inputs.size() < 2) return false;
  if (!match_dq_activation(ctx.graph, node.inputs[0], &m->x)) return false;
  const Value& xq = ctx.graph.value(m->x.q_value);
  if (xq.shape.size() != 4 || !xq.has_shape) return false;
  if (!match_dq_weights(ctx.graph, node.inputs[1], 0, &m->w) || m->w.shape.size() != 4) return false;
  const size_t cout = static_cast<size_t>(m->w.shape[0]);
  const int bias = node.inputs.size() > 2 ? node.inputs[2] : -1;
  if (!quantized_bias(ctx.graph, bias, cout, m->x.params.scale, m->w, &m->bias)) return false;
  m->groups = static_cast<size_t>(node.attr_int("group", 1));
  const size_t cin = static_cast<size_t>(xq.shape[1]);
  // cin == 0 (a degenerate conv) stays on the float path, as the Gemm step
  // refuses k == 0: the ppmm kernels take at least one K pair.
  if (cin == 0 || m->groups == 0 || cin % m->groups != 0 || cout % m->groups != 0) return false;
  if (static_cast<size_t>(m->w.shape[1]) * m->groups != cin) return false;
  const bool depthwise = m->groups > 1 && m->groups == cin && cout == cin;
  if (depthwise && static_cast<size_t>(m->w.shape[2] * m->w.shape[3]) > kDwconvMaxTaps) return false;
  return match_quantized_output(ctx, node.outputs[0], &m->y);
}

}  // namespace

bool qs8_conv_matches(LoweringContext& ctx, int node_index) {
  ConvMatch m;
  return match_conv(ctx, node_index, &m);
}

std::unique_ptr<Step> lower_qs8_conv(LoweringContext& ctx, int node_index) {
  ConvMatch m;
  if (!match_conv(ctx, node_index, &m)) return nullptr;
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  const Shape x = ctx.graph.value(m.x.q_value).shape;
  const Shape y = ctx.graph.value(m.y.q_value).shape;
  const size_t cin = static_cast<size_t>(x[1]), cout = static_cast<size_t>(m.w.shape[0]);
  const Window2D win = resolve_window_2d(ctx, node_index, m.w.shape[2], m.w.shape[3]);
  const kernels::Conv2DGeometry g = conv2d_geometry(x, win);
  NNSLIM_CHECK(g.output_height == static_cast<size_t>(y[2]) && g.output_width == static_cast<size_t>(y[3]),
               ErrorCode::Internal, node.describe(), ": internal: conv geometry disagrees with shape inference");
  const std::vector<float> scales = requant_scales(m.x.params.scale, m.w, cout, m.y.params.scale);
  const kernels::QS8RequantParams params = kernels::qs8_requant_params(m.y.params.zero_point, m.y.qmin, m.y.qmax);
  const size_t ks = g.kernel_size(), group_in = cin / m.groups, group_out = cout / m.groups;
  const int32_t zx = m.x.params.zero_point;
  const std::string what = "Conv" + m.y.activation + " (QDQ)";

  const bool pointwise = ks == 1 && win.sh == 1 && win.sw == 1 && win.pad_top == 0 && win.pad_left == 0 &&
                         win.pad_bottom == 0 && win.pad_right == 0 && m.groups == 1;
  // NHWC pixels are the rows; OIHW 1x1: W(o, c) = w[o * cin + c].
  const Qs8Dot7Weights w7{cout, cin, m.w.data, cin, 1, m.bias.data(), scales.data(), zx};
  const Dot7Form dot7 = pointwise ? qs8_dot7_form(ctx.graph, m.x.q_value, w7) : Dot7Form::None;
  std::unique_ptr<Step> step;
  if (m.groups > 1 && group_in == 1 && group_out == 1) {
    std::vector<char> packed;
    const DwconvChoice kernel = choose_dwconv(g, cin, m.w.data, m.bias.data(), scales.data(), zx, params, &packed);
    step = std::make_unique<Qs8DwconvStep>(g, static_cast<size_t>(x[0]), cin, kernel, std::move(packed), zx, params,
                                           what);
    step->weight_info.reason = "int8 depthwise conv: weights and activations quantized";
  } else if (dot7 != Dot7Form::None) {
    step = make_qs8_dot7_step(dot7, static_cast<size_t>(x[0]) * g.output_pixels(), w7, params, what, "qs8 gemm (1x1)");
    step->weight_info.reason = str("int8 GEMM (1x1 conv): weights and activations quantized; ", qs8_dot7_reason(dot7));
  } else {
    const bool im2col = !pointwise && m.groups == 1 && cin < kernels::kQS8GemmKBlock;
    const kernels::QS8GemmConfig config = kernels::qs8_gemm_default_config();
    const size_t nr = config.nr;
    // The kernel-row packing writes the interleaved 4-row strips only.
    const bool conv_rows = im2col && config.ppmm != nullptr && config.ppmm_interleaved && config.ppmm_mr == 4 &&
                           kernels::qs8_conv_rows_supported(g, cin);
    std::vector<std::vector<char>> packed(m.groups);
    if (conv_rows) {
      // K in kernel-row order (qs8-packa-conv.h): tap (r, s), channel c is
      // byte s * cin + c of kernel row r's run; positions no tap maps to
      // (whole tails' repeated bytes) keep weight 0.
      const size_t k = kernels::qs8_conv_rows_k(g, cin);
      std::vector<int8_t> w(cout * k);
      for (size_t o = 0; o < cout; ++o)
        for (size_t t = 0; t < ks; ++t)
          for (size_t c = 0; c < cin; ++c)
            w[o * k + kernels::qs8_conv_rows_k_index(g, cin, t / g.kernel_width, (t % g.kernel_width) * cin + c)] =
                m.w.data[(o * cin + c) * ks + t];
      packed[0].resize(kernels::qs8_packw_size(nr, cout, 1, k));
      kernels::qs8_packw(nr, cout, 1, k, w.data(), k, 0, 1, m.bias.data(), scales.data(), zx, packed[0].data());
    } else if (im2col) {
      // K ordered (tap, channel) like a patch row: W(o, tap * cin + c) = w[o, c, tap].
      std::vector<int8_t> w(cout * ks * cin);
      for (size_t o = 0; o < cout; ++o)
        for (size_t t = 0; t < ks; ++t)
          for (size_t c = 0; c < cin; ++c) w[(o * ks + t) * cin + c] = m.w.data[(o * cin + c) * ks + t];
      packed[0].resize(kernels::qs8_packw_size(nr, cout, 1, ks * cin));
      kernels::qs8_packw(nr, cout, 1, ks * cin, w.data(), ks * cin, 0, 1, m.bias.data(), scales.data(), zx,
                         packed[0].data());
    } else {
      for (size_t grp = 0; grp < m.groups; ++grp) {
        packed[grp].resize(kernels::qs8_packw_size(nr, group_out, ks, group_in));
        // OIHW: W(o, tap, c) = w[o * group_in * ks + c * ks + tap].
        kernels::qs8_packw(nr, group_out, ks, group_in, m.w.data + grp * group_out * group_in * ks, group_in * ks, 1,
                           ks, m.bias.data() + grp * group_out, scales.data() + grp * group_out, zx,
                           packed[grp].data());
      }
    }
    const ConvMode mode = pointwise   ? ConvMode::kPointwise
                          : conv_rows ? ConvMode::kConvRows
                          : im2col    ? ConvMode::kIm2col
                                      : ConvMode::kIgemm;
    // The GEMM modes' ppmm kernel clamps below in int8 when no accumulator
    // can leave the magic bias's exact range (qs8-gemm.h): the same bits,
    // an int8 max per 16 outputs instead of four int32 ones, or no clamp
    // instruction for the whole int8 range (the narrows saturate to it).
    const size_t packed_k = mode == ConvMode::kPointwise ? cin
                            : conv_rows                  ? kernels::qs8_conv_rows_k(g, cin)
                                                         : ks * cin;
    const bool i8min =
        mode != ConvMode::kIgemm && kernels::qs8_packw_accumulators_fit(nr, cout, 1, packed_k, packed[0].data());
    step = std::make_unique<Qs8ConvStep>(g, static_cast<size_t>(x[0]), cin, cout, m.groups, std::move(packed), zx,
                                         params, mode, what, i8min);
    step->weight_info.reason = pointwise ? "int8 GEMM (1x1 conv): weights and activations quantized"
                                         : "int8 conv: weights and activations quantized";
  }
  step->inputs = {ctx.need_nhwc(m.x.q_value)};
  step->outputs = {ctx.produce_nhwc(m.y.q_value)};
  step->layer = node.layer.empty() ? node.name : node.layer;
  take_quantized_output(ctx, m.y);
  return step;
}

}  // namespace nnslim
