#!/usr/bin/python3
"""Bench-only magnitude or block pruning of an ONNX file's weight
initializers, per layer: in each chosen layer the smallest |w| are set to
exactly zero until round(sparsity * size) of them are; with --block R, the
weights are cut into R x 1 blocks (R consecutive output channels at one
input; a partial last block when R does not divide the outputs) and the
round(sparsity * blocks) blocks of smallest L2 norm are zeroed whole (the
library's own model.prune() is the user-facing way; this keeps the sparse
benchmark independent of it).

  /usr/bin/python3 bench/sparse/prune_onnx.py IN.onnx OUT.onnx --sparsity 0.9 --layers pointwise|dense [--block R]

  pointwise: the weights of every Conv with a 1x1 kernel and group 1
  dense:     the B of every Gemm / MatMul whose B is an initializer
Prints each pruned layer's zero fraction. Needs Debian's python (onnx + numpy).
"""

import argparse

import numpy as np
import onnx
from onnx import numpy_helper


def chosen_weights(model, layers):
    """{initializer name: its output-channel axis} of the weights to prune."""
    initializers = {init.name for init in model.graph.initializer}
    names = {}
    for node in model.graph.node:
        if layers == 'pointwise' and node.op_type == 'Conv':
            group = next((a.i for a in node.attribute if a.name == 'group'), 1)
            weight = next(i for i in model.graph.initializer if i.name == node.input[1])
            if group == 1 and list(weight.dims[2:]) == [1, 1]:
                names[node.input[1]] = 0  # [Cout, Cin, 1, 1]
        elif layers == 'dense' and node.op_type in ('Gemm', 'MatMul') and node.input[1] in initializers:
            trans_b = next((a.i for a in node.attribute if a.name == 'transB'), 0)
            names[node.input[1]] = 0 if node.op_type == 'Gemm' and trans_b else 1  # [N, K] or [K, N]
    return names


def prune_magnitude(w, sparsity):
    """w with its round(sparsity * size) smallest-magnitude entries zeroed (ties by position)."""
    flat = w.reshape(-1).copy()
    zeros = int(round(sparsity * flat.size))
    order = np.argsort(np.abs(flat), kind='stable')
    flat[order[:zeros]] = 0.0
    return flat.reshape(w.shape)


def prune_blocks(w, output_axis, block, sparsity):
    """w [.., out, ..] as a matrix [out, rest]: the round(sparsity * blocks) R x 1
    blocks of smallest L2 norm zeroed (ties by position)."""
    matrix = np.moveaxis(w, output_axis, 0).reshape(w.shape[output_axis], -1).copy()
    outputs, inputs = matrix.shape
    rows = -(-outputs // block)
    padded = np.zeros((rows * block, inputs), dtype=np.float64)
    padded[:outputs] = matrix
    norms = (padded.reshape(rows, block, inputs) ** 2).sum(axis=1).reshape(-1)
    zeros = int(round(sparsity * norms.size))
    for b in np.argsort(norms, kind='stable')[:zeros]:
        row, i = divmod(int(b), inputs)
        matrix[row * block:(row + 1) * block, i] = 0.0
    moved = [w.shape[output_axis]] + [d for a, d in enumerate(w.shape) if a != output_axis]
    return np.moveaxis(matrix.reshape(moved), 0, output_axis)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('input')
    parser.add_argument('output')
    parser.add_argument('--sparsity', type=float, required=True)
    parser.add_argument('--layers', choices=['pointwise', 'dense'], required=True)
    parser.add_argument('--block', type=int, default=0, help='R: prune R x 1 blocks over output channels')
    args = parser.parse_args()
    if not 0.0 <= args.sparsity < 1.0:
        parser.error('--sparsity must be in [0, 1)')
    model = onnx.load(args.input)
    names = chosen_weights(model, args.layers)
    if not names:
        parser.error(f'{args.input}: no {args.layers} layer with an initializer weight')
    zeros = total = 0
    for init in model.graph.initializer:
        if init.name not in names:
            continue
        w = numpy_helper.to_array(init)
        pruned = (prune_blocks(w, names[init.name], args.block, args.sparsity) if args.block > 1
                  else prune_magnitude(w, args.sparsity))
        init.CopyFrom(numpy_helper.from_array(pruned.astype(np.float32), init.name))
        zeros += int((pruned == 0).sum())
        total += pruned.size
    onnx.save(model, args.output)
    how = f'{args.block}x1 blocks' if args.block > 1 else 'magnitude'
    print(f'{args.output}: {len(names)} {args.layers} layers ({how}), {zeros:,} of {total:,} weights zero '
          f'({100.0 * zeros / total:.1f}%)')


if __name__ == '__main__':
    main()
