#!/usr/bin/env bash
# Sparse-kernel model benchmark: writes the dense workloads (bench/peers) and
# their magnitude-pruned copies (bench/sparse/generated), then times both.
# Needs the package built (bash scripts/build.sh) and Debian's python (onnx + numpy).
#   bash bench/sparse/run.sh [--rounds N] [--iterations N] [--json]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
py=/usr/bin/python3
peers=bench/peers/generated
out=bench/sparse/generated
mkdir -p "$out"
[[ -f $peers/mobilenetv2_b1.onnx && -f $peers/mlp_b1.onnx ]] || "$py" bench/peers/make_workloads.py
"$py" bench/sparse/prune_onnx.py $peers/mobilenetv2_b1.onnx $out/mobilenetv2_b1_pointwise90.onnx --sparsity 0.9 --layers pointwise
"$py" bench/sparse/prune_onnx.py $peers/mobilenetv2_b1.onnx $out/mobilenetv2_b1_pointwise75.onnx --sparsity 0.75 --layers pointwise
"$py" bench/sparse/prune_onnx.py $peers/mlp_b1.onnx $out/mlp_b1_dense90.onnx --sparsity 0.9 --layers dense
node bench/sparse/run_sparse.mjs "$@"
