#include "runtime/steps/block_sparse_matmul_step.h"

#include <cstdint>
#include <vector>

#include "core/format.h"
#include "runtime/joined_rows.h"
#include "runtime/parallel.h"
#include "runtime/steps/sparse_nonfinite.h"

namespace nnslim {
namespace {

// Measured with `node build-wasm/bench/nnslim_bench_spmm.cjs --block-only
// --cpu-time` (docs/runtime.md, "Block-sparse weights"), block-pruned
// weights, over all of MobileNetV2's 1x1 convs (batch 1) and the MLP
// 784-1024-1024 at batch 1 and 8: 8x1 0.62-0.80x dense at 40% zero blocks,
// 0.50-0.62x at 50%, 0.23-0.36x at 75%, 0.09-0.18x at 90% (1.2-1.8 per
// stored weight, in units of a dense multiply-add); 4x1 0.51-0.77x at 60%,
// 0.31-0.46x at 75%, 0.13-0.28x at 90% (1.7-2.8). The thresholds keep every
// group at or below 0.8x dense.
struct BlockRule {
  size_t block;
  double threshold;        // block sparsity from which the kernel runs
  double cost_per_weight;  // predicted time per stored weight, dense multiply-add = 1
};
constexpr BlockRule kRules[] = {{8, 0.4, 1.35}, {4, 0.6, 1.9}};

// At least this fraction of the zero weights must lie in all-zero blocks:
// the layer was pruned in blocks (magnitude pruning at 90% leaves ~70% of
// its zeros in whole 4x1 blocks by chance, and there the CSR kernels do
// less work).
constexpr double kWholeBlockFraction = 0.9;

const BlockRule* rule_for(size_t block) {
  for (const BlockRule& rule : kRules)
    if (rule.block == block) return &rule;
  return nullptr;
}

std::string percent(double fraction) { return str(static_cast<int>(fraction * 1000.0 + 0.5) / 10.0, "%"); }

class BlockSparseMatmulStep : public Step, public RowSteps {
 public:
  BlockSparseMatmulStep(size_t rows, const ConstantMatrix& w, const kernels::F32BspmmUkernelInfo& kernel,
                        kernels::F32MinMaxParams clamp, std::string what)
      : rows_(rows), cin_(w.in_channels), cout_(w.out_channels), kernel_(kernel), clamp_(clamp),
        what_(std::move(what)),
        packed_(kernels::f32_bspmm_pack(kernel.block, w.out_channels, w.in_channels, w.data, w.o_stride, w.i_stride,
                                        w.bias)),
        nonfinite_(w) {
    if (rows > 1) {  // (one row: the GEMV, split by outputs)
      row_steps = this;
      rows_local = true;
    }
    // Block row r's cost for the GEMV's split (runtime/parallel.h,
    // item_at_cost): its blocks, plus one for its bias and stores (so that
    // every row costs something: the starts strictly increase).
    const size_t block_rows = packed_.blocks.size();
    row_cost_start_.resize(block_rows + 1);
    for (size_t r = 0; r <= block_rows; ++r) row_cost_start_[r] = packed_.index_start[r] + r;
  }

  void run(CompiledPlan& plan) override {
    const float* input = plan.data<const float>(inputs[0]);
    float* output = plan.data<float>(outputs[0]);
    const size_t block = kernel_.block;
    const double work = double(rows_) * double(packed_.nonzero_blocks * block);
    if (rows_ == 1) {
      // The GEMV: ranges of whole block rows (each output is summed by one
      // call whatever the split), cut by their cost, not their count: a
      // pruned matrix's block rows hold from none to all of their blocks,
      // so equal channel ranges can give one thread most of the blocks.
      // The epilogue runs after the join.
      parallel_items_by_cost(plan, row_cost_start_, work, [&](size_t row, size_t end_row) {
        const size_t begin = row * block, end = std::min(end_row * block, cout_);
        kernel_.fn(1, end - begin, input, 0, packed_.weights.data() + packed_.weight_start[row],
                   packed_.input_indices.data() + packed_.index_start[row], packed_.blocks.data() + row,
                   output + begin, 0, &clamp_);
      });
      if (epilogue.active()) epilogue.apply(output, 1, cout_);
      nonfinite_.apply(input, 1, output);
      return;
    }
    // Ranges of pixels starting at multiples of 4: a pixel is in the same
    // 4-pixel group of the kernel (the same sums) whatever the split.
    run_rows_job(plan, *this);
  }
  // Each pixel (row, when there are several) reads its own input row: it
  // joins the job of the step that writes its input (runtime/joined_rows.h).
  void prepare_rows(CompiledPlan& plan, Rows* rows) override {
    rows_input_ = plan.data<const float>(inputs[0]);
    rows_output_ = plan.data<float>(outputs[0]);
    *rows = Rows{rows_, 4, double(rows_) * double(packed_.nonzero_blocks * kernel_.block)};
  }
  void run_rows(size_t begin, size_t end) override { pixel_rows(rows_input_, rows_output_, begin, end); }
  std::string describe() const override {
    return str(what_, " -> f32 bspmm ", kernel_.name, " (", percent(weight_info.sparsity()), " sparse)");
  }
  ActivationEpilogue epilogue;

 private:
  // Rows [begin, end) (begin a multiple of 4).
  void pixel_rows(const float* input, float* output, size_t begin, size_t end) {
    float* rows = output + begin * cout_;
    kernel_.fn(end - begin, cout_, input + begin * cin_, cin_ * sizeof(float), packed_.weights.data(),
               packed_.input_indices.data(), packed_.blocks.data(), rows, cout_ * sizeof(float), &clamp_);
    if (epilogue.active()) epilogue.apply(rows, end - begin, cout_);
    // IEEE (a skipped zero weight times NaN or inf is NaN), inside the
    // range: the scan reads the range's own input rows on its own thread.
    nonfinite_.apply(input + begin * cin_, end - begin, rows);
  }
  std::vector<size_t> row_cost_start_;  // GEMV cost units before block row r (r <= block rows)
  const float* rows_input_ = nullptr;  // this run's, for run_rows
  float* rows_output_ = nullptr;
  size_t rows_, cin_, cout_;
  kernels::F32BspmmUkernelInfo kernel_;
  kernels::F32MinMaxParams clamp_;
  std::string what_;
  kernels::F32BspmmPacked packed_;
  SparseNonfiniteInputs nonfinite_;
};

}  // namespace

double block_sparse_threshold(size_t block) {
  const BlockRule* rule = rule_for(block);
  return rule ? rule->threshold : 1.0;
}

BlockSparseCandidate best_block_sparse_kernel(const ConstantMatrix& w, size_t zero_weights) {
  BlockSparseCandidate best;
  if (zero_weights == 0 || w.in_channels > UINT32_MAX) return best;
  size_t count = 0;
  const kernels::F32BspmmUkernelInfo* list = kernels::f32_bspmm_simd_ukernels(&count);
  for (size_t k = 0; k < count; ++k) {
    const BlockRule* rule = rule_for(list[k].block);
    if (!rule) continue;
    const size_t block = rule->block;
    // Whole block rows, then the partial last one (its missing rows count
    // as zeros in the block test, not as zero weights).
    const size_t full = w.out_channels / block * block, tail = w.out_channels - full;
    const size_t full_zero = kernels::f32_count_zero_blocks(block, full, w.in_channels, w.data, w.o_stride, w.i_stride);
    const size_t tail_zero =
        tail ? kernels::f32_count_zero_blocks(block, tail, w.in_channels, w.data + full * w.o_stride, w.o_stride,
                                              w.i_stride)
             : 0;
    BlockSparseCandidate c;
    c.kernel = &list[k];
    c.zero_blocks = full_zero + tail_zero;
    c.blocks = kernels::divide_round_up(w.out_channels, block) * w.in_channels;
    const double in_blocks = double(full_zero * block + tail_zero * tail) / double(zero_weights);
    if (in_blocks < kWholeBlockFraction || c.block_sparsity() < rule->threshold) continue;
    c.predicted = (1.0 - c.block_sparsity()) * rule->cost_per_weight;
    if (!best.kernel || c.predicted < best.predicted) best = c;
  }
  return best;
}

std::unique_ptr<Step> make_block_sparse_matmul_step(size_t rows, const ConstantMatrix& weights,
                                                    const kernels::F32BspmmUkernelInfo& kernel,
                                                    kernels::F32MinMaxParams clamp,
                                                    const ActivationEpilogue& epilogue, const std::string& what) {
  auto step = std::make_unique<BlockSparseMatmulStep>(rows, weights, kernel, clamp, what);
  step->epilogue = epilogue;
  return step;
}

}  // namespace nnslim
