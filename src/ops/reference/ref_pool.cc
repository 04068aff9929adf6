// MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool over any number of
// spatial dims. Window tap k of output o along a dim reads input position
//   i = o * stride - pad_begin + k * dilation;
// taps outside the input are ignored (max) or count as zeros (average, see below).
#include <cmath>
#include <limits>

#include "ops/reference/reference_ops.h"
#include "ops/reference/window.h"

namespace nnslim {
namespace reference {
namespace {

enum class PoolKind { Max, Average };

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
  const int64_t in_size = shape_numel(in_sp), out_size = shape_numel(out_sp), k_size = shape_numel(win.kernel);
  std::vector<Shape> taps(static_cast<size_t>(k_size));
  for (int64_t k = 0; k < k_size; ++k) taps[static_cast<size_t>(k)] = unravel(k, win.kernel);

  for (int64_t p = 0; p < planes; ++p)
    for (int64_t o = 0; o < out_size; ++o) {
      const Shape out_index = unravel(o, out_sp);
      double best = -std::numeric_limits<double>::infinity(), sum = 0.0;
      int64_t best_flat = -1, count_inside = 0, count_padded = 0;
      for (int64_t k = 0; k < k_size; ++k) {
        bool inside = true, inside_padded = true;
        int64_t flat = 0;
        Shape pos(rank);
        for (size_t d = 0; d < rank; ++d) {
          pos[d] = out_index[d] * win.strides[d] - win.pads_begin[d] + taps[static_cast<size_t>(k)][d] * win.dilations[d];
          inside = inside && pos[d] >= 0 && pos[d] < in_sp[d];
          inside_padded = inside_padded && pos[d] >= -win.pads_begin[d] && pos[d] < in_sp[d] + win.pads_end[d];
          flat = flat * in_sp[d] + pos[d];
        }
        count_padded += inside_padded;
        if (!inside) continue;
        ++count_inside;
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
