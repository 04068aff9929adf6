// Declarations of every reference op function, generated from reference_list.inc.
// Internal to ops/reference: callers use find_reference().
#pragma once
#include "ops/reference/tensor_access.h"

namespace nnslim {
namespace reference {

#define NNSLIM_REFERENCE(name)                                                                         \
  void ref_##name(const Node& node, int64_t opset, const std::vector<const TensorView*>& inputs, \
                  const std::vector<TensorView*>& outputs);
#include "ops/reference/reference_list.inc"
#undef NNSLIM_REFERENCE

// Signature of a reference op definition, for the ref_*.cc files.
#define NNSLIM_DEFINE_REFERENCE(name)                                                                  \
  void ref_##name(const Node& node, int64_t opset, const std::vector<const TensorView*>& inputs, \
                  const std::vector<TensorView*>& outputs)

}  // namespace reference
}  // namespace nnslim
