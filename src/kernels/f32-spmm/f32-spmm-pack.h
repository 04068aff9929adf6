// Compressing a weight matrix for the sparse kernels (f32-spmm, f32-spgemv):
// row by row over output channels, the exact zeros dropped (CSR with the
// bias in front of each row's values and byte offsets for column indices).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace nnslim::kernels {

struct F32SpmmPacked {
  size_t output_channels = 0;
  size_t input_channels = 0;
  size_t nonzero_count = 0;           // true nonzeros (padding excluded)
  std::vector<float> weights;          // per output channel: bias, then its nonzero values
  std::vector<int32_t> input_offsets;  // per nonzero: input channel * input_channel_stride (bytes)
  std::vector<uint32_t> nonzeros;      // per output channel: its number of (padded) nonzeros
};

// W[o][i] = w[o * o_stride + i * i_stride] (elements) for o < output_channels,
// i < input_channels: o_stride = K, i_stride = 1 for [Cout, Cin] (Conv, Gemm
// transB); o_stride = 1, i_stride = N for [K, N] (MatMul). bias may be null
// (zeros). input_channel_stride_bytes: how far apart the kernel will find
// consecutive input channels (the pixel count * 4 for a channel-major block,
// 4 for a GEMV's input vector). Byte offsets must fit in int32 (callers
// check input_channels * input_channel_stride_bytes <= INT32_MAX).
// row_multiple: each row's nonzeros are padded with zero weights to a
// multiple of it (the SIMD GEMV kernels take 4 at a time with no scalar
// tail); a padding entry reads the row's first input whose weight is zero
// (the last input when there is none), so it adds 0 * that input, a term of
// the dense sum too: the same sum, NaN and infinities included.
F32SpmmPacked f32_spmm_pack(size_t output_channels, size_t input_channels, const float* w, size_t o_stride,
                            size_t i_stride, const float* bias, size_t input_channel_stride_bytes,
                            size_t row_multiple = 1);

// Number of exactly-zero entries of that W (the same strides), for the
// dense-or-sparse decision before anything is packed.
size_t f32_count_zeros(size_t output_channels, size_t input_channels, const float* w, size_t o_stride,
                       size_t i_stride);

}  // namespace nnslim::kernels
