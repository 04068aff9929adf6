#include "runtime/steps/gemm_step.h"

#include <algorithm>

#include "core/format.h"

#include "kernels/f32-gemm/f32-gemm-driver.h"
#include "kernels/f32-gemv/f32-gemv.h"
#include "kernels/f32-packw/f32-packw.h"
#include "runtime/parallel.h"
#include "runtime/steps/fused_activation.h"
#include "runtime/steps/sparse_matmul_step.h"

namespace nnslim {
namespace {

class GemmStep : public Step {
 public:
  // packed: B packed for config.nr. The workspace for packing A (large
  // config only) is allocated here, never in run().
  GemmStep(size_t m, size_t n, size_t k, const kernels::F32GemmConfig& config, std::vector<float> packed,
           kernels::F32MinMaxParams clamp, std::string what)
      : m_(m), n_(n), k_(k), packed_(std::move(packed)), clamp_(clamp), what_(std::move(what)), config_(config),
        workspace_(kernels::f32_gemm_workspace_size(config, m, k)) {}
  void run(CompiledPlan& plan) override {
    const float* a = plan.data<const float>(inputs[0]);
    float* c = plan.data<float>(outputs[0]);
    // Ranges of whole MR strips: the driver makes the same kernel calls on
    // each as on the whole (packing A into the range's own workspace rows).
    parallel_ranges(plan, m_, config_.mr, double(m_) * n_ * k_, [&](size_t m0, size_t m1) { rows(a, c, m0, m1); });
  }
  std::string describe() const override { return what_ + " -> f32 gemm " + config_.name; }
  ActivationEpilogue epilogue;  // a fused non-clamp activation
  kernels::F32GemmConfig& config() { return config_; }

 private:
  // Rows [begin, end) of C.
  void rows(const float* a, float* c, size_t begin, size_t end) {
    if (!epilogue.active()) {
      kernels::f32_gemm(config_, end - begin, n_, k_, a + begin * k_, k_, packed_.data(), c + begin * n_, n_, clamp_,
                        workspace_.data() + (workspace_.empty() ? 0 : begin * k_));
      return;
    }
    // With a fused activation: strips of rows, each activated while in cache.
    constexpr size_t kStripRows = 64;
    for (size_t m0 = begin; m0 < end; m0 += kStripRows) {
      const size_t rows = std::min(kStripRows, end - m0);
      kernels::f32_gemm(config_, rows, n_, k_, a + m0 * k_, k_, packed_.data(), c + m0 * n_, n_, clamp_,
                        workspace_.data() + (workspace_.empty() ? 0 : m0 * k_));
      epilogue.apply(c + m0 * n_, rows, n_);
    }
  }
  size_t m_, n_, k_;
  std::vector<float> packed_;
  kernels::F32MinMaxParams clamp_;
  std::string what_;
  kernels::F32GemmConfig config_;
  std::vector<float> workspace_;
};

// M = 1 (a batch-1 fully connected layer): one GEMV kernel call that streams
// the packed weights once, front to back (src/kernels/f32-gemv).
class GemvStep : public Step {
 public:
  GemvStep(size_t n, size_t k, std::vector<float> packed, kernels::F32MinMaxParams clamp, std::string what)
      : n_(n), k_(k), packed_(std::move(packed)), clamp_(clamp), what_(std::move(what)),
        kernel_(kernels::f32_gemv_default_ukernel()) {}
  void run(CompiledPlan& plan) override {
    const float* a = plan.data<const float>(inputs[0]);
    float* c = plan.data<float>(outputs[0]);
    // Ranges of whole NR panels of the packed weights (K + 1 floats each
    // column: the bias, then K weights).
    parallel_ranges(plan, n_, kernel_.nr, double(n_) * k_, [&](size_t n0, size_t n1) {
      kernel_.fn(n1 - n0, k_ * sizeof(float), a, packed_.data() + n0 * (k_ + 1), c + n0, &clamp_);
    });
    epilogue.apply(c, 1, n_);  // (a PRelu epilogue's slopes start at column 0)
  }
  std::string describe() const override { return what_ + " -> f32 gemv " + kernel_.name; }
  const char* kernel_name() const { return kernel_.name; }
  ActivationEpilogue epilogue;  // a fused non-clamp activation

 private:
  size_t n_, k_;
  std::vector<float> packed_;
  kernels::F32MinMaxParams clamp_;
  std::string what_;
  kernels::F32GemvUkernelInfo kernel_;
};

const Tensor* float_constant(const Graph& graph, int value) {
  if (value < 0) return nullptr;
  const Value& v = graph.value(value);
  if (!v.constant || !v.constant->materialized() || v.constant->dtype != DType::Float32) return nullptr;
  return v.constant.get();
}

// MatMul (or Gemm without C) followed by an Add of a constant row vector
// [N] / [1, ..., 1, N]: how tf2onnx and the PyTorch exporter write Dense /
// Linear layers. The vector joins the packed bias and the Add needs no step.
// Returns the value the fused step writes (the Add's output), else `value`.
int take_fused_bias_add(LoweringContext& ctx, int value, size_t n, std::vector<float>& bias) {
  if (ctx.consumers[static_cast<size_t>(value)] != 1) return value;
  for (int out : ctx.graph.outputs)
    if (out == value) return value;
  const std::vector<int> users = ctx.consumer_nodes(value);
  if (users.size() != 1) return value;
  const Node& add = ctx.graph.nodes[static_cast<size_t>(users[0])];
  if (add.op_type != "Add" || add.inputs.size() != 2 || add.outputs.size() != 1 || add.inputs[0] == add.inputs[1])
    return value;
  const Tensor* row = float_constant(ctx.graph, add.inputs[0] == value ? add.inputs[1] : add.inputs[0]);
  const Shape& shape = ctx.graph.value(value).shape;
  if (!row || row->dims.empty() || row->dims.size() > shape.size() || row->dims.back() != static_cast<int64_t>(n) ||
      row->numel() != static_cast<int64_t>(n))
    return value;  // (numel == N with last dim N: every leading dim is 1, so the shape is unchanged)
  for (size_t j = 0; j < n; ++j) bias[j] += row->data<float>()[j];
  ctx.node_done[static_cast<size_t>(users[0])] = true;
  return add.outputs[0];
}

}  // namespace

bool take_gemm_operands(LoweringContext& ctx, int node_index, const Shape& b_dims, GemmOperands* out) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  const bool is_gemm = node.op_type == "Gemm";
  if ((!is_gemm && node.op_type != "MatMul") || b_dims.size() != 2) return false;
  const Value& a = ctx.graph.value(node.inputs[0]);
  if (a.dtype != DType::Float32 || a.constant || a.shape.size() < 2) return false;
  GemmOperands g;
  float beta = 1.f;
  if (is_gemm) {
    if (node.attr_int("transA", 0) != 0) return false;
    g.trans_b = node.attr_int("transB", 0) != 0;
    g.alpha = node.attr_float("alpha", 1.f);
    beta = node.attr_float("beta", 1.f);
  }
  g.k = static_cast<size_t>(a.shape.back());
  g.m = 1;
  for (size_t i = 0; i + 1 < a.shape.size(); ++i) g.m *= static_cast<size_t>(a.shape[i]);
  g.n = static_cast<size_t>(g.trans_b ? b_dims[0] : b_dims[1]);
  if (static_cast<size_t>(g.trans_b ? b_dims[1] : b_dims[0]) != g.k || g.m == 0 || g.n == 0 || g.k == 0) return false;

  // Bias = beta * C, with C broadcast along rows: only [N], [1, N] or a scalar.
  g.bias.assign(g.n, 0.f);
  const bool has_c = is_gemm && node.inputs.size() > 2 && node.inputs[2] >= 0;
  if (has_c) {
    const Tensor* c = float_constant(ctx.graph, node.inputs[2]);
    if (!c) return false;
    const int64_t numel = c->numel();
    const bool row =
        numel == static_cast<int64_t>(g.n) && (c->dims.size() == 1 || (c->dims.size() == 2 && c->dims[0] == 1));
    if (!row && numel != 1) return false;
    for (size_t j = 0; j < g.n; ++j) g.bias[j] = beta * c->data<float>()[row ? j : 0];
  }
  g.output = has_c ? node.outputs[0] : take_fused_bias_add(ctx, node.outputs[0], g.n, g.bias);
  g.fused_add = g.output != node.outputs[0];
  *out = std::move(g);
  return true;
}

std::unique_ptr<Step> lower_gemm(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "Gemm" && node.op_type != "MatMul") return nullptr;
  const Tensor* b = float_constant(ctx.graph, node.inputs[1]);
  GemmOperands g;
  if (!b || !take_gemm_operands(ctx, node_index, b->dims, &g)) return nullptr;
  const Value& a = ctx.graph.value(node.inputs[0]);
  const size_t m = g.m, n = g.n, k = g.k;
  const bool trans_b = g.trans_b;
  std::vector<float>& bias = g.bias;
  const int biased = g.output;
  std::vector<float> scaled;
  const float* b_data = b->data<float>();
  if (g.alpha != 1.f) {
    scaled.assign(b_data, b_data + b->numel());
    for (float& x : scaled) x *= g.alpha;
    b_data = scaled.data();
  }
  FusedActivation act = take_fused_activation(ctx, biased, n, a.shape.size() - 1);
  const std::string what = node.op_type + (g.fused_add ? "+Add" : "") + act.name();
  const int input = ctx.need_nchw(node.inputs[0]);
  const std::string layer = node.layer.empty() ? node.name : node.layer;
  // W[o][i]: B is [K, N], or [N, K] with transB.
  const ConstantMatrix matrix{b_data, n, k, trans_b ? k : 1, trans_b ? 1 : n, bias.data()};
  StepWeightInfo weight_info;
  if (choose_sparse_kernel(m, matrix, &weight_info)) {
    std::unique_ptr<Step> sparse = make_sparse_matmul_step(m, matrix, act.clamp, act.epilogue, what, weight_info);
    sparse->inputs = {input};
    sparse->outputs = {act.output};
    sparse->layer = layer;
    return sparse;
  }
  // One row (batch 1): the GEMV kernel; else the tile measured best for the
  // shape (f32-gemm-driver.h: 4x8 on packed A when M, N, K >= 256, 2x16
  // otherwise). Both take the same packed layout, for their own NR.
  const kernels::F32GemmConfig config = kernels::f32_gemm_select_config(m, n, k);
  const size_t nr = m == 1 ? kernels::f32_gemv_default_ukernel().nr : config.nr;
  std::vector<float> packed(kernels::f32_packw_gemm_size(n, k, nr));
  if (trans_b)
    kernels::f32_packw_gemm_goi(nr, n, k, b_data, k, bias.data(), packed.data());
  else
    kernels::f32_packw_gemm_gio(nr, n, k, b_data, n, bias.data(), packed.data());

  const int64_t packed_bytes = static_cast<int64_t>(packed.size() * sizeof(float));
  std::unique_ptr<Step> step;
  if (m == 1) {
    auto gemv = std::make_unique<GemvStep>(n, k, std::move(packed), act.clamp, what);
    gemv->epilogue = act.epilogue;
    weight_info.kernel = str("f32 gemv ", gemv->kernel_name());
    step = std::move(gemv);
  } else {
    auto gemm = std::make_unique<GemmStep>(m, n, k, config, std::move(packed), act.clamp, what);
    gemm->epilogue = act.epilogue;
    weight_info.kernel = str("f32 gemm ", config.name);
    step = std::move(gemm);
  }
  step->weight_info = weight_info;  // dense: choose_sparse_kernel's facts and reason
  step->weight_info.packed_bytes = packed_bytes;
  step->inputs = {input};
  step->outputs = {act.output};
  step->layer = layer;
  return step;
}

}  // namespace nnslim
