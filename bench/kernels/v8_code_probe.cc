// A tiny module that runs the runtime's int8 1x1-conv GEMM (MobileNetV2's
// block2_expand shape, 12544 x 96 x 16) often enough for V8 to tier its
// kernel up to TurboFan; bench/kernels/v8_code.sh builds it with function
// names and prints the machine code V8 made for one kernel. Not a timer:
// it answers "what does the loop compile to" (spills, shuffles, the
// epilogue's instructions), which no wasm disassembly shows.
#include <cstdio>
#include <vector>

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
  std::printf("c[5] = %d\n", c[5]);
  return 0;
}
