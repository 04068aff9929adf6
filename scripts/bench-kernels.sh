#!/bin/sh
# Builds the wasm kernel benchmarks and runs the f32 GEMM one under node.
#   scripts/bench-kernels.sh [kernel-name-filter] [--reps N] [--nc-block N]
#   scripts/bench-kernels.sh --dwconv [kernel-name-filter] [--reps N]
#     (f32 depthwise 3x3 on MobileNetV2's layers instead: dwconv_bench.cc)
#     (add --5x5 for the 5x5 kernels on small MobileNetV3-style maps)
#   scripts/bench-kernels.sh --layout [--reps N]
#     (MobileNetV2's pointwise convs in NHWC vs NCHW: layout_bench.cc)
#   scripts/bench-kernels.sh --qs8 [kernel-name-filter] [--reps N]
#     (int8 GEMM at 512^3 vs its register-only peak, next to f32: qs8_gemm_bench.cc)
#   scripts/bench-kernels.sh --qs8-relaxed [kernel-name-filter] [--reps N]
#     (the same benchmark with the relaxed-SIMD kernels: the dot7 tiles run the
#     relaxed 8-bit dot next to the plain qs8 kernels; needs clang 19 + binaryen 132)
#   scripts/bench-kernels.sh --spmm [--cpu-time] [--kernel-only] [--mlp-only] [--reps N]
#     (sparse vs dense crossover on MobileNetV2's 1x1 convs and the MLP: spmm_bench.cc)
# Needs Debian's emscripten (emcmake) and node >= 20. Uses build-wasm-bench/.
set -eu
cd "$(dirname "$0")/.."
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
BUILD=${BUILD:-build-wasm-bench}
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  emcmake cmake -S . -B "$BUILD" -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node >/dev/null
else
  cmake "$BUILD" >/dev/null  # re-configure: a new bench target may have been added
fi
BENCH=gemm
NODE_FLAGS=
case "${1:-}" in
  --dwconv) BENCH=dwconv; shift ;;
  --layout) BENCH=layout; shift ;;
  --qs8) BENCH=qs8_gemm; shift ;;
  --qs8-relaxed) BENCH=qs8_gemm_relaxed; NODE_FLAGS=--experimental-wasm-relaxed-simd; shift ;;
  --spmm) BENCH=spmm; shift ;;
esac
cmake --build "$BUILD" --target nnslim_bench_$BENCH -j2 >/dev/null
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), node $(node --version), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
node $NODE_FLAGS "$BUILD/bench/nnslim_bench_$BENCH.cjs" "$@"
