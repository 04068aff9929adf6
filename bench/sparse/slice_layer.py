#!/usr/bin/python3
"""Bench-only: one-layer models cut from the pruned MLP, for
bench/sparse/jit_gemv.mjs --scaling (nnslim's own sparse GEMV on the same
rows as the generated kernel). For each N, fc2's first N output rows (its
pruned weights and biases, 1024 inputs) as Gemm(transB=1) + Relu, input
'input' [1, 1024], output 'y' [1, N].

  /usr/bin/python3 bench/sparse/slice_layer.py PRUNED_MLP.onnx OUT_DIR N...
Needs Debian's python (onnx + numpy).
"""

import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def main():
    source, out_dir, counts = sys.argv[1], Path(sys.argv[2]), [int(n) for n in sys.argv[3:]]
    inits = {init.name: numpy_helper.to_array(init) for init in onnx.load(source).graph.initializer}
    weight, bias = inits['fc2.weight'], inits['fc2.bias']
    for n in counts:
        w = np.ascontiguousarray(weight[:n]).astype(np.float32)
        b = np.ascontiguousarray(bias[:n]).astype(np.float32)
        graph = helper.make_graph(
            [helper.make_node('Gemm', ['input', 'w', 'b'], ['g'], transB=1),
             helper.make_node('Relu', ['g'], ['y'])],
            f'fc2_rows{n}',
            [helper.make_tensor_value_info('input', TensorProto.FLOAT, [1, w.shape[1]])],
            [helper.make_tensor_value_info('y', TensorProto.FLOAT, [1, n])],
            [numpy_helper.from_array(w, 'w'), numpy_helper.from_array(b, 'b')])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)])
        model.ir_version = 8
        onnx.checker.check_model(model)
        onnx.save(model, out_dir / f'fc2_rows{n}.onnx')
        print(f'{out_dir / f"fc2_rows{n}.onnx"}: {n} x {w.shape[1]}, {int(np.count_nonzero(w))} nonzeros')


if __name__ == '__main__':
    main()
