// Elementwise ops with numpy broadcasting: arithmetic, comparisons, logic,
// variadic Max/Min/Sum/Mean, PRelu and Where.
// Integer (and bool) inputs are computed exactly in int64; anything with a
// float operand in double, rounded once when stored.
#include <cmath>

#include "ops/reference/reference_ops.h"

namespace nnslim {
namespace reference {
namespace {

using DoubleFn = double (*)(double, double);
using IntFn = int64_t (*)(int64_t, int64_t);

// y[i] = f(a[broadcast(i)], b[broadcast(i)]); y may be bool (comparisons).
void binary(const Node& node, const std::vector<const TensorView*>& inputs, const std::vector<TensorView*>& outputs,
            DoubleFn fd, IntFn fi) {
  const TensorView& a = required_input(node, inputs, 0);
  const TensorView& b = required_input(node, inputs, 1);
  const TensorView& y = required_output(node, outputs, 0);
  const std::vector<int64_t> ia = broadcast_offsets(a.shape, y.shape);
  const std::vector<int64_t> ib = broadcast_offsets(b.shape, y.shape);
  const bool integral = fi && is_integral(a.dtype) && is_integral(b.dtype);
  for (size_t i = 0; i < ia.size(); ++i) {
    const int64_t o = static_cast<int64_t>(i);
    if (integral)
      store_int(y, o, fi(load_int(a, ia[i]), load_int(b, ib[i])));
    else
      store_double(y, o, fd(load_double(a, ia[i]), load_double(b, ib[i])));
  }
}

// Integer power by repeated squaring; negative exponents give 0 (|base| > 1)
// as an integer result of base^e would.
int64_t int_pow(int64_t base, int64_t exponent) {
  if (exponent < 0) return base == 1 ? 1 : base == -1 ? (exponent % 2 ? -1 : 1) : 0;
  int64_t result = 1;
  while (exponent) {
    if (exponent & 1) result = static_cast<int64_t>(static_cast<uint64_t>(result) * static_cast<uint64_t>(base));
    base = static_cast<int64_t>(static_cast<uint64_t>(base) * static_cast<uint64_t>(base));
    exponent >>= 1;
  }
  return result;
}

// Variadic elementwise fold with broadcasting over all inputs (Max, Min, Sum, Mean).
void variadic(const Node& node, const std::vector<const TensorView*>& inputs, const std::vector<TensorView*>& outputs,
              DoubleFn fd, IntFn fi, bool mean) {
  const TensorView& y = required_output(node, outputs, 0);
  const int64_t n = element_count(y);
  bool integral = fi != nullptr;
  for (const TensorView* in : inputs) integral = integral && in && is_integral(in->dtype);
  std::vector<double> acc_d(static_cast<size_t>(n));
  std::vector<int64_t> acc_i(static_cast<size_t>(n));
  for (size_t k = 0; k < inputs.size(); ++k) {
    const TensorView& in = required_input(node, inputs, k);
    const std::vector<int64_t> offsets = broadcast_offsets(in.shape, y.shape);
    for (size_t i = 0; i < offsets.size(); ++i) {
      if (integral)
        acc_i[i] = k == 0 ? load_int(in, offsets[i]) : fi(acc_i[i], load_int(in, offsets[i]));
      else
        acc_d[i] = k == 0 ? load_double(in, offsets[i]) : fd(acc_d[i], load_double(in, offsets[i]));
    }
  }
  for (int64_t i = 0; i < n; ++i) {
    if (integral)
      store_int(y, i, mean ? acc_i[static_cast<size_t>(i)] / static_cast<int64_t>(inputs.size())
                           : acc_i[static_cast<size_t>(i)]);
    else
      store_double(y, i, mean ? acc_d[static_cast<size_t>(i)] / static_cast<double>(inputs.size())
                              : acc_d[static_cast<size_t>(i)]);
  }
}

double d_max(double a, double b) { return std::isnan(a) || std::isnan(b) ? NAN : (a > b ? a : b); }
double d_min(double a, double b) { return std::isnan(a) || std::isnan(b) ? NAN : (a < b ? a : b); }
int64_t i_max(int64_t a, int64_t b) { return a > b ? a : b; }
int64_t i_min(int64_t a, int64_t b) { return a < b ? a : b; }
double d_add(double a, double b) { return a + b; }
int64_t i_add(int64_t a, int64_t b) { return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b)); }

}  // namespace

NNSLIM_DEFINE_REFERENCE(Add) { binary(node, inputs, outputs, d_add, i_add); }
NNSLIM_DEFINE_REFERENCE(Sub) {
  binary(node, inputs, outputs, [](double a, double b) { return a - b; },
         [](int64_t a, int64_t b) { return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b)); });
}
NNSLIM_DEFINE_REFERENCE(Mul) {
  binary(node, inputs, outputs, [](double a, double b) { return a * b; },
         [](int64_t a, int64_t b) { return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b)); });
}
// Integer division truncates toward zero (C, ONNX Runtime); x / 0 gives 0
// instead of trapping.
// Integer division by zero has no result: an Error naming the node.
NNSLIM_DEFINE_REFERENCE(Div) {
  const TensorView& b = required_input(node, inputs, 1);
  if (is_integral(b.dtype))
    for (int64_t i = 0; i < element_count(b); ++i)
      if (load_int(b, i) == 0) node_fail(node, "integer division by zero");
  binary(node, inputs, outputs, [](double a, double b) { return a / b; },
         [](int64_t a, int64_t b) { return b == -1 && a == INT64_MIN ? INT64_MIN : a / b; });
}
// Y = A ^ B; the output has A's dtype (a float result stored to an int A truncates).
NNSLIM_DEFINE_REFERENCE(Pow) {
  binary(node, inputs, outputs, [](double a, double b) { return std::pow(a, b); }, int_pow);
}
// fmod = 1: sign of the dividend (C fmod); fmod = 0 (integers only): sign of
// the divisor, as Python's %.
NNSLIM_DEFINE_REFERENCE(Mod) {
  if (node.attr_int("fmod", 0))
    binary(node, inputs, outputs, [](double a, double b) { return std::fmod(a, b); },
           [](int64_t a, int64_t b) { return b == 0 ? 0 : a % b; });
  else
    binary(node, inputs, outputs,
           [](double a, double b) {
             const double r = std::fmod(a, b);
             return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
           },
           [](int64_t a, int64_t b) {
             if (b == 0) return int64_t{0};
             const int64_t r = a % b;
             return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
           });
}
NNSLIM_DEFINE_REFERENCE(Equal) {
  binary(node, inputs, outputs, [](double a, double b) { return double(a == b); },
         [](int64_t a, int64_t b) { return int64_t(a == b); });
}
NNSLIM_DEFINE_REFERENCE(Less) {
  binary(node, inputs, outputs, [](double a, double b) { return double(a < b); },
         [](int64_t a, int64_t b) { return int64_t(a < b); });
}
NNSLIM_DEFINE_REFERENCE(LessOrEqual) {
  binary(node, inputs, outputs, [](double a, double b) { return double(a <= b); },
         [](int64_t a, int64_t b) { return int64_t(a <= b); });
}
NNSLIM_DEFINE_REFERENCE(Greater) {
  binary(node, inputs, outputs, [](double a, double b) { return double(a > b); },
         [](int64_t a, int64_t b) { return int64_t(a > b); });
}
NNSLIM_DEFINE_REFERENCE(GreaterOrEqual) {
  binary(node, inputs, outputs, [](double a, double b) { return double(a >= b); },
         [](int64_t a, int64_t b) { return int64_t(a >= b); });
}
NNSLIM_DEFINE_REFERENCE(And) {
  binary(node, inputs, outputs, [](double a, double b) { return double(a != 0 && b != 0); },
         [](int64_t a, int64_t b) { return int64_t(a != 0 && b != 0); });
}
NNSLIM_DEFINE_REFERENCE(Or) {
  binary(node, inputs, outputs, [](double a, double b) { return double(a != 0 || b != 0); },
         [](int64_t a, int64_t b) { return int64_t(a != 0 || b != 0); });
}
NNSLIM_DEFINE_REFERENCE(Xor) {
  binary(node, inputs, outputs, [](double a, double b) { return double((a != 0) != (b != 0)); },
         [](int64_t a, int64_t b) { return int64_t((a != 0) != (b != 0)); });
}
// PRelu: y = x < 0 ? slope * x : x, slope broadcast to x.
NNSLIM_DEFINE_REFERENCE(PRelu) {
  binary(node, inputs, outputs, [](double x, double slope) { return x < 0 ? slope * x : x; },
         [](int64_t x, int64_t slope) { return x < 0 ? slope * x : x; });
}

NNSLIM_DEFINE_REFERENCE(Max) { variadic(node, inputs, outputs, d_max, i_max, false); }
NNSLIM_DEFINE_REFERENCE(Min) { variadic(node, inputs, outputs, d_min, i_min, false); }
NNSLIM_DEFINE_REFERENCE(Sum) { variadic(node, inputs, outputs, d_add, i_add, false); }
NNSLIM_DEFINE_REFERENCE(Mean) { variadic(node, inputs, outputs, d_add, nullptr, true); }

// Where: y = cond ? x : y, all three broadcast to the output; any dtype.
NNSLIM_DEFINE_REFERENCE(Where) {
  const TensorView& cond = required_input(node, inputs, 0);
  const TensorView& x = required_input(node, inputs, 1);
  const TensorView& y = required_input(node, inputs, 2);
  const TensorView& out = required_output(node, outputs, 0);
  const std::vector<int64_t> ic = broadcast_offsets(cond.shape, out.shape);
  const std::vector<int64_t> ix = broadcast_offsets(x.shape, out.shape);
  const std::vector<int64_t> iy = broadcast_offsets(y.shape, out.shape);
  for (size_t i = 0; i < ic.size(); ++i) {
    if (load_int(cond, ic[i]))
      copy_element(out, static_cast<int64_t>(i), x, ix[i]);
    else
      copy_element(out, static_cast<int64_t>(i), y, iy[i]);
  }
}

}  // namespace reference
}  // namespace nnslim
