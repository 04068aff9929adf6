#!/usr/bin/env bash
# Builds the npm package in place: dist/nnslim.mjs + dist/nnslim.wasm (the
# plain single-threaded module), its relaxed-SIMD twin dist/nnslim-relaxed.*
# (when clang 19 and binaryen 132 are there: scripts/setup.sh) and
# dist/threads/ (the threaded one: the library compiled again with -pthread;
# ccache keeps rebuilds incremental). After it `npm pack`, a local install
# and `npx nnslim` work. NNSLIM_NO_THREADS=1 leaves the threaded one out.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh

jobs="${NNSLIM_JOBS:-2}"
wasm_dir="${NNSLIM_BUILD_WASM:-build-wasm}"
export NODE_PATH=/usr/share/nodejs  # Debian's emcc needs it for -O2+ links
if [[ ! -f "$wasm_dir/CMakeCache.txt" ]]; then
  # emcmake's default ctest emulator passes a flag Node 20 rejects.
  # ccache when there is one: the two modules compile every source twice.
  launcher=()
  if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  emcmake cmake -S . -B "$wasm_dir" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node "${launcher[@]}"
fi
targets=(nnslim_wasm nnslim_wasm_relaxed)
[[ "${NNSLIM_NO_THREADS:-0}" == 1 ]] || targets+=(nnslim_wasm_threads)
cmake --build "$wasm_dir" --target "${targets[@]}" -j "$jobs"
ls -l dist/nnslim.mjs dist/nnslim.wasm dist/nnslim-relaxed.mjs dist/nnslim-relaxed.wasm
[[ "${NNSLIM_NO_THREADS:-0}" == 1 ]] || ls -l dist/threads/nnslim-threads.mjs dist/threads/nnslim-threads.wasm dist/threads/nnslim-threads.worker.js
