#!/usr/bin/env bash
# Thread scaling and the threaded peer comparison: nnslim 2 threads vs 1 and
# vs onnxruntime-web with 2 threads, on the MLP, MobileNetV2 and the
# real-model corpus, in one Node process (bench/threads/run_threads.mjs).
#   bash scripts/bench-threads.sh [--iterations 20] [--warmup 3] [--workloads a,b] [--calibrate]
# Prints the markdown report and writes it to bench/threads/results/latest.md.
# NNSLIM_SKIP_BUILD=1 measures the dist/ that is there without rebuilding it.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -f bench/node_modules/.package-lock.json || bench/package-lock.json -nt bench/node_modules/.package-lock.json ]]; then
  npm ci --prefix bench --no-audit --no-fund >&2
fi
if [[ "${NNSLIM_SKIP_BUILD:-0}" != 1 ]]; then
  bash scripts/build.sh >&2
fi
node tests/models/fetch.mjs >&2
/usr/bin/python3 bench/peers/make_workloads.py >&2
mkdir -p bench/threads/results
node bench/threads/run_threads.mjs --out bench/threads/results/latest.md "$@"
echo "== wrote bench/threads/results/latest.md" >&2
