#include "runtime/steps/resize_step.h"

#include <cmath>

#include "core/error.h"
#include "kernels/f32-ibilinear/f32-ibilinear.h"
#include "runtime/reference/resize_taps.h"

namespace nnslim {
namespace {

class ResizeStep : public Step {
 public:
  // offsets: per output pixel of one image, 1 (nearest) or 4 (bilinear)
  // element offsets into one input image; weights: 2 per pixel (bilinear).
  ResizeStep(size_t batch, size_t channels, size_t in_image, size_t out_pixels, std::vector<size_t> offsets,
             std::vector<float> weights, std::string what)
      : batch_(batch), channels_(channels), in_image_(in_image), out_pixels_(out_pixels),
        offsets_(std::move(offsets)), weights_(std::move(weights)), what_(std::move(what)) {}
  void run(CompiledPlan& plan) override {
    const float* x = plan.data<const float>(inputs[0]);
    float* y = plan.data<float>(outputs[0]);
    for (size_t n = 0; n < batch_; ++n) {
      const float* image = x + n * in_image_;
      float* out = y + n * out_pixels_ * channels_;
      if (weights_.empty())
        kernels::f32_inearest_ukernel__wasmsimd_c8(out_pixels_, channels_, image, offsets_.data(), out);
      else
        kernels::f32_ibilinear_ukernel__wasmsimd_c8(out_pixels_, channels_, image, offsets_.data(), weights_.data(),
                                                    out);
    }
  }
  std::string describe() const override { return what_; }

 private:
  size_t batch_, channels_, in_image_, out_pixels_;
  std::vector<size_t> offsets_;
  std::vector<float> weights_;
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
      if (!v.constant || !v.constant->materialized()) return nullptr;
      views[i].data = v.constant->bytes.data();
    }
    view_ptrs[i] = &views[i];
  }
  reference::ResizeTapTables taps;
  try {
    taps = reference::resize_tap_tables(node, ctx.graph.opset, view_ptrs, y.shape, nullptr);
  } catch (const Error&) {
    return nullptr;  // unsupported here: the reference step reports it when run
  }
  if (!is_identity(taps[0]) || !is_identity(taps[1])) return nullptr;

  const size_t channels = static_cast<size_t>(x.shape[1]);
  const size_t in_w = static_cast<size_t>(x.shape[3]);
  const size_t out_h = static_cast<size_t>(y.shape[2]), out_w = static_cast<size_t>(y.shape[3]);
  std::vector<size_t> offsets;
  std::vector<float> weights;
  if (nearest) {
    offsets.reserve(out_h * out_w);
    for (size_t oy = 0; oy < out_h; ++oy)
      for (size_t ox = 0; ox < out_w; ++ox) {
        if (taps[2][oy].size() != 1 || taps[3][ox].size() != 1) return nullptr;
        offsets.push_back((static_cast<size_t>(taps[2][oy][0].index) * in_w + static_cast<size_t>(taps[3][ox][0].index)) * channels);
      }
  } else {
    std::vector<Lerp> rows(out_h), cols(out_w);
    for (size_t oy = 0; oy < out_h; ++oy)
      if (!lerp_of(taps[2][oy], &rows[oy])) return nullptr;
    for (size_t ox = 0; ox < out_w; ++ox)
      if (!lerp_of(taps[3][ox], &cols[ox])) return nullptr;
    offsets.reserve(4 * out_h * out_w);
    weights.reserve(2 * out_h * out_w);
    for (const Lerp& r : rows)
      for (const Lerp& c : cols) {
        for (size_t row : {r.i0, r.i1})
          for (size_t col : {c.i0, c.i1}) offsets.push_back((row * in_w + col) * channels);
        weights.push_back(c.t);
        weights.push_back(r.t);
      }
  }
  const std::string what = node.op_type + (nearest ? " (nearest) -> f32 inearest c8" : " (linear) -> f32 ibilinear c8");
  auto step = std::make_unique<ResizeStep>(static_cast<size_t>(x.shape[0]), channels,
                                           static_cast<size_t>(shape_numel(x.shape) / x.shape[0]), out_h * out_w,
                                           std::move(offsets), std::move(weights), what);
  step->inputs = {ctx.need_nhwc(node.inputs[0])};
  step->outputs = {ctx.produce_nhwc(node.outputs[0])};
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

}  // namespace nnslim
