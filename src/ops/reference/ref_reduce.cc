// Reductions over a set of axes: ReduceSum/Mean/Max/Min/Prod/L1/L2/SumSquare/
// LogSum/LogSumExp. Axes come from the `axes` attribute (older opsets) or the
// optional input 1 (ReduceSum from opset 13, the others from 18); no axes
// means all axes, unless noop_with_empty_axes = 1 (then Y = X).
#include <cmath>
#include <limits>

#include "ops/reference/reference_ops.h"

namespace nnslim {
namespace reference {
namespace {

enum class Reduction { Sum, Mean, Max, Min, Prod, L1, L2, SumSquare, LogSum, LogSumExp };

void reduce(const Node& node, const std::vector<const TensorView*>& inputs, const std::vector<TensorView*>& outputs,
            Reduction kind) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& y = required_output(node, outputs, 0);
  const TensorView* axes_input = optional_input(inputs, 1);
  const std::vector<int64_t> axes = axes_input ? read_ints(*axes_input) : node.attr_ints("axes");
  const int64_t rank = static_cast<int64_t>(x.shape.size());
  const int64_t n = element_count(x);
  if (axes.empty() && node.attr_int("noop_with_empty_axes", 0)) {
    for (int64_t i = 0; i < n; ++i) copy_element(y, i, x, i);
    return;
  }
  std::vector<bool> reduced(static_cast<size_t>(rank), axes.empty());
  for (int64_t a : axes) reduced[static_cast<size_t>(normalize_axis(node, a, rank))] = true;
  // The output in keepdims form (reduced dims = 1) has the same element order
  // with or without keepdims.
  Shape kept = x.shape;
  for (size_t d = 0; d < kept.size(); ++d)
    if (reduced[d]) kept[d] = 1;
  const int64_t out_n = shape_numel(kept);
  if (out_n != element_count(y)) node_fail(node, "output ", shape_to_string(y.shape), " does not match the reduction");
  const Shape kept_strides = strides_of(kept);

  const double init = kind == Reduction::Max ? -INFINITY
                      : kind == Reduction::Min ? INFINITY
                      : kind == Reduction::Prod ? 1.0 : 0.0;
  std::vector<double> acc(static_cast<size_t>(out_n), init);
  std::vector<double> max(static_cast<size_t>(out_n), -INFINITY);  // LogSumExp's shift
  Shape index(x.shape.size());
  if (kind == Reduction::LogSumExp)
    for (int64_t i = 0; i < n; ++i) {
      unravel_into(i, x.shape, index);
      int64_t o = 0;
      for (size_t d = 0; d < index.size(); ++d) o += reduced[d] ? 0 : index[d] * kept_strides[d];
      max[static_cast<size_t>(o)] = std::max(max[static_cast<size_t>(o)], load_double(x, i));
    }
  for (int64_t i = 0; i < n; ++i) {
    unravel_into(i, x.shape, index);
    int64_t o = 0;
    for (size_t d = 0; d < index.size(); ++d) o += reduced[d] ? 0 : index[d] * kept_strides[d];
    double& a = acc[static_cast<size_t>(o)];
    const double v = load_double(x, i);
    switch (kind) {
      case Reduction::Sum: case Reduction::Mean: case Reduction::LogSum: a += v; break;
      // NaN propagates (numpy's np.max / np.min): once NaN, a stays NaN.
      case Reduction::Max: a = std::isnan(v) || v > a ? v : a; break;
      case Reduction::Min: a = std::isnan(v) || v < a ? v : a; break;
      case Reduction::Prod: a *= v; break;
      case Reduction::L1: a += std::fabs(v); break;
      case Reduction::L2: case Reduction::SumSquare: a += v * v; break;
      case Reduction::LogSumExp: a += std::exp(v - max[static_cast<size_t>(o)]); break;
    }
  }
  const double count = out_n ? static_cast<double>(n) / static_cast<double>(out_n) : 0.0;
  for (int64_t o = 0; o < out_n; ++o) {
    double a = acc[static_cast<size_t>(o)];
    switch (kind) {
      case Reduction::Mean: a /= count; break;
      case Reduction::L2: a = std::sqrt(a); break;
      case Reduction::LogSum: a = std::log(a); break;
      case Reduction::LogSumExp: a = std::log(a) + max[static_cast<size_t>(o)]; break;
      default: break;
    }
    store_double(y, o, a);
  }
}

}  // namespace

NNSLIM_DEFINE_REFERENCE(ReduceSum) { reduce(node, inputs, outputs, Reduction::Sum); }
NNSLIM_DEFINE_REFERENCE(ReduceMean) { reduce(node, inputs, outputs, Reduction::Mean); }
NNSLIM_DEFINE_REFERENCE(ReduceMax) { reduce(node, inputs, outputs, Reduction::Max); }
NNSLIM_DEFINE_REFERENCE(ReduceMin) { reduce(node, inputs, outputs, Reduction::Min); }
NNSLIM_DEFINE_REFERENCE(ReduceProd) { reduce(node, inputs, outputs, Reduction::Prod); }
NNSLIM_DEFINE_REFERENCE(ReduceL1) { reduce(node, inputs, outputs, Reduction::L1); }
NNSLIM_DEFINE_REFERENCE(ReduceL2) { reduce(node, inputs, outputs, Reduction::L2); }
NNSLIM_DEFINE_REFERENCE(ReduceSumSquare) { reduce(node, inputs, outputs, Reduction::SumSquare); }
NNSLIM_DEFINE_REFERENCE(ReduceLogSum) { reduce(node, inputs, outputs, Reduction::LogSum); }
NNSLIM_DEFINE_REFERENCE(ReduceLogSumExp) { reduce(node, inputs, outputs, Reduction::LogSumExp); }

}  // namespace reference
}  // namespace nnslim
