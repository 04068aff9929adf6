// Which weight elements are zero, for the profile's sparsity, nonzero params
// and effective MACs, in float and in quantized (QDQ) models alike.
//
// A float weight's zero is 0.f. A quantized weight q read by
// DequantizeLinear stands for w = (q - zero_point) * scale, so w == 0 exactly
// when q equals its zero point (per tensor, or per slice along `axis`); the
// scale never makes a nonzero q zero (the quantizer's scales are positive).
#pragma once
#include <cstdint>
#include <vector>

#include "ir/graph.h"

namespace nnslim {

class WeightZeros {
 public:
  explicit WeightZeros(const Graph& graph);
  // Zero elements of param value `v` (a float tensor, an integer tensor that
  // a DequantizeLinear reads, or an unmaterialized weight by its init rule);
  // counted once per value.
  int64_t zeros(int v);
  // The param whose elements are the weight that value `v` carries: `v`
  // itself when it is a param, the param a DequantizeLinear dequantizes into
  // `v`, else -1.
  int weight_param(int v) const;

 private:
  int64_t count(int v) const;
  const Graph& graph_;
  std::vector<int64_t> zeros_;      // per value, -1: not counted yet
  std::vector<int> dequantize_of_;  // per value: the DequantizeLinear node reading it as input 0, or -1
  std::vector<int> producer_;       // per value: the node writing it, or -1
};

}  // namespace nnslim
