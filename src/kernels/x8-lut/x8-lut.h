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

}  // namespace nnslim::kernels
