#!/usr/bin/env bash
# The sanitizer tier: the native Catch2 suite under AddressSanitizer +
# UndefinedBehaviorSanitizer (any report fails: -fno-sanitize-recover=all,
# leaks included), then every seed of both fuzzers once through its target.
#   bash scripts/sanitize.sh
# One clang-19 build (cmake -DNNSLIM_FUZZ=ON -DCMAKE_BUILD_TYPE=Sanitize,
# -O1, assert()s on) in build-sanitize/ (NNSLIM_BUILD_SANITIZE chooses
# another), shared with scripts/fuzz.sh. `bash scripts/test.sh` runs this.
# The Catch2 run is the whole visible suite (the conformance sweep is hidden
# by its tag, as in the plain run); NNSLIM_SANITIZE_FILTER narrows it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build="${NNSLIM_BUILD_SANITIZE:-build-sanitize}"
filter="${NNSLIM_SANITIZE_FILTER:-}"
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  CC=clang-19 CXX=clang++-19 cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Sanitize -DNNSLIM_FUZZ=ON "${launcher[@]}"
fi
cmake --build "$build" -j "${NNSLIM_JOBS:-2}" --target nnslim_tests onnx_fuzzer builder_fuzzer

export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
echo "Catch2 under ASan + UBSan $filter"
"$build/nnslim_tests" --use-colour no ${filter:+"$filter"}

max_len=8192  # as scripts/fuzz.sh
python3 scripts/fuzz_seeds.py "$build/seeds" "$max_len"
for target in onnx builder; do
  echo "seeds of the $target fuzzer, each once"
  "$build/${target}_fuzzer" -runs=0 -max_len="$max_len" -timeout=10 -rss_limit_mb=2560 "$build/seeds/$target"
done
