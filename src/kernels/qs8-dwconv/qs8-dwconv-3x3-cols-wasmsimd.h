// The 3x3 qs8 depthwise kernel that builds each input column's tap pairs
// once and slides them along a run of output pixels (stride-1 rows), for
// the kTapPairs3x3Cols packing (qs8-dwconv.h). 8 channels per group; the
// group is the outer loop, the run's pixels the inner one: each 4-channel
// half of the group over the run, two pixels per step (cols_half), or for
// a run of one pixel both halves at once (cols_single).
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
// from the pixel before. Per pixel and 8 channels: 4 shuffles (the 1px
// kernel: 8 shuffles, 2 extends) and 6 widening loads (each half loads the
// new column's 8 bytes: 3 per pixel when one pass did both halves, which
// left too few vector registers for two pixels a step).
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

// acc + dot(x, the 8 int16 weights at p).
NNSLIM_ALWAYS_INLINE inline v128_t dot_add(v128_t acc, v128_t x, const int16_t* p) {
  return wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(x, wasm_v128_load(p)));
}

// Whether the pixels whose indirection entries are `a` and `b` (= a's
// pixel + 1) read shifted columns: b's (ky, kx) == a's (ky, kx + 1).
NNSLIM_ALWAYS_INLINE inline bool cols_shifted(const int8_t* const* a, const int8_t* const* b) {
  bool shifted = true;
  for (size_t ky = 0; ky < 3; ky++) shifted &= (b[3 * ky] == a[3 * ky + 1]) & (b[3 * ky + 1] == a[3 * ky + 2]);
  return shifted;
}

// One pixel of a run: its accumulators from the columns a (= V(p)), b, c
// and the row-2 pairs h (= H(p)), g; loads the new column (the pixel's
// taps (ky, 2): c, g and c2, row 2 of that column, for the next pixel's
// g) and stores 8 requantized channels. r2: row 2 of the middle column.
//
// The low half's sum is stored to the output (overwritten by the result)
// before the high half's weights are loaded. V8 (x64) emits a basic
// block's loads in program order but sinks the arithmetic to its uses, so
// without the store all 14 weight, bias and scale loads came first and,
// with the 7 carried vectors, overflowed its 15 vector registers (spills;
// the kernel then ran 8% slower than the 1px one, 0.602 against 0.561 ms
// on the bench's stride-1 layers, instead of 15% faster). The store is an
// effect the later loads stay behind, like f32-dwconv-cols's row barrier.
struct ColsVectors {
  v128_t lo, hi;
};
template <Clamp kClamp>
NNSLIM_ALWAYS_INLINE inline void cols_pixel(const int8_t* const* entries, size_t c, const char* w, int8_t* out,
                                            const ColsVectors& a, const ColsVectors& b, ColsVectors& cv,
                                            const ColsVectors& h, ColsVectors& g, v128_t r2, v128_t& c2,
                                            const RequantVectors& rq) {
  const int16_t* wk = reinterpret_cast<const int16_t*>(w + 32);
  const float* scales = reinterpret_cast<const float*>(w + 32 + 5 * 32);
  const v128_t c0 = wasm_i16x8_load8x8(entries[2] + c), c1 = wasm_i16x8_load8x8(entries[5] + c);
  c2 = wasm_i16x8_load8x8(entries[8] + c);
  cv.lo = pairs_lo(c0, c1);
  g.lo = pairs_lo(r2, c2);
  v128_t acc[2];
  acc[0] = dot_add(wasm_v128_load(w), a.lo, wk);
  acc[0] = dot_add(acc[0], b.lo, wk + 16);
  acc[0] = dot_add(acc[0], cv.lo, wk + 32);
  acc[0] = dot_add(acc[0], h.lo, wk + 48);
  acc[0] = dot_add(acc[0], g.lo, wk + 64);
  wasm_v128_store64_lane(out, acc[0], 0);  // barrier (above)
  cv.hi = pairs_hi(c0, c1);
  g.hi = pairs_hi(r2, c2);
  acc[1] = dot_add(wasm_v128_load(w + 16), a.hi, wk + 8);
  acc[1] = dot_add(acc[1], b.hi, wk + 24);
  acc[1] = dot_add(acc[1], cv.hi, wk + 40);
  acc[1] = dot_add(acc[1], h.hi, wk + 56);
  acc[1] = dot_add(acc[1], g.hi, wk + 72);
  store_group<8, 1, kClamp>(acc, scales, 8, out, rq);
}

// One 8-channel group (channels c .. c + 7) of a single pixel (a run of
// one: every pixel of a stride-2 row); in: its indirection entries (input
// offset applied); w: the group's packed weights (8 int32 bias', 5 pairs x
// 8 channels x 2 int16, 8 float scales). Both halves at once: the pixel's
// 9 input loads serve 8 channels (cols_half would load them twice).
template <Clamp kClamp>
NNSLIM_ALWAYS_INLINE inline void cols_single(size_t c, const int8_t** in, const char* w, int8_t* out,
                                             const RequantVectors& rq) {
  ColsVectors v[3], h[2];
  v128_t r[2];
  const v128_t a0 = wasm_i16x8_load8x8(in[0] + c), a1 = wasm_i16x8_load8x8(in[3] + c);
  v[0] = {pairs_lo(a0, a1), pairs_hi(a0, a1)};
  const v128_t b0 = wasm_i16x8_load8x8(in[1] + c), b1 = wasm_i16x8_load8x8(in[4] + c);
  v[1] = {pairs_lo(b0, b1), pairs_hi(b0, b1)};
  const v128_t a2 = wasm_i16x8_load8x8(in[6] + c);
  r[0] = wasm_i16x8_load8x8(in[7] + c);
  h[0] = {pairs_lo(a2, r[0]), pairs_hi(a2, r[0])};
  cols_pixel<kClamp>(in, c, w, out, v[0], v[1], v[2], h[0], h[1], r[0], r[1], rq);
}

// One 4-channel half (kHalf 0: channels c .. c + 3, 1: c + 4 .. c + 7) of
// an 8-channel packed group over a run of n >= 1 pixels, two pixels per
// step: each of the half's 5 weight vectors is loaded once for both pixels,
// and the two pixels' 4 + 4 requantized channels share one narrow. Pixel
// p + 1 of the step reads V(p + 1), V(p + 2), V(p + 3), H(p + 1), H(p + 2);
// carried between steps: V(p), V(p + 1), H(p) and row 2 of column p + 1.
// Both halves load the same 8 input bytes per column (c .. c + 7, inside
// the pixel) and keep their 4 channels with pairs_lo / pairs_hi.
template <Clamp kClamp, size_t kHalf>
NNSLIM_ALWAYS_INLINE inline void cols_half(size_t c, size_t n, const int8_t** in, size_t input_stride,
                                           const char* w, int8_t* out, size_t output_stride,
                                           const RequantVectors& rq) {
  auto pairs = [](v128_t a, v128_t b) { return kHalf == 0 ? pairs_lo(a, b) : pairs_hi(a, b); };
  auto col = [c](const int8_t* p) { return wasm_i16x8_load8x8(p + c); };
  const int16_t* wk = reinterpret_cast<const int16_t*>(w + 32) + 8 * kHalf;  // pair k at wk + 16 k
  const char* bias = w + 16 * kHalf;
  const float* scales = reinterpret_cast<const float*>(w + 32 + 5 * 32 + 16 * kHalf);
  // Columns 0 and 1: the first pixel's taps (ky, 0) and (ky, 1).
  v128_t va = pairs(col(in[0]), col(in[3]));
  v128_t vb = pairs(col(in[1]), col(in[4]));
  v128_t r = col(in[7]);
  v128_t h = pairs(col(in[6]), r);
  NNSLIM_QS8_DW_ROLLED
  for (; n >= 2; n -= 2) {
    const int8_t* const* in1 = reinterpret_cast<const int8_t* const*>(reinterpret_cast<uintptr_t>(in) + input_stride);
    const v128_t c2 = col(in[8]), d2 = col(in1[8]);
    const v128_t vc = pairs(col(in[2]), col(in[5]));
    const v128_t vd = pairs(col(in1[2]), col(in1[5]));
    const v128_t g = pairs(r, c2), g2 = pairs(c2, d2);
    const v128_t b = wasm_v128_load(bias);
    v128_t w0 = wasm_v128_load(wk);
    v128_t acc0 = wasm_i32x4_add(b, wasm_i32x4_dot_i16x8(va, w0));
    v128_t acc1 = wasm_i32x4_add(b, wasm_i32x4_dot_i16x8(vb, w0));
    const v128_t w1 = wasm_v128_load(wk + 16);
    acc0 = wasm_i32x4_add(acc0, wasm_i32x4_dot_i16x8(vb, w1));
    acc1 = wasm_i32x4_add(acc1, wasm_i32x4_dot_i16x8(vc, w1));
    const v128_t w2 = wasm_v128_load(wk + 32);
    acc0 = wasm_i32x4_add(acc0, wasm_i32x4_dot_i16x8(vc, w2));
    acc1 = wasm_i32x4_add(acc1, wasm_i32x4_dot_i16x8(vd, w2));
    const v128_t w3 = wasm_v128_load(wk + 48);
    acc0 = wasm_i32x4_add(acc0, wasm_i32x4_dot_i16x8(h, w3));
    acc1 = wasm_i32x4_add(acc1, wasm_i32x4_dot_i16x8(g, w3));
    const v128_t w4 = wasm_v128_load(wk + 64);
    acc0 = wasm_i32x4_add(acc0, wasm_i32x4_dot_i16x8(g, w4));
    acc1 = wasm_i32x4_add(acc1, wasm_i32x4_dot_i16x8(g2, w4));
    const v128_t vs = wasm_v128_load(scales);
    const v128_t q = wasm_i16x8_narrow_i32x4(requantize<kClamp>(acc0, vs, rq), requantize<kClamp>(acc1, vs, rq));
    const v128_t v8 = clamp_i8<kClamp>(wasm_i8x16_narrow_i16x8(q, q), rq);
    wasm_v128_store32_lane(out, v8, 0);
    wasm_v128_store32_lane(out + output_stride, v8, 1);
    va = vc;
    vb = vd;
    h = g2;
    r = d2;
    in = reinterpret_cast<const int8_t**>(reinterpret_cast<uintptr_t>(in) + 2 * input_stride);
    out += 2 * output_stride;
  }
  if (n != 0) {  // the run's last pixel when n was odd
    const v128_t c2 = col(in[8]);
    const v128_t vc = pairs(col(in[2]), col(in[5]));
    const v128_t g = pairs(r, c2);
    v128_t acc = wasm_i32x4_add(wasm_v128_load(bias), wasm_i32x4_dot_i16x8(va, wasm_v128_load(wk)));
    acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(vb, wasm_v128_load(wk + 16)));
    acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(vc, wasm_v128_load(wk + 32)));
    acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(h, wasm_v128_load(wk + 48)));
    acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(g, wasm_v128_load(wk + 64)));
    const v128_t q = requantize<kClamp>(acc, wasm_v128_load(scales), rq);
    const v128_t q16 = wasm_i16x8_narrow_i32x4(q, q);
    wasm_v128_store32_lane(out, clamp_i8<kClamp>(wasm_i8x16_narrow_i16x8(q16, q16), rq), 0);
  }
}

// Runs of pixels over `entries` (offset already applied), all channels.
template <Clamp kClamp>
NNSLIM_ALWAYS_INLINE inline void cols_runs(size_t channels, size_t pixels, const int8_t** entries,
                                           size_t input_stride, const void* weights, int8_t* output,
                                           size_t output_stride, const RequantVectors& rq) {
  constexpr size_t group_bytes = 8 * (sizeof(int32_t) + 10 * sizeof(int16_t) + sizeof(float));
  auto at = [&](size_t p) {
    return reinterpret_cast<const int8_t**>(reinterpret_cast<uintptr_t>(entries) + p * input_stride);
  };
  while (pixels != 0) {
    size_t n = 1;
    while (n < pixels && cols_shifted(at(n - 1), at(n))) n++;
    const char* w = static_cast<const char*>(weights);
    for (size_t c = 0; c < channels; c += 8, w += group_bytes) {
      if (n == 1) {
        cols_single<kClamp>(c, entries, w, output + c, rq);
        continue;
      }
      cols_half<kClamp, 0>(c, n, entries, input_stride, w, output + c, output_stride, rq);
      cols_half<kClamp, 1>(c, n, entries, input_stride, w, output + c + 4, output_stride, rq);
    }
    entries = at(n);
    output += n * output_stride;
    pixels -= n;
  }
}

// The dwconv() calling convention with kernel_size == 9 and channels a
// multiple of 8. With an input_offset (another image than the one the
// indirection was built for) the entries of up to kCopied pixels at a time
// are copied with the offset applied, so the pixel loop never tests it.
template <Clamp kClamp = Clamp::kI32Min>
NNSLIM_ALWAYS_INLINE inline void dwconv9_cols(size_t channels, size_t output_width, size_t kernel_size,
                                              const int8_t** input, const void* weights, int8_t* output,
                                              size_t input_stride, size_t output_increment, size_t input_offset,
                                              const int8_t* zero, const QS8RequantParams* params) {
  assert(channels != 0 && channels % 8 == 0 && output_width != 0 && kernel_size == 9);
  (void)kernel_size;
  const size_t output_stride = channels + output_increment;
  const RequantVectors rq = requant_vectors<kClamp>(params);
  // One call site of cols_runs (it is inlined: one copy of the pixel loop).
  constexpr size_t kCopied = 16;
  const int8_t* copied[kCopied * 9];
  while (output_width != 0) {
    const int8_t** entries = input;
    size_t n = output_width, entry_stride = input_stride;
    if (input_offset != 0) {
      n = output_width < kCopied ? output_width : kCopied;
      for (size_t p = 0; p < n; p++) {
        const int8_t** in = reinterpret_cast<const int8_t**>(reinterpret_cast<uintptr_t>(input) + p * input_stride);
        for (size_t k = 0; k < 9; k++) copied[p * 9 + k] = in[k] != zero ? in[k] + input_offset : zero;
      }
      entries = copied;
      entry_stride = 9 * sizeof(void*);
    }
    cols_runs<kClamp>(channels, n, entries, entry_stride, weights, output, output_stride, rq);
    input = reinterpret_cast<const int8_t**>(reinterpret_cast<uintptr_t>(input) + n * input_stride);
    output += n * output_stride;
    output_width -= n;
  }
}

}  // namespace nnslim::kernels::qs8_dw
