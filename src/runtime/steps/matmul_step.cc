#include "runtime/steps/matmul_step.h"

#include "core/error.h"
#include "core/tensor.h"
#include "kernels/f32-gemm/f32-gemm-driver.h"
#include "kernels/f32-packw/f32-packw.h"
#include "runtime/steps/fused_activation.h"

namespace nnslim {
namespace {

// For each entry of the broadcast batch `batch` (row-major), the index of the
// matrix of an operand whose batch dims are `dims` (right-aligned, size-1
// dims repeat).
std::vector<size_t> broadcast_matrix_index(const Shape& dims, const Shape& batch) {
  const size_t count = static_cast<size_t>(shape_numel(batch));
  std::vector<size_t> index(count, 0);
  const size_t lead = batch.size() - dims.size();
  for (size_t i = 0; i < count; ++i) {
    size_t rest = i, flat = 0, stride = 1;
    for (size_t d = batch.size(); d-- > 0;) {
      const size_t coord = rest % static_cast<size_t>(batch[d]);
      rest /= static_cast<size_t>(batch[d]);
      if (d < lead) continue;
      const size_t extent = static_cast<size_t>(dims[d - lead]);
      if (extent != 1) flat += coord * stride;
      stride *= extent;
    }
    index[i] = flat;
  }
  return index;
}

class DynamicMatMulStep : public Step {
 public:
  DynamicMatMulStep(size_t m, size_t n, size_t k, size_t b_matrices, std::vector<size_t> a_index,
                    std::vector<size_t> b_index, kernels::F32GemmConfig config, kernels::F32MinMaxParams clamp,
                    std::string what)
      : m_(m), n_(n), k_(k), b_matrices_(b_matrices), a_index_(std::move(a_index)), b_index_(std::move(b_index)),
        config_(config), clamp_(clamp), what_(std::move(what)),
        packed_size_(kernels::f32_packw_gemm_size(n, k, config.nr)) {}

  // A constant B (batched: lower_gemm takes the 2-D ones) is packed once, now.
  void prepack(const float* b) {
    prepacked_.resize(b_matrices_ * packed_size_);
    pack(b, prepacked_.data());
  }

  // Floats of scratch: every packed B matrix (unless prepacked), then the GEMM's A workspace.
  size_t scratch_floats() const {
    return (prepacked_.empty() ? b_matrices_ * packed_size_ : 0) + kernels::f32_gemm_workspace_size(config_, m_, k_);
  }

  void run(CompiledPlan& plan) override {
    const float* a = plan.data<const float>(inputs[0]);
    float* y = plan.data<float>(outputs[0]);
    float* scratch = plan.data<float>(outputs[1]);
    const float* packed = prepacked_.data();
    if (prepacked_.empty()) {
      pack(plan.data<const float>(inputs[1]), scratch);
      packed = scratch;
      scratch += b_matrices_ * packed_size_;
    }
    float* workspace = scratch;
    for (size_t i = 0; i < a_index_.size(); ++i)
      kernels::f32_gemm(config_, m_, n_, k_, a + a_index_[i] * m_ * k_, k_, packed + b_index_[i] * packed_size_,
                        y + i * m_ * n_, n_, clamp_, workspace);
  }
  std::string describe() const override {
    return what_ + " -> f32 gemm " + config_.name + (prepacked_.empty() ? " (B packed at run time, " : " (B packed, ") +
           std::to_string(a_index_.size()) + (a_index_.size() == 1 ? " matrix)" : " matrices)");
  }

 private:
  size_t m_, n_, k_, b_matrices_;
  std::vector<size_t> a_index_, b_index_;
  kernels::F32GemmConfig config_;
  kernels::F32MinMaxParams clamp_;
  std::string what_;
  size_t packed_size_;
  std::vector<float> prepacked_;

  void pack(const float* b, float* packed) const {
    for (size_t j = 0; j < b_matrices_; ++j)
      kernels::f32_packw_gemm_gio(config_.nr, n_, k_, b + j * k_ * n_, n_, nullptr, packed + j * packed_size_);
  }
};

}  // namespace

std::unique_ptr<Step> lower_matmul_dynamic(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "MatMul" || node.inputs.size() != 2 || node.outputs.size() != 1) return nullptr;
  const Value a = ctx.graph.value(node.inputs[0]);
  const Value b = ctx.graph.value(node.inputs[1]);
  const Value y = ctx.graph.value(node.outputs[0]);
  if (a.dtype != DType::Float32 || b.dtype != DType::Float32 || y.dtype != DType::Float32) return nullptr;
  if (a.shape.empty() || b.shape.empty() || !y.has_shape) return nullptr;
  if (b.constant && !b.constant->materialized()) return nullptr;
  if (a.constant && !a.constant->materialized()) return nullptr;
  const Shape a2 = a.shape.size() == 1 ? Shape{1, a.shape[0]} : a.shape;
  const Shape b2 = b.shape.size() == 1 ? Shape{b.shape[0], 1} : b.shape;
  const int64_t m = a2[a2.size() - 2], k = a2.back(), n = b2.back();
  if (b2[b2.size() - 2] != k || m <= 0 || n <= 0 || k <= 0) return nullptr;
  Shape a_batch(a2.begin(), a2.end() - 2), b_batch(b2.begin(), b2.end() - 2);
  const size_t batch_rank = std::max(a_batch.size(), b_batch.size());
  Shape batch(batch_rank, 1);
  for (size_t d = 0; d < batch_rank; ++d) {
    const int64_t da = d + a_batch.size() >= batch_rank ? a_batch[d + a_batch.size() - batch_rank] : 1;
    const int64_t db = d + b_batch.size() >= batch_rank ? b_batch[d + b_batch.size() - batch_rank] : 1;
    if (da != db && da != 1 && db != 1) return nullptr;  // the reference reports the error
    batch[d] = da == 1 ? db : da;
  }
  const int64_t batch_count = shape_numel(batch);
  if (batch_count <= 0 || shape_numel(y.shape) != batch_count * m * n) return nullptr;

  std::vector<size_t> a_index = broadcast_matrix_index(a_batch, batch);
  std::vector<size_t> b_index = broadcast_matrix_index(b_batch, batch);
  size_t rows = static_cast<size_t>(m);
  const size_t b_matrices = static_cast<size_t>(shape_numel(b_batch));
  // One B for every entry and A's matrices in order: stack A's batch into rows.
  bool a_in_order = true;
  for (size_t i = 0; i < a_index.size(); ++i) a_in_order = a_in_order && a_index[i] == i;
  if (b_matrices == 1 && a_in_order) {
    rows *= a_index.size();
    a_index = {0};
    b_index = {0};
  }
  const kernels::F32GemmConfig config =
      kernels::f32_gemm_select_config(rows, static_cast<size_t>(n), static_cast<size_t>(k));
  // Scratch size in 64-bit first: size_t is 32-bit in wasm.
  const int64_t nr = static_cast<int64_t>(config.nr);
  const int64_t scratch_floats = static_cast<int64_t>(b_matrices) * ((n + nr - 1) / nr * nr) * (k + 1) +
                                 static_cast<int64_t>(rows + config.mr) * k;
  checked_allocation_bytes(scratch_floats * 4, str(node.describe(), ": packed B scratch"));

  FusedActivation act = take_fused_activation(ctx, node.outputs[0]);
  const int input_a = ctx.need_nchw(node.inputs[0]);
  const int input_b = ctx.need_nchw(node.inputs[1]);
  auto step = std::make_unique<DynamicMatMulStep>(rows, static_cast<size_t>(n), static_cast<size_t>(k), b_matrices,
                                                  std::move(a_index), std::move(b_index), config, act.clamp,
                                                  node.op_type + act.name());
  if (b.constant) step->prepack(b.constant->data<float>());
  const std::string layer = node.layer.empty() ? node.name : node.layer;
  const int scratch = ctx.add_scratch(layer + "_packed_b", step->scratch_floats());
  step->inputs = {input_a, input_b};
  step->outputs = {act.output, scratch};
  step->layer = layer;
  return step;
}

}  // namespace nnslim
