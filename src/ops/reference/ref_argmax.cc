// ArgMax along one axis: the first (or, with select_last_index, the last)
// index of the largest value; a NaN never replaces the running maximum.
#include "ops/reference/reference_ops.h"

namespace nnslim {
namespace reference {

NNSLIM_DEFINE_REFERENCE(ArgMax) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& y = required_output(node, outputs, 0);
  const int64_t rank = static_cast<int64_t>(x.shape.size());
  const size_t axis = static_cast<size_t>(normalize_axis(node, node.attr_int("axis", 0), rank));
  const bool last = node.attr_int("select_last_index", 0) != 0;
  int64_t outer = 1, inner = 1;
  for (size_t a = 0; a < axis; ++a) outer *= x.shape[a];
  for (size_t a = axis + 1; a < x.shape.size(); ++a) inner *= x.shape[a];
  const int64_t count = x.shape[axis];
  if (count == 0) node_fail(node, "cannot take the ArgMax of an empty axis");
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      int64_t best = 0;
      double best_value = load_double(x, o * count * inner + i);
      for (int64_t k = 1; k < count; ++k) {
        const double v = load_double(x, (o * count + k) * inner + i);
        if (last ? v >= best_value : v > best_value) {
          best = k;
          best_value = v;
        }
      }
      store_int(y, o * inner + i, best);
    }
}

}  // namespace reference
}  // namespace nnslim
