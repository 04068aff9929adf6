// Helpers for the reference-op tests: owned tensors, views, calling one op.
#pragma once
#include <cstdint>
#include <vector>

#include "core/error.h"
#include "ops/reference/reference.h"

namespace nnslim {
namespace testing {

// A float32 tensor of `shape` with deterministic pseudo-random values in [-1, 1).
inline std::vector<float> random_floats(int64_t n, uint32_t seed) {
  std::vector<float> v(static_cast<size_t>(n));
  uint32_t state = seed * 2654435761u + 1;
  for (float& x : v) {
    state = state * 1664525u + 1013904223u;  // LCG
    x = static_cast<float>(state >> 8) / 8388608.0f - 1.0f;
  }
  return v;
}

inline TensorView float_view(std::vector<float>& data, Shape shape) {
  return TensorView{DType::Float32, std::move(shape), data.data()};
}

// Runs op `node` on float inputs (nullptr = omitted) into pre-sized outputs.
inline void run_op(const Node& node, int64_t opset, std::vector<const TensorView*> inputs,
                   std::vector<TensorView*> outputs) {
  ReferenceFn fn = find_reference(node.op_type);
  if (!fn) throw Error("no reference for " + node.op_type);
  fn(node, opset, inputs, outputs);
}

inline Node make_node(const std::string& op_type, AttributeMap attrs = {}) {
  Node node;
  node.name = "test_" + op_type;
  node.op_type = op_type;
  node.attrs = std::move(attrs);
  return node;
}

}  // namespace testing
}  // namespace nnslim
