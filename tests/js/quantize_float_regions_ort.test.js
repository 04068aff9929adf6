// The QDQ graph of a transformer-style block after static int8 (a Linear
// layer as MatMul -> Add(bias), a LayerNorm written out as ReduceMean / Sub /
// Pow / Sqrt / Div, a Slice, a Softmax): what the quantize pass writes there
// (int32 biases behind DequantizeLinear, no Q/DQ pair inside the LayerNorm
// or after the Softmax) must still be a file onnxruntime-web runs, with
// outputs within one quantization step of nnslim's int8 steps. The model is
// written by python onnx (an independent writer).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import * as nnslim from '../../web/node.js';
import { runChecked } from './node_child.js';

const MODEL_SCRIPT = `
import sys, numpy as np, onnx
from onnx import helper, numpy_helper, TensorProto
r = np.random.default_rng(7)
def const(name, a):
    return numpy_helper.from_array(np.asarray(a, dtype=a.dtype if hasattr(a, 'dtype') else np.float32), name)
inits = [
    const('w1', (r.standard_normal((16, 24)) * 0.3).astype(np.float32)),
    const('b1', (r.standard_normal(24) * 0.5).astype(np.float32)),
    const('two', np.array(2.0, np.float32)), const('eps', np.array(1e-5, np.float32)),
    const('gamma', (1 + 0.3 * r.standard_normal(24)).astype(np.float32)),
    const('beta', (0.2 * r.standard_normal(24)).astype(np.float32)),
    const('w2', (r.standard_normal((24, 12)) * 0.3).astype(np.float32)),
    const('b2', (r.standard_normal(12) * 0.5).astype(np.float32)),
    const('starts', np.array([1], np.int64)), const('ends', np.array([11], np.int64)),
    const('axes', np.array([2], np.int64)), const('steps', np.array([2], np.int64)),
]
nodes = [
    helper.make_node('MatMul', ['x', 'w1'], ['h']), helper.make_node('Add', ['h', 'b1'], ['hb']),
    helper.make_node('ReduceMean', ['hb'], ['mean'], axes=[-1]), helper.make_node('Sub', ['hb', 'mean'], ['c']),
    helper.make_node('Pow', ['c', 'two'], ['sq']), helper.make_node('ReduceMean', ['sq'], ['var'], axes=[-1]),
    helper.make_node('Add', ['var', 'eps'], ['ve']), helper.make_node('Sqrt', ['ve'], ['sd']),
    helper.make_node('Div', ['c', 'sd'], ['n']), helper.make_node('Mul', ['n', 'gamma'], ['g']),
    helper.make_node('Add', ['g', 'beta'], ['ln']),
    helper.make_node('MatMul', ['ln', 'w2'], ['o']), helper.make_node('Add', ['o', 'b2'], ['ob']),
    helper.make_node('Slice', ['ob', 'starts', 'ends', 'axes', 'steps'], ['y']),
    helper.make_node('Softmax', ['ob'], ['p'], axis=-1),
]
graph = helper.make_graph(nodes, 'block', [helper.make_tensor_value_info('x', TensorProto.FLOAT, [1, 5, 16])],
    [helper.make_tensor_value_info('y', TensorProto.FLOAT, [1, 5, 5]), helper.make_tensor_value_info('p', TensorProto.FLOAT, [1, 5, 12])], inits)
m = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)])
sys.stdout.buffer.write(m.SerializeToString())
`;

function seededFeeds(count, seed) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
    return ((state >>> 0) / 4294967296) * 2 - 1;
  };
  return Array.from({ length: count }, () => ({ x: new nnslim.Tensor('float32', Float32Array.from({ length: 80 }, next), [1, 5, 16]) }));
}

const benchRequire = createRequire(new URL('../../bench/package.json', import.meta.url));

test('onnxruntime-web runs the QDQ export of a MatMul+bias / LayerNorm / Slice / Softmax block like nnslim', async () => {
  const ortPath = new URL('../../bench/node_modules/onnxruntime-web/package.json', import.meta.url);
  assert.ok(existsSync(ortPath), 'onnxruntime-web is missing: run `npm ci --prefix bench`');
  const ort = await import(benchRequire.resolve('onnxruntime-web'));
  ort.env.wasm.numThreads = 1;
  const bytes = runChecked('/usr/bin/python3', ['-c', MODEL_SCRIPT], { maxBuffer: 1 << 24, encoding: 'buffer', label: 'python3: the float regions model' });
  const model = await nnslim.loadModel(new Uint8Array(bytes));
  const quantized = await model.quantize({ calibration: { samples: seededFeeds(16, 3) } });
  try {
    // The int8 runtime takes the Linear layers and the Slice; only the
    // LayerNorm and the Softmax stay float.
    const { layers } = await quantized.benchmark({ warmup: 0, iterations: 1, perLayer: true, inputs: seededFeeds(1, 5)[0] });
    const kernels = layers.map((l) => `${l.op} -> ${l.kernel}`);
    assert.equal(kernels.filter((k) => k.startsWith('MatMul+Add') && k.includes('qs8 gem')).length, 2, kernels.join('\n'));
    assert.ok(kernels.some((k) => k.startsWith('Slice') && k.includes('qs8 copy')), kernels.join('\n'));
    const session = await ort.InferenceSession.create(quantized.toOnnx());
    for (const feeds of seededFeeds(3, 11)) {
      const ours = await quantized.run(feeds);
      const theirs = await session.run({ x: new ort.Tensor('float32', feeds.x.data, feeds.x.dims) });
      // y is DequantizeLinear(int8) of one grid: one step of it.
      const y = ours.y.data;
      const step = (Math.max(0, ...y) - Math.min(0, ...y)) / 255;
      for (let i = 0; i < y.length; i++) {
        assert.ok(Number.isFinite(theirs.y.data[i]) && Math.abs(y[i] - theirs.y.data[i]) <= step * 1.001,
          `y[${i}]: ${y[i]} vs ${theirs.y.data[i]} (step ${step})`);
      }
      // p = Softmax(float) of the same int8 logits: one logit step moves a
      // probability by at most ~step * p (1 - p) <= step / 4.
      for (let i = 0; i < ours.p.data.length; i++) {
        assert.ok(Number.isFinite(theirs.p.data[i]) && Math.abs(ours.p.data[i] - theirs.p.data[i]) <= step / 4 + 1e-6,
          `p[${i}]: ${ours.p.data[i]} vs ${theirs.p.data[i]}`);
      }
    }
    await session.release();
  } finally {
    quantized.dispose();
    model.dispose();
  }
});
