#!/usr/bin/env bash
# Prints the x64 code V8 (this Node) compiles for one wasm kernel, TurboFan
# tier, from bench/kernels/v8_code_probe.cc linked against build-wasm's
# library with function names kept:
#   bash bench/kernels/v8_code.sh [NAME_SUBSTRING]   (default: the 4x8 i8sat ppmm)
# NNSLIM_BUILD_WASM=DIR picks another wasm build folder (needs libnnslim_core.a:
# `cmake --build build-wasm --target nnslim_core`). Used in docs/quantization.md
# ("Update (tenth session)") to count the K loop's and the epilogue's instructions,
# and ("Update (eleventh session, helper `int8dw`)") the depthwise cols loop's:
#   bash bench/kernels/v8_code.sh qs8_dwconv_minmax_fp32_ukernel_9p8c__wasmsimd_dot16x2_cols_i8sat
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
name="${1:-qs8_ppmm_minmax_fp32_ukernel_4x8c2__wasmsimd_dot16_splat_ia_i8sat}"
build="${NNSLIM_BUILD_WASM:-build-wasm}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
export NODE_PATH=/usr/share/nodejs
em++ -O3 -msimd128 -std=c++17 -Isrc bench/kernels/v8_code_probe.cc "$build/libnnslim_core.a" --profiling-funcs \
  -o "$out/probe.js"
# The function's index: imported functions first, then the module's own in order.
wasm-dis "$out/probe.wasm" >"$out/probe.wat"
imports=$(grep -c '^ (import .*(func' "$out/probe.wat" || true)
position=$(grep '^ (func ' "$out/probe.wat" | grep -n -F "$name" | head -n 1 | cut -d: -f1 || true)
[[ -n "$position" ]] || { echo "no function matching '$name' in the probe" >&2; exit 1; }
index=$((imports + position - 1))
# This emscripten's loader fetch()es the .wasm on Node 20, which fails on a
# file path: without fetch it reads the file.
node --print-wasm-code --print-wasm-code-function-index="$index" \
  -e "globalThis.fetch = undefined; require('$out/probe.js')" >"$out/code.txt" 2>&1
# (V8 prints other functions too: keep the TurboFan block of this index.)
awk -v want="index: $index" '$0 == want {f=1} f && /^compiler: TurboFan/ {t=1} t {print}
  /^--- End code ---/ {if (t) exit; f=0}' "$out/code.txt"
