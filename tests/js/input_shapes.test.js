// Models with symbolic dims besides the batch (dynamic H/W, as Paddle2ONNX and
// PyTorch's dynamic axes write them): profile({ inputShapes }),
// benchmark({ inputShapes }) and the CLI's --input-shape give them static
// shapes. Binding every symbolic dim to the batch size (the default) would
// make H = W = 1, too small for the model's MaxPool.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import * as nnslim from '../../web/node.js';

const CLI = fileURLToPath(new URL('../../web/cli.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'nnslim-input-shapes-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

// x: [N, 3, H, W] -> Conv 3x3 pad 1 (5 filters) -> MaxPool 2x2 stride 2.
const MODEL = join(scratch, 'dynamic_hw.onnx');
execFileSync('/usr/bin/python3', ['-c', `
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

test('profile binds the given input shape; without it the symbolic H/W make the MaxPool fail', async () => {
  const model = await nnslim.loadModel(MODEL);
  try {
    assert.throws(() => model.profile(), (error) => error instanceof nnslim.NnslimError && error.code === 'INVALID_MODEL'
      && /pool/.test(error.message));
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
  const profile = spawnSync(process.execPath, [CLI, 'profile', MODEL, '--input-shape', 'x=2x3x8x10', '--json'],
    { encoding: 'utf8' });
  assert.equal(profile.status, 0, profile.stderr);
  assert.equal(JSON.parse(profile.stdout).macs, convMacs(2, 8, 10));
  const bench = spawnSync(process.execPath, [CLI, 'bench', MODEL, '--input-shape', '1x3x8x8', '--iterations', '2',
    '--warmup', '0', '--json'], { encoding: 'utf8' });
  assert.equal(bench.status, 0, bench.stderr);
  assert.equal(JSON.parse(bench.stdout).iterations, 2);
  const bad = spawnSync(process.execPath, [CLI, 'profile', MODEL, '--input-shape', 'x=1x3xHx8'], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^nnslim: INVALID_ARGUMENT: --input-shape/);
});
