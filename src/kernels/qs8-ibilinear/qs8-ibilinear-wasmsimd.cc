#include <cstring>

#include "core/simd.h"
#include "kernels/qs8-ibilinear/qs8-ibilinear.h"
#include "kernels/small-int-to-float.h"

namespace nnslim::kernels {
namespace {

// The four f32x4 quarters of 16 int8 lanes.
struct F32x16 {
  v128_t q[4];
};

inline F32x16 widen(v128_t v) {
  const v128_t lo = wasm_i16x8_extend_low_i8x16(v), hi = wasm_i16x8_extend_high_i8x16(v);
  return {{i32x4_small_to_f32x4(wasm_i32x4_extend_low_i16x8(lo)),
           i32x4_small_to_f32x4(wasm_i32x4_extend_high_i16x8(lo)),
           i32x4_small_to_f32x4(wasm_i32x4_extend_low_i16x8(hi)),
           i32x4_small_to_f32x4(wasm_i32x4_extend_high_i16x8(hi))}};
}

// 16 channels: the interpolation and requantization of the header, in its order.
inline v128_t ibilinear16(v128_t vtl, v128_t vtr, v128_t vbl, v128_t vbr, v128_t valpha_h, v128_t valpha_v,
                          v128_t vzx, v128_t vscale, v128_t vlo, v128_t vhi, v128_t vmagic, v128_t vmagic_less_zp) {
  const F32x16 tl = widen(vtl), tr = widen(vtr), bl = widen(vbl), br = widen(vbr);
  v128_t out[4];
  for (int k = 0; k < 4; k++) {
    const v128_t t = wasm_f32x4_add(tl.q[k], wasm_f32x4_mul(valpha_h, wasm_f32x4_sub(tr.q[k], tl.q[k])));
    const v128_t b = wasm_f32x4_add(bl.q[k], wasm_f32x4_mul(valpha_h, wasm_f32x4_sub(br.q[k], bl.q[k])));
    const v128_t v = wasm_f32x4_add(t, wasm_f32x4_mul(valpha_v, wasm_f32x4_sub(b, t)));
    v128_t f = wasm_f32x4_mul(wasm_f32x4_sub(v, vzx), vscale);
    f = wasm_f32x4_pmin(wasm_f32x4_pmax(f, vlo), vhi);  // finite: codes, not data
    out[k] = wasm_i32x4_sub(wasm_f32x4_add(f, vmagic), vmagic_less_zp);
  }
  // In [qmin, qmax] already: the saturating narrows are exact.
  return wasm_i8x16_narrow_i16x8(wasm_i16x8_narrow_i32x4(out[0], out[1]), wasm_i16x8_narrow_i32x4(out[2], out[3]));
}

}  // namespace

void qs8_ibilinear_row_ukernel__wasmsimd_c16(size_t pixels, size_t channels, const int8_t* top, const int8_t* bottom,
                                             const size_t* offsets, const float* weights, float alpha_v,
                                             int8_t* output, const QS8IbilinearParams* params) {
  const v128_t valpha_v = wasm_f32x4_splat(alpha_v);
  const v128_t vzx = wasm_f32x4_splat(params->x_zero_point), vscale = wasm_f32x4_splat(params->scale);
  const v128_t vlo = wasm_f32x4_splat(params->requant.min_less_zero_point);
  const v128_t vhi = wasm_f32x4_splat(params->requant.max_less_zero_point);
  const v128_t vmagic = wasm_f32x4_splat(params->requant.magic_bias);
  const v128_t vmagic_less_zp = wasm_i32x4_splat(params->requant.magic_bias_less_output_zero_point);
  int8_t buf[5][16] = {};  // the tail's copies (lanes past it: zeros or an earlier tail's, discarded)
  for (size_t x = 0; x < pixels; x++, offsets += 2) {
    const int8_t* tl = top + offsets[0];
    const int8_t* tr = top + offsets[1];
    const int8_t* bl = bottom + offsets[0];
    const int8_t* br = bottom + offsets[1];
    const v128_t valpha_h = wasm_f32x4_splat(weights[x]);
    // One body for the 16-channel blocks and the tail (one copy of the code
    // in the module): the tail goes through copies, so nothing is read past
    // a row's end.
    for (size_t c = 0; c < channels; c += 16) {
      const size_t block = channels - c < 16 ? channels - c : 16;
      const int8_t* src[4] = {tl + c, tr + c, bl + c, br + c};
      if (block < 16)
        for (int k = 0; k < 4; k++) src[k] = static_cast<const int8_t*>(std::memcpy(buf[k], src[k], block));
      const v128_t vy = ibilinear16(wasm_v128_load(src[0]), wasm_v128_load(src[1]), wasm_v128_load(src[2]),
                                    wasm_v128_load(src[3]), valpha_h, valpha_v, vzx, vscale, vlo, vhi, vmagic,
                                    vmagic_less_zp);
      if (block == 16) {
        wasm_v128_store(output, vy);
      } else {
        wasm_v128_store(buf[4], vy);
        std::memcpy(output, buf[4], block);
      }
      output += block;
    }
  }
}

}  // namespace nnslim::kernels
