#include "runtime/steps/qs8_concat_step.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>

#include "core/format.h"
#include "kernels/x32-copy/x32-copy.h"
#include "kernels/x8-lut/x8-lut.h"
#include "runtime/scratch_slots.h"
#include "runtime/parallel.h"
#include "runtime/steps/qdq_match.h"
#include "runtime/steps/qs8_table.h"

namespace nnslim {
namespace {

// The output, in its physical layout, is `outer` rows; row o is the
// concatenation of row o of every input (input i's rows: row_elems[i] bytes).
//
// A channel Concat in NHWC has one short row per pixel and input
// (PP-OCRv4-det's FPN: 4 inputs of 24 channels per pixel, 3 on other grids):
// a memcpy or a table call per row cost 0.87 ms there against the f32
// Concat's 0.06. So when every row is a multiple of 4 bytes the rows move
// as 32-bit words through x32_copy_rows (the f32 Concat's kernel: v128
// moves, an overlapping last one), input by input, and an input on another
// grid with short rows is first looked up in blocks of rows (~4 KB) into a
// scratch buffer, one long table call per block; rows of kDirectRowBytes or
// more are looked up straight into the output (one call per row is cheap
// there, and a whole-row scratch per thread would cost memory: an NCHW
// Concat's row is a whole image). Empty inputs (a 0 dimension) are skipped.
// The same bytes land in the same places.
class Qs8ConcatStep : public Step {
 public:
  Qs8ConcatStep(size_t outer, std::vector<size_t> row_elems, std::vector<std::vector<int8_t>> tables, std::string what)
      : outer_(outer), row_elems_(std::move(row_elems)), tables_(std::move(tables)), what_(std::move(what)),
        ranges_(tables_.size()) {
    words_ = true;
    size_t scratch = 0;
    for (size_t i = 0; i < row_elems_.size(); ++i) {
      out_row_ += row_elems_[i];
      words_ = words_ && row_elems_[i] % 4 == 0;
      if (tables_[i].empty() || row_elems_[i] == 0) continue;
      kernels::x8_lut_range_init(tables_[i].data(), &ranges_[i]);
      if (!looked_up_in_place(i)) scratch = std::max(scratch, block_rows(i) * row_elems_[i]);
    }
    if (words_ && scratch != 0) scratch_ = std::make_unique<ScratchSlots<int8_t>>(scratch);
  }
  void run(CompiledPlan& plan) override {
    int8_t* y = plan.data<int8_t>(outputs[0]);
    std::vector<const int8_t*> x(inputs.size());
    for (size_t i = 0; i < inputs.size(); ++i) x[i] = plan.data<const int8_t>(inputs[i]);
    // Rows are independent copies: any split gives the same bytes.
    parallel_ranges(plan, outer_, 1, double(outer_) * out_row_, [&](size_t begin, size_t end) {
      if (!words_) {
        for (size_t o = begin; o < end; ++o) {
          int8_t* dst = y + o * out_row_;
          for (size_t i = 0; i < x.size(); ++i) {
            const int8_t* src = x[i] + o * row_elems_[i];
            if (row_elems_[i] == 0) continue;
            if (tables_[i].empty()) std::memcpy(dst, src, row_elems_[i]);
            else kernels::x8_lut_ukernel__wasmsimd_x64_range(row_elems_[i], src, dst, &ranges_[i]);
            dst += row_elems_[i];
          }
        }
        return;
      }
      std::optional<ScratchSlots<int8_t>::Claim> claim;
      if (scratch_) claim.emplace(*scratch_);
      size_t column = 0;
      for (size_t i = 0; i < x.size(); column += row_elems_[i], ++i) {
        const size_t n = row_elems_[i];
        if (n == 0) continue;  // x32_copy_rows moves at least one word per row
        if (!tables_[i].empty() && looked_up_in_place(i)) {
          for (size_t o = begin; o < end; ++o)
            kernels::x8_lut_ukernel__wasmsimd_x64_range(n, x[i] + o * n, y + o * out_row_ + column, &ranges_[i]);
          continue;
        }
        const size_t block = tables_[i].empty() ? end - begin : block_rows(i);
        for (size_t o = begin; o < end; o += block) {
          const size_t rows = std::min(block, end - o);
          const int8_t* src = x[i] + o * n;
          if (!tables_[i].empty()) {
            kernels::x8_lut_ukernel__wasmsimd_x64_range(rows * n, src, claim->data(), &ranges_[i]);
            src = claim->data();
          }
          kernels::x32_copy_rows__wasmsimd(rows, n / 4, reinterpret_cast<const uint32_t*>(src), n / 4,
                                           reinterpret_cast<uint32_t*>(y + o * out_row_ + column), out_row_ / 4);
        }
      }
    });
  }
  std::string describe() const override {
    size_t requantized = 0;
    for (const auto& t : tables_) requantized += t.empty() ? 0 : 1;
    return what_ + (requantized == 0 ? " -> qs8 concat copy" : str(" -> qs8 concat copy + lut requantization of ",
                                                                   requantized, " inputs")) +
           (words_ ? " (x32 rows)" : "");
  }

 private:
  // Rows of this many bytes or more are looked up straight into the output.
  static constexpr size_t kDirectRowBytes = 256;
  bool looked_up_in_place(size_t i) const { return row_elems_[i] >= kDirectRowBytes; }
  // Rows of input i (shorter than kDirectRowBytes) looked up per table call:
  // ~4 KB, so the scratch stays under 4 KB per thread.
  size_t block_rows(size_t i) const { return std::max<size_t>(1, 4096 / row_elems_[i]); }

  size_t outer_;
  std::vector<size_t> row_elems_;
  std::vector<std::vector<int8_t>> tables_;
  std::string what_;
  std::vector<kernels::X8LutRange> ranges_;  // the tables for the kernel
  size_t out_row_ = 0;
  bool words_ = false;  // every row a multiple of 4 bytes: x32 row copies
  std::unique_ptr<ScratchSlots<int8_t>> scratch_;  // looked-up blocks (words_ and a table)
};

// Position of ONNX axis `axis` of a rank-4 value stored NHWC.
size_t nhwc_position(size_t axis) { return axis == 0 ? 0 : axis == 1 ? 3 : axis - 1; }

Shape nhwc_dims(const Shape& s) { return {s[0], s[2], s[3], s[1]}; }

}  // namespace

std::unique_ptr<Step> lower_qs8_concat(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "Concat" || !node.domain.empty() || node.outputs.size() != 1 || node.inputs.empty())
    return nullptr;
  const Shape ys = ctx.graph.value(node.outputs[0]).shape;
  const int64_t rank = static_cast<int64_t>(ys.size());
  if (rank == 0 || shape_numel(ys) == 0) return nullptr;
  int64_t axis = node.attr_int("axis", 1);
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank) return nullptr;
  std::vector<QuantizedActivation> xs(node.inputs.size());
  for (size_t i = 0; i < xs.size(); ++i) {
    if (!match_dq_activation(ctx.graph, node.inputs[i], &xs[i])) return nullptr;
    if (ctx.graph.value(xs[i].q_value).shape.size() != ys.size()) return nullptr;
  }
  QuantizedOutput y;
  if (!match_quantized_output(ctx, node.outputs[0], &y)) return nullptr;

  bool nhwc = false;
  for (const QuantizedActivation& x : xs) nhwc = nhwc || (rank == 4 && ctx.has_nhwc(x.q_value));
  const size_t position = nhwc ? nhwc_position(static_cast<size_t>(axis)) : static_cast<size_t>(axis);
  const Shape out_dims = nhwc ? nhwc_dims(ys) : ys;
  size_t outer = 1;
  for (size_t d = 0; d < position; ++d) outer *= static_cast<size_t>(out_dims[d]);
  std::vector<size_t> rows;
  std::vector<std::vector<int8_t>> tables;
  for (const QuantizedActivation& x : xs) {
    const Shape s = ctx.graph.value(x.q_value).shape;
    const Shape dims = nhwc ? nhwc_dims(s) : s;
    size_t row = 1;
    for (size_t d = position; d < dims.size(); ++d) row *= static_cast<size_t>(dims[d]);
    rows.push_back(row);
    std::vector<int8_t> table = qs8_function_table(ctx.graph, nullptr, x.params, y);
    if (is_identity_table(table)) table.clear();
    tables.push_back(std::move(table));
  }
  auto step = std::make_unique<Qs8ConcatStep>(outer, std::move(rows), std::move(tables),
                                              str("Concat of ", xs.size(), " on axis ", axis, y.activation, " (QDQ)"));
  for (const QuantizedActivation& x : xs) step->inputs.push_back(nhwc ? ctx.need_nhwc(x.q_value) : ctx.need_nchw(x.q_value));
  step->outputs = {nhwc ? ctx.produce_nhwc(y.q_value) : y.q_value};
  step->layer = node.layer.empty() ? node.name : node.layer;
  take_quantized_output(ctx, y);
  return step;
}

}  // namespace nnslim
