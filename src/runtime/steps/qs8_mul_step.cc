#include "runtime/steps/qs8_mul_step.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "kernels/qs8-vmul/qs8-vmul.h"
#include "runtime/parallel.h"
#include "core/quant_math.h"
#include "runtime/steps/qdq_match.h"
#include "runtime/steps/qs8_lut_step.h"

namespace nnslim {
namespace {

// rows x channels elements of inputs[0] times inputs[1]: the whole tensor
// (gate_rows == 0: same shapes, one row) or, per row r, the gate row of its
// image, r / rows_per_image (mod gate_rows).
//
// A gate row is short (ppocr-cls: 8-200 channels per pixel): one kernel call
// per pixel paid the call's setup and a byte-copied tail on every row
// (p2o.Mul.2: 0.027 ms against f32's 0.011). So each run first writes the
// gate row `tile_rows_` times over into a tile of a multiple of 16 bytes
// (>= 256), and the kernel runs over tile_rows_ pixels at once against it:
// the same products of the same codes, so the same bits as one call per row.
class Qs8MulStep : public Step {
 public:
  Qs8MulStep(size_t rows, size_t channels, size_t rows_per_image, size_t gate_rows, kernels::QS8MulParams params,
             std::string what)
      : rows_(rows), channels_(channels), rows_per_image_(rows_per_image), gate_rows_(gate_rows), params_(params),
        what_(std::move(what)) {
    if (gate_rows_ != 0) {
      tile_rows_ = 16 / std::gcd(channels_, size_t{16});  // tile_rows_ * channels_: a multiple of 16
      tile_rows_ *= (256 + tile_rows_ * channels_ - 1) / (tile_rows_ * channels_);
      tile_rows_ = std::min(tile_rows_, rows_per_image_);
      tiles_.resize(gate_rows_ * tile_rows_ * channels_);
    }
  }
  void run(CompiledPlan& plan) override {
    const int8_t* x = plan.data<const int8_t>(inputs[0]);
    const int8_t* g = plan.data<const int8_t>(inputs[1]);
    int8_t* y = plan.data<int8_t>(outputs[0]);
    if (gate_rows_ == 0) {
      const size_t n = rows_ * channels_;
      // Each element alone, the same in a vector lane or the tail: any split.
      parallel_ranges(plan, n, 16, double(n), [&](size_t begin, size_t end) {
        kernels::qs8_vmul_minmax_fp32_ukernel__wasmsimd_x16(end - begin, x + begin, g + begin, y + begin, &params_);
      });
      return;
    }
    const size_t tile_bytes = tile_rows_ * channels_;
    for (size_t gr = 0; gr < gate_rows_; ++gr)
      for (size_t t = 0; t < tile_rows_; ++t)
        std::memcpy(tiles_.data() + gr * tile_bytes + t * channels_, g + gr * channels_, channels_);
    // Each element is the product of its own two codes: any split of the rows.
    parallel_ranges(plan, rows_, 1, double(rows_) * channels_, [&](size_t begin, size_t end) {
      for (size_t r = begin; r < end;) {
        const size_t image_end = (r / rows_per_image_ + 1) * rows_per_image_;
        const size_t count = std::min({tile_rows_, end - r, image_end - r});
        const int8_t* tile = tiles_.data() + ((r / rows_per_image_) % gate_rows_) * tile_bytes;
        kernels::qs8_vmul_minmax_fp32_ukernel__wasmsimd_x16(count * channels_, x + r * channels_, tile,
                                                            y + r * channels_, &params_);
        r += count;
      }
    });
  }
  std::string describe() const override {
    return what_ + (gate_rows_ == 0 ? " -> qs8 vmul wasmsimd" : " -> qs8 vmul wasmsimd (per-channel gate)");
  }

 private:
  size_t rows_, channels_, rows_per_image_, gate_rows_;
  size_t tile_rows_ = 0;
  std::vector<int8_t> tiles_;  // per gate row: the row tile_rows_ times
  kernels::QS8MulParams params_;
  std::string what_;
};

// [G, C, 1, 1] with G in {1, N} against x's [N, C, H, W].
bool is_channel_gate(const Shape& gate, const Shape& x) {
  return gate.size() == 4 && x.size() == 4 && gate[1] == x[1] && gate[2] == 1 && gate[3] == 1 &&
         (gate[0] == 1 || gate[0] == x[0]);
}

// Mul(DQ(a), DQ(b)) where a and b are both functions of one int8 tensor s
// through table steps (HardSwish as x * HardSigmoid(x), the HardSigmoid an
// Add -> Clip -> Div chain of tables; PP-OCRv4's affine x * k + c before it
// makes x itself a table of the conv output): the product is a function of
// s's code alone, so one table of the 256 codes computes it as the reference
// executor does (float product of the two dequantized values, then
// QuantizeLinear): one pass instead of a product pass after the tables.
// `read_a` / `read_b`: the ids the Mul step would read (same layout).
struct TableOf {
  int source;
  std::vector<int8_t> table;  // operand code = table[source code & 255]
};
std::vector<TableOf> table_views(const LoweringContext& ctx, int read) {
  std::vector<int8_t> identity(256);
  for (size_t q = 0; q < 256; ++q) identity[q] = static_cast<int8_t>(q);
  std::vector<TableOf> views = {{read, identity}};
  if (fold_producer_table(ctx, &read, &identity)) views.push_back({read, std::move(identity)});
  return views;
}

std::unique_ptr<Step> mul_as_table(const LoweringContext& ctx, const QuantizedActivation& a, int read_a,
                                   const QuantizedActivation& b, int read_b, const QuantizedOutput& y, size_t n,
                                   const std::string& what) {
  for (const TableOf& va : table_views(ctx, read_a))
    for (const TableOf& vb : table_views(ctx, read_b)) {
      if (va.source != vb.source || (va.source == read_a && vb.source == read_b)) continue;
      std::vector<int8_t> table(256);
      for (size_t q = 0; q < 256; ++q) {
        const float x = dequantize_value(va.table[q], a.params.scale, a.params.zero_point);
        const float g = dequantize_value(vb.table[q], b.params.scale, b.params.zero_point);
        int64_t code = quantize_value(x * g, y.params.scale, y.params.zero_point, quant_range(DType::Int8));
        code = code < y.qmin ? y.qmin : code > y.qmax ? y.qmax : code;
        table[q] = static_cast<int8_t>(code);
      }
      auto step = make_qs8_lut_step(n, std::move(table), what + " (QDQ, both operands tables of one tensor: one table)");
      step->inputs = {va.source};
      return step;
    }
  return nullptr;
}

}  // namespace

std::unique_ptr<Step> lower_qs8_mul(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "Mul" || !node.domain.empty() || node.inputs.size() != 2 || node.outputs.size() != 1)
    return nullptr;
  QuantizedActivation a, b;
  if (!match_dq_activation(ctx.graph, node.inputs[0], &a) || !match_dq_activation(ctx.graph, node.inputs[1], &b))
    return nullptr;
  Shape sa = ctx.graph.value(a.q_value).shape, sb = ctx.graph.value(b.q_value).shape;
  const Shape sy = ctx.graph.value(node.outputs[0]).shape;
  const bool same = sa == sb && sa == sy;
  if (!same) {
    if (is_channel_gate(sa, sb)) std::swap(a, b), std::swap(sa, sb);  // the full tensor first
    if (sa != sy || !is_channel_gate(sb, sa)) return nullptr;
  }
  if (shape_numel(sy) <= 0) return nullptr;
  QuantizedOutput y;
  if (!match_quantized_output(ctx, node.outputs[0], &y)) return nullptr;
  const kernels::QS8MulParams params{a.params.zero_point, b.params.zero_point,
                                     a.params.scale * b.params.scale / y.params.scale, y.params.zero_point, y.qmin,
                                     y.qmax};
  std::unique_ptr<Step> step;
  const bool nhwc = sa.size() == 4;
  if (same) {
    const int read_a = nhwc ? ctx.need_nhwc(a.q_value) : ctx.need_nchw(a.q_value);
    const int read_b = nhwc ? ctx.need_nhwc(b.q_value) : ctx.need_nchw(b.q_value);
    const size_t n = static_cast<size_t>(shape_numel(sy));
    const std::string what = "Mul" + y.activation;
    step = mul_as_table(ctx, a, read_a, b, read_b, y, n, what);
    if (step) {
      step->outputs = {nhwc ? ctx.produce_nhwc(y.q_value) : y.q_value};
      step->layer = node.layer.empty() ? node.name : node.layer;
      take_quantized_output(ctx, y);
      return step;
    }
  }
  if (same) {
    step = std::make_unique<Qs8MulStep>(1, static_cast<size_t>(shape_numel(sy)), 1, 0, params,
                                        "Mul" + y.activation + " (QDQ)");
  } else {
    const size_t channels = static_cast<size_t>(sa[1]), pixels = static_cast<size_t>(sa[2] * sa[3]);
    step = std::make_unique<Qs8MulStep>(static_cast<size_t>(sa[0]) * pixels, channels, pixels,
                                        static_cast<size_t>(sb[0]), params, "Mul" + y.activation + " (QDQ)");
  }
  return connect_qs8_binary(ctx, node, std::move(step), a, b, !same, y);
}

}  // namespace nnslim
