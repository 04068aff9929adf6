#include "runtime/steps/transpose_step.h"

#include <algorithm>
#include <cstring>

#include "core/small_sort.h"
#include "kernels/x32-transpose/x32-transpose.h"
#include "kernels/x8-transpose/x8-transpose.h"

namespace nnslim {
namespace {

// One dim of the loop over the output: extent and the strides (elements) of
// a step along it in the input and the output.
struct LoopDim {
  size_t extent, in_stride, out_stride;
};

constexpr size_t kMaxLoopDims = 8;

// The 2-D tile kernel per element size (float32/int32 bits, int8 bytes).
inline void transpose_tile(size_t rows, size_t cols, const uint32_t* in, size_t in_stride, uint32_t* out,
                           size_t out_stride) {
  kernels::x32_transpose_ukernel__wasmsimd_4x4(rows, cols, in, in_stride, out, out_stride);
}
inline void transpose_tile(size_t rows, size_t cols, const uint8_t* in, size_t in_stride, uint8_t* out,
                           size_t out_stride) {
  kernels::x8_transpose_ukernel__wasmsimd_16x16(rows, cols, in, in_stride, out, out_stride);
}

template <typename Element>
class TransposeStep : public Step {
 public:
  // Copy mode (tile_rows == 0): per outer index, copy `run` contiguous elements.
  // Tile mode: per outer index, a tile_rows x tile_cols transpose with the given strides.
  TransposeStep(std::vector<LoopDim> outer, size_t run, size_t tile_rows, size_t tile_cols, size_t tile_in_stride,
                size_t tile_out_stride, std::string what)
      : outer_(std::move(outer)), run_(run), tile_rows_(tile_rows), tile_cols_(tile_cols),
        tile_in_stride_(tile_in_stride), tile_out_stride_(tile_out_stride), what_(std::move(what)) {}

  void run(CompiledPlan& plan) override {
    const Element* x = plan.data<const Element>(inputs[0]);
    Element* y = plan.data<Element>(outputs[0]);
    // Odometer over the outer dims (the last one fastest).
    size_t index[kMaxLoopDims] = {};
    size_t in = 0, out = 0;
    while (true) {
      if (tile_rows_ == 0)
        std::memcpy(y + out, x + in, run_ * sizeof(Element));
      else
        transpose_tile(tile_rows_, tile_cols_, x + in, tile_in_stride_, y + out, tile_out_stride_);
      size_t d = outer_.size();
      while (d-- > 0) {
        in += outer_[d].in_stride;
        out += outer_[d].out_stride;
        if (++index[d] < outer_[d].extent) break;
        in -= outer_[d].extent * outer_[d].in_stride;
        out -= outer_[d].extent * outer_[d].out_stride;
        index[d] = 0;
      }
      if (d == static_cast<size_t>(-1)) break;
    }
  }
  std::string describe() const override { return what_; }

 private:
  std::vector<LoopDim> outer_;
  size_t run_, tile_rows_, tile_cols_, tile_in_stride_, tile_out_stride_;
  std::string what_;
};

}  // namespace

std::unique_ptr<Step> make_transpose_step(const Node& node, const Shape& shape, size_t element_bytes) {
  if (shape.empty() || (element_bytes != 4 && element_bytes != 1)) return nullptr;
  const size_t rank = shape.size();
  std::vector<int64_t> perm = node.attr_ints("perm");
  if (perm.empty())
    for (size_t d = rank; d-- > 0;) perm.push_back(static_cast<int64_t>(d));
  if (perm.size() != rank) return nullptr;
  std::vector<bool> seen(rank, false);
  for (int64_t p : perm) {
    if (p < 0 || p >= static_cast<int64_t>(rank) || seen[static_cast<size_t>(p)]) return nullptr;
    seen[static_cast<size_t>(p)] = true;
  }
  if (shape_numel(shape) <= 0) return nullptr;

  // Reduce: drop size-1 input dims, then merge output neighbours d, d+1 that
  // are input neighbours p, p+1. The result: input dims `in_dims` (extents,
  // in input order) and the output order `order` over them.
  std::vector<size_t> kept;  // input dims kept, in input order
  for (size_t d = 0; d < rank; ++d)
    if (shape[d] != 1) kept.push_back(d);
  std::vector<size_t> renumber(rank, 0);
  for (size_t k = 0; k < kept.size(); ++k) renumber[kept[k]] = k;
  std::vector<size_t> out_order;  // output order over kept dims
  for (int64_t p : perm)
    if (shape[static_cast<size_t>(p)] != 1) out_order.push_back(renumber[static_cast<size_t>(p)]);
  // Merge groups of output dims that are consecutive input dims.
  std::vector<std::vector<size_t>> groups;  // each: consecutive input dims, in output order
  for (size_t d : out_order) {
    if (!groups.empty() && groups.back().back() + 1 == d)
      groups.back().push_back(d);
    else
      groups.push_back({d});
  }
  // Input order of the groups gives the reduced input shape.
  std::vector<size_t> group_by_input(groups.size());
  for (size_t g = 0; g < groups.size(); ++g) group_by_input[g] = g;
  insertion_sort(group_by_input, [&](size_t a, size_t b) { return groups[a].front() < groups[b].front(); });
  const size_t reduced = groups.size();
  std::vector<size_t> extent(reduced), in_stride(reduced), out_stride(reduced);
  for (size_t g = 0; g < reduced; ++g) {
    extent[g] = 1;
    for (size_t d : groups[g]) extent[g] *= static_cast<size_t>(shape[kept[d]]);
  }
  size_t stride = 1;
  for (size_t k = reduced; k-- > 0;) {
    in_stride[group_by_input[k]] = stride;
    stride *= extent[group_by_input[k]];
  }
  stride = 1;
  for (size_t g = reduced; g-- > 0;) {
    out_stride[g] = stride;
    stride *= extent[g];
  }
  if (reduced > kMaxLoopDims + 1) return nullptr;

  const size_t elements = static_cast<size_t>(shape_numel(shape));
  std::vector<LoopDim> outer;
  size_t run = 0, tile_rows = 0, tile_cols = 0, tile_in_stride = 0, tile_out_stride = 0;
  std::string what;
  if (reduced <= 1) {  // the identity on the bytes
    run = elements;
    what = "Transpose -> memcpy";
  } else if (in_stride[reduced - 1] == 1) {
    // The output's innermost group is the input's innermost: copy runs of it.
    for (size_t g = 0; g + 1 < reduced; ++g) outer.push_back({extent[g], in_stride[g], out_stride[g]});
    run = extent[reduced - 1];
    what = "Transpose -> memcpy runs of " + std::to_string(run);
  } else {
    // Tile: i along the output's innermost group a, j along the input's innermost group b.
    const size_t a = reduced - 1, b = group_by_input[reduced - 1];
    for (size_t g = 0; g < reduced; ++g)
      if (g != a && g != b) outer.push_back({extent[g], in_stride[g], out_stride[g]});
    // Element (i, j) sits at i * in_stride[a] + j in the input and at
    // i + j * out_stride[b] in the output: the tile kernel's definition.
    tile_rows = extent[a], tile_cols = extent[b], tile_in_stride = in_stride[a], tile_out_stride = out_stride[b];
    what = element_bytes == 4 ? "Transpose -> x32 transpose 4x4 tiles" : "Transpose -> x8 transpose 16x16 tiles";
  }
  if (element_bytes == 4)
    return std::make_unique<TransposeStep<uint32_t>>(std::move(outer), run, tile_rows, tile_cols, tile_in_stride,
                                                     tile_out_stride, what);
  return std::make_unique<TransposeStep<uint8_t>>(std::move(outer), run, tile_rows, tile_cols, tile_in_stride,
                                                  tile_out_stride, what);
}

std::unique_ptr<Step> lower_transpose(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "Transpose" || node.outputs.size() != 1 || node.inputs.empty()) return nullptr;
  const Value& x = ctx.graph.value(node.inputs[0]);
  if (x.constant || !x.has_shape || dtype_size(x.dtype) != 4) return nullptr;
  std::unique_ptr<Step> step = make_transpose_step(node, x.shape, 4);
  if (!step) return nullptr;
  step->inputs = {ctx.need_nchw(node.inputs[0])};
  step->outputs = {node.outputs[0]};
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

}  // namespace nnslim
