// f32 SpMM microkernels: a sparse weight matrix times a dense channel-major
// activation block, the "Fast Sparse ConvNets" formulation of a 1x1 conv
// (or dense layer) whose weights are mostly zeros:
//
//   out[o][p] = clamp(bias[o] + sum over nonzeros (i, w) of row o: w * in[i][p])
//
// for o < nc output channels and p < mc pixels. The pixels of one channel are
// contiguous, so each nonzero weight is one broadcast times MR contiguous
// pixels (vectorised over pixels): zeros cost nothing, and every nonzero is a
// full SIMD multiply-add whatever the sparsity pattern.
//
// Units and layout (packed by f32_spmm_pack, f32-spmm-pack.h):
//   mc          pixels (floats per channel row), >= 1.
//   nc          output channels, >= 1.
//   input       base of the input block; channel i's mc pixels start at
//               input + input_offsets[..] BYTES (the packing stores, per
//               nonzero, its channel's byte offset: i * input channel stride).
//   weights     per output channel: its bias, then its nonzero values in
//               increasing input-channel order.
//   input_offsets  per nonzero: the byte offset of its input channel's row.
//   nonzeros    per output channel: how many nonzeros it has (0 allowed).
//   output      channel o's mc pixels at output + o * output_stride BYTES.
// A kernel never allocates, never throws, and writes only out[o][0..mc).
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/microparams.h"

namespace nnslim::kernels {

using F32SpmmMinMaxUkernelFn = void (*)(size_t mc, size_t nc, const float* input, const float* weights,
                                        const int32_t* input_offsets, const uint32_t* nonzeros, float* output,
                                        size_t output_stride, const F32MinMaxParams* params);

#define NNSLIM_F32_SPMM_UKERNEL(mr, fn)                                                                      \
  void fn(size_t mc, size_t nc, const float* input, const float* weights, const int32_t* input_offsets, \
          const uint32_t* nonzeros, float* output, size_t output_stride, const F32MinMaxParams* params);
#include "kernels/f32-spmm/f32-spmm.inc"
#undef NNSLIM_F32_SPMM_UKERNEL

struct F32SpmmUkernelInfo {
  const char* name;
  size_t mr;  // pixels per main-loop tile
  F32SpmmMinMaxUkernelFn fn;
};
// Every f32 SpMM microkernel (scalar and wasm SIMD), from f32-spmm.inc: for
// tests and benchmarks.
const F32SpmmUkernelInfo* f32_spmm_ukernels(size_t* count);
// The wasm SIMD kernels the runtime may pick (the scalar oracle and the
// slower variants stay out of the shipped module).
const F32SpmmUkernelInfo* f32_spmm_simd_ukernels(size_t* count);

}  // namespace nnslim::kernels
