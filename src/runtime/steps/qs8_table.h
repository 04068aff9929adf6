// 256-entry int8 -> int8 tables for the QDQ pattern DQ(x_q) -> f -> [Relu |
// Clip] -> Q(y): table[q & 255] = clamp(Q_y(f(DQ_x(q))), qmin, qmax), run by
// the x8-lut kernel. f is the node's own reference implementation evaluated
// on the 256 dequantized values (so the table is what the reference executor
// computes, bit for bit), or the identity for a plain requantization (a
// MaxPool or Concat input whose scale or zero point differs from the output's).
#pragma once
#include <cstdint>
#include <vector>

#include "runtime/steps/qdq_match.h"

namespace nnslim {

// f = `node` (null: identity) at the graph's opset, x fed to its input
// `data_input`; its other inputs must be constants of the graph (scalars, so
// the output has x's shape). Empty when the reference cannot evaluate it.
std::vector<int8_t> qs8_function_table(const Graph& graph, const Node* node, const QuantParams& x,
                                       const QuantizedOutput& y, size_t data_input = 0);

// True when table[q & 255] == q for every q (a requantization that changes nothing).
bool is_identity_table(const std::vector<int8_t>& table);

}  // namespace nnslim
