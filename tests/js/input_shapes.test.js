// Models with symbolic dims besides the batch (dynamic H/W, as Paddle2ONNX and
// PyTorch's dynamic axes write them): profile({ inputShapes }),
// benchmark({ inputShapes }) and the CLI's --input-shape give them static
// shapes. Without them those calls (and quantize()'s random calibration) are
// INVALID_ARGUMENT errors naming the input: binding every symbolic dim to the
// batch size would make H = W = 1, too small for the model's MaxPool (or, for
// a model without one, a silent profile of a 1x1 image).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import * as nnslim from '../../web/node.js';
import { corpusModelFile } from './corpus_model.js';
import { jsonOf, runChecked, runChild } from './node_child.js';

const CLI = fileURLToPath(new URL('../../web/cli.js', import.meta.url));
// The CLI in a child (node_child.js: a timeout, one retry when it hangs).
const cli = (...args) => runChild(process.execPath, [CLI, ...args], { label: `nnslim ${args.join(' ')}` });
const scratch = mkdtempSync(join(tmpdir(), 'nnslim-input-shapes-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

// x: [N, 3, H, W] -> Conv 3x3 pad 1 (5 filters) -> MaxPool 2x2 stride 2.
const MODEL = join(scratch, 'dynamic_hw.onnx');
runChecked('/usr/bin/python3', ['-c', `
import sys, numpy as np, onnx
from onnx import helper, numpy_helper, TensorProto
w = numpy_helper.from_array(np.linspace(-1, 1, 5 * 3 * 3 * 3, dtype=np.float32).reshape(5, 3, 3, 3), 'w')
nodes = [helper.make_node('Conv', ['x', 'w'], ['c'], name='conv', pads=[1, 1, 1, 1]),
         helper.make_node('MaxPool', ['c'], ['y'], name='pool', kernel_shape=[2, 2], strides=[2, 2])]
graph = helper.make_graph(nodes, 'g', [helper.make_tensor_value_info('x', TensorProto.FLOAT, ['N', 3, 'H', 'W'])],
                          [helper.make_tensor_value_info('y', TensorProto.FLOAT, ['N', 5, 'h', 'w'])], [w])
onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)]), sys.argv[1])
`, MODEL]);

// The conv's MACs by the usual formula: N * Cout * Ho * Wo * Cin * Kh * Kw.
const convMacs = (n, h, w) => n * 5 * h * w * 3 * 3 * 3;

// The error for an input with symbolic H/W and no shape: names the call, the
// input and the option.
const needsShape = (what) => (error) => error instanceof nnslim.NnslimError && error.code === 'INVALID_ARGUMENT'
  && error.message.startsWith(`${what}: input 'x' has symbolic dims besides the batch ([N, 3, H, W])`)
  && /inputShapes: \{ 'x': \[1, 3, \?, \?\] \}/.test(error.message) && /--input-shape x=1x3x\?x\?/.test(error.message);

test('profile binds the given input shape; without it an INVALID_ARGUMENT error names the input', async () => {
  const model = await nnslim.loadModel(MODEL);
  try {
    assert.throws(() => model.profile(), needsShape('profile'));
    assert.throws(() => model.summary({ printFn: null }), needsShape('summary'));
    await assert.rejects(model.benchmark({ iterations: 1, warmup: 0 }), needsShape('benchmark'));
    const profile = model.profile({ inputShapes: { x: [2, 3, 8, 10] } });
    assert.equal(profile.macs, convMacs(2, 8, 10));
    assert.equal(profile.flops, 2 * convMacs(2, 8, 10));
    const pool = profile.layers.find((layer) => layer.name === 'pool');
    assert.deepEqual(pool.outputShape.slice(1), [5, 4, 5]);
    // The model still works afterwards, and the binding did not stick.
    assert.equal(model.profile({ inputShapes: { x: [1, 3, 6, 6] } }).macs, convMacs(1, 6, 6));
  } finally {
    model.dispose();
  }
});

test('input shapes that do not fit the model are INVALID_ARGUMENT errors naming the input', async () => {
  const model = await nnslim.loadModel(MODEL);
  try {
    const bad = [
      [{ y: [1, 3, 8, 8] }, /no such input.*'x'/],
      [{ x: [1, 3, 8] }, /rank 4/],
      [{ x: [1, 4, 8, 8] }, /dim 1 is 3/],
      [{ x: [1, 3, 0, 8] }, /positive integers/],
      [{ x: '1x3x8x8' }, /positive integers/],
    ];
    for (const [inputShapes, message] of bad) {
      assert.throws(() => model.profile({ inputShapes }), (error) => error instanceof nnslim.NnslimError
        && error.code === 'INVALID_ARGUMENT' && message.test(error.message), JSON.stringify(inputShapes));
    }
    await assert.rejects(model.benchmark({ inputShapes: { y: [1, 3, 8, 8] }, iterations: 1, warmup: 0 }),
      (error) => error.code === 'INVALID_ARGUMENT' && /'y'/.test(error.message));
    assert.equal(model.profile({ inputShapes: { x: [1, 3, 4, 4] } }).macs, convMacs(1, 4, 4));
  } finally {
    model.dispose();
  }
});

test('benchmark times random inputs of the given shape', async () => {
  const model = await nnslim.loadModel(MODEL);
  try {
    const result = await model.benchmark({ inputShapes: { x: [1, 3, 16, 12] }, iterations: 3, warmup: 1, perLayer: true });
    assert.equal(result.iterations, 3);
    assert.ok(Number.isFinite(result.latencyMs.p50) && result.latencyMs.p50 > 0);
    assert.ok(result.layers.some((step) => step.op.includes('MaxPool')));
    const outputs = await model.run({ x: new nnslim.Tensor('float32', new Float32Array(3 * 16 * 12), [1, 3, 16, 12]) });
    assert.deepEqual(outputs.y.dims, [1, 5, 8, 6]);
  } finally {
    model.dispose();
  }
});

test('CLI: --input-shape for profile and bench; bad values are usage errors', () => {
  const profile = cli('profile', MODEL, '--input-shape', 'x=2x3x8x10', '--json');
  assert.equal(profile.status, 0, profile.describe());
  assert.equal(jsonOf(profile).macs, convMacs(2, 8, 10));
  const bench = cli('bench', MODEL, '--input-shape', '1x3x8x8', '--iterations', '2', '--warmup', '0', '--json');
  assert.equal(bench.status, 0, bench.describe());
  assert.equal(jsonOf(bench).iterations, 2);
  const bad = cli('profile', MODEL, '--input-shape', 'x=1x3xHx8');
  assert.equal(bad.status, 1, bad.describe());
  assert.match(bad.stderr, /^nnslim: INVALID_ARGUMENT: --input-shape/);
});

test('summary binds the given input shape', async () => {
  const model = await nnslim.loadModel(MODEL);
  try {
    const text = model.summary({ printFn: null, inputShapes: { x: [1, 3, 8, 10] } });
    // Conv pad 1 keeps 8x10; MaxPool 2x2 stride 2 halves it; params: 5x3x3x3 weights.
    assert.match(text, /conv \(Conv\)\s+\(1, 5, 8, 10\)\s+135/);
    assert.match(text, /pool \(MaxPool\)\s+\(1, 5, 4, 5\)\s+0/);
    assert.throws(() => model.summary({ printFn: null, inputShapes: { x: [1, 4, 8, 8] } }),
      (error) => error.code === 'INVALID_ARGUMENT' && /dim 1 is 3/.test(error.message));
  } finally {
    model.dispose();
  }
});

test('quantize calibrates on random inputs of the given shape; without one it names the input', async () => {
  const model = await nnslim.loadModel(MODEL);
  const warn = console.warn;
  console.warn = () => {};
  try {
    await assert.rejects(model.quantize(), needsShape('quantize'));
    await assert.rejects(model.quantize({ inputShapes: { y: [1, 3, 8, 8] } }),
      (error) => error.code === 'INVALID_ARGUMENT' && /inputShapes names 'y'/.test(error.message));
    const quantized = await model.quantize({ inputShapes: { x: [1, 3, 8, 8] } });
    try {
      // Calibrated on uniform [-1, 1) inputs: the int8 model tracks the float one on such an input.
      const data = Float32Array.from({ length: 3 * 8 * 8 }, (_, i) => Math.sin(i));
      const feeds = { x: new nnslim.Tensor('float32', data, [1, 3, 8, 8]) };
      const fidelity = nnslim.compare(await model.run(feeds), await quantized.run(feeds));
      assert.ok(fidelity.y.sqnrDb > 20, JSON.stringify(fidelity));
    } finally {
      quantized.dispose();
    }
  } finally {
    console.warn = warn;
    model.dispose();
  }
});

// sensitivity() profiles the model to find its layers: with the samples'
// shapes (profiling with none is the symbolic-H/W error above). Oracle: the
// conv, the model's one layer with weights, quantized alone keeps the int8
// fidelity the whole-model quantize() test above asserts on such inputs.
test('sensitivity profiles with the shapes of its samples', async () => {
  const model = await nnslim.loadModel(MODEL);
  const warn = console.warn;
  console.warn = () => {};
  try {
    const samples = [0, 1, 2].map((seed) => ({
      x: new nnslim.Tensor('float32', Float32Array.from({ length: 3 * 8 * 10 }, (_, i) => Math.sin(i + 7 * seed)), [1, 3, 8, 10]),
    }));
    const ranking = await model.sensitivity({ samples });
    assert.deepEqual(ranking.map((entry) => [entry.layer, entry.type]), [['conv', 'Conv']]);
    assert.ok(Number.isFinite(ranking[0].sqnrDb) && ranking[0].sqnrDb > 20, JSON.stringify(ranking));
  } finally {
    console.warn = warn;
    model.dispose();
  }
});

test('CLI: --input-shape for summary, quantize, prune and explain; without it the error names the flag', () => {
  for (const command of [['summary'], ['profile'], ['bench'], ['explain'], ['quantize', '-o', join(scratch, 'q.onnx')],
    ['prune', '-o', join(scratch, 'p.onnx')]]) {
    const missing = cli(command[0], MODEL, ...command.slice(1));
    assert.equal(missing.status, 1, command[0]);
    assert.match(missing.stderr, /^nnslim: INVALID_ARGUMENT: .*input 'x' has symbolic dims.*--input-shape x=1x3x\?x\?\)$/m, command[0]);
    const given = cli(command[0], MODEL, ...command.slice(1), '--input-shape', 'x=1x3x8x10');
    assert.equal(given.status, 0, `${command[0]}: ${given.stderr}`);
  }
  assert.match(cli('summary', MODEL, '--input-shape', '1x3x8x10').stdout, /pool \(MaxPool\)\s+\(1, 5, 4, 5\)/);
});

// A real model with symbolic H/W and no pooling: PP-OCRv4's DBNet detector.
// Bound to 1x1 it profiled without an error (MACs of a 1x1 image, 1/102400
// of a 320x320 page); its output is a text probability map at the input's
// resolution, which the summary must show for the given shape.
test('corpus: the PP-OCRv4 detector needs an input shape, and its map has the input resolution', async () => {
  const model = await nnslim.loadModel(corpusModelFile('ppocrv4-det'));
  try {
    assert.throws(() => model.profile(), (error) => error.code === 'INVALID_ARGUMENT' && /input 'x' has symbolic dims/.test(error.message));
    const text = model.summary({ printFn: null, inputShapes: { x: [1, 3, 320, 320] } });
    assert.match(text.trimEnd().split('\n').find((line) => line.includes('p2o.Sigmoid.0 ')), /\(1, 1, 320, 320\)/);
    const small = model.profile({ inputShapes: { x: [1, 3, 160, 160] } });
    const large = model.profile({ inputShapes: { x: [1, 3, 320, 320] } });
    // A fully convolutional net: MACs scale with the pixel count (4x), up to the
    // few ops with fixed-size outputs.
    assert.ok(Math.abs(large.macs / small.macs - 4) < 0.05, `${large.macs} / ${small.macs}`);
  } finally {
    model.dispose();
  }
});

// A given shape's first dim is the batch (the model's is symbolic): the
// reported batch size is that dim, and a batchSize that disagrees is an
// error, not a report of batch 2 beside the MACs of batch 1.
test('the batch of a given shape is the reported batch; a different batchSize is an error', async () => {
  const model = await nnslim.loadModel(MODEL);
  try {
    const profile = model.profile({ inputShapes: { x: [2, 3, 8, 10] } });
    assert.equal(profile.batchSize, 2);
    assert.equal(profile.macs, convMacs(2, 8, 10));
    assert.equal(model.profile({ batchSize: 2, inputShapes: { x: [2, 3, 8, 10] } }).macs, convMacs(2, 8, 10));
    assert.throws(() => model.profile({ batchSize: 3, inputShapes: { x: [2, 3, 8, 10] } }),
      (error) => error.code === 'INVALID_ARGUMENT' && /inputShapes\['x'\] has batch 2 .* batchSize is 3/.test(error.message));
    const bench = await model.benchmark({ inputShapes: { x: [2, 3, 8, 8] }, iterations: 1, warmup: 0 });
    assert.equal(bench.batchSize, 2);
    await assert.rejects(model.benchmark({ batchSize: 4, inputShapes: { x: [2, 3, 8, 8] }, iterations: 1, warmup: 0 }),
      (error) => error.code === 'INVALID_ARGUMENT' && /batchSize is 4/.test(error.message));
  } finally {
    model.dispose();
  }
  const mismatch = cli('profile', MODEL, '--batch', '2', '--input-shape', 'x=1x3x8x10');
  assert.equal(mismatch.status, 1, mismatch.describe());
  assert.match(mismatch.stderr, /^nnslim: INVALID_ARGUMENT: profile: inputShapes\['x'\] has batch 1 \(its first dim\), but batchSize is 2/);
  const json = jsonOf(cli('profile', MODEL, '--input-shape', 'x=2x3x8x10', '--json'));
  assert.equal(json.batchSize, 2);
});
