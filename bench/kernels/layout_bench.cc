// Which activation layout for pointwise (1x1) convolutions, the ~75% of
// batch-1 MobileNetV2's time: measured, on the same GEMM microkernels.
//
//   node build-wasm-bench/bench/nnslim_bench_layout.cjs [--reps N]
//   (scripts/bench-kernels.sh --layout)
//
// NHWC: Y[P, Cout] = X[P, Cin] * W^T. The weights are the packed B operand,
//       packed once when the plan is compiled; the activations are A, read
//       in place. This is what nnslim's runtime does.
// NCHW: Y[Cout, P] = W[Cout, Cin] * X[Cin, P]. Now the activations are the
//       B operand and must be packed into NR-wide panels on every run (they
//       change with every input); the weights are A. (Reading X unpacked
//       would need a kernel that loads B rows with stride P; the packed
//       panels are what makes the register tile's loads contiguous.)
// Both use f32_gemm_select_config's tile for their own M, N, K and the same
// clamp-free epilogue. Per MobileNetV2-1.0 224 batch-1 pointwise shape
// (P pixels x Cout x Cin, times the number of layers of that shape), the
// median of reps runs, rounds alternating the two layouts.
#include <emscripten.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#include "kernels/f32-gemm/f32-gemm-driver.h"
#include "kernels/f32-packw/f32-packw.h"

using namespace nnslim::kernels;

namespace {

struct Shape { size_t pixels, cout, cin; int count; };

// MobileNetV2-1.0, 224x224, batch 1: every 1x1 conv (expansions, projections, head).
const Shape kShapes[] = {
    {12544, 16, 32, 1}, {12544, 96, 16, 1}, {3136, 24, 96, 1}, {3136, 144, 24, 2}, {3136, 24, 144, 1},
    {784, 32, 144, 1},  {784, 192, 32, 3},  {784, 32, 192, 2}, {196, 64, 192, 1},  {196, 384, 64, 4},
    {196, 64, 384, 3},  {196, 96, 384, 1},  {196, 576, 96, 3}, {196, 96, 576, 2},  {49, 160, 576, 1},
    {49, 960, 160, 3},  {49, 160, 960, 2},  {49, 320, 960, 1}, {49, 1280, 320, 1},
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

struct Layouts {
  double nhwc_ms = 0, nchw_ms = 0, nchw_pack_ms = 0;
};

Layouts time_shape(const Shape& s, int reps, std::mt19937& rng) {
  std::uniform_real_distribution<float> dist(-1.f, 1.f);
  std::vector<float> x(s.pixels * s.cin), w(s.cout * s.cin), y(s.pixels * s.cout);
  for (float& v : x) v = dist(rng);
  for (float& v : w) v = dist(rng);
  const F32MinMaxParams none = f32_minmax_none();

  // NHWC: W (OI, i.e. [N, K] "goi") packed once.
  const F32GemmConfig nhwc = f32_gemm_select_config(s.pixels, s.cout, s.cin);
  std::vector<float> packed_w(f32_packw_gemm_size(s.cout, s.cin, nhwc.nr));
  f32_packw_gemm_goi(nhwc.nr, s.cout, s.cin, w.data(), s.cin, nullptr, packed_w.data());
  std::vector<float> nhwc_ws(std::max<size_t>(1, f32_gemm_workspace_size(nhwc, s.pixels, s.cin)));

  // NCHW: X ([K, N] = [Cin, P], "gio") packed per run.
  const F32GemmConfig nchw = f32_gemm_select_config(s.cout, s.pixels, s.cin);
  std::vector<float> packed_x(f32_packw_gemm_size(s.pixels, s.cin, nchw.nr));
  std::vector<float> nchw_ws(std::max<size_t>(1, f32_gemm_workspace_size(nchw, s.cout, s.cin)));

  std::vector<double> t_nhwc, t_nchw, t_pack;
  for (int r = -2; r < reps; ++r) {  // two untimed warm-up rounds
    double t0 = emscripten_get_now();
    f32_gemm(nhwc, s.pixels, s.cout, s.cin, x.data(), s.cin, packed_w.data(), y.data(), s.cout, none, nhwc_ws.data());
    double t1 = emscripten_get_now();
    f32_packw_gemm_gio(nchw.nr, s.pixels, s.cin, x.data(), s.pixels, nullptr, packed_x.data());
    double t2 = emscripten_get_now();
    f32_gemm(nchw, s.cout, s.pixels, s.cin, w.data(), s.cin, packed_x.data(), y.data(), s.pixels, none, nchw_ws.data());
    double t3 = emscripten_get_now();
    if (r < 0) continue;
    t_nhwc.push_back(t1 - t0);
    t_pack.push_back(t2 - t1);
    t_nchw.push_back(t3 - t1);
  }
  return {median(t_nhwc), median(t_nchw), median(t_pack)};
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 31;
  for (int i = 1; i < argc; ++i)
    if (!std::strcmp(argv[i], "--reps") && i + 1 < argc) reps = std::atoi(argv[++i]);
  std::mt19937 rng(7);
  std::printf("%-22s %6s %11s %11s %11s %9s\n", "shape PxCoutxCin", "layers", "NHWC ms", "NCHW ms", "of it pack", "NCHW/NHWC");
  double total_nhwc = 0, total_nchw = 0, total_pack = 0;
  for (const Shape& s : kShapes) {
    const Layouts t = time_shape(s, reps, rng);
    std::printf("%5zux%4zux%4zu %8s %6d %11.4f %11.4f %11.4f %9.2f\n", s.pixels, s.cout, s.cin, "", s.count,
                t.nhwc_ms, t.nchw_ms, t.nchw_pack_ms, t.nchw_ms / t.nhwc_ms);
    total_nhwc += s.count * t.nhwc_ms;
    total_nchw += s.count * t.nchw_ms;
    total_pack += s.count * t.nchw_pack_ms;
  }
  std::printf("MobileNetV2 b1, all 34 pointwise layers: NHWC %.3f ms, NCHW %.3f ms (of it packing the activations %.3f ms): NCHW/NHWC %.2f\n",
              total_nhwc, total_nchw, total_pack, total_nchw / total_nhwc);
  return 0;
}
