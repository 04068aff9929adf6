// State shared by the lowerings while a graph is turned into steps: which
// layout each value exists in, and the helpers that insert layout copies.
//
// Every graph value `v` is NCHW (ONNX layout). A fast step may produce a value
// only in NHWC: it then writes a separate value `nhwc_of[v]`, and the NCHW
// bytes of `v` are produced later by a conversion step, only if some consumer
// (or the graph output) needs them.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "runtime/compiled_plan.h"

namespace nnslim {

class LoweringContext {
 public:
  explicit LoweringContext(CompiledPlan& plan);

  CompiledPlan& plan;
  Graph& graph;

  // Number of node inputs (+ graph outputs) that read each value.
  std::vector<int> consumers;
  // Nodes already covered by an earlier fused step (e.g. the Relu after a Conv).
  std::vector<bool> node_done;

  // The node being lowered (lower_graph sets it): a layout copy added on its
  // behalf names it as the reason.
  int current_node = -1;

  // Id of `value` in NCHW, adding an NHWC->NCHW step if only NHWC exists.
  // `reason` is why the copy is needed ("for graph output 'y'"); by default
  // "for <current node>".
  int need_nchw(int value, const std::string& reason = "");
  // Id of `value`'s NHWC copy (rank 4), adding an NCHW->NHWC step if needed.
  int need_nhwc(int value, const std::string& reason = "");
  // Declares that the next step writes `value` in NHWC only; returns the id to write.
  int produce_nhwc(int value);
  // Scratch memory for one step (packed operands, column buffers): a new
  // float32 value of `floats` elements that the step lists among its outputs
  // and nothing reads, so the memory plan gives it arena bytes live only
  // during that step (shared with tensors dead at that point). Returns its id.
  int add_scratch(const std::string& name, size_t floats);
  bool has_nchw(int value) const { return written_[static_cast<size_t>(resolve(value))]; }
  bool has_nhwc(int value) const { return nhwc_of_[static_cast<size_t>(resolve(value))] >= 0; }
  // Id of `value`'s NHWC copy, or -1 when it has none (adds nothing).
  int nhwc_copy(int value) const { return nhwc_of_[static_cast<size_t>(resolve(value))]; }

  // Aliases (Identity, inference Dropout, Cast to the same type): `value`
  // shares `of`'s bytes and layout state, and no step writes it. Every
  // method here answers for the value it aliases; lower_graph rewrites the
  // steps' inputs to that value and the plan points the alias's slot at the
  // same bytes, so the memory plan keeps them alive as long as the alias.
  void alias(int value, int of);
  // The value whose bytes `value` shares (itself if it is no alias).
  int resolve(int value) const;
  // Nodes that consume `value` (indices into graph.nodes).
  std::vector<int> consumer_nodes(int value) const;

  void add_step(std::unique_ptr<Step> step);

 private:
  std::string layout_reason(const std::string& reason) const;
  std::vector<int> nhwc_of_;
  std::vector<bool> written_;  // value (NCHW id or NHWC copy id) has bytes
  std::vector<int> alias_of_;  // -1: not an alias
  void grow();
};

}  // namespace nnslim
