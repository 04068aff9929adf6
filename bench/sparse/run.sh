#!/usr/bin/env bash
# Sparse-kernel model benchmark: writes the dense workloads (bench/peers, plus
# the MLP at batch 8 here) and their pruned copies (bench/sparse/generated):
# magnitude-pruned (unstructured) and block-pruned (8x1 blocks over output
# channels: the block-sparse kernels), then times each against its dense
# model in one run. Needs the package built (bash scripts/build.sh) and
# Debian's python (onnx + numpy).
#   bash bench/sparse/run.sh [--rounds N] [--iterations N] [--json] [--only REGEX]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
py=/usr/bin/python3
peers=bench/peers/generated
out=bench/sparse/generated
mkdir -p "$out"
[[ -f $peers/mobilenetv2_b1.onnx && -f $peers/mobilenetv2_b8.onnx && -f $peers/mlp_b1.onnx ]] || "$py" bench/peers/make_workloads.py
"$py" -c "import sys; sys.path.insert(0, 'bench/peers'); import onnx; from workload_graphs import build_mlp; onnx.save(build_mlp(batch=8), '$out/mlp_b8.onnx')"
prune() { "$py" bench/sparse/prune_onnx.py "$@"; }
prune $peers/mobilenetv2_b1.onnx $out/mobilenetv2_b1_pointwise90.onnx --sparsity 0.9 --layers pointwise
prune $peers/mobilenetv2_b1.onnx $out/mobilenetv2_b1_pointwise75.onnx --sparsity 0.75 --layers pointwise
prune $peers/mlp_b1.onnx $out/mlp_b1_dense90.onnx --sparsity 0.9 --layers dense
# (80% and 85%: where the sparse GEMV starts to pay, the runtime's crossover)
prune $peers/mlp_b1.onnx $out/mlp_b1_dense85.onnx --sparsity 0.85 --layers dense
prune $peers/mlp_b1.onnx $out/mlp_b1_dense80.onnx --sparsity 0.8 --layers dense
for batch in 1 8; do
  mobilenet=$peers/mobilenetv2_b$batch.onnx
  mlp=$peers/mlp_b$batch.onnx
  [[ $batch == 8 ]] && mlp=$out/mlp_b8.onnx
  for s in 90 75; do
    prune $mobilenet $out/mobilenetv2_b${batch}_pointwise${s}_block8x1.onnx --sparsity 0.$s --layers pointwise --block 8
    prune $mlp $out/mlp_b${batch}_dense${s}_block8x1.onnx --sparsity 0.$s --layers dense --block 8
  done
done
node bench/sparse/run_sparse.mjs "$@"
