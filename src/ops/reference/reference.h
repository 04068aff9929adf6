// Reference compute: one plain, obviously-correct scalar implementation per
// supported op, and a graph executor built on them.
//
// This is the oracle the optimized runtime (runtime/session) and its kernels
// are tested against, and the fallback the session calls, one node at a time,
// for ops that have no fast kernel. Clarity beats speed here: indices are
// computed explicitly, float math runs in double and is rounded once on store.
//
// Ownership: a TensorView never owns its bytes.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/tensor.h"
#include "ir/graph.h"

namespace nnslim {

// A row-major, contiguous tensor in memory somebody else owns.
struct TensorView {
  DType dtype = DType::Undefined;
  Shape shape;           // static dims
  void* data = nullptr;  // shape_numel(shape) * dtype_size(dtype) bytes
};

// Computes one node. `inputs[i]` is nullptr for an omitted optional input;
// `outputs[i]` is already allocated with the dtype and shape that shape
// inference gave (nullptr for an omitted optional output). `opset` selects the
// op version's semantics (e.g. Softmax's axis rule before/after opset 13).
// Throws nnslim::Error (naming the node) for attribute values it does not
// support; never reads or writes outside the views.
using ReferenceFn = void (*)(const Node& node, int64_t opset, const std::vector<const TensorView*>& inputs,
                             const std::vector<TensorView*>& outputs);

// Runs `fn` for `node` on whole tensors. `inputs[i]`: null for an omitted
// input. `outputs[i]`: the dtype and static shape of output i (null for an
// omitted one); returns a new zero-initialized tensor per output, filled.
std::vector<TensorPtr> run_reference_node(const Node& node, int64_t opset, ReferenceFn fn,
                                          const std::vector<const Tensor*>& inputs,
                                          const std::vector<const Value*>& outputs);

// The reference of a supported op (ops/op_registry.h: every op in the table
// has one); nullptr for an op that is not supported.
ReferenceFn find_reference(const std::string& op_type);

// Runs `graph` on `inputs` (one per graph input, in graph.inputs order) and
// returns one tensor per graph output. The graph is copied: symbolic input
// dims take the given tensors' dims, shape inference runs, every value gets
// its own buffer and the nodes run in order. Graph inputs that decide an
// output shape (a Reshape's shape, a Slice's starts, ...) are treated as
// constants, so shape inference can use their values.
// Throws nnslim::Error for a wrong input count, dtype or shape, naming the
// input and the expected dtype and shape.
std::vector<TensorPtr> run_reference(const Graph& graph, const std::vector<TensorPtr>& inputs);

}  // namespace nnslim
