// Declarations of every reference op function, generated from the op table
// (ops/op_list.inc): each op there has `NNSLIM_DEFINE_REFERENCE(OpType)` in a ref_*.cc file.
// Internal to ops/reference: callers use find_reference().
#pragma once
#include "ops/reference/tensor_access.h"

namespace nnslim {
namespace reference {

#define NNSLIM_OP(name, since_opset, folding)                                                    \
  void ref_##name(const Node& node, int64_t opset, const std::vector<const TensorView*>& inputs, \
                  const std::vector<TensorView*>& outputs);
#include "ops/op_list.inc"
#undef NNSLIM_OP

// Signature of a reference op definition, for the ref_*.cc files.
#define NNSLIM_DEFINE_REFERENCE(name)                                                                  \
  void ref_##name(const Node& node, int64_t opset, const std::vector<const TensorView*>& inputs, \
                  const std::vector<TensorView*>& outputs)

}  // namespace reference
}  // namespace nnslim
