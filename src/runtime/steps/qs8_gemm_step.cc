#include "runtime/steps/qs8_gemm_step.h"

#include "core/format.h"
#include "kernels/qs8-gemm/qs8-gemm-driver.h"
#include "kernels/qs8-gemm/qs8-gemv-sra.h"
#include "runtime/parallel.h"
#include "runtime/scratch_slots.h"
#include "runtime/steps/qdq_match.h"
#include "runtime/steps/qs8_dot7_step.h"

namespace nnslim {

namespace {

class Qs8GemmStep : public Step {
 public:
  Qs8GemmStep(size_t m, size_t n, size_t k, std::vector<char> packed, kernels::QS8RequantParams params,
              std::string what)
      : m_(m), n_(n), k_(k), packed_(std::move(packed)), params_(params), what_(std::move(what)),
        config_(kernels::qs8_gemm_default_config()),
        workspace_(kernels::qs8_gemm_workspace_size(config_, m, k)) {}
  void run(CompiledPlan& plan) override {
    const int8_t* a = plan.data<const int8_t>(inputs[0]);
    int8_t* c = plan.data<int8_t>(outputs[0]);
    // Ranges of whole strips (the ppmm tile, else MR): the driver makes the
    // same kernel calls on each as on the whole, widening the range's rows
    // into a claimed workspace slot.
    const size_t align = config_.ppmm != nullptr ? config_.ppmm_mr : config_.mr;
    parallel_ranges(plan, m_, align, double(m_) * n_ * k_, [&](size_t begin, size_t end) {
      ScratchSlots<int16_t>::Claim workspace(workspace_);
      kernels::qs8_gemm(config_, end - begin, n_, k_, a + begin * k_, k_, packed_.data(), c + begin * n_, n_, params_,
                        workspace.data());
    });
  }
  std::string describe() const override { return what_ + " -> qs8 gemm " + config_.name; }

 private:
  size_t m_, n_, k_;
  std::vector<char> packed_;
  kernels::QS8RequantParams params_;
  std::string what_;
  kernels::QS8GemmConfig config_;
  ScratchSlots<int16_t> workspace_;  // rows of A widened for the ppmm kernel
};

// M = 1 (a batch-1 dense layer): the GEMV kernel on the sra packing
// (kernels/qs8-gemm/qs8-gemv-sra.h: int8 weights two per int16 lane, the
// bytes of the int8 packing to stream, one widening op per 16 weights), one
// call per range of NR panels, each range widening the input row into a
// claimed slot first (K int16 values and their sum: a few hundred cycles
// against the range's K x NR MACs). Same integer sums and requantization as
// the GEMM path: the same bits.
class Qs8GemvStep : public Step {
 public:
  Qs8GemvStep(size_t n, size_t k, std::vector<char> packed, kernels::QS8RequantParams params, std::string what)
      : n_(n), k_(k), packed_(std::move(packed)), params_(params), what_(std::move(what)),
        kernel_(kernels::qs8_gemv_sra_default_ukernel()), workspace_(kernels::qs8_gemv_sra_input_size(k)) {}
  void run(CompiledPlan& plan) override {
    const int8_t* a = plan.data<const int8_t>(inputs[0]);
    int8_t* c = plan.data<int8_t>(outputs[0]);
    const size_t panel_bytes = kernels::qs8_packw_sra_size(kernel_.nr, kernel_.nr, k_);
    parallel_ranges(plan, n_, kernel_.nr, double(n_) * k_, [&](size_t n0, size_t n1) {
      ScratchSlots<int16_t>::Claim workspace(workspace_);
      const int32_t a_sum = kernels::qs8_gemv_sra_widen_input(k_, a, workspace.data());
      kernel_.fn(n1 - n0, k_, workspace.data(), a_sum, packed_.data() + n0 / kernel_.nr * panel_bytes, c + n0,
                 &params_);
    });
  }
  std::string describe() const override { return what_ + " -> qs8 gemv " + kernel_.name; }

 private:
  size_t n_, k_;
  std::vector<char> packed_;
  kernels::QS8RequantParams params_;
  std::string what_;
  kernels::QS8GemvSraUkernelInfo kernel_;
  ScratchSlots<int16_t> workspace_;  // the input row widened to int16
};

struct GemmMatch {
  QuantizedActivation a;
  QuantizedWeights w;
  std::vector<int32_t> bias;
  QuantizedOutput y;
  bool trans_b = false;
  size_t m = 0, n = 0, k = 0;
  bool bias_add = false;  // a MatMul whose row bias comes from the Add after it
};

// x W + b written as MatMul -> Add(b [N]) (the quantize pass leaves the
// MatMul's output float and writes b as int32 codes at s_x * s_w behind a
// DequantizeLinear; a float constant b is rounded to that grid here): the
// Add's node index, and b in *bias; else -1.
int matmul_bias_add(const LoweringContext& ctx, int value, size_t n, int* bias) {
  for (int o : ctx.graph.outputs)
    if (o == value) return -1;
  if (ctx.consumers[static_cast<size_t>(value)] != 1) return -1;
  const std::vector<int> readers = ctx.consumer_nodes(value);
  if (readers.size() != 1) return -1;
  const Node& add = ctx.graph.nodes[static_cast<size_t>(readers[0])];
  if (add.op_type != "Add" || !add.domain.empty() || add.inputs.size() != 2 || add.outputs.size() != 1) return -1;
  const int other = add.inputs[0] == value ? add.inputs[1] : add.inputs[0];
  if (other == value || other < 0) return -1;
  const Value& b = ctx.graph.value(other);
  const Shape& dims = b.constant ? b.constant->dims : b.shape;
  if ((!b.constant && !b.has_shape) || dims != Shape{static_cast<int64_t>(n)}) return -1;
  *bias = other;
  return readers[0];
}

bool match_gemm(LoweringContext& ctx, int node_index, GemmMatch* g) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  const bool is_gemm = node.op_type == "Gemm";
  if ((!is_gemm && node.op_type != "MatMul") || node.inputs.size() < 2) return false;
  if (is_gemm && (node.attr_int("transA", 0) != 0 || node.attr_float("alpha", 1.f) != 1.f ||
                  node.attr_float("beta", 1.f) != 1.f))
    return false;
  g->trans_b = is_gemm && node.attr_int("transB", 0) != 0;
  if (!match_dq_activation(ctx.graph, node.inputs[0], &g->a)) return false;
  const Value& a = ctx.graph.value(g->a.q_value);
  if (!a.has_shape || a.shape.size() < 2 || (is_gemm && a.shape.size() != 2)) return false;
  // Output channels: W [N, K] (transB) along axis 0, W [K, N] along axis 1.
  if (!match_dq_weights(ctx.graph, node.inputs[1], g->trans_b ? 0 : 1, &g->w) || g->w.shape.size() != 2) return false;
  g->k = static_cast<size_t>(a.shape.back());
  g->m = 1;
  for (size_t i = 0; i + 1 < a.shape.size(); ++i) g->m *= static_cast<size_t>(a.shape[i]);
  g->n = static_cast<size_t>(g->w.shape[g->trans_b ? 0 : 1]);
  if (static_cast<size_t>(g->w.shape[g->trans_b ? 1 : 0]) != g->k || g->m == 0 || g->n == 0 || g->k == 0) return false;
  int bias = is_gemm && node.inputs.size() > 2 ? node.inputs[2] : -1;
  if (bias >= 0 && ctx.graph.value(bias).shape.size() > 1) return false;  // only a [N] row bias
  int output = node.outputs[0];
  const int add = is_gemm ? -1 : matmul_bias_add(ctx, output, g->n, &bias);
  if (add >= 0) output = ctx.graph.nodes[static_cast<size_t>(add)].outputs[0];
  if (!quantized_bias(ctx.graph, bias, g->n, g->a.params.scale, g->w, &g->bias)) return false;
  if (!match_quantized_output(ctx, output, &g->y)) return false;
  g->bias_add = add >= 0;
  if (g->bias_add) g->y.fused_nodes.push_back(add);
  return true;
}

}  // namespace

bool qs8_gemm_matches(LoweringContext& ctx, int node_index) {
  GemmMatch g;
  return match_gemm(ctx, node_index, &g);
}

std::unique_ptr<Step> lower_qs8_gemm(LoweringContext& ctx, int node_index) {
  GemmMatch g;
  if (!match_gemm(ctx, node_index, &g)) return nullptr;
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  const std::vector<float> scales = requant_scales(g.a.params.scale, g.w, g.n, g.y.params.scale);
  const kernels::QS8RequantParams params = kernels::qs8_requant_params(g.y.params.zero_point, g.y.qmin, g.y.qmax);
  const std::string what = node.op_type + (g.bias_add ? "+Add" : "") + g.y.activation + " (QDQ)";
  // W(n, c): [N, K] -> n_stride K, c_stride 1; [K, N] -> n_stride 1, c_stride N.
  const size_t n_stride = g.trans_b ? g.k : 1, c_stride = g.trans_b ? 1 : g.n;
  std::unique_ptr<Step> step;
  int64_t packed_bytes = 0;
  const Qs8Dot7Weights w7{g.n, g.k, g.w.data, n_stride, c_stride, g.bias.data(), scales.data(), g.a.params.zero_point};
  if (const Dot7Form form = qs8_dot7_form(ctx.graph, g.a.q_value, w7); form != Dot7Form::None) {
    step = make_qs8_dot7_step(form, g.m, w7, params, what, "qs8 gemm");
    step->weight_info.reason = str("int8 GEMM: weights and activations quantized; ", qs8_dot7_reason(form));
  } else if (g.m == 1) {
    const size_t nr = kernels::qs8_gemv_sra_default_ukernel().nr;
    std::vector<char> packed(kernels::qs8_packw_sra_size(nr, g.n, g.k));
    kernels::qs8_packw_sra(nr, g.n, g.k, g.w.data, n_stride, c_stride, g.bias.data(), scales.data(),
                           g.a.params.zero_point, packed.data());
    packed_bytes = static_cast<int64_t>(packed.size());
    step = std::make_unique<Qs8GemvStep>(g.n, g.k, std::move(packed), params, what);
    step->weight_info.reason = "int8 GEMV: weights and activations quantized, one row";
  } else {
    const size_t nr = kernels::qs8_gemm_default_config().nr;
    std::vector<char> packed(kernels::qs8_packw_size(nr, g.n, 1, g.k));
    kernels::qs8_packw(nr, g.n, 1, g.k, g.w.data, n_stride, 0, c_stride, g.bias.data(), scales.data(),
                       g.a.params.zero_point, packed.data());
    packed_bytes = static_cast<int64_t>(packed.size());
    step = std::make_unique<Qs8GemmStep>(g.m, g.n, g.k, std::move(packed), params, what);
    step->weight_info.reason = "int8 GEMM: weights and activations quantized";
  }
  step->inputs = {ctx.need_nchw(g.a.q_value)};
  step->outputs = {g.y.q_value};
  step->layer = node.layer.empty() ? node.name : node.layer;
  step->weight_info.packed_bytes = packed_bytes;
  take_quantized_output(ctx, g.y);
  return step;
}

}  // namespace nnslim
