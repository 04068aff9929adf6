#include "runtime/steps/qs8_resize_step.h"

#include <cstring>

#include "kernels/qs8-ibilinear/qs8-ibilinear.h"
#include "kernels/x8-inearest/x8-inearest.h"
#include "kernels/x8-lut/x8-lut.h"
#include "runtime/parallel.h"
#include "runtime/steps/qdq_match.h"
#include "runtime/steps/qs8_table.h"
#include "runtime/steps/resize_step.h"

namespace nnslim {
namespace {

// Per output row the element offset of its input row in an image, per
// output column the offset of its input pixel within a row. An output row
// that reads the same input row as the row before it in this range (an
// upsampling's repeated rows) is a copy of that row, tabled already.
class Qs8ResizeNearestStep : public Step {
 public:
  Qs8ResizeNearestStep(size_t batch, size_t channels, size_t in_image, std::vector<size_t> rows,
                       std::vector<size_t> cols, std::vector<int8_t> table, std::string what)
      : batch_(batch), channels_(channels), in_image_(in_image), rows_(std::move(rows)), cols_(std::move(cols)),
        table_(std::move(table)), what_(std::move(what)) {
    if (!table_.empty()) kernels::x8_lut_range_init(table_.data(), &range_);
  }
  void run(CompiledPlan& plan) override {
    const int8_t* x = plan.data<const int8_t>(inputs[0]);
    int8_t* y = plan.data<int8_t>(outputs[0]);
    const size_t out_h = rows_.size(), out_row = cols_.size() * channels_;
    // Output rows are independent copies: any split gives the same bytes.
    parallel_ranges(plan, batch_ * out_h, 1, double(batch_) * out_h * out_row, [&](size_t begin, size_t end) {
      for (size_t r = begin; r < end; ++r) {
        int8_t* dst = y + r * out_row;
        if (r > begin && r % out_h != 0 && rows_[r % out_h] == rows_[r % out_h - 1]) {
          std::memcpy(dst, dst - out_row, out_row);
          continue;
        }
        const int8_t* src = x + (r / out_h) * in_image_ + rows_[r % out_h];
        kernels::x8_inearest_row_ukernel__wasmsimd_c16(cols_.size(), channels_, src, cols_.data(), dst);
        if (!table_.empty()) kernels::x8_lut_ukernel__wasmsimd_x64_range(out_row, dst, dst, &range_);
      }
    });
  }
  std::string describe() const override {
    return what_ + (table_.empty() ? " -> qs8 nearest copy" : " -> qs8 nearest copy + lut requantization");
  }

 private:
  size_t batch_, channels_, in_image_;
  std::vector<size_t> rows_, cols_;
  std::vector<int8_t> table_;
  kernels::X8LutRange range_;  // table_ for the kernel
  std::string what_;
};

// Bilinear: per output row one qs8-ibilinear row call over the tables of
// runtime/steps/resize_step.h (BilinearTables), interpolating the int8 codes
// in float and requantizing to y's grid in the same kernel.
class Qs8ResizeBilinearStep : public Step {
 public:
  Qs8ResizeBilinearStep(size_t batch, size_t channels, size_t in_image, BilinearTables tables,
                        kernels::QS8IbilinearParams params, std::string what)
      : batch_(batch), channels_(channels), in_image_(in_image), tables_(std::move(tables)), params_(params),
        what_(std::move(what)) {}
  void run(CompiledPlan& plan) override {
    const int8_t* x = plan.data<const int8_t>(inputs[0]);
    int8_t* y = plan.data<int8_t>(outputs[0]);
    const size_t out_h = tables_.row_weights.size(), out_w = tables_.col_weights.size();
    const size_t out_row = out_w * channels_;
    // Output rows are independent: any split gives the same bytes.
    parallel_ranges(plan, batch_ * out_h, 1, 4.0 * double(batch_) * out_h * out_row, [&](size_t begin, size_t end) {
      for (size_t r = begin; r < end; ++r) {
        const int8_t* image = x + (r / out_h) * in_image_;
        const size_t oy = r % out_h;
        kernels::qs8_ibilinear_row_ukernel__wasmsimd_c16(
            out_w, channels_, image + tables_.row_offsets[2 * oy], image + tables_.row_offsets[2 * oy + 1],
            tables_.col_offsets.data(), tables_.col_weights.data(), tables_.row_weights[oy], y + r * out_row,
            &params_);
      }
    });
  }
  std::string describe() const override { return what_ + " -> qs8 ibilinear row c16"; }

 private:
  size_t batch_, channels_, in_image_;
  BilinearTables tables_;
  kernels::QS8IbilinearParams params_;
  std::string what_;
};

// The int8 input of a Resize both lowerings take: DequantizeLinear of a
// non-empty 4-D int8 tensor, a non-empty 4-D output, and taps that move
// only along H and W. xs: the input's shape.
bool match_qs8_resize_input(LoweringContext& ctx, const Node& node, QuantizedActivation* x, Shape* xs,
                            reference::ResizeTapTables* taps) {
  if (!match_dq_activation(ctx.graph, node.inputs[0], x)) return false;
  *xs = ctx.graph.value(x->q_value).shape;
  const Shape& ys = ctx.graph.value(node.outputs[0]).shape;
  if (xs->size() != 4 || ys.size() != 4 || shape_numel(*xs) <= 0 || shape_numel(ys) <= 0) return false;
  return spatial_resize_taps(ctx, node, taps);
}

}  // namespace

std::unique_ptr<Step> lower_qs8_resize_bilinear(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if ((node.op_type != "Resize" && node.op_type != "Upsample") || !node.domain.empty() || node.outputs.size() != 1)
    return nullptr;
  const std::string mode = node.attr_string("mode", "nearest");
  if ((mode != "linear" && mode != "bilinear") || node.attr_int("antialias", 0) != 0 || node.has_attr("axes") ||
      node.attr_string("coordinate_transformation_mode", "half_pixel") == "tf_crop_and_resize")
    return nullptr;
  QuantizedActivation x;
  Shape xs;
  reference::ResizeTapTables taps;
  if (!match_qs8_resize_input(ctx, node, &x, &xs, &taps)) return nullptr;
  const size_t channels = static_cast<size_t>(xs[1]);
  BilinearTables tables;
  if (!bilinear_tables(taps, channels, static_cast<size_t>(xs[3]) * channels, &tables)) return nullptr;
  QuantizedOutput y;
  if (!match_quantized_output(ctx, node.outputs[0], &y)) return nullptr;
  const kernels::QS8IbilinearParams params = kernels::qs8_ibilinear_params(
      x.params.zero_point, x.params.scale / y.params.scale, y.params.zero_point, y.qmin, y.qmax);
  auto step = std::make_unique<Qs8ResizeBilinearStep>(static_cast<size_t>(xs[0]), channels,
                                                      static_cast<size_t>(shape_numel(xs) / xs[0]), std::move(tables),
                                                      params, node.op_type + " (linear)" + y.activation + " (QDQ)");
  step->inputs = {ctx.need_nhwc(x.q_value)};
  step->outputs = {ctx.produce_nhwc(y.q_value)};
  step->layer = node.layer.empty() ? node.name : node.layer;
  take_quantized_output(ctx, y);
  return step;
}

std::unique_ptr<Step> lower_qs8_resize_nearest(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if ((node.op_type != "Resize" && node.op_type != "Upsample") || !node.domain.empty() || node.outputs.size() != 1)
    return nullptr;
  if (node.attr_string("mode", "nearest") != "nearest" || node.attr_int("antialias", 0) != 0 || node.has_attr("axes"))
    return nullptr;
  QuantizedActivation x;
  Shape xs;
  reference::ResizeTapTables taps;
  if (!match_qs8_resize_input(ctx, node, &x, &xs, &taps)) return nullptr;
  const size_t channels = static_cast<size_t>(xs[1]), row_stride = static_cast<size_t>(xs[3]) * channels;
  std::vector<size_t> rows, cols;
  for (const auto& t : taps[2]) {
    if (t.size() != 1) return nullptr;
    rows.push_back(static_cast<size_t>(t[0].index) * row_stride);
  }
  for (const auto& t : taps[3]) {
    if (t.size() != 1) return nullptr;
    cols.push_back(static_cast<size_t>(t[0].index) * channels);
  }
  QuantizedOutput y;
  if (!match_quantized_output(ctx, node.outputs[0], &y)) return nullptr;
  std::vector<int8_t> table = qs8_function_table(ctx.graph, nullptr, x.params, y);
  if (is_identity_table(table)) table.clear();
  auto step = std::make_unique<Qs8ResizeNearestStep>(static_cast<size_t>(xs[0]), channels,
                                                     static_cast<size_t>(shape_numel(xs) / xs[0]), std::move(rows),
                                                     std::move(cols), std::move(table),
                                                     node.op_type + " (nearest)" + y.activation + " (QDQ)");
  step->inputs = {ctx.need_nhwc(x.q_value)};
  step->outputs = {ctx.produce_nhwc(y.q_value)};
  step->layer = node.layer.empty() ? node.name : node.layer;
  take_quantized_output(ctx, y);
  return step;
}

}  // namespace nnslim
