// The 3x3 qs8 depthwise kernel that builds each input column's tap pairs
// once and slides them along a run of output pixels (stride-1 rows), for
// the kTapPairs3x3Cols packing (qs8-dwconv.h). 8 channels per group; the
// group is the outer loop, the run's pixels the inner one.
//
// Taps t = 3 ky + kx. Pixel p reads input columns p, p + 1, p + 2 (on a
// stride-1 row); with the pairs
//     V(j) = (row 0, row 1) of column j         -> taps (0,3) (1,4) (2,5)
//     H(j) = (row 2 of column j, of column j+1) -> taps (6,7), then (7,8)
//     out(p) = bias' + V(p).(w0,w3) + V(p+1).(w1,w4) + V(p+2).(w2,w5)
//                    + H(p).(w6,w7) + H(p+1).(0,w8)
// every pair is two taps of one channel, so it stays one i32x4.dot_i16x8_s
// per 4 channels: 10 dots per pixel and 8 channels, as many as the 9-tap
// kernel's, and all four pair vectors but the new column's V and H come
// from the pixel before. Per pixel and 8 channels: 3 widening loads and 4
// shuffles (the 1px kernel: 9 loads, 8 shuffles, 2 extends).
//
// Whether pixel p + 1 reads the columns of pixel p shifted by one is read
// off the indirection buffer (p + 1's taps (ky, 0), (ky, 1) are p's (ky, 1),
// (ky, 2)), as f32-dwconv-cols-wasmsimd.h does: padding, strides, dilation
// and the ends of output rows only cut the runs; a run of one pixel (every
// pixel of a stride-2 layer) is the same code with nothing carried over.
// Integer sums: the bits do not depend on how pixels are grouped.
#pragma once
#include <cassert>
#include <cstddef>
#include <cstdint>

#include "kernels/qs8-dwconv/qs8-dwconv-wasmsimd.h"

namespace nnslim::kernels::qs8_dw {

// int16 pairs (a[i], b[i]) of channels 0..3 / 4..7 of two widened inputs.
NNSLIM_ALWAYS_INLINE inline v128_t pairs_lo(v128_t a, v128_t b) {
  return wasm_i16x8_shuffle(a, b, 0, 8, 1, 9, 2, 10, 3, 11);
}
NNSLIM_ALWAYS_INLINE inline v128_t pairs_hi(v128_t a, v128_t b) {
  return wasm_i16x8_shuffle(a, b, 4, 12, 5, 13, 6, 14, 7, 15);
}

// acc + dot(x, the 8 int16 weights at p), the weights loaded after acc is
// known: an empty asm ties the load's address to acc, so clang emits each
// load next to its dot instead of all twelve at the top of the loop body,
// where V8 (x64, 15 vector registers) spilled them.
NNSLIM_ALWAYS_INLINE inline v128_t dot_add_after(v128_t acc, v128_t x, const int16_t* p) {
  __asm__("" : "+r"(p) : "r"(acc));
  return wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(x, wasm_v128_load(p)));
}

// Whether the pixels whose indirection entries are `a` and `b` (= a's
// pixel + 1) read shifted columns: b's (ky, kx) == a's (ky, kx + 1).
NNSLIM_ALWAYS_INLINE inline bool cols_shifted(const int8_t* const* a, const int8_t* const* b) {
  bool shifted = true;
  for (size_t ky = 0; ky < 3; ky++) shifted &= (b[3 * ky] == a[3 * ky + 1]) & (b[3 * ky + 1] == a[3 * ky + 2]);
  return shifted;
}

// One 8-channel group (channels c .. c + 7) of a run of n >= 1 pixels that
// read shifted columns; in: the run's first indirection entries; w: the
// group's packed weights (8 int32 bias', 5 pairs x 8 channels x 2 int16, 8
// float scales).
template <Clamp kClamp>
NNSLIM_ALWAYS_INLINE inline void cols_group(size_t c, size_t n, const int8_t** in, size_t input_stride,
                                            size_t input_offset, const int8_t* zero, const char* w, int8_t* out,
                                            size_t output_stride, const RequantVectors& rq) {
  auto tap = [&](const int8_t* const* entries, size_t t) NNSLIM_ALWAYS_INLINE {
    const int8_t* p = entries[t];
    if (input_offset != 0 && p != zero) p += input_offset;
    return wasm_i16x8_load8x8(p + c);
  };
  // Columns 0 and 1: the first pixel's taps (ky, 0) and (ky, 1).
  const v128_t a2 = tap(in, 6), b2 = tap(in, 7);
  v128_t r2 = b2;  // row 2 of the pixel's middle column
  v128_t h_lo = pairs_lo(a2, b2), h_hi = pairs_hi(a2, b2);
  v128_t va_lo, va_hi, vb_lo, vb_hi;
  {
    const v128_t a0 = tap(in, 0), a1 = tap(in, 3);
    va_lo = pairs_lo(a0, a1);
    va_hi = pairs_hi(a0, a1);
    const v128_t b0 = tap(in, 1), b1 = tap(in, 4);
    vb_lo = pairs_lo(b0, b1);
    vb_hi = pairs_hi(b0, b1);
  }
  do {
    // The weights are loaded per pixel: hoisted out of the loop by clang
    // (12 vectors), V8 spilled them to the stack and reloaded them anyway.
    NNSLIM_OPAQUE_POINTER(w);
    const int16_t* wk = reinterpret_cast<const int16_t*>(w + 32);
    const float* scales = reinterpret_cast<const float*>(w + 32 + 5 * 32);
    // The new column: this pixel's taps (ky, 2).
    const v128_t c0 = tap(in, 2), c1 = tap(in, 5), c2 = tap(in, 8);
    const v128_t vc_lo = pairs_lo(c0, c1), g_lo = pairs_lo(r2, c2);
    v128_t acc[2];
    acc[0] = dot_add_after(wasm_v128_load(w), va_lo, wk);
    acc[0] = dot_add_after(acc[0], vb_lo, wk + 16);
    acc[0] = dot_add_after(acc[0], vc_lo, wk + 32);
    acc[0] = dot_add_after(acc[0], h_lo, wk + 48);
    acc[0] = dot_add_after(acc[0], g_lo, wk + 64);
    const v128_t vc_hi = pairs_hi(c0, c1), g_hi = pairs_hi(r2, c2);
    acc[1] = dot_add_after(wasm_v128_load(w + 16), va_hi, wk + 8);
    acc[1] = dot_add_after(acc[1], vb_hi, wk + 24);
    acc[1] = dot_add_after(acc[1], vc_hi, wk + 40);
    acc[1] = dot_add_after(acc[1], h_hi, wk + 56);
    acc[1] = dot_add_after(acc[1], g_hi, wk + 72);
    store_group<8, 1, kClamp>(acc, scales, 8, out, rq);
    // Slide by one column.
    va_lo = vb_lo;
    va_hi = vb_hi;
    vb_lo = vc_lo;
    vb_hi = vc_hi;
    h_lo = g_lo;
    h_hi = g_hi;
    r2 = c2;
    in = reinterpret_cast<const int8_t**>(reinterpret_cast<uintptr_t>(in) + input_stride);
    out += output_stride;
  } while (--n != 0);
}

// The dwconv() calling convention with kernel_size == 9 and channels a
// multiple of 8.
template <Clamp kClamp = Clamp::kI32Min>
NNSLIM_ALWAYS_INLINE inline void dwconv9_cols(size_t channels, size_t output_width, size_t kernel_size,
                                              const int8_t** input, const void* weights, int8_t* output,
                                              size_t input_stride, size_t output_increment, size_t input_offset,
                                              const int8_t* zero, const QS8RequantParams* params) {
  assert(channels != 0 && channels % 8 == 0 && output_width != 0 && kernel_size == 9);
  (void)kernel_size;
  constexpr size_t group_bytes = 8 * (sizeof(int32_t) + 10 * sizeof(int16_t) + sizeof(float));
  const size_t output_stride = channels + output_increment;
  const RequantVectors rq = requant_vectors<kClamp>(params);
  auto entries = [&](size_t p) {
    return reinterpret_cast<const int8_t**>(reinterpret_cast<uintptr_t>(input) + p * input_stride);
  };
  while (output_width != 0) {
    size_t n = 1;
    while (n < output_width && cols_shifted(entries(n - 1), entries(n))) n++;
    const char* w = static_cast<const char*>(weights);
    for (size_t c = 0; c < channels; c += 8, w += group_bytes)
      cols_group<kClamp>(c, n, input, input_stride, input_offset, zero, w, output + c, output_stride, rq);
    input = entries(n);
    output += n * output_stride;
    output_width -= n;
  }
}

}  // namespace nnslim::kernels::qs8_dw
