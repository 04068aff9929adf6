// The step shared by the data-movement lowerings (Concat, Slice, Split, Pad,
// Expand, Tile, Gather with constant indices): a list of region copies
// (strided_copy.h), each from a step input, from an output the step already
// wrote (Pad's reflected borders), or from bytes the step owns (a splat
// constant, Pad's value, a constant permuted to NHWC), into one of its outputs.
//
// MoveStepBuilder does the layout bookkeeping. The step works in NHWC when
// the op's main input already exists in NHWC (its producer was a conv or
// another NHWC step), else in NCHW; every input is read in place in whichever
// layout it has, through its logical strides, so these ops never add a layout
// copy: the axes are remapped, not the bytes. Lowerings decline ranks above
// kMaxMoveRank (Tile doubles the dims of its regions).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "runtime/lowering_context.h"
#include "runtime/steps/strided_copy.h"

namespace nnslim {

constexpr size_t kMaxMoveRank = kMaxRegionRank / 2;

struct RegionMove {
  enum class From { kInput, kOutput, kOwned };
  From from = From::kInput;
  int source = 0;  // index into the step's inputs / outputs / owned buffers
  int target = 0;  // index into the step's outputs
  StridedRegion region;
};

class MoveStep : public Step {
 public:
  explicit MoveStep(size_t elem) : elem_(elem) {}
  void run(CompiledPlan& plan) override;
  // The bytes a move reads from and writes to in this run.
  const uint8_t* source(const CompiledPlan& plan, const RegionMove& m) const;
  uint8_t* target(const CompiledPlan& plan, const RegionMove& m) const {
    return plan.data<uint8_t>(outputs[static_cast<size_t>(m.target)]);
  }
  size_t element_size() const { return elem_; }
  std::string describe() const override { return what; }

  std::string what;
  std::vector<RegionMove> moves;
  std::vector<std::vector<uint8_t>> owned;
  // (owned buffer, step input): the buffer takes the input's first element
  // at the start of each run (a Pad value fed at run time).
  std::vector<std::pair<int, int>> owned_from_input;

 private:
  size_t elem_;
};

// A value as the step reads or writes it: where its bytes come from and the
// element strides of its logical (ONNX) axes.
struct Operand {
  RegionMove::From from = RegionMove::From::kInput;
  int index = 0;
  std::vector<int64_t> strides;
  Shape shape;
};

// The element every output value of ConstantOfShape node `node` holds
// (its `value` attribute, float32 0 by default); empty if malformed.
std::vector<uint8_t> constant_of_shape_element(const Node& node);

class MoveStepBuilder {
 public:
  // `nhwc`: the layout rank-4 outputs are written in (see prefer_nhwc).
  // A lowering checks every precondition before it calls write(): an NHWC
  // output is declared to the context there. read() adds no layout copy.
  // `step`: a MoveStep subclass to fill (e.g. one that patches the moves per
  // run); a plain MoveStep by default.
  MoveStepBuilder(LoweringContext& ctx, int node_index, bool nhwc, std::unique_ptr<MoveStep> step = nullptr);

  // True when a rank-4 `value` should make the step work in NHWC: it is no
  // constant and an NHWC copy of it exists.
  static bool prefer_nhwc(const LoweringContext& ctx, int value);

  bool nhwc() const { return nhwc_; }
  // A value the step reads: a constant whose elements are all equal, or the
  // output of a ConstantOfShape too large to fold, becomes one owned element
  // with strides 0 (Concat's zero padding is a fill, in any layout); other
  // rank-4 constants read by an NHWC step are permuted to NHWC once, here;
  // other values are read in the layout the step works in if they have it.
  Operand read(int value);
  // One owned element (Pad's constant value), strides 0 over `shape`.
  Operand splat(const std::vector<uint8_t>& element, const Shape& shape);
  // The first element of `value`, read when the step runs, strides 0 over `shape`.
  Operand splat_at_run_time(int value, const Shape& shape);
  // A value read as its NCHW (row-major) bytes: returns its index among the
  // step's inputs (for steps that read it themselves, e.g. run-time indices).
  int read_row_major(int value);
  // An output, in the step's layout if it is rank 4.
  Operand write(int value);

  // dst[dst_offset + i . dst.strides] = src[src_offset + i . src_strides]
  // for i < shape (src_strides defaults to src.strides).
  void move(const Operand& src, const Operand& dst, const Shape& shape, int64_t src_offset, int64_t dst_offset,
            const std::vector<int64_t>* src_strides = nullptr);
  // The step, described as `what` plus its kernel and layout.
  std::unique_ptr<Step> finish(const std::string& what);

 private:
  LoweringContext& ctx_;
  const Node& node_;
  bool nhwc_;
  std::unique_ptr<MoveStep> step_;
};

}  // namespace nnslim
