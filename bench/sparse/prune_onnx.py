#!/usr/bin/python3
"""Bench-only magnitude pruning of an ONNX file's weight initializers, per
layer: in each chosen layer the smallest |w| are set to exactly zero until
round(sparsity * size) of them are (the library's own model.prune() is the
user-facing way; this keeps the sparse benchmark independent of it).

  /usr/bin/python3 bench/sparse/prune_onnx.py IN.onnx OUT.onnx --sparsity 0.9 --layers pointwise|dense

  pointwise: the weights of every Conv with a 1x1 kernel and group 1
  dense:     the B of every Gemm / MatMul whose B is an initializer
Prints each pruned layer's zero fraction. Needs Debian's python (onnx + numpy).
"""

import argparse

import numpy as np
import onnx
from onnx import numpy_helper


def chosen_weights(model, layers):
    """Names of the initializers to prune."""
    initializers = {init.name for init in model.graph.initializer}
    names = []
    for node in model.graph.node:
        if layers == 'pointwise' and node.op_type == 'Conv':
            group = next((a.i for a in node.attribute if a.name == 'group'), 1)
            weight = next(i for i in model.graph.initializer if i.name == node.input[1])
            if group == 1 and list(weight.dims[2:]) == [1, 1]:
                names.append(node.input[1])
        elif layers == 'dense' and node.op_type in ('Gemm', 'MatMul') and node.input[1] in initializers:
            names.append(node.input[1])
    return names


def prune_magnitude(w, sparsity):
    """w with its round(sparsity * size) smallest-magnitude entries zeroed (ties by position)."""
    flat = w.reshape(-1).copy()
    zeros = int(round(sparsity * flat.size))
    order = np.argsort(np.abs(flat), kind='stable')
    flat[order[:zeros]] = 0.0
    return flat.reshape(w.shape)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('input')
    parser.add_argument('output')
    parser.add_argument('--sparsity', type=float, required=True)
    parser.add_argument('--layers', choices=['pointwise', 'dense'], required=True)
    args = parser.parse_args()
    if not 0.0 <= args.sparsity < 1.0:
        parser.error('--sparsity must be in [0, 1)')
    model = onnx.load(args.input)
    names = set(chosen_weights(model, args.layers))
    if not names:
        parser.error(f'{args.input}: no {args.layers} layer with an initializer weight')
    zeros = total = 0
    for init in model.graph.initializer:
        if init.name not in names:
            continue
        pruned = prune_magnitude(numpy_helper.to_array(init), args.sparsity)
        init.CopyFrom(numpy_helper.from_array(pruned.astype(np.float32), init.name))
        zeros += int((pruned == 0).sum())
        total += pruned.size
    onnx.save(model, args.output)
    print(f'{args.output}: {len(names)} {args.layers} layers, {zeros:,} of {total:,} weights zero '
          f'({100.0 * zeros / total:.1f}%)')


if __name__ == '__main__':
    main()
