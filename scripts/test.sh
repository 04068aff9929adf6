#!/usr/bin/env bash
# Every test: C++ (Catch2) natively and as wasm under Node, the npm package's
# JS tests (API, CLI, `npm pack` + install, tsc type check). Incremental
# builds in build-native/ and build-wasm/; NNSLIM_JOBS (default 2) parallel jobs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
jobs="${NNSLIM_JOBS:-2}"
step() { printf '\n==== %s\n' "$*"; }

step "set-up"
bash scripts/setup.sh

step "test data (tests/data/*.py -> tests/data/generated/)"
mkdir -p tests/data/generated
for generator in tests/data/*.py; do
  [[ -e "$generator" ]] || continue
  echo "$generator"
  /usr/bin/python3 "$generator" tests/data/generated  # Debian's python3 has onnx + numpy
done

step "native build + Catch2"
if [[ ! -f build-native/CMakeCache.txt ]]; then
  cmake -S . -B build-native -DCMAKE_BUILD_TYPE=Release
fi
cmake --build build-native -j "$jobs"
ctest --test-dir build-native --output-on-failure

step "wasm build + Catch2 under Node"
export NODE_PATH=/usr/share/nodejs  # Debian's emcc needs it for -O2+ links
if [[ ! -f build-wasm/CMakeCache.txt ]]; then
  emcmake cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node
fi
# The Catch2 binary and the package's dist/ (bench/ builds on demand: see bench/CMakeLists.txt).
cmake --build build-wasm -j "$jobs" --target nnslim_tests nnslim_wasm
ctest --test-dir build-wasm --output-on-failure

step "package build"
bash scripts/build.sh

step "JS tests (node:test: API, CLI, npm pack + install, tsc type check)"
node --test tests/js/

step "all tests passed"
