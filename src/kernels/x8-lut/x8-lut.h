// 256-entry table lookup on bytes: y[i] = table[uint8(x[i])].
//
// The int8 runtime maps every elementwise function of one int8 value to
// another int8 value through such a table, built at compile time as
// Q_y(f(DQ_x(q))) for the 256 possible q (XNNPACK's approach for Sigmoid,
// Tanh, HardSwish...): exact for any f, and a requantization (f = identity,
// another scale or zero point) is the same kernel.
// Index: the byte's bit pattern, so int8 q in -128..127 reads table[q & 255].
#pragma once
#include <cstddef>
#include <cstdint>

namespace nnslim::kernels {

using X8LutUkernelFn = void (*)(size_t n, const int8_t* x, int8_t* y, const int8_t* table);

// The oracle: one load per byte. n >= 1; y may equal x (in place).
void x8_lut_ukernel__scalar(size_t n, const int8_t* x, int8_t* y, const int8_t* table);
// 16 bytes per step: 16 i8x16.swizzle over the 16 table rows (swizzle gives 0
// for an index >= 16, so row r contributes only to bytes whose index - 16 r
// is in 0..15). n >= 1; y may equal x.
void x8_lut_ukernel__wasmsimd_x16(size_t n, const int8_t* x, int8_t* y, const int8_t* table);
// The same, 64 bytes per pass over the table rows (each row loaded once for
// four vectors); the last n % 64 bytes by the x16 loop. The runtime's choice.
void x8_lut_ukernel__wasmsimd_x64(size_t n, const int8_t* x, int8_t* y, const int8_t* table);

// A table that is constant below some code lo and above some code hi needs
// only the rows of [lo, hi]: y = T[clamp(x, lo, hi)], the index
// clamp(x, lo, hi) - lo in 0..hi-lo. The folded HardSwish tables of the
// PaddleOCR models are 0 for x <= -3 (all codes below lo), and a Clip makes
// both ends constant: measured on the corpus' int8 files, 0.67 (ppocr-cls),
// 0.70 (ppocrv4-det), 0.78 (ppocrv4-rec) of the rows of all their tables,
// weighted by the bytes they map.
struct X8LutRange {
  int8_t lo = -128, hi = 127;
  size_t rows = 16;   // ceil((hi - lo + 1) / 16), 1..16
  int8_t table[256];  // table[i] = T[lo + i] for i <= hi - lo; T[hi] after it
};
// lo: the last code of T's constant low run (T[q] = T[-128] for q <= lo);
// hi: the first code of its constant high run (T[q] = T[127] for q >= hi);
// a constant T gives lo = hi = 127.
void x8_lut_range_init(const int8_t* table, X8LutRange* range);
// y[i] = T[x[i]] for the T given to x8_lut_range_init: per 16 bytes one
// i8x16.max, one min and one sub, then range->rows swizzles (the x64 loop's
// pass structure: 64 bytes per pass over the rows; a 16-byte loop for the
// rest). n >= 1; y may equal x.
void x8_lut_ukernel__wasmsimd_x64_range(size_t n, const int8_t* x, int8_t* y, const X8LutRange* range);

}  // namespace nnslim::kernels
