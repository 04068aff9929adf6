// One-input elementwise ops with no attributes: output = f(input), same shape
// and dtype (Not: bool). They fold when their input is a small constant (Floor,
// Ceil, Neg, Abs and friends appear in the Resize-size arithmetic of exporters).
//
// Cost: one elementwise op per output element, whatever the function's inner
// arithmetic (the profiler counts activations as elementwise ops, not MACs).
#include <cmath>

#include "ops/op_fold.h"
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

using IntFn = int64_t (*)(int64_t);
using FloatFn = double (*)(double);

void infer_unary(InferContext& ctx, IntFn int_fn, FloatFn float_fn) {
  infer_same_as_input(ctx);
  fold_elementwise(
      ctx, ctx.input_shape(0), ctx.input_dtype(0),
      int_fn ? IntElementwise([int_fn](const std::vector<int64_t>& v) { return int_fn(v[0]); }) : IntElementwise(),
      [float_fn](const std::vector<double>& v) { return float_fn(v[0]); });
}

// Integer versions exist only where ONNX defines the op on integers.
int64_t relu_int(int64_t x) { return x > 0 ? x : 0; }
int64_t neg_int(int64_t x) { return static_cast<int64_t>(0 - static_cast<uint64_t>(x)); }  // wraps like two's complement
int64_t abs_int(int64_t x) { return x < 0 ? neg_int(x) : x; }

double relu(double x) { return x > 0 ? x : 0; }
double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }
double neg(double x) { return -x; }
double reciprocal(double x) { return 1 / x; }
double softplus(double x) { return std::log1p(std::exp(x)); }   // ln(1 + e^x)
double softsign(double x) { return x / (1 + std::fabs(x)); }
double sqrt_fn(double x) { return std::sqrt(x); }
double exp_fn(double x) { return std::exp(x); }
double log_fn(double x) { return std::log(x); }
double abs_fn(double x) { return std::fabs(x); }
double floor_fn(double x) { return std::floor(x); }
double ceil_fn(double x) { return std::ceil(x); }
double erf_fn(double x) { return std::erf(x); }
double tanh_fn(double x) { return std::tanh(x); }

void infer_not(InferContext& ctx) {
  if (ctx.input_dtype(0) != DType::Bool) ctx.fail("input must be bool, got ", dtype_name(ctx.input_dtype(0)));
  infer_unary(ctx, [](int64_t x) -> int64_t { return x == 0; }, [](double x) -> double { return x == 0; });
}

#define NNSLIM_UNARY(Name, int_fn, float_fn)                                                     \
  void infer_##Name(InferContext& ctx) { infer_unary(ctx, int_fn, float_fn); }
NNSLIM_UNARY(Abs, abs_int, abs_fn)
NNSLIM_UNARY(Ceil, nullptr, ceil_fn)
NNSLIM_UNARY(Erf, nullptr, erf_fn)
NNSLIM_UNARY(Exp, nullptr, exp_fn)
NNSLIM_UNARY(Floor, nullptr, floor_fn)
NNSLIM_UNARY(Log, nullptr, log_fn)
NNSLIM_UNARY(Neg, neg_int, neg)
NNSLIM_UNARY(Reciprocal, nullptr, reciprocal)
NNSLIM_UNARY(Relu, relu_int, relu)
NNSLIM_UNARY(Sigmoid, nullptr, sigmoid)
NNSLIM_UNARY(Softplus, nullptr, softplus)
NNSLIM_UNARY(Softsign, nullptr, softsign)
NNSLIM_UNARY(Sqrt, nullptr, sqrt_fn)
NNSLIM_UNARY(Tanh, nullptr, tanh_fn)
#undef NNSLIM_UNARY

}  // namespace

#define NNSLIM_UNARY_DEF(Name) \
  extern const OpDef kOp_##Name = {#Name, 1, 1, 1, 1, infer_##Name, cost_one_op_per_output};
NNSLIM_UNARY_DEF(Abs)
NNSLIM_UNARY_DEF(Ceil)
NNSLIM_UNARY_DEF(Erf)
NNSLIM_UNARY_DEF(Exp)
NNSLIM_UNARY_DEF(Floor)
NNSLIM_UNARY_DEF(Log)
NNSLIM_UNARY_DEF(Neg)
NNSLIM_UNARY_DEF(Reciprocal)
NNSLIM_UNARY_DEF(Relu)
NNSLIM_UNARY_DEF(Sigmoid)
NNSLIM_UNARY_DEF(Softplus)
NNSLIM_UNARY_DEF(Softsign)
NNSLIM_UNARY_DEF(Sqrt)
NNSLIM_UNARY_DEF(Tanh)
#undef NNSLIM_UNARY_DEF
extern const OpDef kOp_Not = {"Not", 1, 1, 1, 1, infer_not, cost_one_op_per_output};

}  // namespace nnslim
