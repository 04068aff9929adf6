// Two-input elementwise ops with numpy broadcasting (opset 7+):
//   Add, Sub, Mul, Div, Pow -> the dtype of A; Equal, Less, Greater,
//   LessOrEqual, GreaterOrEqual -> bool; And, Or, Xor: bool -> bool.
// A and B must share a dtype (Pow excepted: its exponent may differ).
// They fold on small constants: Shape -> Mul/Div/Add -> Reshape is how
// exporters compute target shapes. Integer Div truncates toward zero (C, ONNX
// Runtime); integer overflow wraps.
// Cost: one elementwise op per output element.
#include <cmath>

#include "ops/op_fold.h"
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

// Before opset 7 these ops broadcast only B, and only when broadcast=1: B's
// dims match A's dims [axis, axis + rank(B)) (a B dim may be 1), axis
// defaulting to the trailing position. The output has A's shape.
Shape legacy_broadcast(const InferContext& ctx) {
  const Shape& a = ctx.input_shape(0);
  const Shape& b = ctx.input_shape(1);
  if (ctx.node().attr_int("broadcast", 0) == 0) {
    if (a != b) ctx.fail("shapes ", shape_to_string(a), " and ", shape_to_string(b), " differ and broadcast=0");
    return a;
  }
  if (b.size() > a.size()) ctx.fail("B ", shape_to_string(b), " has a higher rank than A ", shape_to_string(a));
  const int64_t rank_a = static_cast<int64_t>(a.size()), rank_b = static_cast<int64_t>(b.size());
  const int64_t axis = ctx.node().attr_int("axis", rank_a - rank_b);
  if (axis < 0 || axis + rank_b > rank_a)
    ctx.fail("axis ", axis, " does not place B ", shape_to_string(b), " inside A ", shape_to_string(a));
  for (int64_t i = 0; i < rank_b; ++i)
    if (b[i] != 1 && b[i] != a[axis + i])
      ctx.fail("B ", shape_to_string(b), " does not match A ", shape_to_string(a), " at axis ", axis);
  return a;
}

Shape infer_broadcast(InferContext& ctx, DType out_dtype, bool same_dtype) {
  if (same_dtype && ctx.input_dtype(0) != ctx.input_dtype(1))
    ctx.fail("inputs have different dtypes: ", dtype_name(ctx.input_dtype(0)), " and ",
             dtype_name(ctx.input_dtype(1)));
  if (ctx.opset() < 7) {
    ctx.set_output(0, out_dtype, legacy_broadcast(ctx));
    return {-1};  // no folding of legacy broadcasts (can_fold rejects symbolic shapes)
  }
  Shape out = broadcast_shapes(ctx, ctx.input_shape(0), ctx.input_shape(1));
  ctx.set_output(0, out_dtype, out);
  return out;
}

// Wrapping int64 arithmetic through uint64 (signed overflow is undefined in C++).
int64_t wrap(uint64_t v) { return static_cast<int64_t>(v); }
uint64_t u(int64_t v) { return static_cast<uint64_t>(v); }

void infer_Add(InferContext& ctx) {
  Shape out = infer_broadcast(ctx, ctx.input_dtype(0), true);
  fold_elementwise(ctx, out, ctx.input_dtype(0), [](const std::vector<int64_t>& v) { return wrap(u(v[0]) + u(v[1])); },
                   [](const std::vector<double>& v) { return v[0] + v[1]; });
}
void infer_Sub(InferContext& ctx) {
  Shape out = infer_broadcast(ctx, ctx.input_dtype(0), true);
  fold_elementwise(ctx, out, ctx.input_dtype(0), [](const std::vector<int64_t>& v) { return wrap(u(v[0]) - u(v[1])); },
                   [](const std::vector<double>& v) { return v[0] - v[1]; });
}
void infer_Mul(InferContext& ctx) {
  Shape out = infer_broadcast(ctx, ctx.input_dtype(0), true);
  fold_elementwise(ctx, out, ctx.input_dtype(0), [](const std::vector<int64_t>& v) { return wrap(u(v[0]) * u(v[1])); },
                   [](const std::vector<double>& v) { return v[0] * v[1]; });
}
void infer_Div(InferContext& ctx) {
  Shape out = infer_broadcast(ctx, ctx.input_dtype(0), true);
  const InferContext& c = ctx;
  fold_elementwise(
      ctx, out, ctx.input_dtype(0),
      [&c](const std::vector<int64_t>& v) -> int64_t {
        if (v[1] == 0) c.fail("integer division by zero in constant inputs");
        if (v[1] == -1) return wrap(0 - u(v[0]));  // INT64_MIN / -1 would trap
        return v[0] / v[1];
      },
      [](const std::vector<double>& v) { return v[0] / v[1]; });
}

int64_t int_pow(int64_t base, int64_t exponent) {
  if (exponent < 0) return base == 1 ? 1 : base == -1 ? (exponent % 2 ? -1 : 1) : 0;
  uint64_t result = 1, b = u(base);
  for (uint64_t e = u(exponent); e; e >>= 1, b *= b)  // square-and-multiply, wrapping
    if (e & 1) result *= b;
  return wrap(result);
}
void infer_Pow(InferContext& ctx) {
  Shape out = infer_broadcast(ctx, ctx.input_dtype(0), false);
  // The result has the base's dtype; an integer base with a float exponent
  // is computed in double and truncated.
  fold_elementwise(ctx, out, ctx.input_dtype(0), [](const std::vector<int64_t>& v) { return int_pow(v[0], v[1]); },
                   [](const std::vector<double>& v) { return std::pow(v[0], v[1]); });
}

void infer_Equal(InferContext& ctx) {
  Shape out = infer_broadcast(ctx, DType::Bool, true);
  fold_elementwise(ctx, out, DType::Bool, [](const std::vector<int64_t>& v) -> int64_t { return v[0] == v[1]; },
                   [](const std::vector<double>& v) -> double { return v[0] == v[1]; });
}
void infer_Less(InferContext& ctx) {
  Shape out = infer_broadcast(ctx, DType::Bool, true);
  fold_elementwise(ctx, out, DType::Bool, [](const std::vector<int64_t>& v) -> int64_t { return v[0] < v[1]; },
                   [](const std::vector<double>& v) -> double { return v[0] < v[1]; });
}
void infer_Greater(InferContext& ctx) {
  Shape out = infer_broadcast(ctx, DType::Bool, true);
  fold_elementwise(ctx, out, DType::Bool, [](const std::vector<int64_t>& v) -> int64_t { return v[0] > v[1]; },
                   [](const std::vector<double>& v) -> double { return v[0] > v[1]; });
}

void infer_LessOrEqual(InferContext& ctx) {
  Shape out = infer_broadcast(ctx, DType::Bool, true);
  fold_elementwise(ctx, out, DType::Bool, [](const std::vector<int64_t>& v) -> int64_t { return v[0] <= v[1]; },
                   [](const std::vector<double>& v) -> double { return v[0] <= v[1]; });
}
void infer_GreaterOrEqual(InferContext& ctx) {
  Shape out = infer_broadcast(ctx, DType::Bool, true);
  fold_elementwise(ctx, out, DType::Bool, [](const std::vector<int64_t>& v) -> int64_t { return v[0] >= v[1]; },
                   [](const std::vector<double>& v) -> double { return v[0] >= v[1]; });
}

// Boolean logic: both inputs bool.
Shape infer_logical(InferContext& ctx) {
  if (ctx.input_dtype(0) != DType::Bool) ctx.fail("inputs must be bool, got ", dtype_name(ctx.input_dtype(0)));
  return infer_broadcast(ctx, DType::Bool, true);
}
void infer_And(InferContext& ctx) {
  Shape out = infer_logical(ctx);
  fold_elementwise(ctx, out, DType::Bool, [](const std::vector<int64_t>& v) -> int64_t { return v[0] && v[1]; },
                   nullptr);
}
void infer_Or(InferContext& ctx) {
  Shape out = infer_logical(ctx);
  fold_elementwise(ctx, out, DType::Bool, [](const std::vector<int64_t>& v) -> int64_t { return v[0] || v[1]; },
                   nullptr);
}
void infer_Xor(InferContext& ctx) {
  Shape out = infer_logical(ctx);
  fold_elementwise(ctx, out, DType::Bool,
                   [](const std::vector<int64_t>& v) -> int64_t { return (v[0] != 0) != (v[1] != 0); }, nullptr);
}

}  // namespace

#define NNSLIM_BINARY_DEF(Name) \
  extern const OpDef kOp_##Name = {#Name, 2, 2, 1, 1, infer_##Name, cost_one_op_per_output};
NNSLIM_BINARY_DEF(Add)
NNSLIM_BINARY_DEF(And)
NNSLIM_BINARY_DEF(Div)
NNSLIM_BINARY_DEF(Equal)
NNSLIM_BINARY_DEF(Greater)
NNSLIM_BINARY_DEF(GreaterOrEqual)
NNSLIM_BINARY_DEF(Less)
NNSLIM_BINARY_DEF(LessOrEqual)
NNSLIM_BINARY_DEF(Mul)
NNSLIM_BINARY_DEF(Or)
NNSLIM_BINARY_DEF(Pow)
NNSLIM_BINARY_DEF(Sub)
NNSLIM_BINARY_DEF(Xor)
#undef NNSLIM_BINARY_DEF

}  // namespace nnslim
