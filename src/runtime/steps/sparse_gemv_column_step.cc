#include "runtime/steps/sparse_gemv_column_step.h"

#include <algorithm>
#include <cstdint>

#include "core/format.h"
#include "core/thread_pool.h"
#include "kernels/f32-spgemv-csc/f32-spgemv-csc.h"
#include "runtime/parallel.h"
#include "runtime/scratch_slots.h"
#include "runtime/steps/fused_activation.h"
#include "runtime/steps/sparse_nonfinite.h"

namespace nnslim {
namespace {

// Below this many nonzero weights per input column on average, the
// per-column work (the column's bounds, the input splat, the loop) is not
// amortised: the MLP's 1024 -> 10 layer (one nonzero per column at 90%)
// ran 4-8x slower by columns than by rows, its 1024 -> 1024 layer (102 per
// column) 0.81-0.95x (bench/kernels/spmm_bench.cc --mlp-only).
constexpr size_t kMinNonzerosPerColumn = 32;

constexpr size_t kAlignFloats = 16;  // accumulators start on a 64-byte boundary
float* aligned(float* p) {
  return reinterpret_cast<float*>((reinterpret_cast<uintptr_t>(p) + 63) & ~static_cast<uintptr_t>(63));
}

// Panels: one, or two when the pool may run threads (the outputs do not
// depend on the split: each output sums its columns in the same order in
// any panel), at most what 16-bit block offsets address. More panels cost
// per-column work in each: the MLP's 1024 -> 1024 layer in panels of 256
// rows took 1.2-1.5x its time in one panel (bench/kernels/spmm_bench.cc).
size_t panel_rows_for(size_t outputs) {
  const size_t threads = std::min<size_t>(2, std::max<size_t>(1, ThreadPool::shared().max_threads()));
  const size_t rows = (outputs + threads - 1) / threads;
  const size_t rounded = (rows + kernels::kSpgemvCscBlock - 1) / kernels::kSpgemvCscBlock * kernels::kSpgemvCscBlock;
  return std::min(rounded, kernels::kSpgemvCscMaxPanelRows);
}

class SparseGemvColumnStep : public Step {
 public:
  SparseGemvColumnStep(const ConstantMatrix& w, kernels::F32MinMaxParams clamp, std::string what)
      : clamp_(clamp), what_(std::move(what)),
        packed_(kernels::f32_spgemv_csc_pack(w.out_channels, w.in_channels, w.data, w.o_stride, w.i_stride, w.bias,
                                             panel_rows_for(w.out_channels))),
        active_(w.in_channels + 3),
        acc_(packed_.panel_rows + kernels::kSpgemvCscBlock + kAlignFloats), nonfinite_(w) {}

  void run(CompiledPlan& plan) override {
    const float* a = plan.data<const float>(inputs[0]);
    float* c = plan.data<float>(outputs[0]);
    const size_t k = packed_.input_channels, n = packed_.output_channels, panel = packed_.panel_rows;
    ScratchSlots<uint32_t>::Claim active(active_);
    const size_t active_count = kernels::f32_nonzero_indices__wasmsimd(k, a, active.data());
    const double work = double(packed_.stored_blocks()) * kernels::kSpgemvCscBlock * double(active_count) /
                        double(std::max<size_t>(k, 1));
    // Ranges of whole panels, each summed in its range's own accumulators.
    parallel_ranges(plan, packed_.panels(), 1, work, [&](size_t begin, size_t end) {
      ScratchSlots<float>::Claim acc(acc_);
      for (size_t p = begin; p < end; ++p) {
        const size_t first = p * panel;
        kernels::f32_spgemv_csc_minmax_ukernel__wasmsimd(
            std::min(panel, n - first), active_count, active.data(), a, packed_.column_start.data() + p * (k + 1),
            packed_.values.data(), packed_.block_offsets.data(), packed_.bias.data() + first, aligned(acc.data()),
            c + first, &clamp_);
      }
    });
    if (epilogue.active()) epilogue.apply(c, 1, n);
    nonfinite_.apply(a, 1, c);
  }
  std::string describe() const override {
    return what_ + " -> f32 spgemv columns 4x1 wasmsimd (" +
           str(static_cast<int>(weight_info.sparsity() * 1000.0 + 0.5) / 10.0, "%") + " sparse)";
  }
  ActivationEpilogue epilogue;

 private:
  kernels::F32MinMaxParams clamp_;
  std::string what_;
  kernels::F32SpgemvCscPacked packed_;
  ScratchSlots<uint32_t> active_;  // the nonzero inputs' indices (+3: the listing stores 4 at a time)
  ScratchSlots<float> acc_;        // a panel's accumulators and the spare block
  SparseNonfiniteInputs nonfinite_;
};

}  // namespace

bool produced_by_nonnegative_clamp(const Graph& graph, int value) {
  if (value < 0) return false;
  const int p = graph.value(value).producer;
  if (p < 0) return false;
  const Node& node = graph.nodes[static_cast<size_t>(p)];
  kernels::F32MinMaxParams clamp = kernels::f32_minmax_none();
  return (node.op_type == "Relu" || node.op_type == "Clip") && node.domain.empty() &&
         activation_clamp(graph, node, &clamp) && clamp.min >= 0.0f;
}

bool sparse_gemv_columns_pay(const ConstantMatrix& w, size_t nonzeros) {
  return w.in_channels > 0 && nonzeros >= kMinNonzerosPerColumn * w.in_channels &&
         kernels::f32_spgemv_csc_packable(w.out_channels, w.in_channels, w.data, w.o_stride, w.i_stride);
}

std::unique_ptr<Step> make_sparse_gemv_column_step(const ConstantMatrix& weights, kernels::F32MinMaxParams clamp,
                                                   const ActivationEpilogue& epilogue, const std::string& what) {
  auto step = std::make_unique<SparseGemvColumnStep>(weights, clamp, what);
  step->epilogue = epilogue;
  return step;
}

}  // namespace nnslim
