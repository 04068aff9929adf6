// The im2col GEMM's widened A built straight from the NHWC input, for
// convs with few input channels (the stem: 3x3 on RGB), without an int8
// patch matrix in between.
//
// In NHWC a kernel row of a window (kernel_width taps of cin channels,
// dilation_width 1) is one run of S = kernel_width * cin adjacent bytes.
// The patch's K is ordered by those runs instead of by (tap, channel):
//
//   [run 0 bytes 0..S8) [run 1 bytes 0..S8) .. [run KH-1 bytes 0..S8)
//   [run 0 bytes S8..S) .. [run KH-1 bytes S8..S)       (S8 = S rounded down to 8)
//
// so every block of 8 K but the last is 8 input bytes at one address: one
// widening load per row of a 4-row strip, transposed into
// qs8_packa_int16_interleaved's layout (the stem, S = 9: three runs of 8,
// then the three runs' 9th bytes and zeros). The weights are packed in the
// same K order (qs8_conv_rows_k_index); integer sums do not depend on the
// order, so the outputs are those of the (tap, channel) im2col.
//
// Whole tails: where it costs no K (KH * (S8 + 8) == round_up(KH * S, 8),
// e.g. BlazeFace's 5x5 stem on RGB: S = 15, 5 * 16 = 80 = round_up(75, 8)),
// each run's tail is instead the 8-byte block ending the run, bytes
// [S - 8, S): one widening load per run and window, no byte gathering; its
// first 8 - (S - S8) positions repeat bytes of the run's last full block
// and get weight 0.
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/indirection/conv2d-indirection.h"

namespace nnslim::kernels {

// Whether the packing below handles this conv: dilation_width 1, runs of
// 8..64 bytes, at most 16 kernel rows (its stack buffers).
bool qs8_conv_rows_supported(const Conv2DGeometry& g, size_t cin);
// Whether the runs' tails are whole 8-byte blocks (above).
bool qs8_conv_rows_whole_tails(const Conv2DGeometry& g, size_t cin);
// Patch length K: kernel_height * kernel_width * cin, or KH * (S8 + 8) with
// whole tails (positions no byte maps to hold weight 0).
size_t qs8_conv_rows_k(const Conv2DGeometry& g, size_t cin);
// Where byte j (= tap column * cin + channel, < S) of kernel row r lands in K.
size_t qs8_conv_rows_k_index(const Conv2DGeometry& g, size_t cin, size_t r, size_t j);

// Output pixels [first, first + count) of one NHWC image (pixel (y, x) at
// image + (y * input_width + x) * cin) as A rows in that K order, widened
// to int16 in strips of 4 rows (qs8_packa_int16_interleaved(4, ...)'s
// layout: strip s at out + s * 4 * kp, kp = round_up(K, 8); zero rows past
// count, zeros past K). Taps in the padding read zero_point.
void qs8_packa_conv_rows(const Conv2DGeometry& g, size_t cin, const int8_t* image, int8_t zero_point, size_t first,
                         size_t count, int16_t* out);

}  // namespace nnslim::kernels
