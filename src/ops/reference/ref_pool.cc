// MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool over any number of
// spatial dims. Window tap k of output o along a dim reads input position
//   i = o * stride - pad_begin + k * dilation;
// taps outside the input are ignored (max) or count as zeros (average, see below).
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "ops/reference/reference_ops.h"
#include "ops/reference/window.h"

namespace nnslim {
namespace reference {
namespace {

enum class PoolKind { Max, Average };

// Taps k in [0, kernel) whose position start + k * dilation is below `bound`
// (positions grow with k; dilation >= 1).
int64_t taps_below(int64_t start, int64_t dilation, int64_t kernel, int64_t bound) {
  if (start >= bound) return 0;
  return std::min(kernel, (bound - start + dilation - 1) / dilation);
}

// The taps of one output along one dim whose position lies in [lo, hi): a
// range [first, end) of tap indices (empty when end <= first).
struct TapRange {
  int64_t first, end;
  int64_t count() const { return std::max<int64_t>(0, end - first); }
};
TapRange taps_within(int64_t start, int64_t dilation, int64_t kernel, int64_t lo, int64_t hi) {
  return {taps_below(start, dilation, kernel, lo), taps_below(start, dilation, kernel, hi)};
}

// Visits only the taps inside the input: along each dim they form one range,
// so an output's taps are a box, walked in the kernel's row-major order (the
// order, hence the sums and the first maximum, of a walk over every tap that
// skips those in the padding). A wide kernel or pads cost nothing beyond the
// input they cover.
void pool(const Node& node, const std::vector<const TensorView*>& inputs, const std::vector<TensorView*>& outputs,
          PoolKind kind) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& y = required_output(node, outputs, 0);
  const TensorView* indices = kind == PoolKind::Max ? (outputs.size() > 1 ? outputs[1] : nullptr) : nullptr;
  if (x.shape.size() < 3) node_fail(node, "input must have rank >= 3 (N, C, spatial...)");
  const Shape in_sp = spatial_dims(x.shape), out_sp = spatial_dims(y.shape);
  if (!node.has_attr("kernel_shape")) node_fail(node, "kernel_shape is required");
  const Window win = forward_window(node, in_sp, out_sp, node.attr_ints("kernel_shape"));
  const bool count_include_pad = node.attr_int("count_include_pad", 0) != 0;
  const bool column_major = node.attr_int("storage_order", 0) != 0;
  const size_t rank = in_sp.size();
  const int64_t planes = x.shape[0] * x.shape[1];
  const int64_t in_size = shape_numel(in_sp), out_size = shape_numel(out_sp);

  // Per output (reused: no allocation in the loops): its index, and per dim
  // the first input position, the inside tap range and the current tap.
  Shape out_index(rank), start(rank), pos(rank), tap(rank);
  std::vector<TapRange> inside(rank);
  for (int64_t p = 0; p < planes; ++p)
    for (int64_t o = 0; o < out_size; ++o) {
      unravel_into(o, out_sp, out_index);
      int64_t count_inside = 1, count_padded = 1;
      for (size_t d = 0; d < rank; ++d) {
        start[d] = out_index[d] * win.strides[d] - win.pads_begin[d];
        inside[d] = taps_within(start[d], win.dilations[d], win.kernel[d], 0, in_sp[d]);
        count_inside *= inside[d].count();
        // count_include_pad: the taps inside the explicitly padded input.
        count_padded *= taps_within(start[d], win.dilations[d], win.kernel[d], -win.pads_begin[d],
                                    in_sp[d] + win.pads_end[d]).count();
        tap[d] = inside[d].first;
      }
      double best = -std::numeric_limits<double>::infinity(), sum = 0.0;
      int64_t best_flat = -1;
      for (int64_t visited = 0; visited < count_inside; ++visited) {
        int64_t flat = 0;
        for (size_t d = 0; d < rank; ++d) {
          pos[d] = start[d] + tap[d] * win.dilations[d];
          flat = flat * in_sp[d] + pos[d];
        }
        const double v = load_double(x, p * in_size + flat);
        sum += v;
        // A NaN wins (and stays: nothing compares greater), as numpy's max.
        if (v > best || best_flat < 0 || (std::isnan(v) && !std::isnan(best))) {
          best = v;
          // Indices: flat position in the whole input tensor; storage_order 1
          // counts the spatial dims column-major (last dim slowest).
          int64_t spatial_flat = flat;
          if (column_major) {
            spatial_flat = 0;
            for (size_t d = rank; d-- > 0;) spatial_flat = spatial_flat * in_sp[d] + pos[d];
          }
          best_flat = p * in_size + spatial_flat;
        }
        // Next tap of the box, last dim fastest.
        for (size_t d = rank; d-- > 0;) {
          if (++tap[d] < inside[d].end) break;
          tap[d] = inside[d].first;
        }
      }
      const int64_t out_flat = p * out_size + o;
      if (kind == PoolKind::Max) {
        store_double(y, out_flat, best);
        if (indices) store_int(*indices, out_flat, best_flat);
      } else {
        // count_include_pad = 0: divide by the taps inside the input;
        // = 1: by the taps inside the padded input (the explicit pads, not the
        // extra ceil_mode overhang).
        const int64_t divisor = count_include_pad ? count_padded : count_inside;
        store_double(y, out_flat, divisor ? sum / static_cast<double>(divisor) : 0.0);
      }
    }
}

void global_pool(const Node& node, const std::vector<const TensorView*>& inputs,
                 const std::vector<TensorView*>& outputs, PoolKind kind) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& y = required_output(node, outputs, 0);
  if (x.shape.size() < 2) node_fail(node, "input must have rank >= 2");
  const int64_t planes = x.shape[0] * x.shape[1];
  const int64_t size = shape_numel(spatial_dims(x.shape));
  for (int64_t p = 0; p < planes; ++p) {
    double sum = 0.0, best = -std::numeric_limits<double>::infinity();
    for (int64_t i = 0; i < size; ++i) {
      const double v = load_double(x, p * size + i);
      sum += v;
      best = std::isnan(v) || v > best ? v : best;  // NaN wins and stays
    }
    store_double(y, p, kind == PoolKind::Max ? best : sum / static_cast<double>(size));
  }
}

}  // namespace

NNSLIM_DEFINE_REFERENCE(MaxPool) { pool(node, inputs, outputs, PoolKind::Max); }
NNSLIM_DEFINE_REFERENCE(AveragePool) { pool(node, inputs, outputs, PoolKind::Average); }
// Global pools: one value per (n, c) over all spatial positions.
NNSLIM_DEFINE_REFERENCE(GlobalAveragePool) { global_pool(node, inputs, outputs, PoolKind::Average); }
NNSLIM_DEFINE_REFERENCE(GlobalMaxPool) { global_pool(node, inputs, outputs, PoolKind::Max); }

}  // namespace reference
}  // namespace nnslim
