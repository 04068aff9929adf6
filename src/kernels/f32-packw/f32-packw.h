// Weight packing for the f32 GEMM / IGEMM microkernels.
//
// Packed layout (NR = the kernel's column tile, KR = SR = 1): for each panel
// of NR output columns n0 .. n0+NR-1:
//     NR biases, then for each k (K-major): the NR weights W[k, n0..n0+NR-1].
// Columns past N in the last panel are zero (bias and weights), so kernels
// compute them harmlessly and never store them.
// All sizes and strides here are in ELEMENTS (floats).
#pragma once
#include <cstddef>

namespace nnslim::kernels {

// Floats needed for the packed weights of an N x K GEMM with column tile nr.
size_t f32_packw_gemm_size(size_t n, size_t k, size_t nr);

// B is [K, N] row-major ("gio": input-major, as in C = A * B); b_stride >= N
// elements between rows of B. bias: N values or null (zeros).
void f32_packw_gemm_gio(size_t nr, size_t n, size_t k, const float* b, size_t b_stride, const float* bias,
                        float* packed);

// B is [N, K] row-major ("goi": output-major, like ONNX Gemm with transB=1 or
// a Conv 1x1 OIHW weight); b_stride >= K elements between rows.
void f32_packw_gemm_goi(size_t nr, size_t n, size_t k, const float* b, size_t b_stride, const float* bias,
                        float* packed);

// Conv weights of one group, ONNX OIHW [O, I, KH, KW] contiguous, packed for
// IGEMM: per panel NR biases, then for each kernel position ks = kh * KW + kw
// (the indirection buffer's order) and each input channel i, NR weights.
size_t f32_packw_conv_size(size_t out_channels, size_t in_channels, size_t kernel_size, size_t nr);
void f32_packw_conv_oihw(size_t nr, size_t out_channels, size_t in_channels, size_t kernel_size,
                         const float* weights, const float* bias, float* packed);

// Depthwise conv weights [C, 1, KH, KW] (ONNX, group = C) packed for the dwconv
// kernels with channel tile ct: per tile of ct channels: ct biases, then for
// each kernel position the ct weights. Channels past C are zero.
size_t f32_packw_dwconv_size(size_t channels, size_t kernel_size, size_t ct);
void f32_packw_dwconv_chw(size_t ct, size_t channels, size_t kernel_size, const float* weights,
                          const float* bias, float* packed);

}  // namespace nnslim::kernels

namespace nnslim::kernels {

// ConvTranspose weights of one group, ONNX [I, O, KH, KW] (the group's input
// channels' rows, contiguous), packed as the B of the GEMM
//   col[pixel, t * O + o] = sum_i X[pixel, i] * W[i, o, t]   (t = kh * KW + kw)
// i.e. a K = I by N = kernel_size * O matrix, for the col2im that follows.
// No bias (col2im starts from it).
size_t f32_packw_deconv_size(size_t in_channels, size_t out_channels, size_t kernel_size, size_t nr);
void f32_packw_deconv_iohw(size_t nr, size_t in_channels, size_t out_channels, size_t kernel_size,
                           const float* weights, float* packed);

}  // namespace nnslim::kernels
