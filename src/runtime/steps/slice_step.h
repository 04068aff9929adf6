// Slice and Split as region copies (move_step.h) in the layout their input
// already has. A Slice is one strided view of its input: per axis a start and
// a step (negative steps walk backwards), the lengths being the inferred
// output shape; a Split is one contiguous view per output.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

// Slice with constant starts/ends/axes/steps (attributes before opset 10).
std::unique_ptr<Step> lower_slice(LoweringContext& ctx, int node_index);
// Slice between a DequantizeLinear and a QuantizeLinear: the same move on
// the int8 codes, then the requantization table when the grids differ
// (bit-exact with the reference: Q(DQ(.)) of each moved code).
std::unique_ptr<Step> lower_qs8_slice(LoweringContext& ctx, int node_index);
// Split into all its outputs (split attribute, split input or num_outputs).
std::unique_ptr<Step> lower_split(LoweringContext& ctx, int node_index);

}  // namespace nnslim
