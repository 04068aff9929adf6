// Nearest-neighbour resizing of an int8 NHWC image, one output row per call
// (the byte twin of f32_inearest_row): per output pixel x the `channels`
// bytes at row + offsets[x] are copied to the next `channels` bytes of the
// output. The int8 Resize step (runtime/steps/qs8_resize_step.cc) copied
// each pixel with memcpy, which V8 runs as a call per pixel: on PP-OCRv4-det
// its six nearest steps took 0.49 ms against float's 0.09 ms.
// pixels, channels >= 1; output does not overlap row.
#pragma once
#include <cstddef>
#include <cstdint>

namespace nnslim::kernels {

using X8InearestRowUkernelFn = void (*)(size_t pixels, size_t channels, const int8_t* row, const size_t* offsets,
                                        int8_t* output);

// The oracle: byte by byte.
void x8_inearest_row_ukernel__scalar_c1(size_t pixels, size_t channels, const int8_t* row, const size_t* offsets,
                                        int8_t* output);
// 16 bytes per load / store; a pixel's last partial block is the 16 (or 8,
// or 4) bytes that end at its last channel, overlapping the block before it
// (bytes of the same pixel, written twice with the same value); pixels of
// fewer than 4 bytes byte by byte.
void x8_inearest_row_ukernel__wasmsimd_c16(size_t pixels, size_t channels, const int8_t* row, const size_t* offsets,
                                           int8_t* output);

}  // namespace nnslim::kernels
