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
// The "lane" kernels read 16-bit BYTE offsets instead (input_unit 4, so K <=
// 16384) and load each input straight into its lane (v128.load32_lane): per
// nonzero one 16-bit load, one address add and one lane load, where the
// index kernels also extract the index from the 64-bit word, scale it and
// insert the loaded float into the vector (about twice the instructions).
//
//   nc             output columns, >= 1.
//   a              the input vector; nonzero j reads a[input_indices[j]]
//                  (index kernels) or the float input_indices[j] bytes
//                  past a (lane kernels).
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
// W[o][i] = w[o * o_stride + i * i_stride] as in f32_spmm_pack. input_unit:
// 1 stores input indices (input_channels <= 65536), 4 byte offsets
// (input_channels <= 16384), as the kernel's F32SpgemvUkernelInfo says.
F32SpgemvPacked f32_spgemv_pack(size_t output_channels, size_t input_channels, const float* w, size_t o_stride,
                                size_t i_stride, const float* bias, size_t input_unit = 1);
// The most inputs a packing of that unit addresses.
constexpr size_t f32_spgemv_max_inputs(size_t input_unit) { return 65536 / input_unit; }

using F32SpgemvMinMaxUkernelFn = void (*)(size_t nc, const float* a, const float* weights,
                                          const uint16_t* input_indices, const uint32_t* nonzeros, float* c,
                                          const F32MinMaxParams* params);

#define NNSLIM_F32_SPGEMV_UKERNEL(unit, fn)                                                                    \
  void fn(size_t nc, const float* a, const float* weights, const uint16_t* input_indices, const uint32_t* nonzeros, \
          float* c, const F32MinMaxParams* params);
#include "kernels/f32-spgemv/f32-spgemv.inc"
#undef NNSLIM_F32_SPGEMV_UKERNEL

struct F32SpgemvUkernelInfo {
  const char* name;
  size_t input_unit;  // what its packed input entries count: 1 = indices, 4 = byte offsets
  F32SpgemvMinMaxUkernelFn fn;
};
// Every kernel (scalar and wasm SIMD), for tests and benchmarks.
const F32SpgemvUkernelInfo* f32_spgemv_ukernels(size_t* count);
// The kernel the runtime uses for input_channels inputs (wasm SIMD; chosen by
// bench/kernels/spmm_bench.cc): the lane kernel where byte offsets fit 16
// bits, the index kernel beyond.
F32SpgemvUkernelInfo f32_spgemv_default_ukernel(size_t input_channels);

}  // namespace nnslim::kernels
