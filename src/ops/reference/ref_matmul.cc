// Gemm and MatMul. Products accumulate in double.
#include "ops/reference/reference_ops.h"

namespace nnslim {
namespace reference {

// Gemm: Y = alpha * A' * B' + beta * C, A' = transA ? A^T : A (M x K),
// B' = transB ? B^T : B (K x N), C broadcast to [M, N].
NNSLIM_DEFINE_REFERENCE(Gemm) {
  const TensorView& a = required_input(node, inputs, 0);
  const TensorView& b = required_input(node, inputs, 1);
  const TensorView* c = optional_input(inputs, 2);
  const TensorView& y = required_output(node, outputs, 0);
  if (a.shape.size() != 2 || b.shape.size() != 2) node_fail(node, "A and B must be rank 2");
  const bool trans_a = node.attr_int("transA", 0) != 0, trans_b = node.attr_int("transB", 0) != 0;
  const double alpha = node.attr_float("alpha", 1.f), beta = node.attr_float("beta", 1.f);
  const int64_t m_size = trans_a ? a.shape[1] : a.shape[0], k_size = trans_a ? a.shape[0] : a.shape[1];
  const int64_t n_size = trans_b ? b.shape[0] : b.shape[1];
  if ((trans_b ? b.shape[1] : b.shape[0]) != k_size) node_fail(node, "inner dims of A and B differ");
  std::vector<int64_t> c_offsets;
  if (c) c_offsets = broadcast_offsets(c->shape, {m_size, n_size});
  for (int64_t m = 0; m < m_size; ++m)
    for (int64_t n = 0; n < n_size; ++n) {
      double acc = 0.0;
      for (int64_t k = 0; k < k_size; ++k)
        acc += load_double(a, trans_a ? k * m_size + m : m * k_size + k) *
               load_double(b, trans_b ? n * k_size + k : k * n_size + n);
      double out = alpha * acc;
      if (c) out += beta * load_double(*c, c_offsets[static_cast<size_t>(m * n_size + n)]);
      store_double(y, m * n_size + n, out);
    }
}

// MatMul with numpy semantics: the last two dims are matrices, leading dims
// broadcast; a 1-D A is a row [1, K] and a 1-D B a column [K, 1] whose unit
// dim is dropped from the result (the flat output order is the same).
NNSLIM_DEFINE_REFERENCE(MatMul) {
  const TensorView& a = required_input(node, inputs, 0);
  const TensorView& b = required_input(node, inputs, 1);
  const TensorView& y = required_output(node, outputs, 0);
  if (a.shape.empty() || b.shape.empty()) node_fail(node, "MatMul inputs must have rank >= 1");
  const Shape a2 = a.shape.size() == 1 ? Shape{1, a.shape[0]} : a.shape;
  const Shape b2 = b.shape.size() == 1 ? Shape{b.shape[0], 1} : b.shape;
  const int64_t m_size = a2[a2.size() - 2], k_size = a2.back(), n_size = b2.back();
  if (b2[b2.size() - 2] != k_size)
    node_fail(node, "inner dims differ: A ", shape_to_string(a.shape), ", B ", shape_to_string(b.shape));
  const Shape a_batch(a2.begin(), a2.end() - 2), b_batch(b2.begin(), b2.end() - 2);
  // Broadcast batch shape.
  const size_t batch_rank = std::max(a_batch.size(), b_batch.size());
  Shape batch(batch_rank, 1);
  for (size_t d = 0; d < batch_rank; ++d) {
    const int64_t da = d + a_batch.size() >= batch_rank ? a_batch[d + a_batch.size() - batch_rank] : 1;
    const int64_t db = d + b_batch.size() >= batch_rank ? b_batch[d + b_batch.size() - batch_rank] : 1;
    if (da != db && da != 1 && db != 1) node_fail(node, "batch dims of A and B do not broadcast");
    batch[d] = da == 1 ? db : da;
  }
  const std::vector<int64_t> a_offsets = broadcast_offsets(a_batch, batch);
  const std::vector<int64_t> b_offsets = broadcast_offsets(b_batch, batch);
  if (element_count(y) != static_cast<int64_t>(a_offsets.size()) * m_size * n_size)
    node_fail(node, "output ", shape_to_string(y.shape), " does not match the product's size");
  const bool integral = is_integral(a.dtype) && is_integral(b.dtype);
  for (size_t i = 0; i < a_offsets.size(); ++i) {
    const int64_t a_base = a_offsets[i] * m_size * k_size, b_base = b_offsets[i] * k_size * n_size;
    const int64_t y_base = static_cast<int64_t>(i) * m_size * n_size;
    for (int64_t m = 0; m < m_size; ++m)
      for (int64_t n = 0; n < n_size; ++n) {
        if (integral) {
          int64_t acc = 0;
          for (int64_t k = 0; k < k_size; ++k)
            acc += load_int(a, a_base + m * k_size + k) * load_int(b, b_base + k * n_size + n);
          store_int(y, y_base + m * n_size + n, acc);
        } else {
          double acc = 0.0;
          for (int64_t k = 0; k < k_size; ++k)
            acc += load_double(a, a_base + m * k_size + k) * load_double(b, b_base + k * n_size + n);
          store_double(y, y_base + m * n_size + n, acc);
        }
      }
  }
}

}  // namespace reference
}  // namespace nnslim
