#include "runtime/steps/qs8_block_sparse_step.h"

#include "core/format.h"
#include "kernels/qs8-bspmm/qs8-bspmm.h"
#include "runtime/parallel.h"
#include "runtime/scratch_slots.h"
#include "runtime/steps/conv_step.h"
#include "runtime/steps/qdq_match.h"

namespace nnslim {
namespace {

// Measured with `node build-wasm/bench/nnslim_bench_qs8_bspmm.cjs
// --cpu-time` (docs/pruning.md, "int8 + block sparsity"): 8x1 block-pruned
// int8 weights against the dense int8 kernels the runtime takes otherwise.
// Over all of MobileNetV2's 1x1 convs (batch 1): 0.86x dense at 30% zero
// blocks, 0.73x at 40%, 0.66x at 50%, 0.39x at 75%, 0.24x at 90%; the MLP
// 784-1024-1024 at batch 8: 0.85x / 0.74x / 0.61x / 0.31x / 0.13x. One row
// (the batch-1 GEMV against the int8 GEMV, which streams int8 weights
// fast): 1.12x at 30%, 0.84x at 50%, 0.68x at 60%, 0.42x at 75%, 0.17x at
// 90%. The thresholds keep each case at or below ~0.75x dense.
constexpr double kThreshold = 0.4;
constexpr double kGemvThreshold = 0.6;
// At least this fraction of the zero weights must lie in all-zero blocks
// (the layer was pruned in blocks), as for the f32 block-sparse rule.
constexpr double kWholeBlockFraction = 0.9;

std::string percent(double fraction) { return str(static_cast<int>(fraction * 1000.0 + 0.5) / 10.0, "%"); }

// The matched node: y_q[rows, n] = requant(x_q[rows, k] * W^T), W[o][i] =
// w.data[o * o_stride + i * i_stride].
struct Match {
  QuantizedActivation x;
  QuantizedWeights w;
  std::vector<int32_t> bias;
  QuantizedOutput y;
  bool conv = false;
  size_t rows = 0, n = 0, k = 0, o_stride = 0, i_stride = 0;
};

bool match_pointwise_conv(LoweringContext& ctx, int node_index, const Node& node, Match* m) {
  if (node.inputs.size() < 2 || node.attr_int("group", 1) != 1) return false;
  if (!match_dq_activation(ctx.graph, node.inputs[0], &m->x)) return false;
  const Value& x = ctx.graph.value(m->x.q_value);
  if (!x.has_shape || x.shape.size() != 4) return false;
  if (!match_dq_weights(ctx.graph, node.inputs[1], 0, &m->w) || m->w.shape.size() != 4) return false;
  if (m->w.shape[2] != 1 || m->w.shape[3] != 1 || m->w.shape[1] != x.shape[1]) return false;
  const Window2D win = resolve_window_2d(ctx, node_index, 1, 1);
  if (win.sh != 1 || win.sw != 1 || win.pad_top != 0 || win.pad_left != 0 || win.pad_bottom != 0 ||
      win.pad_right != 0)
    return false;
  m->conv = true;
  m->n = static_cast<size_t>(m->w.shape[0]);
  m->k = static_cast<size_t>(x.shape[1]);
  m->rows = static_cast<size_t>(x.shape[0] * x.shape[2] * x.shape[3]);
  m->o_stride = m->k;  // OIHW 1x1
  m->i_stride = 1;
  const int bias = node.inputs.size() > 2 ? node.inputs[2] : -1;
  return quantized_bias(ctx.graph, bias, m->n, m->x.params.scale, m->w, &m->bias);
}

bool match_matmul(LoweringContext& ctx, const Node& node, Match* m) {
  const bool gemm = node.op_type == "Gemm";
  if (node.inputs.size() < 2) return false;
  if (gemm && (node.attr_int("transA", 0) != 0 || node.attr_float("alpha", 1.f) != 1.f ||
               node.attr_float("beta", 1.f) != 1.f))
    return false;
  const bool trans_b = gemm && node.attr_int("transB", 0) != 0;
  if (!match_dq_activation(ctx.graph, node.inputs[0], &m->x)) return false;
  const Value& a = ctx.graph.value(m->x.q_value);
  if (!a.has_shape || a.shape.size() < 2 || (gemm && a.shape.size() != 2)) return false;
  // Output channels: W [N, K] (transB) along axis 0, W [K, N] along axis 1.
  if (!match_dq_weights(ctx.graph, node.inputs[1], trans_b ? 0 : 1, &m->w) || m->w.shape.size() != 2) return false;
  m->k = static_cast<size_t>(a.shape.back());
  m->n = static_cast<size_t>(m->w.shape[trans_b ? 0 : 1]);
  if (static_cast<size_t>(m->w.shape[trans_b ? 1 : 0]) != m->k) return false;
  m->rows = 1;
  for (size_t i = 0; i + 1 < a.shape.size(); ++i) m->rows *= static_cast<size_t>(a.shape[i]);
  m->o_stride = trans_b ? m->k : 1;
  m->i_stride = trans_b ? 1 : m->n;
  const int bias = gemm && node.inputs.size() > 2 ? node.inputs[2] : -1;
  if (bias >= 0 && ctx.graph.value(bias).shape.size() > 1) return false;  // only a [N] row bias
  return quantized_bias(ctx.graph, bias, m->n, m->x.params.scale, m->w, &m->bias);
}

bool match(LoweringContext& ctx, int node_index, Match* m) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  const bool matched = node.op_type == "Conv" ? match_pointwise_conv(ctx, node_index, node, m)
                       : node.op_type == "Gemm" || node.op_type == "MatMul" ? match_matmul(ctx, node, m)
                                                                            : false;
  if (!matched || m->rows == 0 || m->n == 0 || m->k == 0 || m->k > UINT32_MAX) return false;
  return match_quantized_output(ctx, node.outputs[0], &m->y);
}

class Qs8BlockSparseStep : public Step {
 public:
  Qs8BlockSparseStep(const Match& m, kernels::QS8BspmmPacked packed, kernels::QS8RequantParams params,
                     std::string what)
      : rows_(m.rows), n_(m.n), k_(m.k), packed_(std::move(packed)), params_(params), what_(std::move(what)),
        kernel_(kernels::qs8_bspmm_default_ukernel()), scratch_(kernels::qs8_bspmm_scratch_size(m.k)) {
    // Block row r's cost for the GEMV's split (runtime/parallel.h,
    // item_at_cost): its pairs of blocks (input_indices holds two entries per
    // pair), plus one for its bias and stores, so the starts strictly increase.
    const size_t block_rows = packed_.pairs.size();
    row_cost_start_.resize(block_rows + 1);
    for (size_t r = 0; r <= block_rows; ++r) row_cost_start_[r] = packed_.index_start[r] / 2 + r;
  }

  void run(CompiledPlan& plan) override {
    const int8_t* input = plan.data<const int8_t>(inputs[0]);
    int8_t* output = plan.data<int8_t>(outputs[0]);
    const size_t block = kernel_.block;
    const double work = double(rows_) * double(packed_.nonzero_blocks * block);
    // Integer sums: any split gives the same bits. One row (the GEMV): whole
    // block rows split by their cost (as the f32 GEMV); more: ranges of
    // pixels in the kernel's groups of 4.
    if (rows_ == 1) {
      parallel_items_by_cost(plan, row_cost_start_, work, [&](size_t row, size_t end_row) {
        const size_t begin = row * block, end = std::min(end_row * block, n_);
        ScratchSlots<int16_t>::Claim scratch(scratch_);
        kernel_.fn(1, end - begin, k_, input, 0, packed_.weights.data() + packed_.weight_start[row],
                   packed_.input_indices.data() + packed_.index_start[row], packed_.pairs.data() + row,
                   output + begin, 0, scratch.data(), &params_);
      });
      return;
    }
    parallel_ranges(plan, rows_, 4, work, [&](size_t begin, size_t end) {
      ScratchSlots<int16_t>::Claim scratch(scratch_);
      kernel_.fn(end - begin, n_, k_, input + begin * k_, k_, packed_.weights.data(), packed_.input_indices.data(),
                 packed_.pairs.data(), output + begin * n_, n_, scratch.data(), &params_);
    });
  }
  std::string describe() const override {
    return str(what_, " -> qs8 bspmm ", kernel_.name, " (", percent(weight_info.sparsity()), " sparse)");
  }

 private:
  size_t rows_, n_, k_;
  kernels::QS8BspmmPacked packed_;
  kernels::QS8RequantParams params_;
  std::string what_;
  kernels::QS8BspmmUkernelInfo kernel_;
  ScratchSlots<int16_t> scratch_;  // per range: 4 pixels' channels widened and transposed
  std::vector<size_t> row_cost_start_;  // the GEMV's cost units before each block row
};

}  // namespace

double qs8_block_sparse_threshold(size_t rows) { return rows == 1 ? kGemvThreshold : kThreshold; }

std::unique_ptr<Step> lower_qs8_block_sparse(LoweringContext& ctx, int node_index) {
  Match m;
  if (!match(ctx, node_index, &m)) return nullptr;
  const size_t block = kernels::qs8_bspmm_default_ukernel().block;
  // Zero blocks of the whole block rows, then of the partial last one (its
  // missing rows count as zeros in the block test, not as zero weights).
  const size_t full = m.n / block * block, tail = m.n - full;
  size_t zero_weights = 0, tail_zero_weights = 0;
  const size_t full_zero =
      kernels::qs8_count_zero_blocks(block, full, m.k, m.w.data, m.o_stride, m.i_stride, &zero_weights);
  const size_t tail_zero = tail ? kernels::qs8_count_zero_blocks(block, tail, m.k, m.w.data + full * m.o_stride,
                                                                 m.o_stride, m.i_stride, &tail_zero_weights)
                                : 0;
  zero_weights += tail_zero_weights;
  const size_t blocks = (m.n + block - 1) / block * m.k, zero_blocks = full_zero + tail_zero;
  const double block_sparsity = double(zero_blocks) / double(blocks);
  const double threshold = qs8_block_sparse_threshold(m.rows);
  if (zero_weights == 0 || block_sparsity < threshold ||
      double(full_zero * block + tail_zero * tail) / double(zero_weights) < kWholeBlockFraction)
    return nullptr;

  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  const std::vector<float> scales = requant_scales(m.x.params.scale, m.w, m.n, m.y.params.scale);
  kernels::QS8BspmmPacked packed = kernels::qs8_bspmm_pack(block, m.n, m.k, m.w.data, m.o_stride, m.i_stride,
                                                           m.bias.data(), scales.data(), m.x.params.zero_point);
  StepWeightInfo info;
  info.has_weights = true;
  info.weights = static_cast<int64_t>(m.n * m.k);
  info.zero_weights = static_cast<int64_t>(zero_weights);
  info.dense_macs = static_cast<int64_t>(m.rows) * info.weights;
  info.effective_macs = static_cast<int64_t>(m.rows * packed.nonzero_blocks * block);
  info.sparse_kernel = true;
  info.sparse_block = static_cast<int64_t>(block);
  info.kernel = std::string("qs8 bspmm ") + kernels::qs8_bspmm_default_ukernel().name;
  info.reason = str(percent(block_sparsity), " of the int8 weights' 8x1 blocks zero, at or above the ", percent(threshold),
                    m.rows == 1 ? " from which the block-sparse GEMV beats the dense int8 one (measured)"
                                : " from which the block-sparse kernel beats the dense int8 GEMM (measured)");
  info.packed_bytes = static_cast<int64_t>(packed.weights.size() + packed.input_indices.size() * sizeof(uint32_t) +
                                           packed.pairs.size() * sizeof(uint32_t));
  const kernels::QS8RequantParams params = kernels::qs8_requant_params(m.y.params.zero_point, m.y.qmin, m.y.qmax);
  auto step = std::make_unique<Qs8BlockSparseStep>(m, std::move(packed), params,
                                                   node.op_type + m.y.activation + " (QDQ)");
  step->weight_info = std::move(info);
  step->inputs = {m.conv ? ctx.need_nhwc(m.x.q_value) : ctx.need_nchw(m.x.q_value)};
  step->outputs = {m.conv ? ctx.produce_nhwc(m.y.q_value) : m.y.q_value};
  step->layer = node.layer.empty() ? node.name : node.layer;
  take_quantized_output(ctx, m.y);
  return step;
}

}  // namespace nnslim
