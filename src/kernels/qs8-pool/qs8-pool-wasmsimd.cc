// wasm SIMD128 int8 pooling, 16 channels per step. With 16 or more channels
// a 1..15 channel tail is the block of the last 16 channels, overlapping the
// block before it (each channel is pooled on its own: the overlap is written
// twice with the same bytes); BlazeFace's 24-channel MaxPool copied its
// 8-channel tails through a buffer (memcpy calls) at 2.3x float's time.
// Fewer than 16 channels go through a 16-byte buffer so no load or store
// passes the row's end.
#include <cassert>
#include <cstring>

#include "core/simd.h"
#include "kernels/qs8-pool/qs8-pool.h"

namespace nnslim::kernels {

namespace {

const int8_t* tap(const int8_t* p, const int8_t* padding, size_t offset) {
  return p != padding ? p + offset : p;
}

v128_t load16(const int8_t* p, size_t n) {
  if (n == 16) return wasm_v128_load(p);
  int8_t buffer[16] = {0};
  std::memcpy(buffer, p, n);
  return wasm_v128_load(buffer);
}

void store16(int8_t* p, v128_t v, size_t n) {
  if (n == 16) {
    wasm_v128_store(p, v);
    return;
  }
  int8_t buffer[16];
  wasm_v128_store(buffer, v);
  std::memcpy(p, buffer, n);
}

// kernels/qs8-requant.h's fp32 scheme on 16 int32 accumulators (4 vectors).
struct Requantizer {
  v128_t lo, hi, magic, magic_less_zp;
  explicit Requantizer(const QS8RequantParams& r)
      : lo(wasm_f32x4_splat(r.min_less_zero_point)), hi(wasm_f32x4_splat(r.max_less_zero_point)),
        magic(wasm_f32x4_splat(r.magic_bias)), magic_less_zp(wasm_i32x4_splat(r.magic_bias_less_output_zero_point)) {}
  v128_t four(v128_t acc, v128_t scale) const {
    v128_t f = wasm_f32x4_mul(wasm_f32x4_convert_i32x4(acc), scale);
    f = wasm_f32x4_pmin(hi, wasm_f32x4_pmax(lo, f));
    return wasm_i32x4_sub(wasm_f32x4_add(f, magic), magic_less_zp);
  }
  v128_t sixteen(v128_t a0, v128_t a1, v128_t a2, v128_t a3, v128_t scale) const {
    const v128_t h0 = wasm_i16x8_narrow_i32x4(four(a0, scale), four(a1, scale));
    const v128_t h1 = wasm_i16x8_narrow_i32x4(four(a2, scale), four(a3, scale));
    return wasm_i8x16_narrow_i16x8(h0, h1);
  }
};

// The start of the block after the one at c (c + 16), or of the last 16
// channels when fewer than 16 are left; n: its width (16 unless channels < 16).
size_t next_block(size_t c, size_t channels) {
  return channels >= 16 && c + 16 < channels && channels - (c + 16) < 16 ? channels - 16 : c + 16;
}
size_t block_width(size_t c, size_t channels) { return channels - c < 16 ? channels - c : 16; }

}  // namespace

void qs8_maxpool_ukernel__wasmsimd_c16(size_t output_pixels, size_t kernel_size, size_t channels,
                                       const int8_t** input, size_t input_offset, const int8_t* padding,
                                       int8_t* output, size_t input_increment, size_t output_increment,
                                       const QS8MaxpoolParams* params) {
  assert(output_pixels != 0 && kernel_size != 0 && channels != 0);
  const v128_t vmin = wasm_i8x16_splat(params->qmin), vmax = wasm_i8x16_splat(params->qmax);
  do {
    for (size_t c = 0; c < channels; c = next_block(c, channels)) {
      const size_t n = block_width(c, channels);
      v128_t m = load16(tap(input[0], padding, input_offset) + c, n);
      for (size_t k = 1; k < kernel_size; k++) m = wasm_i8x16_max(m, load16(tap(input[k], padding, input_offset) + c, n));
      store16(output + c, wasm_i8x16_min(vmax, wasm_i8x16_max(vmin, m)), n);
    }
    input = reinterpret_cast<const int8_t**>(reinterpret_cast<uintptr_t>(input) + input_increment);
    output += channels + output_increment;
  } while (--output_pixels != 0);
}

void qs8_avgpool_minmax_fp32_ukernel__wasmsimd_c16(size_t output_pixels, size_t kernel_size, size_t channels,
                                                   const int8_t** input, size_t input_offset,
                                                   const int8_t* padding, const float* multipliers,
                                                   int8_t* output, size_t input_increment,
                                                   size_t output_increment, const QS8AvgpoolParams* params) {
  assert(output_pixels != 0 && kernel_size != 0 && kernel_size <= 256 && channels != 0);
  const Requantizer rq(params->requant);
  const v128_t bias = wasm_i32x4_splat(-static_cast<int32_t>(kernel_size) * params->input_zero_point);
  do {
    const v128_t scale = wasm_f32x4_splat(*multipliers++);
    for (size_t c = 0; c < channels; c = next_block(c, channels)) {
      const size_t n = block_width(c, channels);
      // int16 sums: at most 256 taps of |x| <= 128.
      v128_t s_lo = wasm_i16x8_splat(0), s_hi = wasm_i16x8_splat(0);
      for (size_t k = 0; k < kernel_size; k++) {
        const v128_t x = load16(tap(input[k], padding, input_offset) + c, n);
        s_lo = wasm_i16x8_add(s_lo, wasm_i16x8_extend_low_i8x16(x));
        s_hi = wasm_i16x8_add(s_hi, wasm_i16x8_extend_high_i8x16(x));
      }
      const v128_t y = rq.sixteen(wasm_i32x4_add(bias, wasm_i32x4_extend_low_i16x8(s_lo)),
                                  wasm_i32x4_add(bias, wasm_i32x4_extend_high_i16x8(s_lo)),
                                  wasm_i32x4_add(bias, wasm_i32x4_extend_low_i16x8(s_hi)),
                                  wasm_i32x4_add(bias, wasm_i32x4_extend_high_i16x8(s_hi)), scale);
      store16(output + c, y, n);
    }
    input = reinterpret_cast<const int8_t**>(reinterpret_cast<uintptr_t>(input) + input_increment);
    output += channels + output_increment;
  } while (--output_pixels != 0);
}

void qs8_gavgpool_minmax_fp32_ukernel__wasmsimd_c16(size_t rows, size_t channels, const int8_t* input,
                                                    size_t input_stride, float scale, int8_t* output,
                                                    const QS8AvgpoolParams* params) {
  assert(rows != 0 && channels != 0);
  const Requantizer rq(params->requant);
  const v128_t vscale = wasm_f32x4_splat(scale);
  for (size_t c = 0; c < channels; c = next_block(c, channels)) {
    const size_t n = block_width(c, channels);
    v128_t acc[4];
    for (v128_t& a : acc) a = wasm_i32x4_splat(-static_cast<int32_t>(rows) * params->input_zero_point);
    // Rows in blocks of 256 summed in int16, each block's sums widened into int32.
    for (size_t r0 = 0; r0 < rows; r0 += 256) {
      const size_t r1 = rows - r0 < 256 ? rows : r0 + 256;
      v128_t s_lo = wasm_i16x8_splat(0), s_hi = wasm_i16x8_splat(0);
      for (size_t r = r0; r < r1; r++) {
        const v128_t x = load16(input + r * input_stride + c, n);
        s_lo = wasm_i16x8_add(s_lo, wasm_i16x8_extend_low_i8x16(x));
        s_hi = wasm_i16x8_add(s_hi, wasm_i16x8_extend_high_i8x16(x));
      }
      acc[0] = wasm_i32x4_add(acc[0], wasm_i32x4_extend_low_i16x8(s_lo));
      acc[1] = wasm_i32x4_add(acc[1], wasm_i32x4_extend_high_i16x8(s_lo));
      acc[2] = wasm_i32x4_add(acc[2], wasm_i32x4_extend_low_i16x8(s_hi));
      acc[3] = wasm_i32x4_add(acc[3], wasm_i32x4_extend_high_i16x8(s_hi));
    }
    store16(output + c, rq.sixteen(acc[0], acc[1], acc[2], acc[3], vscale), n);
  }
}

}  // namespace nnslim::kernels
