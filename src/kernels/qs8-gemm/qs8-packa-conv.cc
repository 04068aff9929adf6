#include "kernels/qs8-gemm/qs8-packa-conv.h"

#include <cassert>
#include <algorithm>
#include <cstring>

#include "core/simd.h"
#include "kernels/kernel_macros.h"
#include "kernels/microparams.h"
#include "kernels/qs8-gemm/qs8-packa-strip4.h"

namespace nnslim::kernels {

namespace {

constexpr size_t kMaxRows = 16, kMaxRun = 64;

inline v128_t widen_word(uint64_t word) {
  return wasm_i16x8_extend_low_i8x16(wasm_i64x2_splat(static_cast<int64_t>(word)));
}

}  // namespace

bool qs8_conv_rows_supported(const Conv2DGeometry& g, size_t cin) {
  const size_t run = g.kernel_width * cin;
  return cin != 0 && g.dilation_width == 1 && run >= 8 && run <= kMaxRun && g.kernel_height >= 1 &&
         g.kernel_height <= kMaxRows;
}

bool qs8_conv_rows_whole_tails(const Conv2DGeometry& g, size_t cin) {
  const size_t kh = g.kernel_height, run = g.kernel_width * cin, run8 = run / 8 * 8;
  // Runs of 8+ bytes only (the whole tail is the 8 bytes ending the run),
  // and only where K does not grow: kh * (run8 + 8) == round_up(kh * run, 8).
  return run >= 8 && run != run8 && kh * (run8 + 8) == round_up(kh * run, 8);
}

size_t qs8_conv_rows_k(const Conv2DGeometry& g, size_t cin) {
  const size_t kh = g.kernel_height, run = g.kernel_width * cin;
  return qs8_conv_rows_whole_tails(g, cin) ? kh * (run / 8 * 8 + 8) : kh * run;
}

size_t qs8_conv_rows_k_index(const Conv2DGeometry& g, size_t cin, size_t r, size_t j) {
  const size_t kh = g.kernel_height, run = g.kernel_width * cin, run8 = run / 8 * 8;
  assert(r < kh && j < run);
  if (j < run8) return r * run8 + j;
  // Whole tails: row r's block is its bytes [run - 8, run).
  if (qs8_conv_rows_whole_tails(g, cin)) return kh * run8 + r * 8 + (j - (run - 8));
  return kh * run8 + r * (run - run8) + (j - run8);
}

namespace {

struct RowsShape {
  size_t kh, kw, run, run8, rem, kp, tail_words, row_step;
  bool whole_tails;  // qs8_conv_rows_whole_tails: each run's tail is the 8-byte block ending the run
  // Windows wholly inside the input: oy in [oy_lo, oy_hi), ox in [ox_lo, ox_hi).
  size_t oy_lo, oy_hi, ox_lo, ox_hi;
};

RowsShape rows_shape(const Conv2DGeometry& g, size_t cin) {
  RowsShape r;
  r.kh = g.kernel_height;
  r.kw = g.kernel_width;
  r.run = r.kw * cin;
  r.run8 = r.run / 8 * 8;
  r.rem = r.run - r.run8;
  r.kp = round_up(r.kh * r.run, 8);
  r.whole_tails = qs8_conv_rows_whole_tails(g, cin);
  r.tail_words = r.whole_tails ? 0 : (r.kh * r.rem + 7) / 8;  // whole tails are read as blocks, not tail words
  r.row_step = g.dilation_height * g.input_width * cin;
  auto first_inside = [](size_t pad, size_t stride) { return (pad + stride - 1) / stride; };
  auto end_inside = [](size_t pad, size_t stride, size_t span, size_t extent, size_t outputs) {
    // the largest o with o * stride - pad + span <= extent, plus one
    if (extent + pad < span) return size_t{0};
    return std::min(outputs, (extent + pad - span) / stride + 1);
  };
  r.oy_lo = first_inside(g.pad_top, g.stride_height);
  r.ox_lo = first_inside(g.pad_left, g.stride_width);
  r.oy_hi = end_inside(g.pad_top, g.stride_height, (r.kh - 1) * g.dilation_height + 1, g.input_height,
                       g.output_height);
  r.ox_hi = end_inside(g.pad_left, g.stride_width, r.kw, g.input_width, g.output_width);
  return r;
}

// One strip of any shape, pixel by pixel: the first `valid` (1..4) of the
// windows starting at output pixel (oy, ox) (zero rows after them); runs
// that reach into the padding are copied with the zero point first. Out of
// line: the stem's template below calls it only for its first row and
// column; the other shapes for edges, partial groups of windows and
// gathered tails (pack_strip_inside takes the rest).
__attribute__((noinline)) void pack_strip_any(const Conv2DGeometry& g, size_t cin, const RowsShape& sh,
                                              const int8_t* image, int8_t zero_point, size_t oy, size_t ox,
                                              size_t valid, int16_t* strip) {
  static const int8_t kZeroRun[kMaxRun] = {};
  alignas(16) int8_t padded[4][kMaxRows][kMaxRun];
  constexpr size_t kMaxTailWords = (kMaxRows * 7 + 7) / 8;
  const int8_t* runs[4][kMaxRows];
  uint64_t tails[4][kMaxTailWords] = {};
  const ptrdiff_t in_h = static_cast<ptrdiff_t>(g.input_height), in_w = static_cast<ptrdiff_t>(g.input_width);
  for (size_t i = 0; i < 4; i++) {
    if (i >= valid) {
      for (size_t r = 0; r < sh.kh; r++) runs[i][r] = kZeroRun;
      continue;
    }
    const ptrdiff_t iy0 = static_cast<ptrdiff_t>(oy * g.stride_height) - static_cast<ptrdiff_t>(g.pad_top);
    const ptrdiff_t ix0 = static_cast<ptrdiff_t>(ox * g.stride_width) - static_cast<ptrdiff_t>(g.pad_left);
    const bool columns_inside = ix0 >= 0 && ix0 + static_cast<ptrdiff_t>(sh.kw) <= in_w;
    for (size_t r = 0; r < sh.kh; r++) {
      const ptrdiff_t iy = iy0 + static_cast<ptrdiff_t>(r * g.dilation_height);
      const bool row_inside = iy >= 0 && iy < in_h;
      if (row_inside && columns_inside) {
        runs[i][r] = image + static_cast<size_t>(iy * in_w + ix0) * cin;
        continue;
      }
      int8_t* dst = padded[i][r];
      for (size_t s = 0; s < sh.kw; s++, dst += cin) {
        const ptrdiff_t ix = ix0 + static_cast<ptrdiff_t>(s);
        if (row_inside && ix >= 0 && ix < in_w) {
          std::memcpy(dst, image + static_cast<size_t>(iy * in_w + ix) * cin, cin);
        } else {
          std::memset(dst, zero_point, cin);
        }
      }
      runs[i][r] = padded[i][r];
    }
    size_t n = 0;
    for (size_t r = 0; r < (sh.whole_tails ? 0 : sh.kh); r++)  // whole tails: loaded in place below
      for (size_t j = sh.run8; j < sh.run; j++, n++)
        tails[i][n / 8] |= uint64_t{static_cast<uint8_t>(runs[i][r][j])} << (8 * (n % 8));
    if (++ox == g.output_width) {
      ox = 0;
      ++oy;
    }
  }
  for (size_t r = 0; r < sh.kh; r++)
    for (size_t j = 0; j < sh.run8; j += 8)
      qs8_store_strip4_k8(wasm_i16x8_load8x8(runs[0][r] + j), wasm_i16x8_load8x8(runs[1][r] + j),
             wasm_i16x8_load8x8(runs[2][r] + j), wasm_i16x8_load8x8(runs[3][r] + j), strip + (r * sh.run8 + j) * 4);
  if (sh.whole_tails) {
    const size_t t = sh.run - 8;
    for (size_t r = 0; r < sh.kh; r++)
      qs8_store_strip4_k8(wasm_i16x8_load8x8(runs[0][r] + t), wasm_i16x8_load8x8(runs[1][r] + t),
                          wasm_i16x8_load8x8(runs[2][r] + t), wasm_i16x8_load8x8(runs[3][r] + t),
                          strip + (sh.kh * sh.run8 + 8 * r) * 4);
    return;
  }
  for (size_t w = 0; w < sh.tail_words; w++)
    qs8_store_strip4_k8(widen_word(tails[0][w]), widen_word(tails[1][w]), widen_word(tails[2][w]), widen_word(tails[3][w]),
           strip + (sh.kh * sh.run8 + 8 * w) * 4);
}

// KH kernel rows of RUN bytes known at compile time (the stem: 3 rows of 9):
// four windows of one output row, all inside the input (every strip of the
// stem but its first row and column), are one base pointer plus constant
// steps, with every loop unrolled (0.061 -> 0.030 ms on MobileNetV2's stem
// against runtime loops, `nnslim_bench_qs8_gemm stem`); other strips go to
// pack_strip_any.
template <size_t KH, size_t RUN>
void pack_rows(const Conv2DGeometry& g, size_t cin, const int8_t* image, int8_t zero_point, size_t first,
               size_t count, int16_t* out) {
  const RowsShape sh = rows_shape(g, cin);
  constexpr size_t kRun8 = RUN / 8 * 8, kRem = RUN - kRun8, kTailWords = (KH * kRem + 7) / 8;
  constexpr size_t kKp = (KH * RUN + 7) / 8 * 8;
  const size_t row_step = sh.row_step, pixel_step = g.stride_width * cin;
  // The last kRem bytes of the KH runs at p + r * row_step, as 8-byte words.
  auto gather_tail = [&](const int8_t* p, uint64_t (&words)[kTailWords + 1]) {
    for (size_t w = 0; w < kTailWords; w++) words[w] = 0;
    size_t n = 0;
    for (size_t r = 0; r < KH; r++)
      for (size_t j = kRun8; j < RUN; j++, n++)
        words[n / 8] |= uint64_t{static_cast<uint8_t>(p[r * row_step + j])} << (8 * (n % 8));
  };
  size_t oy = first / g.output_width, ox = first % g.output_width;
  for (size_t p0 = 0; p0 < count; p0 += 4) {
    int16_t* strip = out + p0 * kKp;
    if NNSLIM_LIKELY(p0 + 4 <= count && oy >= sh.oy_lo && oy < sh.oy_hi && ox >= sh.ox_lo && ox + 4 <= sh.ox_hi) {
      const size_t iy0 = oy * g.stride_height - g.pad_top, ix0 = ox * g.stride_width - g.pad_left;
      const int8_t* b0 = image + (iy0 * g.input_width + ix0) * cin;
      const int8_t *b1 = b0 + pixel_step, *b2 = b1 + pixel_step, *b3 = b2 + pixel_step;
      for (size_t r = 0; r < KH; r++) {
        const size_t o = r * row_step;
        for (size_t j = 0; j < kRun8; j += 8)
          qs8_store_strip4_k8(wasm_i16x8_load8x8(b0 + o + j), wasm_i16x8_load8x8(b1 + o + j), wasm_i16x8_load8x8(b2 + o + j),
                 wasm_i16x8_load8x8(b3 + o + j), strip + (r * kRun8 + j) * 4);
      }
      if constexpr (kRem != 0) {
        uint64_t t0[kTailWords + 1], t1[kTailWords + 1], t2[kTailWords + 1], t3[kTailWords + 1];
        gather_tail(b0, t0);
        gather_tail(b1, t1);
        gather_tail(b2, t2);
        gather_tail(b3, t3);
        for (size_t w = 0; w < kTailWords; w++)
          qs8_store_strip4_k8(widen_word(t0[w]), widen_word(t1[w]), widen_word(t2[w]), widen_word(t3[w]),
                 strip + (KH * kRun8 + 8 * w) * 4);
      }
      ox += 4;
    } else {
      const size_t valid = std::min<size_t>(4, count - p0);
      pack_strip_any(g, cin, sh, image, zero_point, oy, ox, valid, strip);
      ox += valid;
    }
    while (ox >= g.output_width) {
      ox -= g.output_width;
      ++oy;
    }
  }
}

// Four windows of one output row, all inside the input, for shapes without
// tails or with whole tails (run-time loops; the stem's 3x3 on RGB has its
// unrolled template above): only widening loads, no byte gathering.
// BlazeFace's 5x5 stride-2 stem on RGB (runs of 15) went strip by strip
// through pack_strip_any before: the step 1.76 -> 0.76 ms in the model.
// (Gathered tails on this path, one 8-byte load per run, were tried and
// removed: 0.9 KB of module for shapes no model in the corpus has; those
// stay on pack_strip_any.)
void pack_strip_inside(const RowsShape& sh, const int8_t* b0, size_t pixel_step, int16_t* strip) {
  const int8_t *b1 = b0 + pixel_step, *b2 = b1 + pixel_step, *b3 = b2 + pixel_step;
  for (size_t r = 0; r < sh.kh; r++) {
    const size_t o = r * sh.row_step;
    for (size_t j = 0; j < sh.run8; j += 8)
      qs8_store_strip4_k8(wasm_i16x8_load8x8(b0 + o + j), wasm_i16x8_load8x8(b1 + o + j),
                          wasm_i16x8_load8x8(b2 + o + j), wasm_i16x8_load8x8(b3 + o + j),
                          strip + (r * sh.run8 + j) * 4);
  }
  if (sh.rem == 0) return;
  for (size_t r = 0; r < sh.kh; r++) {  // whole tails
    const size_t o = r * sh.row_step + sh.run - 8;
    qs8_store_strip4_k8(wasm_i16x8_load8x8(b0 + o), wasm_i16x8_load8x8(b1 + o), wasm_i16x8_load8x8(b2 + o),
                        wasm_i16x8_load8x8(b3 + o), strip + (sh.kh * sh.run8 + 8 * r) * 4);
  }
}

}  // namespace

void qs8_packa_conv_rows(const Conv2DGeometry& g, size_t cin, const int8_t* image, int8_t zero_point, size_t first,
                         size_t count, int16_t* out) {
  assert(qs8_conv_rows_supported(g, cin));
  if (g.kernel_height == 3 && g.kernel_width * cin == 9) {  // 3x3 on RGB: the image models' stem
    pack_rows<3, 9>(g, cin, image, zero_point, first, count, out);
    return;
  }
  // Other shapes: strips of four windows inside the input through the
  // run-time-loop fast path where the runs need no gathered tails, the rest
  // (edges, partial strips, gathered tails) pixel by pixel.
  const RowsShape sh = rows_shape(g, cin);
  const size_t pixel_step = g.stride_width * cin;
  size_t oy = first / g.output_width, ox = first % g.output_width;
  for (size_t p0 = 0; p0 < count; p0 += 4) {
    int16_t* strip = out + p0 * sh.kp;
    size_t valid = std::min<size_t>(4, count - p0);
    if (valid == 4 && (sh.rem == 0 || sh.whole_tails) && oy >= sh.oy_lo && oy < sh.oy_hi && ox >= sh.ox_lo && ox + 4 <= sh.ox_hi) {
      const size_t iy0 = oy * g.stride_height - g.pad_top, ix0 = ox * g.stride_width - g.pad_left;
      pack_strip_inside(sh, image + (iy0 * g.input_width + ix0) * cin, pixel_step, strip);
    } else {
      pack_strip_any(g, cin, sh, image, zero_point, oy, ox, valid, strip);
    }
    ox += valid;
    while (ox >= g.output_width) {
      ox -= g.output_width;
      ++oy;
    }
  }
}

}  // namespace nnslim::kernels
