#include "runtime/steps/resize_step.h"

#include <cmath>

#include "core/error.h"
#include "kernels/f32-ibilinear/f32-ibilinear.h"
#include "ops/reference/resize_taps.h"

namespace nnslim {
namespace {

// Separable tables, built at compile time (O(out_h + out_w)): per output row
// its input rows (element offsets of the rows in an image) and vertical
// weight; per output column the element offsets of its input pixels within a
// row and the horizontal weight. Nearest uses one row / one column each.
class ResizeStep : public Step {
 public:
  ResizeStep(size_t batch, size_t channels, size_t in_image, size_t out_w, std::vector<size_t> row_offsets,
             std::vector<float> row_weights, std::vector<size_t> col_offsets, std::vector<float> col_weights,
             std::string what)
      : batch_(batch), channels_(channels), in_image_(in_image), out_w_(out_w), row_offsets_(std::move(row_offsets)),
        row_weights_(std::move(row_weights)), col_offsets_(std::move(col_offsets)),
        col_weights_(std::move(col_weights)), what_(std::move(what)) {}
  void run(CompiledPlan& plan) override {
    const float* x = plan.data<const float>(inputs[0]);
    float* y = plan.data<float>(outputs[0]);
    const bool nearest = row_weights_.empty();
    const size_t out_h = nearest ? row_offsets_.size() : row_weights_.size(), out_row = out_w_ * channels_;
    for (size_t n = 0; n < batch_; ++n) {
      const float* image = x + n * in_image_;
      for (size_t oy = 0; oy < out_h; ++oy, y += out_row) {
        if (nearest) {
          kernels::f32_inearest_row_ukernel__wasmsimd_c8(out_w_, channels_, image + row_offsets_[oy],
                                                         col_offsets_.data(), y);
        } else {
          kernels::f32_ibilinear_row_ukernel__wasmsimd_c8(out_w_, channels_, image + row_offsets_[2 * oy],
                                                          image + row_offsets_[2 * oy + 1], col_offsets_.data(),
                                                          col_weights_.data(), row_weights_[oy], y);
        }
      }
    }
  }
  std::string describe() const override { return what_; }

 private:
  size_t batch_, channels_, in_image_, out_w_;
  std::vector<size_t> row_offsets_;
  std::vector<float> row_weights_;
  std::vector<size_t> col_offsets_;
  std::vector<float> col_weights_;
  std::string what_;
};

// Along an unscaled dim every output index reads itself with weight 1.
bool is_identity(const std::vector<std::vector<reference::ResizeTap>>& taps) {
  for (size_t o = 0; o < taps.size(); ++o) {
    if (taps[o].empty()) return false;
    for (const reference::ResizeTap& tap : taps[o])
      if (tap.weight != 0.0 && (tap.index != static_cast<int64_t>(o) || tap.weight != 1.0)) return false;
  }
  return true;
}

// A linear dim's taps as (i0, i1, t) with out = v[i0] + t * (v[i1] - v[i0]):
// two taps whose weights sum to 1 (one tap: i1 = i0).
struct Lerp {
  size_t i0, i1;
  float t;
};
bool lerp_of(const std::vector<reference::ResizeTap>& taps, Lerp* lerp) {
  if (taps.size() == 1 && taps[0].weight == 1.0) {
    *lerp = {static_cast<size_t>(taps[0].index), static_cast<size_t>(taps[0].index), 0.f};
    return true;
  }
  if (taps.size() != 2 || std::fabs(taps[0].weight + taps[1].weight - 1.0) > 1e-9) return false;
  *lerp = {static_cast<size_t>(taps[0].index), static_cast<size_t>(taps[1].index), static_cast<float>(taps[1].weight)};
  return true;
}

}  // namespace

bool bilinear_tables(const reference::ResizeTapTables& taps, size_t channels, size_t row_stride, BilinearTables* out) {
  for (const auto& row : taps[2]) {
    Lerp r;
    if (!lerp_of(row, &r)) return false;
    out->row_offsets.push_back(r.i0 * row_stride);
    out->row_offsets.push_back(r.i1 * row_stride);
    out->row_weights.push_back(r.t);
  }
  for (const auto& col : taps[3]) {
    Lerp c;
    if (!lerp_of(col, &c)) return false;
    out->col_offsets.push_back(c.i0 * channels);
    out->col_offsets.push_back(c.i1 * channels);
    out->col_weights.push_back(c.t);
  }
  return true;
}

bool spatial_resize_taps(const LoweringContext& ctx, const Node& node, reference::ResizeTapTables* taps) {
  const Shape& y_shape = ctx.graph.value(node.outputs[0]).shape;
  // The reference's views: X's shape, and the roi / scales / sizes values,
  // which must be constants (bound inputs count) for the tables to be fixed.
  std::vector<TensorView> views(node.inputs.size());
  std::vector<const TensorView*> view_ptrs(node.inputs.size(), nullptr);
  for (size_t i = 0; i < node.inputs.size(); ++i) {
    if (node.inputs[i] < 0) continue;
    const Value& v = ctx.graph.value(node.inputs[i]);
    views[i].dtype = v.dtype;
    views[i].shape = v.shape;
    if (i > 0) {
      if (!v.constant || !v.constant->materialized()) return false;
      views[i].data = v.constant->bytes.data();
    }
    view_ptrs[i] = &views[i];
  }
  try {
    *taps = reference::resize_tap_tables(node, ctx.graph.opset, view_ptrs, y_shape, nullptr);
  } catch (const Error&) {
    return false;  // unsupported here: the reference step reports it when run
  }
  return is_identity((*taps)[0]) && is_identity((*taps)[1]);
}

std::unique_ptr<Step> lower_resize_nhwc(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if ((node.op_type != "Resize" && node.op_type != "Upsample") || node.outputs.size() != 1) return nullptr;
  const Value x = ctx.graph.value(node.inputs[0]);
  const Value y = ctx.graph.value(node.outputs[0]);
  if (x.dtype != DType::Float32 || x.constant || x.shape.size() != 4 || y.shape.size() != 4) return nullptr;
  if (shape_numel(x.shape) <= 0 || shape_numel(y.shape) <= 0) return nullptr;
  const std::string mode = node.attr_string("mode", "nearest");
  const bool nearest = mode == "nearest";
  if (!nearest && mode != "linear" && mode != "bilinear") return nullptr;
  if (node.attr_string("coordinate_transformation_mode", "half_pixel") == "tf_crop_and_resize") return nullptr;
  if (node.attr_int("antialias", 0) != 0 || node.has_attr("axes")) return nullptr;

  reference::ResizeTapTables taps;
  if (!spatial_resize_taps(ctx, node, &taps)) return nullptr;

  const size_t channels = static_cast<size_t>(x.shape[1]);
  const size_t in_w = static_cast<size_t>(x.shape[3]), row_stride = in_w * channels;
  const size_t out_h = static_cast<size_t>(y.shape[2]), out_w = static_cast<size_t>(y.shape[3]);
  std::vector<size_t> row_offsets, col_offsets;
  std::vector<float> row_weights, col_weights;
  if (nearest) {
    for (size_t oy = 0; oy < out_h; ++oy) {
      if (taps[2][oy].size() != 1) return nullptr;
      row_offsets.push_back(static_cast<size_t>(taps[2][oy][0].index) * row_stride);
    }
    for (size_t ox = 0; ox < out_w; ++ox) {
      if (taps[3][ox].size() != 1) return nullptr;
      col_offsets.push_back(static_cast<size_t>(taps[3][ox][0].index) * channels);
    }
  } else {
    BilinearTables tables;
    if (!bilinear_tables(taps, channels, row_stride, &tables)) return nullptr;
    row_offsets = std::move(tables.row_offsets), row_weights = std::move(tables.row_weights);
    col_offsets = std::move(tables.col_offsets), col_weights = std::move(tables.col_weights);
  }
  const std::string what = node.op_type + (nearest ? " (nearest) -> f32 inearest row c8" : " (linear) -> f32 ibilinear row c8");
  auto step = std::make_unique<ResizeStep>(static_cast<size_t>(x.shape[0]), channels,
                                           static_cast<size_t>(shape_numel(x.shape) / x.shape[0]), out_w,
                                           std::move(row_offsets), std::move(row_weights), std::move(col_offsets),
                                           std::move(col_weights), what);
  step->inputs = {ctx.need_nhwc(node.inputs[0])};
  step->outputs = {ctx.produce_nhwc(node.outputs[0])};
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

}  // namespace nnslim
