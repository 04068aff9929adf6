// How a broadcasting binary op walks memory: out = a OP b where `a` has the
// output's shape and `b` broadcasts to it (numpy rules). The output's axes,
// in the order they are laid out in memory, are reduced to at most three
// loops; b's stride on each loop is 0 (b repeats) or its element stride. The
// innermost loop runs a vector kernel: b contiguous (stride 1, "vector b") or
// b constant over it (stride 0, "scalar b").
//
// Examples (NCHW memory unless noted):
//   [N,C,H,W] + [N,C,H,W]         -> one loop of N*C*H*W, vector b
//   [N,C,H,W] * [N,C,1,1] (SE)    -> loops N*C (b stride 1) x H*W, scalar b
//   [N,H,W,C] + [C] (bias, tf2onnx)-> loops N*H*W (b stride 0) x C, vector b
//   NHWC memory of [N,C,H,W] + [C,1,1] -> loops N*H*W (stride 0) x C, vector b
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace nnslim {

struct BroadcastGeometry {
  std::array<int64_t, 2> outer_counts{1, 1};   // outer loops, slowest first
  std::array<int64_t, 2> outer_b_strides{0, 0};
  int64_t inner_count = 1;                      // elements per kernel call
  bool inner_b_scalar = false;                  // b constant over the inner loop
};

// out_dims: the output's logical dims; b_dims: b's dims (rank <= out rank;
// broadcast-compatible); memory_order: the logical axes in memory order,
// slowest first (identity for row-major, {0,2,3,1} for NHWC memory of a
// logical NCHW tensor). b's own buffer is row-major in its logical dims.
// nullopt when the walk needs more than three loops, or b's strides are not
// contiguous in memory order (the caller falls back to another path).
std::optional<BroadcastGeometry> broadcast_geometry(const std::vector<int64_t>& out_dims,
                                                    const std::vector<int64_t>& b_dims,
                                                    const std::vector<int>& memory_order);

}  // namespace nnslim
