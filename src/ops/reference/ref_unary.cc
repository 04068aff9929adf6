// Elementwise unary ops: math functions and activations, plus Clip and Cast.
// Float math in double (rounded once on store); ops that ONNX defines on
// integers too (Abs, Neg, Relu, Sign, Clip) have an exact int64 path.
#include <cmath>
#include <limits>

#include "ops/reference/reference_ops.h"

namespace nnslim {
namespace reference {
namespace {

// y[i] = f(x[i]); fi (optional) is used when x is an integer type.
template <typename FD, typename FI>
void unary(const Node& node, const std::vector<const TensorView*>& inputs, const std::vector<TensorView*>& outputs,
           FD fd, FI fi) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& y = required_output(node, outputs, 0);
  const int64_t n = element_count(x);
  const bool integral = is_integral(x.dtype);
  for (int64_t i = 0; i < n; ++i) {
    if (integral)
      store_int(y, i, fi(load_int(x, i)));
    else
      store_double(y, i, fd(load_double(x, i)));
  }
}

template <typename FD>
void unary_float(const Node& node, const std::vector<const TensorView*>& inputs,
                 const std::vector<TensorView*>& outputs, FD fd) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& y = required_output(node, outputs, 0);
  const int64_t n = element_count(x);
  for (int64_t i = 0; i < n; ++i) store_double(y, i, fd(load_double(x, i)));
}

}  // namespace

NNSLIM_DEFINE_REFERENCE(Abs) {
  unary(node, inputs, outputs, [](double x) { return std::fabs(x); }, [](int64_t x) { return x < 0 ? -x : x; });
}
NNSLIM_DEFINE_REFERENCE(Neg) {
  unary(node, inputs, outputs, [](double x) { return -x; }, [](int64_t x) { return -x; });
}
NNSLIM_DEFINE_REFERENCE(Sign) {
  unary(node, inputs, outputs, [](double x) { return double((x > 0) - (x < 0)); },
        [](int64_t x) { return int64_t((x > 0) - (x < 0)); });
}
// Relu: max(x, 0) with NaN -> NaN (numpy's np.maximum(x, 0)).
NNSLIM_DEFINE_REFERENCE(Relu) {
  unary(node, inputs, outputs, [](double x) { return x < 0 ? 0.0 : x; }, [](int64_t x) { return x > 0 ? x : 0; });
}
NNSLIM_DEFINE_REFERENCE(Not) {
  unary(node, inputs, outputs, [](double x) { return double(x == 0); }, [](int64_t x) { return int64_t(x == 0); });
}
NNSLIM_DEFINE_REFERENCE(Sqrt) { unary_float(node, inputs, outputs, [](double x) { return std::sqrt(x); }); }
NNSLIM_DEFINE_REFERENCE(Exp) { unary_float(node, inputs, outputs, [](double x) { return std::exp(x); }); }
NNSLIM_DEFINE_REFERENCE(Log) { unary_float(node, inputs, outputs, [](double x) { return std::log(x); }); }
NNSLIM_DEFINE_REFERENCE(Reciprocal) { unary_float(node, inputs, outputs, [](double x) { return 1.0 / x; }); }
NNSLIM_DEFINE_REFERENCE(Floor) { unary_float(node, inputs, outputs, [](double x) { return std::floor(x); }); }
NNSLIM_DEFINE_REFERENCE(Ceil) { unary_float(node, inputs, outputs, [](double x) { return std::ceil(x); }); }
// Round: halves to even (the default rounding mode of nearbyint).
NNSLIM_DEFINE_REFERENCE(Round) { unary_float(node, inputs, outputs, [](double x) { return std::nearbyint(x); }); }
NNSLIM_DEFINE_REFERENCE(Erf) { unary_float(node, inputs, outputs, [](double x) { return std::erf(x); }); }
NNSLIM_DEFINE_REFERENCE(Sin) { unary_float(node, inputs, outputs, [](double x) { return std::sin(x); }); }
NNSLIM_DEFINE_REFERENCE(Cos) { unary_float(node, inputs, outputs, [](double x) { return std::cos(x); }); }
NNSLIM_DEFINE_REFERENCE(Tan) { unary_float(node, inputs, outputs, [](double x) { return std::tan(x); }); }
NNSLIM_DEFINE_REFERENCE(Tanh) { unary_float(node, inputs, outputs, [](double x) { return std::tanh(x); }); }
// Sigmoid: 1 / (1 + e^-x).
NNSLIM_DEFINE_REFERENCE(Sigmoid) {
  unary_float(node, inputs, outputs, [](double x) { return 1.0 / (1.0 + std::exp(-x)); });
}
// Softplus: ln(1 + e^x), written to stay finite for large x.
NNSLIM_DEFINE_REFERENCE(Softplus) {
  unary_float(node, inputs, outputs, [](double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); });
}
// Softsign: x / (1 + |x|).
NNSLIM_DEFINE_REFERENCE(Softsign) {
  unary_float(node, inputs, outputs, [](double x) { return x / (1.0 + std::fabs(x)); });
}
// LeakyRelu: x >= 0 ? x : alpha * x (alpha 0.01).
NNSLIM_DEFINE_REFERENCE(LeakyRelu) {
  const double alpha = node.attr_float("alpha", 0.01f);
  unary_float(node, inputs, outputs, [alpha](double x) { return x >= 0 ? x : alpha * x; });
}
// Elu: x >= 0 ? x : alpha * (e^x - 1) (alpha 1).
NNSLIM_DEFINE_REFERENCE(Elu) {
  const double alpha = node.attr_float("alpha", 1.f);
  unary_float(node, inputs, outputs, [alpha](double x) { return x >= 0 ? x : alpha * std::expm1(x); });
}
// Celu: max(0, x) + min(0, alpha * (e^(x/alpha) - 1)) (alpha 1).
NNSLIM_DEFINE_REFERENCE(Celu) {
  const double alpha = node.attr_float("alpha", 1.f);
  unary_float(node, inputs, outputs,
              [alpha](double x) { return std::max(x, 0.0) + std::min(alpha * std::expm1(x / alpha), 0.0); });
}
// Selu: gamma * (x > 0 ? x : alpha * (e^x - 1)); the defaults are the float
// constants ONNX specifies.
NNSLIM_DEFINE_REFERENCE(Selu) {
  const double alpha = node.attr_float("alpha", 1.67326319217681884765625f);
  const double gamma = node.attr_float("gamma", 1.05070102214813232421875f);
  unary_float(node, inputs, outputs, [alpha, gamma](double x) { return gamma * (x > 0 ? x : alpha * std::expm1(x)); });
}
// HardSigmoid: max(0, min(1, alpha * x + beta)) (alpha 0.2, beta 0.5). The
// clamps here and below put x first: std::max(a, b) = a < b ? b : a returns a
// NaN `a` unchanged, so NaN stays NaN (numpy's np.clip).
NNSLIM_DEFINE_REFERENCE(HardSigmoid) {
  const double alpha = node.attr_float("alpha", 0.2f);
  const double beta = node.attr_float("beta", 0.5f);
  unary_float(node, inputs, outputs, [alpha, beta](double x) { return std::max(std::min(alpha * x + beta, 1.0), 0.0); });
}
// HardSwish: x * max(0, min(1, x / 6 + 1/2)).
NNSLIM_DEFINE_REFERENCE(HardSwish) {
  unary_float(node, inputs, outputs, [](double x) { return x * std::max(std::min(x / 6.0 + 0.5, 1.0), 0.0); });
}
// ThresholdedRelu: x > alpha ? x : 0 (alpha 1).
NNSLIM_DEFINE_REFERENCE(ThresholdedRelu) {
  const double alpha = node.attr_float("alpha", 1.f);
  unary_float(node, inputs, outputs, [alpha](double x) { return x > alpha ? x : 0.0; });
}
// Clip: min(max(x, lo), hi). Bounds are attributes before opset 11, optional
// inputs 1 and 2 after; absent bounds are the type's limits.
NNSLIM_DEFINE_REFERENCE(Clip) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& y = required_output(node, outputs, 0);
  const int64_t n = element_count(x);
  if (opset < 11) {
    const double lo = node.attr_float("min", -std::numeric_limits<float>::infinity());
    const double hi = node.attr_float("max", std::numeric_limits<float>::infinity());
    for (int64_t i = 0; i < n; ++i) store_double(y, i, std::min(std::max(load_double(x, i), lo), hi));
    return;
  }
  const TensorView* lo_t = optional_input(inputs, 1);
  const TensorView* hi_t = optional_input(inputs, 2);
  if (is_integral(x.dtype)) {
    const int64_t lo = lo_t ? load_int(*lo_t, 0) : std::numeric_limits<int64_t>::min();
    const int64_t hi = hi_t ? load_int(*hi_t, 0) : std::numeric_limits<int64_t>::max();
    for (int64_t i = 0; i < n; ++i) store_int(y, i, std::min(std::max(load_int(x, i), lo), hi));
  } else {
    const double lo = lo_t ? load_double(*lo_t, 0) : -INFINITY;
    const double hi = hi_t ? load_double(*hi_t, 0) : INFINITY;
    for (int64_t i = 0; i < n; ++i) store_double(y, i, std::min(std::max(load_double(x, i), lo), hi));
  }
}

// Cast: convert every element to the output's dtype (attribute `to`, already
// applied by shape inference). Floats to integers truncate toward zero.
NNSLIM_DEFINE_REFERENCE(Cast) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& y = required_output(node, outputs, 0);
  if (x.dtype == DType::String || y.dtype == DType::String) node_fail(node, "string tensors are not supported");
  const int64_t n = element_count(x);
  for (int64_t i = 0; i < n; ++i) {
    if (is_integral(x.dtype))
      store_int(y, i, load_int(x, i));
    else
      store_double(y, i, load_double(x, i));
  }
}

}  // namespace reference
}  // namespace nnslim
