// Layout choice for elementwise steps with several inputs that may
// broadcast: run in NHWC when the output is rank 4 and some activation input
// exists only in NHWC (the output of a fast conv) and every input can be
// walked in NHWC order, else in NCHW. Then fetches each input's buffer in
// that layout (adding layout copies only where an input lacks it) and the
// id the step writes.
#pragma once
#include <optional>
#include <vector>

#include "runtime/lowering_context.h"
#include "runtime/steps/broadcast_walk.h"

namespace nnslim {

struct ElementwiseLayout {
  bool nhwc = false;
  BroadcastWalk walk;
  std::vector<int> buffers;  // value ids the step reads, one per input
  int output = -1;           // value id the step writes
};

// inputs: value ids (activations or materialized constants, with shapes);
// output: the node's output value. nullopt when no layout gives a walk.
std::optional<ElementwiseLayout> choose_elementwise_layout(LoweringContext& ctx, const std::vector<int>& inputs,
                                                           int output);

}  // namespace nnslim
