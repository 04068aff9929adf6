#!/usr/bin/env bash
# Builds and runs the libFuzzer targets (tests/fuzz/, docs/reliability.md):
#   bash scripts/fuzz.sh [onnx|builder] [--time S | --runs N] [-- LIBFUZZER_FLAGS...]
#     onnx     ONNX bytes -> import, verify, infer shapes, export, compile, run,
#              explain, profile; then prune and quantize the model and compile,
#              run and export the derived ones (default)
#     builder  the builder's JSON layer spec -> the same
#   Each input starts with 4 option bytes (tests/fuzz/fuzz_options.h: how the
#   model is pruned and quantized), then the model.
#     --time S stop after S seconds (default 60); --runs N after N executions
# The sanitizer tier's build (scripts/sanitize.sh: Debian's clang-19, ASan +
# UBSan, the wasm SIMD kernels through SIMDe), in build-sanitize/
# (NNSLIM_BUILD_SANITIZE chooses another), with -fsanitize=fuzzer targets.
# Seeds: scripts/fuzz_seeds.py writes them from the test models into
# build-sanitize/seeds/; the grown corpus stays in build-sanitize/corpus/
# (neither is committed). One process, one job: the machine is shared.
# A finding is written to build-sanitize/findings/<target>/ and ends the run
# with libFuzzer's report; once fixed, copy the file to
# tests/fuzz_regressions/<target>/ (the Catch2 suite replays that folder:
# tests/cpp/fuzz_regressions_test.cc).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
target=onnx
limit=(-max_total_time=60)
extra=()
while (($#)); do
  case "$1" in
    onnx | builder) target="$1" ;;
    --time) limit=(-max_total_time="$2"); shift ;;
    --runs) limit=(-runs="$2"); shift ;;
    --) shift; extra=("$@"); break ;;
    *) echo "usage: bash scripts/fuzz.sh [onnx|builder] [--time S | --runs N] [-- LIBFUZZER_FLAGS...]" >&2; exit 2 ;;
  esac
  shift
done
build="${NNSLIM_BUILD_SANITIZE:-build-sanitize}"  # shared with scripts/sanitize.sh
max_len=8192  # bytes: covers ONNX's backend node models, keeps mutations fast

if [[ ! -f "$build/CMakeCache.txt" ]]; then
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  CC=clang-19 CXX=clang++-19 cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Sanitize -DNNSLIM_FUZZ=ON "${launcher[@]}"
fi
cmake --build "$build" -j "${NNSLIM_JOBS:-2}" --target "${target}_fuzzer"

python3 scripts/fuzz_seeds.py "$build/seeds" "$max_len"
mkdir -p "$build/corpus/$target" "$build/findings/$target"
# -rss_limit_mb: above the fuzzers' own allocation cap (tests/fuzz/allocation_cap.cc: 1 GiB live).
# -timeout: one execution is a small model; 10 s means a hang.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
exec "$build/${target}_fuzzer" "$build/corpus/$target" "$build/seeds/$target" \
  -max_len="$max_len" -timeout=10 -rss_limit_mb=2560 -print_final_stats=1 \
  -artifact_prefix="$build/findings/$target/" "${limit[@]}" "${extra[@]}"
