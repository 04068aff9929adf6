// int8 GEMM rows on the dot7 kernels (kernels/qs8-dot7: the relaxed 8-bit
// dot, 16 MACs per instruction): C[M, N] = requant(A[M, K] * W) for the
// qs8 Gemm / MatMul and 1x1 Conv lowerings, when the module's dot is the
// relaxed instruction and the input's producer keeps every code in 0..127
// (a Relu / Clip(min >= 0) output quantized with a zero point >= 0, as
// symmetric activations are), or else when every weight is in -64..63
// (kernels/qs8-dot7w: the weights as the 7-bit operand, any int8 input;
// quantize({ weightBits: 7 }) writes such weights). Elsewhere those
// lowerings keep the qs8-gemm kernels.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "kernels/qs8-requant.h"
#include "runtime/lowering_context.h"

namespace nnslim {

struct Qs8Dot7Weights {
  size_t n = 0, k = 0;
  const int8_t* data = nullptr;  // W(n, c) = data[n * n_stride + c * c_stride]
  size_t n_stride = 0, c_stride = 0;
  const int32_t* bias = nullptr;  // n, or null
  const float* scales = nullptr;  // n requantization multipliers
  int32_t a_zero_point = 0;
};

// Which dot7 GEMM, if any, can multiply the int8 tensor `q_value` by `w` in
// this module: 7-bit activations first (no per-row correction), else 7-bit
// weights.
enum class Dot7Form { None, Activations7, Weights7 };
Dot7Form qs8_dot7_form(const Graph& graph, int q_value, const Qs8Dot7Weights& w);
// The same choice as if this module's dot were the relaxed instruction (the
// rule qs8_dot7_form applies where it is), so every build can test it: the
// weights form is refused for K >= 2^18, where the row offset 64 * sum(A row)
// could overflow its int32.
Dot7Form qs8_dot7_form_if_native(const Graph& graph, int q_value, const Qs8Dot7Weights& w);

// Why the form was chosen, for explain(): e.g. "input codes in 0..127 (relaxed dot7)".
const char* qs8_dot7_reason(Dot7Form form);

// A step over `m` rows of A (row stride K) writing rows of C (row stride
// N); split over the thread pool in whole kernel strips. `what` names the
// ops, `how` the lowering ("qs8 gemm", "qs8 gemm (1x1)").
std::unique_ptr<Step> make_qs8_dot7_step(Dot7Form form, size_t m, const Qs8Dot7Weights& w,
                                         kernels::QS8RequantParams params, std::string what, const char* how);

}  // namespace nnslim
