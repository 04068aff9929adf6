// model.run() and model.benchmark() through the package, as a user calls them.
// Oracles: ONNX's own expected outputs (libonnx-testdata, read by Debian's
// python3-onnx), and batch independence (row i of a batch-3 run equals the
// batch-1 run of row i).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as nnslim from '../../web/node.js';
import { assertClose } from './numeric_match.js';
import { onnxCase, readCase } from './onnx_cases.js';
import { _wasmMemoryStats } from '../../web/internal.js';

const CASES = ['test_Conv2d', 'test_Conv2d_depthwise_padded', 'test_MaxPool2d', 'test_AvgPool2d', 'test_Linear',
  'test_Softmax', 'test_PReLU_2d', 'test_BatchNorm2d_eval', 'test_ConvTranspose2d'];

for (const name of CASES) {
  test(`run() matches ONNX's expected output: pytorch-converted/${name}`, async () => {
    const dir = onnxCase(`pytorch-converted/${name}`);
    const model = await nnslim.loadModel(`${dir}/model.onnx`);
    try {
      const { inputs, outputs } = readCase(dir);
      const feeds = {};
      model.inputNames.forEach((inputName, i) => {
        feeds[inputName] = new nnslim.Tensor('float32', Float32Array.from(inputs[i].data), inputs[i].dims);
      });
      const result = await model.run(feeds);
      model.outputNames.forEach((outputName, i) => {
        assert.deepEqual([...result[outputName].dims], outputs[i].dims);
        assertClose(result[outputName].data, outputs[i].data);
      });
    } finally {
      model.dispose();
    }
  });
}

// tests/data/gen_tf2onnx_style_cnn.py: a Keras CNN in tf2onnx's graph shapes
// (NHWC input, Transposes, Shape arithmetic on an unknown batch, MatMul+Add),
// expected outputs from a numpy evaluation in TensorFlow's NHWC/HWIO layout.
test('a tf2onnx-style Keras CNN runs on fast kernels and matches its NHWC numpy oracle (batch 1 and 3)', async () => {
  const dir = new URL('../data/generated/tf2onnx_style_cnn', import.meta.url).pathname;
  const model = await nnslim.loadModel(`${dir}/model.onnx`);
  try {
    assert.deepEqual(model.inputs[0].dimNames, ['unk__51', null, null, null]);
    for (const dataSet of [0, 1]) {
      const { inputs, outputs } = readCase(dir, dataSet);
      const out = await model.run({ input_1: new nnslim.Tensor('float32', Float32Array.from(inputs[0].data), inputs[0].dims) });
      assert.deepEqual([...out.dense.dims], outputs[0].dims);
      assertClose(out.dense.data, outputs[0].data, 1e-4, 1e-6);
    }
    const plan = model.planDescription();
    assert.equal(plan.filter((step) => step === 'reference').length, 0, plan.join('\n'));
  } finally {
    model.dispose();
  }
});

test('rows of a batch run equal batch-1 runs (builder model, symbolic batch)', async () => {
  const model = nnslim.sequential({
    layers: [
      nnslim.layers.dense({ units: 7, activation: 'relu', inputShape: [5] }),
      nnslim.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  const rows = [[1, 2, 3, 4, 5], [-1, 0.5, 0, 2, -3], [0.1, 0.2, 0.3, 0.4, 0.5]];
  const batch = await model.run({ [model.inputNames[0]]: new nnslim.Tensor('float32', rows.flat(), [3, 5]) });
  const out = batch[model.outputNames[0]];
  assert.deepEqual([...out.dims], [3, 3]);
  for (let r = 0; r < 3; ++r) {
    const single = await model.run({ [model.inputNames[0]]: new nnslim.Tensor('float32', rows[r], [1, 5]) });
    assertClose(out.data.subarray(r * 3, r * 3 + 3), single[model.outputNames[0]].data, 1e-6, 1e-7);
    const sum = single[model.outputNames[0]].data.reduce((a, b) => a + b, 0);
    assertClose(sum, 1, 0, 1e-5); // a softmax row sums to 1
  }
  model.dispose();
});

test('steady runs see new input data, own their outputs, switch shapes correctly and do not grow the heap', async () => {
  const model = nnslim.sequential({
    layers: [
      nnslim.layers.dense({ units: 7, activation: 'relu', inputShape: [5] }),
      nnslim.layers.dense({ units: 3 }),
    ],
  });
  const [name] = model.inputNames;
  const [outName] = model.outputNames;
  const rows = [[1, 2, 3, 4, 5], [-1, 0.5, 0, 2, -3], [0.1, 0.2, 0.3, 0.4, 0.5]];
  const batch = (await model.run({ [name]: new nnslim.Tensor('float32', rows.flat(), [3, 5]) }))[outName].data;
  // One Tensor whose data changes between runs (the binding is reused), with
  // a batch-3 run (another signature) in between every time.
  const x = new Float32Array(5);
  const single = new nnslim.Tensor('float32', x, [1, 5]);
  for (let r = 0; r < 3; ++r) {
    x.set(rows[r]);
    const out = (await model.run({ [name]: single }))[outName];
    assert.deepEqual([...out.dims], [1, 3]);
    assertClose(out.data, batch.subarray(r * 3, r * 3 + 3), 1e-6, 1e-7);
    const again = (await model.run({ [name]: new nnslim.Tensor('float32', rows.flat(), [3, 5]) }))[outName];
    assertClose(again.data, batch, 0, 0);
  }
  // Outputs are copies the caller owns: a later run leaves them alone.
  const first = (await model.run({ [name]: single }))[outName].data;
  const kept = Float32Array.from(first);
  x.fill(0.25);
  await model.run({ [name]: single });
  assert.deepEqual([...first], [...kept]);
  // Steady state: no bytes stay allocated on the wasm heap.
  const before = _wasmMemoryStats().mallocBytesInUse;
  for (let i = 0; i < 200; ++i) await model.run({ [name]: single });
  assert.equal(_wasmMemoryStats().mallocBytesInUse, before);
  // A bad feed after cached runs is still checked, and the model keeps working.
  await assert.rejects(model.run({ [name]: new nnslim.Tensor('float32', new Float32Array(6), [1, 6]) }),
    (e) => e instanceof nnslim.NnslimError && e.code === 'INVALID_INPUT' && e.message.includes(`input '${name}' has shape [1, 6]`)
      && e.message.includes('float32 ['));
  assert.equal((await model.run({ [name]: single }))[outName].data.length, 3);
  model.dispose();
});

test('bad feeds name the input and what it expects; the model keeps working', async () => {
  const model = await nnslim.loadModel(`${onnxCase('pytorch-converted/test_Conv2d')}/model.onnx`);
  const [info] = model.inputs;
  const dims = info.dims.map((d) => d ?? 1);
  const size = dims.reduce((a, b) => a * b, 1);
  const good = new nnslim.Tensor('float32', new Float32Array(size), dims);
  const expected = `float32 [${info.dims.join(', ')}]`;
  // An INVALID_INPUT NnslimError whose message has every fragment.
  const badFeed = (...fragments) => (e) => e instanceof nnslim.NnslimError && e.code === 'INVALID_INPUT'
    && fragments.every((fragment) => e.message.includes(fragment));
  await assert.rejects(model.run({ nope: good }), badFeed("unknown input 'nope'", info.name));
  await assert.rejects(model.run({}), badFeed(`missing input '${info.name}'`, expected));
  await assert.rejects(model.run({ [info.name]: new nnslim.Tensor('int32', new Int32Array(size), dims) }),
    badFeed('has dtype int32', expected));
  await assert.rejects(model.run({ [info.name]: new nnslim.Tensor('float32', new Float32Array(size * 2), [dims[0] * 2, ...dims.slice(1)]) }),
    badFeed('has shape', expected));
  await assert.rejects(model.run({ [info.name]: [1, 2, 3] }), badFeed('must be an nnslim.Tensor'));
  await assert.rejects(model.run(null), badFeed('feeds must be an object'));
  const out = await model.run({ [info.name]: good });
  assert.equal(Object.keys(out).length, model.outputNames.length);
  model.dispose();
});

test('benchmark() reports consistent latency statistics and throughput', async () => {
  const model = await nnslim.loadModel(`${onnxCase('pytorch-converted/test_Conv2d')}/model.onnx`);
  const progress = [];
  const result = await model.benchmark({ warmup: 3, iterations: 12, onProgress: (p) => progress.push(p.phase) });
  const l = result.latencyMs;
  assert.equal(result.samplesMs.length, 12);
  assert.deepEqual(progress, [...Array(3).fill('warmup'), ...Array(12).fill('timed')]);
  assert.ok(l.min <= l.p50 && l.p50 <= l.p90 && l.p90 <= l.p99 && l.p99 <= l.max, JSON.stringify(l));
  const mean = result.samplesMs.reduce((a, b) => a + b, 0) / 12;
  assertClose(l.mean, mean, 0, 1e-9);
  assertClose(result.throughput, 1000 / l.mean, 0, 1e-9);
  assert.ok(result.coldMs > 0);
  await assert.rejects(model.benchmark({ iterations: 0 }), { name: 'NnslimError', code: 'INVALID_ARGUMENT', message: /iterations/ });
  await assert.rejects(model.benchmark({ batchSize: 0 }), { name: 'NnslimError', code: 'INVALID_ARGUMENT', message: /batchSize/ });
  model.dispose();
});

test('the builder MobileNetV2 runs entirely on fast kernels', async () => {
  const model = nnslim.zoo.mobilenetV2();
  const out = await model.run({ [model.inputNames[0]]: new nnslim.Tensor('float32', new Float32Array(224 * 224 * 3).fill(0.5), [1, 224, 224, 3]) });
  const probs = out[model.outputNames[0]];
  assert.deepEqual([...probs.dims], [1, 1000]);
  assertClose(probs.data.reduce((a, b) => a + b, 0), 1, 0, 1e-4);
  const plan = model.planDescription();
  assert.equal(plan.filter((step) => step === 'reference').length, 0, plan.join('\n'));
  assert.ok(plan.some((step) => step.includes('dwconv')) && plan.some((step) => step.includes('igemm')));
  model.dispose();
});

test('a model too large to run gives an OUT_OF_MEMORY Error naming the tensor; the module keeps working', async () => {
  // 40000 x 40000 float32 weights = 6.4 GB: more than a 32-bit WebAssembly
  // memory can hold. Profiling needs no weights; running must refuse cleanly.
  const huge = nnslim.sequential({ layers: [nnslim.layers.dense({ units: 40000, inputShape: [40000], name: 'huge' })] });
  assert.equal(huge.profile().params.total, 40000 * 40000 + 40000);
  const x = new nnslim.Tensor('float32', new Float32Array(40000), [1, 40000]);
  await assert.rejects(huge.run({ [huge.inputNames[0]]: x }),
    (e) => e instanceof nnslim.NnslimError && e.code === 'OUT_OF_MEMORY' && /out of memory/.test(e.message) && /huge/.test(e.message));
  huge.dispose();
  const small = nnslim.sequential({ layers: [nnslim.layers.dense({ units: 2, inputShape: [3] })] });
  const out = await small.run({ [small.inputNames[0]]: new nnslim.Tensor('float32', [1, 2, 3], [1, 3]) });
  assert.equal(out[small.outputNames[0]].data.length, 2);
  small.dispose();
});
