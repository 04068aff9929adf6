// Float MLPs for the memory tests, written by Debian's python3-onnx (ONNX's
// own protobuf code) with seeded numpy weights: x [1, width] -> MatMul ->
// Relu -> MatMul -> y [1, outputs]. Missing python3-onnx fails the test.
import { runChecked } from './node_child.js';

const SCRIPT = String.raw`
import base64, sys
import numpy as np
from onnx import TensorProto, helper as h, numpy_helper
width, hidden, outputs, seed = (int(a) for a in sys.argv[1:])
rng = np.random.default_rng(seed)
w1 = numpy_helper.from_array(rng.standard_normal((width, hidden)).astype(np.float32) * 0.05, 'w1')
w2 = numpy_helper.from_array(rng.standard_normal((hidden, outputs)).astype(np.float32) * 0.05, 'w2')
nodes = [h.make_node('MatMul', ['x', 'w1'], ['h'], name='fc1'), h.make_node('Relu', ['h'], ['a'], name='act'),
         h.make_node('MatMul', ['a', 'w2'], ['y'], name='fc2')]
graph = h.make_graph(nodes, 'mlp', [h.make_tensor_value_info('x', TensorProto.FLOAT, [1, width])],
                     [h.make_tensor_value_info('y', TensorProto.FLOAT, [1, outputs])], initializer=[w1, w2])
model = h.make_model(graph, opset_imports=[h.make_opsetid('', 13)])
model.ir_version = 8
sys.stdout.write(base64.b64encode(model.SerializeToString()).decode())
`;

// ONNX bytes of the MLP; its weights take (width + outputs) * hidden * 4 bytes.
export function mlpOnnx({ width, hidden, outputs, seed = 1 }) {
  const base64 = runChecked('/usr/bin/python3', ['-c', SCRIPT, String(width), String(hidden), String(outputs), String(seed)],
    { maxBuffer: 1 << 28, encoding: 'buffer', label: 'python3: a memory test model' });
  return new Uint8Array(Buffer.from(base64.toString(), 'base64'));
}

// A deterministic input for the MLP: values in [-1, 1).
export function mlpInput(nnslim, width) {
  const data = Float32Array.from({ length: width }, (_, i) => ((i * 37) % 200) / 100 - 1);
  return { x: new nnslim.Tensor('float32', data, [1, width]) };
}
