// NCHW <-> NHWC copies between steps that work in different layouts.
#pragma once
#include <memory>

#include "runtime/compiled_plan.h"

namespace nnslim {

// Copies value `from` into value `to` (both rank 4, float32 or any 4-byte
// type; 1-byte types too), permuting NCHW -> NHWC (to_nhwc) or back.
// `reason` says why the plan needs the copy ("for node 'x' (Softmax):
// reference op", "for graph output 'y'"); describe() shows it.
std::unique_ptr<Step> make_layout_step(const Graph& graph, int from, int to, bool to_nhwc,
                                       const std::string& reason = "");

}  // namespace nnslim
