#!/usr/bin/env bash
# The JS tests on the debug twin of the plain module: dist/debug/ (target
# nnslim_wasm_debug in CMakeLists.txt: Emscripten's -sASSERTIONS=2 and
# -sSAFE_HEAP=1, every wasm load and store checked), which web/node.js runs
# instead of every other build when NNSLIM_DEBUG_WASM=1. docs/reliability.md,
# "Debug wasm build".
#   bash scripts/test-debug-wasm.sh            the default set below
#   bash scripts/test-debug-wasm.sh FILES...   those test files instead
# The default set: every node:test file that drives the module through the
# public API, except those about the other builds and the loaders (threads,
# relaxed, init, the browser, the packed package) and the CLI and example
# runners.
# The wasm build folder is build-wasm/ (NNSLIM_BUILD_WASM chooses another).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
wasm_dir="${NNSLIM_BUILD_WASM:-build-wasm}"
export NODE_PATH=/usr/share/nodejs  # Debian's emcc needs it for -O2+ links
if [[ ! -f "$wasm_dir/CMakeCache.txt" ]]; then
  launcher=()
  if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  emcmake cmake -S . -B "$wasm_dir" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node "${launcher[@]}"
fi
# The package's plain and relaxed modules too: web/artifacts.js imports their glue.
cmake --build "$wasm_dir" --target nnslim_wasm nnslim_wasm_relaxed nnslim_wasm_debug -j "${NNSLIM_JOBS:-2}"

# The module must carry SAFE_HEAP's checks (binaryen imports the handlers it
# calls on a fault): a build without them would pass every test unchecked.
node -e "
const wasm = new WebAssembly.Module(require('fs').readFileSync('dist/debug/nnslim.wasm'));
const imports = WebAssembly.Module.imports(wasm).map((entry) => entry.name);
for (const handler of ['segfault', 'alignfault'])
  if (!imports.includes(handler)) throw new Error('dist/debug/nnslim.wasm lacks SAFE_HEAP (no ' + handler + ' import)');
"

files=("$@")
if ((${#files[@]} == 0)); then
  files=(api bad_input_matrix concurrency data_movement errors input_shapes memory memory_cycles memory_limit
         per_layer prune quantize run tensor trap)
  files=("${files[@]/#/tests/js/}")
  files=("${files[@]/%/.test.js}")
fi
NNSLIM_DEBUG_WASM=1 node --test --test-timeout=900000 "${files[@]}"
