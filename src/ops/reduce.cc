// ReduceMean / ReduceSum / ReduceMax / ReduceMin / ReduceProd.
// Axes: the `axes` attribute before opset 18 (ReduceSum: before 13), the
// optional 2nd input after. No axes = every axis, unless noop_with_empty_axes=1
// (input form only), which makes the op an identity. keepdims (default 1)
// keeps reduced dims as 1. Folds small constants (ReduceProd of a Shape slice
// is how exporters compute a flattened size).
// Cost: one elementwise op per input element (each is accumulated once).
#include <algorithm>
#include <cmath>
#include <limits>

#include "ops/op_fold.h"
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

enum class Reduction { Mean, Sum, Max, Min, Prod };

struct ReducePlan {
  std::vector<bool> reduced;  // per input axis
  Shape out;
};

ReducePlan plan_reduce(InferContext& ctx, int64_t axes_input_opset) {
  const Shape& x = ctx.input_shape(0);
  const int64_t rank = static_cast<int64_t>(x.size());
  std::vector<int64_t> axes;
  bool noop = false;
  if (ctx.opset() < axes_input_opset) {
    if (ctx.input_count() > 1) ctx.fail("before opset ", axes_input_opset, " axes is an attribute, not an input");
    axes = ctx.node().attr_ints("axes");
  } else {
    if (ctx.node().has_attr("axes")) ctx.fail("from opset ", axes_input_opset, " axes is an input, not an attribute");
    if (ctx.has_input(1)) axes = ctx.input_ints(1, "axes");
    noop = axes.empty() && ctx.node().attr_int("noop_with_empty_axes", 0) != 0;
  }
  ReducePlan plan;
  plan.reduced.assign(x.size(), axes.empty() && !noop);
  for (int64_t axis : axes) {
    const size_t a = static_cast<size_t>(ctx.normalize_axis(axis, rank));
    if (plan.reduced[a]) ctx.fail("axis ", axis, " is listed twice");
    plan.reduced[a] = true;
  }
  const bool keepdims = ctx.node().attr_int("keepdims", 1) != 0;
  for (size_t a = 0; a < x.size(); ++a) {
    if (!plan.reduced[a]) plan.out.push_back(x[a]);
    else if (keepdims) plan.out.push_back(1);
  }
  return plan;
}

// Accumulates every input element into its output element.
void fold_reduce(InferContext& ctx, const ReducePlan& plan, Reduction kind) {
  if (!can_fold(ctx, plan.out)) return;
  const Tensor& in = *ctx.input_constant(0);
  if (!is_arithmetic_dtype(in.dtype) || in.dtype == DType::Bool) return;
  const Shape& x = in.dims;
  // Output strides over the input axes (0 on reduced axes).
  Shape kept_dims;
  for (size_t a = 0; a < x.size(); ++a) kept_dims.push_back(plan.reduced[a] ? 1 : x[a]);
  const Shape kept_strides = row_major_strides(kept_dims);
  const int64_t out_n = shape_numel(plan.out);
  const bool is_float = dtype_is_float(in.dtype);
  const double start = kind == Reduction::Max ? -std::numeric_limits<double>::infinity()
                     : kind == Reduction::Min ? std::numeric_limits<double>::infinity()
                     : kind == Reduction::Prod ? 1 : 0;
  std::vector<double> acc_f(static_cast<size_t>(out_n), start);
  std::vector<int64_t> acc_i(static_cast<size_t>(out_n), kind == Reduction::Max ? std::numeric_limits<int64_t>::min()
                                                       : kind == Reduction::Min ? std::numeric_limits<int64_t>::max()
                                                       : kind == Reduction::Prod ? 1 : 0);
  Shape index(x.size(), 0);
  for (int64_t e = 0; e < in.numel(); ++e) {
    int64_t o = 0;
    for (size_t a = 0; a < x.size(); ++a)
      if (!plan.reduced[a]) o += index[a] * kept_strides[a];
    if (is_float) {
      double& acc = acc_f[static_cast<size_t>(o)];
      const double v = in.float_at(e);
      switch (kind) {
        case Reduction::Max: acc = std::max(acc, v); break;
        case Reduction::Min: acc = std::min(acc, v); break;
        case Reduction::Prod: acc *= v; break;
        default: acc += v;
      }
    } else {
      int64_t& acc = acc_i[static_cast<size_t>(o)];
      const int64_t v = in.int_at(e);
      switch (kind) {  // wrapping arithmetic through uint64
        case Reduction::Max: acc = std::max(acc, v); break;
        case Reduction::Min: acc = std::min(acc, v); break;
        case Reduction::Prod: acc = static_cast<int64_t>(static_cast<uint64_t>(acc) * static_cast<uint64_t>(v)); break;
        default: acc = static_cast<int64_t>(static_cast<uint64_t>(acc) + static_cast<uint64_t>(v));
      }
    }
    for (size_t a = x.size(); a-- > 0;) {
      if (++index[a] < x[a]) break;
      index[a] = 0;
    }
  }
  const int64_t count = out_n ? in.numel() / out_n : 0;
  TensorPtr out = make_tensor(in.dtype, plan.out);
  for (int64_t o = 0; o < out_n; ++o) {
    if (is_float) {
      const double v = acc_f[static_cast<size_t>(o)];
      store_double(*out, o, kind == Reduction::Mean ? v / static_cast<double>(count) : v);
    } else {
      const int64_t v = acc_i[static_cast<size_t>(o)];
      store_int(*out, o, kind == Reduction::Mean && count ? v / count : v);
    }
  }
  ctx.set_output_constant(0, out);
}

void infer_reduce(InferContext& ctx, Reduction kind, int64_t axes_input_opset) {
  const ReducePlan plan = plan_reduce(ctx, axes_input_opset);
  ctx.set_output(0, ctx.input_dtype(0), plan.out);
  fold_reduce(ctx, plan, kind);
}

void infer_ReduceMean(InferContext& ctx) { infer_reduce(ctx, Reduction::Mean, 18); }
void infer_ReduceSum(InferContext& ctx) { infer_reduce(ctx, Reduction::Sum, 13); }
void infer_ReduceMax(InferContext& ctx) { infer_reduce(ctx, Reduction::Max, 18); }
void infer_ReduceMin(InferContext& ctx) { infer_reduce(ctx, Reduction::Min, 18); }
void infer_ReduceProd(InferContext& ctx) { infer_reduce(ctx, Reduction::Prod, 18); }

OpCost cost_reduce(const Graph& graph, const Node& node) {
  OpCost cost;
  cost.elementwise_ops = shape_numel(graph.value(node.inputs[0]).shape);
  return cost;
}

}  // namespace

#define NNSLIM_REDUCE_DEF(Name) \
  extern const OpDef kOp_##Name = {#Name, 1, 2, 1, 1, infer_##Name, cost_reduce};
NNSLIM_REDUCE_DEF(ReduceMax)
NNSLIM_REDUCE_DEF(ReduceMean)
NNSLIM_REDUCE_DEF(ReduceMin)
NNSLIM_REDUCE_DEF(ReduceProd)
NNSLIM_REDUCE_DEF(ReduceSum)
#undef NNSLIM_REDUCE_DEF

}  // namespace nnslim
