// How an elementwise op with several inputs (Where's three, a comparison's
// two) walks memory when each input broadcasts to the output (numpy rules)
// and may be laid out in NCHW or NHWC. The output is written contiguously
// in `memory_order`; each input has an element stride per output axis (0
// where it broadcasts). Axes of size 1 are dropped and neighbours merged
// where every input walks them contiguously (or not at all), leaving a few
// outer loops around one inner run in which every input is either
// contiguous ("vector") or constant ("scalar"): the shape a vector kernel
// takes. Generalizes broadcast_geometry.h (one broadcast operand) to any
// number of operands, each of which may broadcast.
//
// Examples (output [N,C,H,W]):
//   Where(cond [N,C,H,W], x [N,C,H,W], 0.0 [])   NCHW  -> one run of N*C*H*W; y scalar
//   Less(x NHWC copy, t [C,1,1])                 NHWC  -> N*H*W runs of C, t vector
//   Where(cond [N,1,H,W], x, y [N,C,1,1])        NCHW  -> N*C runs of H*W: cond vector,
//                                                        y scalar (outer stride 1)
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace nnslim {

struct WalkInput {
  std::vector<int64_t> dims;  // the input's logical dims (rank <= output rank)
  bool nhwc = false;          // its buffer is the NHWC copy of a rank-4 value
};

struct BroadcastWalk {
  static constexpr size_t kMaxInputs = 3;
  static constexpr size_t kMaxOuterLoops = 4;
  size_t inputs = 0;
  size_t outer_loops = 0;                      // slowest first
  std::array<int64_t, kMaxOuterLoops> counts{};
  std::array<std::array<int64_t, kMaxOuterLoops>, kMaxInputs> strides{};  // elements
  int64_t inner_count = 1;                     // elements per kernel call
  std::array<bool, kMaxInputs> inner_scalar{};  // input constant over the inner run

  // Calls run(offsets, out_offset) once per inner run, in output memory
  // order; offsets[i] is input i's element offset at the run's start.
  template <typename Run>
  void for_each_run(Run run) const {
    std::array<int64_t, kMaxInputs> offsets{};
    std::array<int64_t, kMaxOuterLoops> index{};
    int64_t total_runs = 1;
    for (size_t l = 0; l < outer_loops; ++l) total_runs *= counts[l];
    for (int64_t r = 0; r < total_runs; ++r) {
      run(offsets, r * inner_count);
      for (size_t l = outer_loops; l-- > 0;) {  // odometer: bump the innermost outer loop
        for (size_t i = 0; i < inputs; ++i) offsets[i] += strides[i][l];
        if (++index[l] < counts[l]) break;
        for (size_t i = 0; i < inputs; ++i) offsets[i] -= strides[i][l] * counts[l];
        index[l] = 0;
      }
    }
  }
};

// nullopt when an input does not broadcast to out_dims, the walk needs more
// than kMaxOuterLoops outer loops, or an input is strided (neither
// contiguous nor constant) over the inner run.
std::optional<BroadcastWalk> broadcast_walk(const std::vector<int64_t>& out_dims, const std::vector<int>& memory_order,
                                            const std::vector<WalkInput>& inputs);

}  // namespace nnslim
