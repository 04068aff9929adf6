// A tiny module that runs the runtime's int8 1x1-conv GEMM (MobileNetV2's
// block2_expand shape, 12544 x 96 x 16) and its 3x3 depthwise cols i8sat
// kernel (block3's 56x56x144) often enough for V8 to tier them up to TurboFan; bench/kernels/v8_code.sh builds it with function
// names and prints the machine code V8 made for one kernel. Not a timer:
// it answers "what does the loop compile to" (spills, shuffles, the
// epilogue's instructions), which no wasm disassembly shows.
#include <cstdio>
#include <vector>

#include "kernels/indirection/conv2d-indirection.h"
#include "kernels/qs8-dwconv/qs8-dwconv.h"
#include "kernels/qs8-gemm/qs8-gemm-driver.h"

using namespace nnslim::kernels;

int main() {
  const size_t m = 12544, n = 96, k = 16;
  std::vector<int8_t> a(m * k, 1), b(k * n, 2), c(m * n);
  std::vector<int32_t> bias(n, 0);
  std::vector<float> scales(n, 0.001f);
  const QS8GemmConfig config = qs8_gemm_default_i8sat_config();
  std::vector<char> packed(qs8_packw_size(config.nr, n, 1, k));
  qs8_packw(config.nr, n, 1, k, b.data(), 1, 0, n, bias.data(), scales.data(), 0, packed.data());
  std::vector<int16_t> workspace(qs8_gemm_workspace_size(config, m, k));
  const QS8RequantParams params = qs8_requant_params(0, -128, 127);
  for (int i = 0; i < 200; i++)
    qs8_gemm(config, m, n, k, a.data(), k, packed.data(), c.data(), n, params, workspace.data());
  // MobileNetV2's block3 depthwise (56x56x144, 3x3, stride 1, pad 1) on the
  // runtime's stride-1 int8 kernel, the 3x3 cols i8sat one.
  const size_t hw = 56, ch = 144;
  const Conv2DGeometry g = make_conv2d_geometry(hw, hw, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1);
  std::vector<int8_t> x(hw * hw * ch, 3), y(g.output_pixels() * ch), zero(ch + 16, 0), w(ch * 9, 5);
  std::vector<int32_t> dbias(ch, 0);
  std::vector<float> dscales(ch, 0.01f);
  std::vector<const int8_t*> ind(dwconv_indirection_size(g));
  dwconv_indirection_init(g, x.data(), ch, zero.data(), ind.data());
  std::vector<char> dpacked(qs8_packw_dwconv_size(8, ch, 9, QS8DwconvPacking::kTapPairs3x3Cols));
  qs8_packw_dwconv(8, ch, 9, w.data(), dbias.data(), dscales.data(), 0, dpacked.data(),
                   QS8DwconvPacking::kTapPairs3x3Cols);
  // Called through a volatile pointer: binaryen would inline a direct call into main.
  QS8DwconvUkernelFn volatile dw = qs8_dwconv_minmax_fp32_ukernel_9p8c__wasmsimd_dot16x2_cols_i8sat;
  for (int i = 0; i < 200; i++)
    dw(ch, g.output_pixels(), 9, ind.data(),
       dpacked.data(), y.data(), 9 * sizeof(void*), 0,
       0, zero.data(), &params);
  std::printf("c[5] = %d, y[5] = %d\n", c[5], y[5]);
  return 0;
}
