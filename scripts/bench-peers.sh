#!/usr/bin/env bash
# Peer benchmark: nnslim vs onnxruntime-web vs TF.js wasm (XNNPACK), 1 thread,
# SIMD, same workloads, weights and input, in one Node process.
#   bash scripts/bench-peers.sh [--iterations 50] [--warmup 10] [--workloads a,b]
# Prints the markdown report and writes it to bench/peers/results/latest.md.
# NNSLIM_SKIP_BUILD=1 measures the dist/ that is there without rebuilding it.
set -euo pipefail
cd "$(dirname "$0")/.."

# 1. The peers live in their own npm project (bench/package.json) so the
#    library's package stays lean. Reinstall only when the lock file changed.
if [[ ! -f bench/node_modules/.package-lock.json || bench/package-lock.json -nt bench/node_modules/.package-lock.json ]]; then
  echo "== npm ci --prefix bench" >&2
  npm ci --prefix bench --no-audit --no-fund >&2
fi

# 2. nnslim's package (dist/nnslim.mjs + .wasm), rebuilt when a source is newer.
if [[ "${NNSLIM_SKIP_BUILD:-0}" == 1 ]]; then
  echo "== NNSLIM_SKIP_BUILD=1: measuring dist/ as it is" >&2
elif [[ -f scripts/build.sh ]]; then
  if [[ ! -f dist/nnslim.wasm || ! -f dist/nnslim.mjs ]] \
     || [[ -n "$(find src wasm CMakeLists.txt -newer dist/nnslim.wasm -type f -print -quit 2>/dev/null)" ]]; then
    echo "== bash scripts/build.sh" >&2
    # A failed build must not stop the peers' numbers: nnslim then shows n/a
    # (or the previous dist/ build is measured, which the warning says).
    bash scripts/build.sh >&2 || echo "== WARNING: scripts/build.sh failed; using the dist/ that is there" >&2
  fi
else
  echo "== scripts/build.sh not found: benchmarking whatever dist/ holds (nnslim may show n/a)" >&2
fi
# The MLP's bandwidth bound comes from a separate probe module (not shipped in
# dist/): build it next to the package's build (incremental, a few seconds).
wasm_dir="${NNSLIM_BUILD_WASM:-build-wasm}"
if [[ -f "$wasm_dir/CMakeCache.txt" ]]; then
  NODE_PATH=/usr/share/nodejs cmake --build "$wasm_dir" --target nnslim_bench_bandwidth >&2 \
    || echo "== WARNING: the bandwidth probe did not build; the MLP bound shows n/a" >&2
fi

# 3. Workloads: the real models of tests/models/corpus.json (fetched once,
#    pinned), and ONNX files, layer manifests and weights (deterministic, ~1 s).
echo "== node tests/models/fetch.mjs" >&2
node tests/models/fetch.mjs >&2
echo "== /usr/bin/python3 bench/peers/make_workloads.py" >&2
/usr/bin/python3 bench/peers/make_workloads.py >&2

# 4. The benchmark itself.
mkdir -p bench/peers/results
echo "== node bench/peers/run_peers.mjs $*" >&2
node bench/peers/run_peers.mjs --out bench/peers/results/latest.md "$@"
echo "== wrote bench/peers/results/latest.md" >&2
