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
// Column indices are 16-bit (K <= 65536), read 4 at a time as one 64-bit
// load: the gather is bound by loads (4 inputs + 1 vector of values per 4
// nonzeros), and 32-bit offsets would add 4 more.
//
//   nc             output columns, >= 1.
//   a              the input vector; nonzero j reads a[input_indices[j]].
//   weights, input_indices, nonzeros   as packed by f32_spgemv_pack (rows
//                  padded to a multiple of 4 nonzeros).
//   c              nc contiguous floats.
// A kernel never allocates, never throws, and writes only c[0..nc).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/microparams.h"

namespace nnslim::kernels {

constexpr size_t kSpgemvRowMultiple = 4;

struct F32SpgemvPacked {
  size_t nonzero_count = 0;             // true nonzeros (padding excluded)
  std::vector<float> weights;           // per output: bias, then its (padded) nonzero values
  std::vector<uint16_t> input_indices;  // per (padded) nonzero: its input index
  std::vector<uint32_t> nonzeros;       // per output: its padded nonzero count (a multiple of 4)
};
// W[o][i] = w[o * o_stride + i * i_stride] as in f32_spmm_pack;
// input_channels <= 65536.
F32SpgemvPacked f32_spgemv_pack(size_t output_channels, size_t input_channels, const float* w, size_t o_stride,
                                size_t i_stride, const float* bias);

using F32SpgemvMinMaxUkernelFn = void (*)(size_t nc, const float* a, const float* weights,
                                          const uint16_t* input_indices, const uint32_t* nonzeros, float* c,
                                          const F32MinMaxParams* params);

#define NNSLIM_F32_SPGEMV_UKERNEL(fn)                                                                       \
  void fn(size_t nc, const float* a, const float* weights, const uint16_t* input_indices, const uint32_t* nonzeros, \
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
