// upgrade_to_opset13: rewrites the nodes whose contract changed between the
// graph's opset and 13 so that the graph means the same at opset 13, then
// sets graph.opset = 13 (a per-axis DequantizeLinear, which the quantize
// pass writes, needs 13):
//   Squeeze / Unsqueeze / ReduceSum (< 13): `axes` attribute -> int64 input 1
//   Split (< 13): `split` attribute -> int64 input 1
//   Clip (< 11): `min` / `max` attributes -> scalar inputs 1 and 2
//   Slice (< 10): `starts` / `ends` / `axes` attributes -> int64 inputs 1..3
//   Pad (< 11): `pads` -> int64 input 1, `value` -> scalar input 2
//   Softmax / LogSoftmax / Hardmax (< 13): kept when `axis` is the last dim
//     (where the old "flatten to 2-D at axis" rule and the new one agree)
//   BatchNormalization (< 9): `spatial` dropped when it is 1 (the default,
//     the only behaviour opset 9 kept)
// Returns false, leaving the graph unchanged, when a node cannot be
// rewritten (an older Resize or Upsample, TopK < 10, a softmax over more
// than the last axis, BatchNormalization < 9 with spatial = 0).
#pragma once
#include "ir/graph.h"

namespace nnslim {

bool upgrade_to_opset13(Graph& graph);

}  // namespace nnslim
