// f32 sparse GEMV microkernels: the batch-1 dense layer over compressed
// weights (the M = 1 case of f32-spmm, same packed format, f32-spmm-pack.h):
//
//   c[o] = clamp(bias[o] + sum over nonzeros (i, w) of row o: w * a[i])
//
// With one input row there are no pixels to vectorise over, so the SIMD
// kernels vectorise over a row's nonzeros: 4 of them at a time, their inputs
// gathered into one vector (4 scalar loads) and multiplied by 4 consecutive
// packed values; each row's partial sums are added across lanes at its end.
// Rows are padded to a multiple of 4 nonzeros (kSpgemvRowMultiple).
// A dense GEMV streams every weight; this one streams 8 bytes per nonzero
// (value + offset), so it wins once fewer than about half the weights remain
// (the measured crossover: docs/pruning.md).
//
//   nc             output columns, >= 1.
//   a              the input vector; nonzero j reads a + input_offsets[j] BYTES.
//   weights, input_offsets, nonzeros   as packed by f32_spmm_pack with
//                  input_channel_stride_bytes = sizeof(float) and
//                  row_multiple = kSpgemvRowMultiple.
//   c              nc contiguous floats.
// A kernel never allocates, never throws, and writes only c[0..nc).
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/microparams.h"

namespace nnslim::kernels {

constexpr size_t kSpgemvRowMultiple = 4;

using F32SpgemvMinMaxUkernelFn = void (*)(size_t nc, const float* a, const float* weights,
                                          const int32_t* input_offsets, const uint32_t* nonzeros, float* c,
                                          const F32MinMaxParams* params);

#define NNSLIM_F32_SPGEMV_UKERNEL(fn)                                                                       \
  void fn(size_t nc, const float* a, const float* weights, const int32_t* input_offsets, const uint32_t* nonzeros, \
          float* c, const F32MinMaxParams* params);
#include "kernels/f32-spgemv/f32-spgemv.inc"
#undef NNSLIM_F32_SPGEMV_UKERNEL

struct F32SpgemvUkernelInfo {
  const char* name;
  F32SpgemvMinMaxUkernelFn fn;
};
// Every kernel (scalar and wasm SIMD), for tests and benchmarks.
const F32SpgemvUkernelInfo* f32_spgemv_ukernels(size_t* count);
// The kernel the runtime uses (wasm SIMD; chosen by bench/kernels/spmm_bench.cc).
F32SpgemvUkernelInfo f32_spgemv_default_ukernel();

}  // namespace nnslim::kernels
