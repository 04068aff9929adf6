#!/usr/bin/env bash
# Builds the npm package in place: dist/nnslim.mjs + dist/nnslim.wasm and the
# relaxed-SIMD twin dist/nnslim-relaxed.mjs + .wasm (after which `npm pack`, a
# local install and `npx nnslim` work). Incremental.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh

jobs="${NNSLIM_JOBS:-2}"
wasm_dir="${NNSLIM_BUILD_WASM:-build-wasm}"
export NODE_PATH=/usr/share/nodejs  # Debian's emcc needs it for -O2+ links
if [[ ! -f "$wasm_dir/CMakeCache.txt" ]]; then
  # emcmake's default ctest emulator passes a flag Node 20 rejects.
  emcmake cmake -S . -B "$wasm_dir" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node
fi
cmake --build "$wasm_dir" --target nnslim_wasm nnslim_wasm_relaxed -j "$jobs"
ls -l dist/nnslim.mjs dist/nnslim.wasm dist/nnslim-relaxed.mjs dist/nnslim-relaxed.wasm
