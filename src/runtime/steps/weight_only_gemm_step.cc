#include "runtime/steps/weight_only_gemm_step.h"

#include <algorithm>

#include "core/format.h"
#include "kernels/f32-gemm/f32-gemm-driver.h"
#include "kernels/f32-qc8w-gemm/f32-qc8w-gemm.h"
#include "runtime/parallel.h"
#include "runtime/scratch_slots.h"
#include "runtime/steps/conv_step.h"
#include "runtime/steps/fused_activation.h"
#include "runtime/steps/gemm_step.h"
#include "runtime/steps/qdq_match.h"

namespace nnslim {
namespace {

// C[1, N] = clamp(a * dequant(W) + bias): the row is quantized to int16
// (f32_qc8w_quantize_row_int16, on the calling thread), then one integer-dot
// GEMV call per range of NR panels (the panels are independent, so any
// split gives the same bits). A row with a NaN or an infinity runs the
// scalar f32 GEMV on the same packing instead (NaN and inf behave as on the
// f32 path).
class WeightOnlyGemvStep : public Step {
 public:
  static constexpr size_t kNr = 16;  // the dot16 kernel's panel

  WeightOnlyGemvStep(size_t n, size_t k, std::vector<char> packed, kernels::F32MinMaxParams clamp, std::string what)
      : n_(n), k_(k), packed_(std::move(packed)), clamp_(clamp), what_(std::move(what)),
        a_q_(kernels::round_up(k, 2)) {}
  void run(CompiledPlan& plan) override {
    const float* a = plan.data<const float>(inputs[0]);
    float* c = plan.data<float>(outputs[0]);
    const float a_scale = kernels::f32_qc8w_quantize_row_int16(k_, a, a_q_.data());
    if (a_scale == 0.0f) {
      kernels::f32_qc8w_gemv_c2__scalar(n_, k_, a, packed_.data(), c, &clamp_);
    } else {
      const size_t panel_bytes = kernels::f32_qc8w_c2_panel_bytes(kNr, k_);
      parallel_ranges(plan, n_, kNr, double(n_) * k_, [&](size_t n0, size_t n1) {
        kernels::f32_qc8w_gemv_dot16_ukernel_1x16__wasmsimd(n1 - n0, k_, a_q_.data(), a_scale,
                                                            packed_.data() + n0 / kNr * panel_bytes, c + n0, &clamp_);
      });
    }
    epilogue.apply(c, 1, n_);
  }
  std::string describe() const override { return what_ + " -> f32 x int8 gemv (int16 dot) 1x16"; }
  ActivationEpilogue epilogue;  // a fused non-clamp activation

 private:
  size_t n_, k_;
  std::vector<char> packed_;
  kernels::F32MinMaxParams clamp_;
  std::string what_;
  std::vector<int16_t> a_q_;  // the quantized row
};

// C[M, N] = clamp(A[M, K] * dequant(W) + bias) over tiles of kTileRows rows x
// a block of columns. The tiles are fixed by the shape, not by the thread
// count, and f32_gemm computes every element with the same kernel calls
// whatever the tile: the result is the same bits for any split.
class WeightOnlyGemmStep : public Step {
 public:
  static constexpr size_t kTileRows = 256;  // a multiple of every config's MR
  static constexpr size_t kBlockFloats = 64 * 1024;  // dequantized columns per tile: ~256 KiB

  WeightOnlyGemmStep(size_t m, size_t n, size_t k, const kernels::F32GemmConfig& config, std::vector<char> packed,
                     kernels::F32MinMaxParams clamp, std::string what)
      : m_(m), n_(n), k_(k), config_(config), packed_(std::move(packed)), clamp_(clamp), what_(std::move(what)),
        block_columns_(std::min(kernels::round_up(n, config.nr),
                                std::max(config.nr, kBlockFloats / (k + 1) / config.nr * config.nr))),
        tile_rows_(std::min(m, kTileRows)),
        dequantized_floats_(block_columns_ * (k + 1)),
        scratch_(dequantized_floats_ + kernels::f32_gemm_workspace_size(config, tile_rows_, k)) {}
  void run(CompiledPlan& plan) override {
    const float* a = plan.data<const float>(inputs[0]);
    float* c = plan.data<float>(outputs[0]);
    const size_t row_tiles = kernels::divide_round_up(m_, tile_rows_);
    const size_t column_blocks = kernels::divide_round_up(n_, block_columns_);
    parallel_ranges(plan, row_tiles * column_blocks, 1, double(m_) * n_ * k_, [&](size_t begin, size_t end) {
      ScratchSlots<float>::Claim scratch(scratch_);
      for (size_t t = begin; t < end; ++t) tile(a, c, t / column_blocks, t % column_blocks, scratch.data());
    });
    if (epilogue.active())
      parallel_ranges(plan, row_tiles, 1, double(m_) * n_, [&](size_t begin, size_t end) {
        const size_t r0 = begin * tile_rows_, r1 = std::min(m_, end * tile_rows_);
        epilogue.apply(c + r0 * n_, r1 - r0, n_);
      });
  }
  std::string describe() const override { return what_ + " -> f32 x int8 gemm (dequantized blocks) " + config_.name; }
  ActivationEpilogue epilogue;  // a fused non-clamp activation

 private:
  void tile(const float* a, float* c, size_t row_tile, size_t column_block, float* scratch) const {
    const size_t r0 = row_tile * tile_rows_, rows = std::min(tile_rows_, m_ - r0);
    const size_t c0 = column_block * block_columns_, columns = std::min(block_columns_, n_ - c0);
    const size_t nr = config_.nr;
    kernels::f32_qc8w_dequantize_panels__wasmsimd(nr, k_, kernels::divide_round_up(columns, nr),
                                                  packed_.data() + c0 / nr * kernels::f32_qc8w_panel_bytes(nr, k_),
                                                  scratch);
    float* workspace = scratch + dequantized_floats_;
    kernels::f32_gemm(config_, rows, columns, k_, a + r0 * k_, k_, scratch, c + r0 * n_ + c0, n_, clamp_, workspace);
  }
  size_t m_, n_, k_;
  kernels::F32GemmConfig config_;
  std::vector<char> packed_;
  kernels::F32MinMaxParams clamp_;
  std::string what_;
  size_t block_columns_, tile_rows_, dequantized_floats_;
  ScratchSlots<float> scratch_;  // per thread: a dequantized column block, then the A-packing workspace
};

// The step for C[M, N] = A[M, K] * W + bias with int8 W(n, kk) =
// w[n * n_stride + kk * k_stride] and its scales.
std::unique_ptr<Step> make_weight_only_step(size_t m, size_t n, size_t k, const QuantizedWeights& w, size_t n_stride,
                                            size_t k_stride, float alpha, const std::vector<float>& bias,
                                            const FusedActivation& act, const std::string& what) {
  std::vector<float> scales(w.scales);
  for (float& s : scales) s *= alpha;
  const kernels::F32GemmConfig config = kernels::f32_gemm_select_config(m, n, k);
  std::vector<char> packed;
  if (m == 1) {
    packed.resize(kernels::f32_qc8w_packw_c2_size(WeightOnlyGemvStep::kNr, n, k));
    kernels::f32_qc8w_packw_c2(WeightOnlyGemvStep::kNr, n, k, w.data, n_stride, k_stride, bias.data(), scales.data(),
                               scales.size(), packed.data());
  } else {
    packed.resize(kernels::f32_qc8w_packw_size(config.nr, n, k));
    kernels::f32_qc8w_packw(config.nr, n, k, w.data, n_stride, k_stride, bias.data(), scales.data(), scales.size(),
                            packed.data());
  }
  StepWeightInfo info;
  info.has_weights = true;
  info.weights = static_cast<int64_t>(n * k);
  for (size_t j = 0; j < n; ++j)
    for (size_t kk = 0; kk < k; ++kk) info.zero_weights += w.data[j * n_stride + kk * k_stride] == 0;
  info.dense_macs = info.effective_macs = static_cast<int64_t>(m) * info.weights;
  info.reason = "int8 weights (weight-only quantization), dequantized in the kernel";
  info.packed_bytes = static_cast<int64_t>(packed.size());
  std::unique_ptr<Step> step;
  if (m == 1) {
    auto gemv = std::make_unique<WeightOnlyGemvStep>(n, k, std::move(packed), act.clamp, what);
    gemv->epilogue = act.epilogue;
    info.kernel = "f32 x int8 gemv (int16 dot) 1x16";
    step = std::move(gemv);
  } else {
    auto gemm = std::make_unique<WeightOnlyGemmStep>(m, n, k, config, std::move(packed), act.clamp, what);
    gemm->epilogue = act.epilogue;
    info.kernel = str("f32 x int8 gemm ", config.name);
    step = std::move(gemm);
  }
  step->weight_info = info;
  return step;
}

// Conv with int8 weights [Cout, Cin, 1, 1] (axis 0), 1x1, stride 1, no
// padding, group 1, f32 input of rank 4: a GEMM over the NHWC pixels.
bool match_conv1x1(LoweringContext& ctx, int node_index, QuantizedWeights* w) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "Conv" || node.inputs.size() < 2 || node.attr_int("group", 1) != 1) return false;
  const Value& x = ctx.graph.value(node.inputs[0]);
  if (x.dtype != DType::Float32 || x.shape.size() != 4 || x.constant) return false;
  if (!match_dq_weights(ctx.graph, node.inputs[1], 0, w) || w->shape.size() != 4 || w->shape[2] != 1 ||
      w->shape[3] != 1 || w->shape[1] != x.shape[1])
    return false;
  if (node.inputs.size() > 2 && node.inputs[2] >= 0) {
    const Value& b = ctx.graph.value(node.inputs[2]);
    if (!b.constant || !b.constant->materialized() || b.dtype != DType::Float32 || b.constant->numel() != w->shape[0])
      return false;
  }
  const Window2D win = resolve_window_2d(ctx, node_index, 1, 1);
  return win.sh == 1 && win.sw == 1 && win.pad_top == 0 && win.pad_left == 0 && win.pad_bottom == 0 &&
         win.pad_right == 0;
}

bool match_gemm_weights(LoweringContext& ctx, int node_index, QuantizedWeights* w) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if ((node.op_type != "Gemm" && node.op_type != "MatMul") || node.inputs.size() < 2) return false;
  const bool trans_b = node.op_type == "Gemm" && node.attr_int("transB", 0) != 0;
  // Output channels: W [N, K] (transB) along axis 0, W [K, N] along axis 1.
  return match_dq_weights(ctx.graph, node.inputs[1], trans_b ? 0 : 1, w) && w->shape.size() == 2;
}

}  // namespace

std::unique_ptr<Step> lower_weight_only_gemm(LoweringContext& ctx, int node_index) {
  QuantizedWeights w;
  GemmOperands g;
  if (!match_gemm_weights(ctx, node_index, &w) || !take_gemm_operands(ctx, node_index, w.shape, &g)) return nullptr;
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  const Value& a = ctx.graph.value(node.inputs[0]);
  FusedActivation act = take_fused_activation(ctx, g.output, g.n, a.shape.size() - 1);
  const std::string what = node.op_type + (g.fused_add ? "+Add" : "") + act.name();
  std::unique_ptr<Step> step = make_weight_only_step(g.m, g.n, g.k, w, g.trans_b ? g.k : 1, g.trans_b ? 1 : g.n,
                                                     g.alpha, g.bias, act, what);
  step->inputs = {ctx.need_nchw(node.inputs[0])};
  step->outputs = {act.output};
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

std::unique_ptr<Step> lower_weight_only_conv1x1(LoweringContext& ctx, int node_index) {
  QuantizedWeights w;
  if (!match_conv1x1(ctx, node_index, &w)) return nullptr;
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  const Shape x = ctx.graph.value(node.inputs[0]).shape;  // a copy: need_nhwc may add values
  const size_t cout = static_cast<size_t>(w.shape[0]), cin = static_cast<size_t>(w.shape[1]);
  const size_t pixels = static_cast<size_t>(x[0] * x[2] * x[3]);
  std::vector<float> bias(cout, 0.0f);
  if (node.inputs.size() > 2 && node.inputs[2] >= 0) {
    const float* b = ctx.graph.value(node.inputs[2]).constant->data<float>();
    bias.assign(b, b + cout);
  }
  FusedActivation act = take_fused_activation(ctx, node.outputs[0], cout);
  std::unique_ptr<Step> step = make_weight_only_step(pixels, cout, cin, w, cin, 1, 1.0f, bias, act, "Conv" + act.name());
  step->inputs = {ctx.need_nhwc(node.inputs[0])};
  step->outputs = {ctx.produce_nhwc(act.output)};
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

bool weight_only_matches(LoweringContext& ctx, int node_index) {
  QuantizedWeights w;
  GemmOperands g;
  // (take_gemm_operands may mark a fused Add done: in the caller's
  // throwaway matching context only.)
  return match_conv1x1(ctx, node_index, &w) ||
         (match_gemm_weights(ctx, node_index, &w) && take_gemm_operands(ctx, node_index, w.shape, &g));
}

}  // namespace nnslim
