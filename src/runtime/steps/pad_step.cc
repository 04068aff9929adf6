#include "runtime/steps/pad_step.h"

#include <algorithm>
#include <cstring>

#include "core/error.h"
#include "runtime/steps/move_step.h"

namespace nnslim {
namespace {

const Tensor* constant_input(const Graph& graph, const Node& node, size_t i) {
  if (i >= node.inputs.size() || node.inputs[i] < 0) return nullptr;
  const Value& v = graph.value(node.inputs[i]);
  return v.constant && v.constant->materialized() ? v.constant.get() : nullptr;
}

bool has_input(const Node& node, size_t i) { return i < node.inputs.size() && node.inputs[i] >= 0; }

// Per axis pads (begin, end) and the constant's bytes (empty: the
// constant_value input is fed at run time); false to decline.
bool read_pads(const Graph& graph, const Node& node, const Value& x, Shape& begin, Shape& end,
               std::vector<uint8_t>& value) {
  const size_t rank = x.shape.size();
  const size_t elem = dtype_size(x.dtype);
  // A dtype without a byte size (string, undefined) is not moved here; and
  // an empty `value` means "fed at run time" to the caller.
  if (elem == 0) return false;
  std::vector<int64_t> pads, axes;
  value.assign(elem, 0);
  if (graph.opset < 11) {
    pads = node.attr_ints(graph.opset < 2 ? "paddings" : "pads");
    const float v = node.attr_float("value", 0.f);
    if (v != 0.f) {
      if (x.dtype != DType::Float32) return false;
      std::memcpy(value.data(), &v, sizeof v);
    }
  } else {
    const Tensor* p = constant_input(graph, node, 1);
    if (!p) return false;
    pads = p->to_int64_vector();
    if (has_input(node, 2)) {
      const Value& v = graph.value(node.inputs[2]);
      if (v.dtype != x.dtype || shape_numel(v.shape) != 1) return false;
      if (const Tensor* t = constant_input(graph, node, 2)) {
        std::memcpy(value.data(), t->bytes.data(), elem);
      } else {
        value.clear();  // fed at run time
      }
    }
    if (has_input(node, 3)) {
      const Tensor* a = constant_input(graph, node, 3);
      if (!a) return false;
      axes = a->to_int64_vector();
    }
  }
  if (axes.empty())
    for (size_t a = 0; a < rank; ++a) axes.push_back(static_cast<int64_t>(a));
  if (pads.size() != 2 * axes.size()) return false;
  begin.assign(rank, 0);
  end.assign(rank, 0);
  for (size_t i = 0; i < axes.size(); ++i) {
    const int64_t a = axes[i] < 0 ? axes[i] + static_cast<int64_t>(rank) : axes[i];
    if (a < 0 || a >= static_cast<int64_t>(rank)) return false;
    begin[static_cast<size_t>(a)] = pads[i];
    end[static_cast<size_t>(a)] = pads[i + axes.size()];
  }
  return true;
}

// Input index that output position `i` (relative to the input's start)
// mirrors, without repeating the border element: period 2 * (d - 1).
int64_t reflect_index(int64_t i, int64_t d) {
  if (d == 1) return 0;
  const int64_t period = 2 * (d - 1);
  int64_t p = ((i % period) + period) % period;
  return p >= d ? period - p : p;
}

// The reflected border slabs of axis `a` (slab: the extent of the other
// axes; rows [lo, lo + n) of axis a already hold the interior). The padded
// axis is periodic: row p holds input row reflect_index(p - lo, n), of period
// P = 2 (n - 1). So only the n - 1 rows next to each side of the interior
// are mirrored one by one (reversed order: one move per row, bounded by the
// input); every row beyond repeats the row P away, and the rows written so
// far (a whole number of periods of them) are copied at once, doubling what
// is written per move. A pad of k rows takes O(n + log(k / P)) moves, not k:
// a model asking for a huge pad costs nothing to compile.
void reflect_borders(MoveStepBuilder& builder, const Operand& out, Shape slab, size_t a, int64_t base, int64_t lo,
                     int64_t n) {
  const int64_t rows = slab[a], tail = lo + n, stride = out.strides[a];
  if (n == 0) return;  // an empty axis (lower_pad declines padding one)
  auto copy_rows = [&](int64_t count, int64_t from, int64_t to) {
    slab[a] = count;
    builder.move(out, out, slab, base + from * stride, base + to * stride);
  };
  if (n == 1) {  // every row is the interior row
    std::vector<int64_t> repeat = out.strides;
    repeat[a] = 0;
    slab[a] = lo;
    builder.move(out, out, slab, base + lo * stride, base, &repeat);
    slab[a] = rows - tail;
    builder.move(out, out, slab, base + lo * stride, base + tail * stride, &repeat);
    return;
  }
  const int64_t period = 2 * (n - 1);
  // Before the interior: rows [first, lo) mirrored, then [0, first) by period.
  int64_t first = std::max<int64_t>(lo - (n - 1), 0);
  for (int64_t p = first; p < lo; ++p) copy_rows(1, lo + reflect_index(p - lo, n), p);
  while (first > 0) {
    // Rows [first, tail) are written, at least one period of them.
    const int64_t shift = (tail - first) / period * period;
    const int64_t count = std::min(shift, first);
    copy_rows(count, first - count + shift, first - count);
    first -= count;
  }
  // After it: rows [tail, last) mirrored, then [last, rows) by period.
  int64_t last = std::min(tail + n - 1, rows);
  for (int64_t p = tail; p < last; ++p) copy_rows(1, lo + reflect_index(p - lo, n), p);
  while (last < rows) {
    const int64_t shift = (last - lo) / period * period;  // rows [lo, last) are written
    const int64_t count = std::min(shift, rows - last);
    copy_rows(count, last - shift, last);
    last += count;
  }
}

}  // namespace

std::unique_ptr<Step> lower_pad(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "Pad" || node.outputs.size() != 1 || node.inputs.empty() || node.inputs[0] < 0) return nullptr;
  // Copies: the Values move when the context adds one (an NHWC output).
  const Value x = ctx.graph.value(node.inputs[0]);
  const Value y = ctx.graph.value(node.outputs[0]);
  const size_t rank = x.shape.size();
  if (y.constant || rank == 0 || rank > kMaxMoveRank || y.shape.size() != rank) return nullptr;
  const std::string mode = node.attr_string("mode", "constant");
  if (mode != "constant" && mode != "edge" && mode != "reflect") return nullptr;
  Shape begin, end;
  std::vector<uint8_t> value;
  if (!read_pads(ctx.graph, node, x, begin, end, value)) return nullptr;
  // Where the input lands: output [lo, lo + size) per axis, from input [crop, crop + size).
  Shape lo(rank), crop(rank), size(rank);
  for (size_t a = 0; a < rank; ++a) {
    if (mode != "constant" && (begin[a] < 0 || end[a] < 0)) return nullptr;
    lo[a] = std::max<int64_t>(begin[a], 0);
    crop[a] = std::max<int64_t>(-begin[a], 0);
    size[a] = y.shape[a] - lo[a] - std::max<int64_t>(end[a], 0);
    if (size[a] < 0 || lo[a] + size[a] > y.shape[a]) return nullptr;
    if (mode != "constant" && size[a] == 0 && y.shape[a] > 0) return nullptr;  // nothing to repeat
  }

  MoveStepBuilder builder(ctx, node_index, MoveStepBuilder::prefer_nhwc(ctx, node.inputs[0]));
  const Operand src = builder.read(node.inputs[0]);
  const Operand out = builder.write(node.outputs[0]);
  int64_t src_offset = 0, dst_offset = 0;
  for (size_t a = 0; a < rank; ++a) {
    src_offset += crop[a] * src.strides[a];
    dst_offset += lo[a] * out.strides[a];
  }
  builder.move(src, out, size, src_offset, dst_offset);
  Operand fill;
  if (mode == "constant")
    fill = value.empty() ? builder.splat_at_run_time(node.inputs[2], y.shape) : builder.splat(value, y.shape);
  for (size_t a = rank; a-- > 0;) {
    // The slab of axis a: interior on the axes before it, whole on those after.
    Shape slab = y.shape;
    int64_t base = 0;
    for (size_t b = 0; b < a; ++b) {
      slab[b] = size[b];
      base += lo[b] * out.strides[b];
    }
    const int64_t stride = out.strides[a];
    const int64_t tail = lo[a] + size[a], tail_count = y.shape[a] - tail;
    if (mode == "constant") {
      slab[a] = lo[a];
      builder.move(fill, out, slab, 0, base);
      slab[a] = tail_count;
      builder.move(fill, out, slab, 0, base + tail * stride);
    } else if (mode == "edge") {
      std::vector<int64_t> repeat = out.strides;
      repeat[a] = 0;  // every border row reads the edge row
      slab[a] = lo[a];
      builder.move(out, out, slab, base + lo[a] * stride, base, &repeat);
      slab[a] = tail_count;
      builder.move(out, out, slab, base + (tail - 1) * stride, base + tail * stride, &repeat);
    } else {
      reflect_borders(builder, out, slab, a, base, lo[a], size[a]);
    }
  }
  return builder.finish("Pad (" + mode + ")");
}

}  // namespace nnslim
