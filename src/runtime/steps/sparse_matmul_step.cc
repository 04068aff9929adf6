#include "runtime/steps/sparse_matmul_step.h"

#include <algorithm>
#include <climits>
#include <cstdint>

#include "core/format.h"
#include "kernels/f32-spgemv/f32-spgemv.h"
#include "kernels/f32-spmm/f32-spmm-pack.h"
#include "kernels/f32-spmm/f32-spmm-nhwc.h"
#include "kernels/f32-spmm/f32-spmm.h"
#include "runtime/parallel.h"
#include "runtime/scratch_slots.h"
#include "runtime/steps/block_sparse_matmul_step.h"
#include "runtime/steps/kernel_choice.h"
#include "runtime/steps/sparse_nonfinite.h"

namespace nnslim {
namespace {

// Crossovers measured (docs/runtime.md, "Sparse weights"); below them the
// dense kernels win. SpMM, by bench/kernels/spmm_bench.cc --cpu-time over
// all of MobileNetV2's 1x1 convs: 0.90x dense at 50% zeros (some shapes
// above 1x), 0.77x at 60% (every shape below 1x). Sparse GEMV (the lane
// kernel), by the same bench over the MLP 784-1024-1024-10's layers: 1.11-
// 1.16x at 75%, 0.89-0.92x at 80%, 0.46-0.48x at 90%; the whole batch-1 MLP
// pruned per layer (bench/sparse/run_sparse.mjs): 0.56-0.69x at 85%, 0.42-
// 0.50x at 90% (a dense GEMV runs ~5 MACs per cycle, the sparse one ~1
// nonzero per cycle: one 16-bit load, an add and a lane load per input).
constexpr double kSpmmThreshold = 0.6;
constexpr double kSpgemvThreshold = 0.8;

// Pixels per strip: one main tile of the kernel (16x1 measured faster than
// 32x1 on every MobileNetV2 shape), so each strip's block [Cin, 16] (<= 60
// KB for Cin = 960) stays in cache while every output channel reads it.
constexpr const char* kSpmmKernel = "16x1 wasmsimd";

std::string percent(double fraction) { return str(static_cast<int>(fraction * 1000.0 + 0.5) / 10.0, "%"); }

// The split's cost model counts a pixel's nonzero multiply-adds plus, per
// input and output channel, the strip's transposes and each output row's
// bias, clamp and stores, in units of a dense multiply-add (what
// parallel_ranges' threshold is in). Fitted to per-step 1-thread times of
// MobileNetV2's 1x1 convs at 90% zeros (bench/sparse/compare_builds.mjs):
// 16 -> 96 at 112x112 (154 nonzeros, 0.68 ms) and 192 -> 64 at 14x14 (1229
// nonzeros, 0.029 ms) give 8.3 and 6.8 per channel at ~20 G multiply-adds/s.
// Counting the nonzeros alone kept the latter (241 K) under the threshold,
// on one thread between two split steps: 0.029 -> 0.043 ms on 2 threads, as
// it read half its input from the other core's cache.
constexpr double kStripWorkPerChannel = 8;

// The strip blocks start on a 64-byte boundary, so each channel's 16-pixel
// row is exactly one cache line (measured: ~5% faster SpMM than 16-byte
// aligned blocks, whose rows straddle two lines).
constexpr size_t kAlignFloats = 16;
float* aligned(float* p) {
  return reinterpret_cast<float*>((reinterpret_cast<uintptr_t>(p) + 63) & ~static_cast<uintptr_t>(63));
}

class SparseSpmmStep : public Step {
 public:
  SparseSpmmStep(size_t rows, const ConstantMatrix& w, const kernels::F32SpmmUkernelInfo& kernel,
                 kernels::F32MinMaxParams clamp, std::string what)
      : rows_(rows), cin_(w.in_channels), cout_(w.out_channels), kernel_(kernel), clamp_(clamp),
        what_(std::move(what)),
        packed_(kernels::f32_spmm_pack(w.out_channels, w.in_channels, w.data, w.o_stride, w.i_stride, w.bias,
                                       kernel.mr * sizeof(float))),
        block_in_(w.in_channels * kernel.mr + kAlignFloats),
        blocks_(block_in_ + w.out_channels * kernel.mr + kAlignFloats), nonfinite_(w) {}

  void run(CompiledPlan& plan) override {
    const float* input = plan.data<const float>(inputs[0]);
    float* output = plan.data<float>(outputs[0]);
    const size_t strip = kernel_.mr;
    // Ranges of whole strips, each transposed through a claimed pair of
    // blocks: a strip's pixels meet the same kernel calls whoever runs it.
    const double work = double(rows_) * (double(packed_.nonzero_count) + kStripWorkPerChannel * double(cin_ + cout_));
    parallel_ranges(plan, rows_, strip, work, [&](size_t begin, size_t end) {
      ScratchSlots<float>::Claim blocks(blocks_);
      for (size_t p0 = begin; p0 < end; p0 += strip) {
        const size_t count = std::min(strip, end - p0);
        float* rows = output + p0 * cout_;
        const bool finite =
            kernels::f32_spmm_nhwc_strip(kernel_.fn, strip, count, packed_, input + p0 * cin_, rows,
                                         aligned(blocks.data()), aligned(blocks.data() + block_in_), clamp_);
        if (epilogue.active()) epilogue.apply(rows, count, cout_);
        // IEEE (a skipped zero weight times NaN or inf is NaN): the strip's
        // transpose checked its input rows, so the fix-up runs only for a
        // strip that holds a NaN or an infinity.
        if (!finite) nonfinite_.apply(input + p0 * cin_, count, rows);
      }
    });
  }
  std::string describe() const override {
    return what_ + " -> f32 spmm " + kernel_.name + " (" + percent(weight_info.sparsity()) + " sparse)";
  }
  ActivationEpilogue epilogue;

 private:
  size_t rows_, cin_, cout_;
  kernels::F32SpmmUkernelInfo kernel_;
  kernels::F32MinMaxParams clamp_;
  std::string what_;
  kernels::F32SpmmPacked packed_;
  size_t block_in_;  // floats of a slot's input block (its output block follows)
  ScratchSlots<float> blocks_;
  SparseNonfiniteInputs nonfinite_;
};

class SparseGemvStep : public Step {
 public:
  SparseGemvStep(const ConstantMatrix& w, kernels::F32MinMaxParams clamp, std::string what)
      : n_(w.out_channels), clamp_(clamp), what_(std::move(what)), kernel_(kernels::f32_spgemv_default_ukernel(w.in_channels)),
        packed_(kernels::f32_spgemv_pack(w.out_channels, w.in_channels, w.data, w.o_stride, w.i_stride, w.bias,
                                         kernel_.input_unit)),
        row_start_(n_ + 1), nonfinite_(w) {
    // Row o's packed values (its bias, then its padded nonzeros) and input
    // indices start after those of rows 0..o-1.
    for (size_t o = 0; o < n_; ++o) row_start_[o + 1] = row_start_[o] + packed_.nonzeros[o];
  }
  void run(CompiledPlan& plan) override {
    const float* a = plan.data<const float>(inputs[0]);
    float* c = plan.data<float>(outputs[0]);
    // Ranges of output rows: the kernel sums each row alone. The epilogue
    // (PRelu slopes start at column 0) runs after the join.
    parallel_ranges(plan, n_, 1, double(packed_.nonzero_count), [&](size_t begin, size_t end) {
      kernel_.fn(end - begin, a, packed_.weights.data() + row_start_[begin] + begin,
                 packed_.input_indices.data() + row_start_[begin], packed_.nonzeros.data() + begin, c + begin,
                 &clamp_);
    });
    if (epilogue.active()) epilogue.apply(c, 1, n_);
    nonfinite_.apply(a, 1, c);
  }
  std::string describe() const override {
    return what_ + " -> f32 spgemv " + kernel_.name + " (" + percent(weight_info.sparsity()) + " sparse)";
  }
  ActivationEpilogue epilogue;

 private:
  size_t n_;
  kernels::F32MinMaxParams clamp_;
  std::string what_;
  kernels::F32SpgemvUkernelInfo kernel_;
  kernels::F32SpgemvPacked packed_;
  std::vector<size_t> row_start_;  // padded nonzeros before each row
  SparseNonfiniteInputs nonfinite_;
};

const kernels::F32SpmmUkernelInfo& spmm_kernel() {
  size_t count = 0;
  const kernels::F32SpmmUkernelInfo* list = kernels::f32_spmm_simd_ukernels(&count);
  return find_ukernel(list, count, kSpmmKernel);
}

}  // namespace

double sparse_spmm_threshold() { return kSpmmThreshold; }
double sparse_gemv_threshold() { return kSpgemvThreshold; }

StepWeightInfo dense_weight_info(size_t rows, const ConstantMatrix& w, const std::string& kernel,
                                 const std::string& reason) {
  StepWeightInfo info;
  info.has_weights = true;
  info.weights = static_cast<int64_t>(w.out_channels * w.in_channels);
  info.zero_weights =
      static_cast<int64_t>(kernels::f32_count_zeros(w.out_channels, w.in_channels, w.data, w.o_stride, w.i_stride));
  info.dense_macs = static_cast<int64_t>(rows) * info.weights;
  info.effective_macs = info.dense_macs;
  info.kernel = kernel;
  info.reason = reason;
  return info;
}

bool choose_sparse_kernel(size_t rows, const ConstantMatrix& w, StepWeightInfo* info) {
  const bool gemv = rows == 1;
  const double threshold = gemv ? kSpgemvThreshold : kSpmmThreshold;
  *info = dense_weight_info(rows, w, "", "");
  const double sparsity = info->sparsity();
  // The GEMV's input indices are 16-bit; the SpMM's byte offsets of input
  // channels are int32 (strip * Cin * 4).
  const bool fits = gemv ? w.in_channels <= kernels::f32_spgemv_max_inputs(1)
                         : w.in_channels <= static_cast<size_t>(INT32_MAX) / (spmm_kernel().mr * sizeof(float));
  const bool csr = fits && sparsity >= threshold;
  // Zeros in whole blocks: the block-sparse kernel when it is predicted
  // faster than the CSR one. Predicted times are fractions of the dense
  // kernel's: a CSR kernel costs 1 / (1 - threshold) per nonzero (its
  // crossover is where that reaches the dense time).
  const BlockSparseCandidate block = best_block_sparse_kernel(w, static_cast<size_t>(info->zero_weights));
  const double csr_predicted = (1.0 - sparsity) / (1.0 - threshold);
  if (block.kernel && (!csr || block.predicted < csr_predicted)) {
    const size_t r = block.kernel->block;
    info->sparse_kernel = true;
    info->sparse_block = static_cast<int64_t>(r);
    info->effective_macs = static_cast<int64_t>(rows * (block.blocks - block.zero_blocks) * r);
    info->kernel = str("f32 bspmm ", block.kernel->name);
    info->reason = str(percent(sparsity), " zero weights in whole ", r, "x1 blocks (", percent(block.block_sparsity()),
                       " of the blocks), at or above the ", percent(block_sparse_threshold(r)),
                       " from which the block-sparse kernel is faster (measured); predicted ",
                       static_cast<int>(block.predicted * 100.0 + 0.5) / 100.0, "x dense");
    return true;
  }
  if (!fits) {
    info->reason = str(w.in_channels, " inputs: more than the sparse ", gemv ? "GEMV's 16-bit" : "SpMM's 32-bit",
                       " input indices address");
    return false;
  }
  if (!csr) {
    info->reason = str(percent(sparsity), " zero weights, below the ", percent(threshold),
                       " from which the sparse ", gemv ? "GEMV" : "SpMM", " is faster (measured)");
    return false;
  }
  info->sparse_kernel = true;
  info->effective_macs = static_cast<int64_t>(rows) * (info->weights - info->zero_weights);
  info->kernel = gemv ? str("f32 spgemv ", kernels::f32_spgemv_default_ukernel(w.in_channels).name)
                      : str("f32 spmm ", spmm_kernel().name);
  info->reason = str(percent(sparsity), " zero weights, at or above the ", percent(threshold),
                     " from which the sparse ", gemv ? "GEMV" : "SpMM", " is faster (measured)");
  return true;
}

std::unique_ptr<Step> make_sparse_matmul_step(size_t rows, const ConstantMatrix& weights,
                                              kernels::F32MinMaxParams clamp, const ActivationEpilogue& epilogue,
                                              const std::string& what, StepWeightInfo info) {
  std::unique_ptr<Step> step;
  if (info.sparse_block > 0) {
    size_t count = 0;
    const kernels::F32BspmmUkernelInfo* list = kernels::f32_bspmm_simd_ukernels(&count);
    const kernels::F32BspmmUkernelInfo* kernel = nullptr;
    for (size_t k = 0; k < count; ++k)
      if (static_cast<int64_t>(list[k].block) == info.sparse_block) kernel = &list[k];
    NNSLIM_CHECK(kernel != nullptr, ErrorCode::Internal, "internal: no block-sparse kernel for ", info.sparse_block,
                 "x1 blocks");
    step = make_block_sparse_matmul_step(rows, weights, *kernel, clamp, epilogue, what);
  } else if (rows == 1) {
    auto gemv = std::make_unique<SparseGemvStep>(weights, clamp, what);
    gemv->epilogue = epilogue;
    step = std::move(gemv);
  } else {
    auto spmm = std::make_unique<SparseSpmmStep>(rows, weights, spmm_kernel(), clamp, what);
    spmm->epilogue = epilogue;
    step = std::move(spmm);
  }
  step->weight_info = std::move(info);
  return step;
}

}  // namespace nnslim
