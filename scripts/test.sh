#!/usr/bin/env bash
# Every test: C++ (Catch2) natively and as wasm under Node, the full ONNX
# conformance sweep (which must reproduce docs/conformance.md), the npm
# package's JS tests (API, CLI, `npm pack` + install, tsc type check).
#   bash scripts/test.sh           everything (what CI and a release run)
#   bash scripts/test.sh --quick   the edit-compile-test loop: everything but
#                                  the sanitizer tier, the wasm build of the
#                                  Catch2 suite and the debug wasm tier (the JS
#                                  tests still run the package's wasm, dist/)
# Incremental builds in build-native/, build-sanitize/ and build-wasm/
# (NNSLIM_BUILD_NATIVE / NNSLIM_BUILD_SANITIZE / NNSLIM_BUILD_WASM choose others); NNSLIM_JOBS (default 2) parallel jobs.
# It installs what it needs first (scripts/setup.sh, scripts/test-data.sh):
# a test whose data is missing fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
quick=0
case "${1:-}" in
  --quick) quick=1 ;;
  "") ;;
  *) echo "usage: bash scripts/test.sh [--quick]" >&2; exit 2 ;;
esac
jobs="${NNSLIM_JOBS:-2}"
native_dir="${NNSLIM_BUILD_NATIVE:-build-native}"
export NNSLIM_BUILD_WASM="${NNSLIM_BUILD_WASM:-build-wasm}"  # build.sh uses it too
wasm_dir="$NNSLIM_BUILD_WASM"
step() { printf '\n==== %s\n' "$*"; }
# A failing build stops the script; a failing test suite is recorded and the
# other suites still run, so one run shows every failure.
failed=()
suite() { "$@" || failed+=("$*"); }

step "set-up"
bash scripts/setup.sh

step "test data (tests/data/*.py -> tests/data/generated/)"
bash scripts/test-data.sh

step "native build + Catch2 (one ctest test per case) + ONNX conformance sweep"
if [[ ! -f "$native_dir/CMakeCache.txt" ]]; then
  cmake -S . -B "$native_dir" -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$native_dir" -j "$jobs"
suite ctest --test-dir "$native_dir" -j "$jobs" --timeout 600 --output-on-failure

if ((quick)); then
  step "sanitizer tier: not in --quick"
else
  step "sanitizer tier: native Catch2 under ASan + UBSan, the fuzzers' seeds (scripts/sanitize.sh)"
  suite bash scripts/sanitize.sh
fi

if ((quick)); then
  step "wasm Catch2 suite: not in --quick"
else
  step "wasm build + Catch2 under Node"
  export NODE_PATH=/usr/share/nodejs  # Debian's emcc needs it for -O2+ links
  if [[ ! -f "$wasm_dir/CMakeCache.txt" ]]; then
    # emcmake's default ctest emulator passes a flag Node 20 rejects.
    emcmake cmake -S . -B "$wasm_dir" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node
  fi
  # The Catch2 binaries (plain, and the kernel tests on the relaxed-SIMD
  # kernels) and the package's dist/ (plain, relaxed, threads; bench/ builds
  # on demand: see bench/CMakeLists.txt).
  cmake --build "$wasm_dir" -j "$jobs" --target nnslim_tests nnslim_wasm nnslim_tests_relaxed nnslim_wasm_relaxed nnslim_wasm_threads
  suite ctest --test-dir "$wasm_dir" -j "$jobs" --timeout 600 --output-on-failure
fi

step "package build"
bash scripts/build.sh
# The relaxed-SIMD kernel tests as a web module: tests/js/browser.test.js runs them in Chromium.
NODE_PATH=/usr/share/nodejs cmake --build "$wasm_dir" -j "$jobs" --target nnslim_tests_relaxed_web

step "JS tests (node:test: API, CLI, npm pack + install, tsc type check)"
# A hung test fails after 15 minutes instead of stalling the run.
suite node --test --test-timeout=900000 tests/js/

if ((quick)); then
  step "debug wasm tier: not in --quick"
else
  step "debug wasm tier: the API's JS tests on dist/debug/ (-sASSERTIONS=2 -sSAFE_HEAP=1, scripts/test-debug-wasm.sh)"
  suite bash scripts/test-debug-wasm.sh
fi

if ((${#failed[@]} > 0)); then
  step "FAILED:"
  printf '  %s\n' "${failed[@]}"
  exit 1
fi
step "all tests passed"
