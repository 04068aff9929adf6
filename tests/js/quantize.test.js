// model.quantize(), nnslim.compare(), model.sensitivity() and the export of
// quantized models, through the package. Oracles: compare()'s metrics
// computed by hand on small vectors; the float model's own outputs; the
// exported file run by onnxruntime-web (an independent runtime).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import * as nnslim from '../../web/node.js';

const { layers } = nnslim;

// A small CNN with the ops the pass handles: Conv+ReLU, MaxPool, Flatten, Dense.
function smallCnn(seed = 5) {
  return nnslim.sequential({
    seed,
    layers: [
      layers.conv2d({ name: 'conv', filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [12, 12, 3] }),
      layers.maxPooling2d({ name: 'pool', poolSize: 2, strides: 2 }),
      layers.flatten({ name: 'flatten' }),
      layers.dense({ name: 'head', units: 10 }),
    ],
  });
}

// Seeded feeds of uniform [-1, 1) values.
function feedsFor(model, count, seed) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
    return ((state >>> 0) / 4294967296) * 2 - 1;
  };
  const { name, dims } = model.inputs[0];
  const shape = dims.map((d) => d ?? 1);
  const size = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: count }, () => ({ [name]: new nnslim.Tensor('float32', Float32Array.from({ length: size }, next), shape) }));
}

async function runAll(model, samples) {
  const outputs = [];
  for (const feeds of samples) outputs.push(await model.run(feeds));
  return outputs;
}

async function assertRejectsWith(promise, code, fragments) {
  await assert.rejects(promise, (error) => {
    assert.equal(error.name, 'NnslimError');
    assert.equal(error.code, code, error.message);
    for (const fragment of fragments) assert.ok(error.message.includes(fragment), `"${error.message}" lacks "${fragment}"`);
    return true;
  });
}

test('compare(): SQNR, cosine, max error and top-1 against hand-computed values', () => {
  const ref = { y: new nnslim.Tensor('float32', new Float32Array([1, 2, 3, 4, 4, 3, 2, 1]), [2, 4]) };
  const cand = { y: new nnslim.Tensor('float32', new Float32Array([1, 2, 3, 5, 4, 3, 2, 5]), [2, 4]) };
  const { y } = nnslim.compare(ref, cand);
  // signal = 2 * 30 = 60; noise = 1 + 16 = 17
  assert.ok(Math.abs(y.sqnrDb - 10 * Math.log10(60 / 17)) < 1e-12);
  const dot = 1 + 4 + 9 + 20 + 16 + 9 + 4 + 5;
  const cosine = dot / (Math.sqrt(60) * Math.sqrt(1 + 4 + 9 + 25 + 16 + 9 + 4 + 25));
  assert.ok(Math.abs(y.cosine - cosine) < 1e-12);
  assert.equal(y.maxAbsError, 4);
  assert.equal(y.top1Agreement, 0.5); // row 0: 3 vs 3; row 1: 0 vs 3
  // Identical: Infinity dB; several runs pool; a NaN is never hidden.
  assert.equal(nnslim.compare([ref, ref], [ref, ref]).y.sqnrDb, Infinity);
  const nan = { y: new nnslim.Tensor('float32', new Float32Array([1, 2, NaN, 4, 4, 3, 2, 1]), [2, 4]) };
  const withNan = nnslim.compare(ref, nan).y;
  assert.equal(withNan.sqnrDb, -Infinity);
  assert.ok(Number.isNaN(withNan.maxAbsError));
  // Not classifier-shaped: no top-1.
  const flat = { y: new nnslim.Tensor('float32', new Float32Array([1, 2]), [2]) };
  assert.equal(nnslim.compare(flat, flat).y.top1Agreement, null);
});

test('quantize() returns a new int8 QDQ model close to the float one; the original is untouched', async () => {
  const model = smallCnn();
  const before = model.toOnnx();
  const samples = feedsFor(model, 16, 1);
  const progress = [];
  const quantized = await model.quantize({ calibration: { samples }, onProgress: (p) => progress.push(p) });
  try {
    assert.deepEqual(model.toOnnx(), before);
    assert.equal(progress.filter((p) => p.phase === 'calibrate').length, 16);
    assert.deepEqual(progress.at(-1), { phase: 'quantize', done: 0, total: 1 });
    const reference = await runAll(model, samples);
    const candidate = await runAll(quantized, samples);
    const [result] = Object.values(nnslim.compare(reference, candidate));
    assert.ok(result.sqnrDb > 30, `SQNR ${result.sqnrDb} dB`);
    // Weights: int8 kernels (one byte per float32 element), int32 biases,
    // and per output channel a float32 scale for each (no zero points: 0 is
    // DequantizeLinear's default): conv 8 channels, head 10.
    const floatProfile = model.profile();
    const qProfile = quantized.profile();
    assert.equal(qProfile.params.total, floatProfile.params.total);
    const kernels = 8 * 3 * 3 * 3 + 8 * 6 * 6 * 10;
    const channels = 8 + 10;
    assert.deepEqual(qProfile.weightBytes.byDtype, {
      int8: kernels,
      int32: 4 * channels,
      float32: 4 * 2 * channels,
    });
    assert.ok(qProfile.weightBytes.total < floatProfile.weightBytes.total / 3);
    assert.deepEqual(qProfile.layers.filter((l) => l.weightDtype).map((l) => [l.name, l.weightDtype]), [['conv', 'int8'], ['head', 'int8']]);
    assert.deepEqual(floatProfile.layers.filter((l) => l.weightDtype).map((l) => l.weightDtype), ['float32', 'float32']);
  } finally {
    quantized.dispose();
    model.dispose();
  }
});

test('a quantized model exports as QDQ ONNX and reloads with identical outputs', async () => {
  const model = smallCnn();
  const samples = feedsFor(model, 8, 2);
  const quantized = await model.quantize({ calibration: { samples } });
  const reloaded = await nnslim.loadModel(quantized.toOnnx());
  try {
    assert.ok(reloaded.summary({ printFn: null }).length > 0);
    for (const feeds of feedsFor(model, 3, 9)) {
      const a = await quantized.run(feeds);
      const b = await reloaded.run(feeds);
      for (const name of Object.keys(a)) assert.deepEqual(b[name].data, a[name].data);
    }
  } finally {
    reloaded.dispose();
    quantized.dispose();
    model.dispose();
  }
});

// onnxruntime-web is the bench's dependency (npm ci --prefix bench).
const benchRequire = createRequire(new URL('../../bench/package.json', import.meta.url));

test('onnxruntime-web runs the exported QDQ file within one quantization step of nnslim', async () => {
  const ortPath = new URL('../../bench/node_modules/onnxruntime-web/package.json', import.meta.url);
  assert.ok(existsSync(ortPath), 'onnxruntime-web is missing: run `npm ci --prefix bench`');
  const ort = await import(benchRequire.resolve('onnxruntime-web'));
  ort.env.wasm.numThreads = 1;
  const model = smallCnn();
  const samples = feedsFor(model, 8, 3);
  const quantized = await model.quantize({ calibration: { samples } });
  try {
    const session = await ort.InferenceSession.create(quantized.toOnnx());
    const outputName = quantized.outputNames[0];
    for (const feeds of feedsFor(model, 3, 11)) {
      const [inputName] = Object.keys(feeds);
      const ours = (await quantized.run(feeds))[outputName].data;
      const theirs = (await session.run({ [inputName]: new ort.Tensor('float32', feeds[inputName].data, feeds[inputName].dims) }))[outputName].data;
      // The output is DequantizeLinear(int8) with one scale s: values agree
      // to within one step (different accumulation orders may round the
      // last requantization differently).
      // One step of the output's grid: its range (holding 0) over 255 levels.
      const step = (Math.max(0, ...ours) - Math.min(0, ...ours)) / 255;
      for (let i = 0; i < ours.length; i++) {
        assert.ok(Math.abs(ours[i] - theirs[i]) <= step * 1.001, `element ${i}: ${ours[i]} vs ${theirs[i]} (step ${step})`);
      }
    }
    await session.release();
  } finally {
    quantized.dispose();
    model.dispose();
  }
});

test('weight-only quantization keeps float activations and needs no samples', async () => {
  const model = smallCnn();
  const warnings = [];
  const warn = console.warn;
  console.warn = (message) => warnings.push(message);
  let quantized;
  try {
    quantized = await model.quantize({ activations: 'float32' });
  } finally {
    console.warn = warn;
  }
  try {
    assert.deepEqual(warnings, []);
    const samples = feedsFor(model, 4, 4);
    const [result] = Object.values(nnslim.compare(await runAll(model, samples), await runAll(quantized, samples)));
    assert.ok(result.sqnrDb > 35, `SQNR ${result.sqnrDb} dB`);
    assert.equal(quantized.profile().weightBytes.byDtype.int8 > 0, true);
  } finally {
    quantized.dispose();
    model.dispose();
  }
});

test('no calibration samples: a warning, then random inputs', async () => {
  const model = smallCnn();
  const warnings = [];
  const warn = console.warn;
  console.warn = (message) => warnings.push(message);
  try {
    const quantized = await model.quantize();
    quantized.dispose();
  } finally {
    console.warn = warn;
    model.dispose();
  }
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /no calibration\.samples/);
  assert.match(warnings[0], /CLI: --calib DIR/);
});

test('bad quantize options and samples are INVALID_ARGUMENT errors naming the option; the model stays usable', async () => {
  const model = smallCnn();
  const samples = feedsFor(model, 2, 6);
  const { name, dims } = model.inputs[0];
  const shape = dims.map((d) => d ?? 1);
  const cases = [
    [{ calibration: { samples, method: 'median' } }, ['calibration.method', 'median']],
    [{ scheme: 'affine', calibration: { samples } }, ['scheme', 'affine']],
    [{ weights: 'int4', calibration: { samples } }, ['weights']],
    [{ weightBits: 6, calibration: { samples } }, ['weightBits', '6']],
    [{ weightBits: '7', calibration: { samples } }, ['weightBits', '"7"']],
    [{ calibration: { samples, method: 'percentile', percentile: 0 } }, ['calibration.percentile']],
    [{ calibration: { samples, method: 'percentile', percentile: 100.5 } }, ['calibration.percentile']],
    [{ calibration: { samples: [] } }, ['calibration.samples is empty']],
    [{ calibration: { samples: [{ wrong: samples[0][name] }] } }, ['calibration.samples[0]', "'wrong'"]],
    [{ calibration: { samples: [{ [name]: new nnslim.Tensor('int32', new Int32Array(shape.reduce((a, b) => a * b)), shape) }] } },
      ['calibration.samples[0]', 'int32']],
    [{ calibration: { samples: [{ [name]: new nnslim.Tensor('float32', new Float32Array(4), [1, 4]) }] } },
      ['calibration.samples[0]', 'dims [1, 4]']],
    [{ skip: ['nope'], calibration: { samples } }, ['skip', "'nope'"]],
    // A misspelt option must not silently keep its default.
    [{ perchannel: false, calibration: { samples } }, ["unknown option 'perchannel'", 'perChannel']],
    [{ calibration: { sample: samples } }, ["unknown option 'calibration.sample'", 'samples']],
  ];
  for (const [options, fragments] of cases) await assertRejectsWith(model.quantize(options), 'INVALID_ARGUMENT', fragments);
  const quantized = await model.quantize({ calibration: { samples } });
  await assertRejectsWith(quantized.quantize({ calibration: { samples } }), 'INVALID_ARGUMENT', ['already quantized']);
  await assertRejectsWith(quantized.quantize({ activations: 'float32' }), 'INVALID_ARGUMENT', ['already quantized']);
  // Both models still work.
  assert.ok(Object.keys(await quantized.run(samples[0])).length === 1);
  assert.ok(Object.keys(await model.run(samples[0])).length === 1);
  quantized.dispose();
  model.dispose();
});

test('an AbortSignal stops calibration with its reason', async () => {
  const model = smallCnn();
  const controller = new AbortController();
  const samples = feedsFor(model, 8, 7);
  const promise = model.quantize({
    calibration: { samples },
    signal: controller.signal,
    onProgress: (p) => { if (p.done === 2) controller.abort(new Error('stop')); },
  });
  await assert.rejects(promise, /stop/);
  // Usable after the abort and after a refused sample (samples[5] has the
  // wrong shape); a calibration run to the end then gives the model a fresh
  // model gets from the same samples (the same bytes), for both pass counts.
  assert.equal(Object.keys(await model.run(samples[0])).length, 1);
  const { name, dims } = model.inputs[0];
  const wrong = [...samples.slice(0, 5), { [name]: new nnslim.Tensor('float32', new Float32Array(3), [1, 3]) }];
  await assertRejectsWith(model.quantize({ calibration: { samples: wrong, method: 'entropy' } }), 'INVALID_ARGUMENT',
    ['calibration.samples[5]']);
  assert.equal(dims.length, 4);
  const fresh = smallCnn();
  for (const method of ['minmax', 'entropy']) {
    const again = await model.quantize({ calibration: { samples, method } });
    const reference = await fresh.quantize({ calibration: { samples, method } });
    assert.deepEqual(again.toOnnx(), reference.toOnnx(), method);
    again.dispose();
    reference.dispose();
  }
  fresh.dispose();
  model.dispose();
});

test('sensitivity() ranks layers by the SQNR the model keeps when only that layer is int8', async () => {
  const model = smallCnn();
  const samples = feedsFor(model, 6, 8);
  const ranking = await model.sensitivity({ samples });
  try {
    assert.deepEqual(ranking.map((r) => r.layer).sort(), ['conv', 'head']);
    assert.ok(ranking[0].sqnrDb <= ranking[1].sqnrDb);
    // The oracle for one entry: quantize() with every other layer skipped.
    const only = ranking.find((r) => r.layer === 'head');
    const q = await model.quantize({ calibration: { samples }, skip: ['conv'] });
    const full = Object.values(nnslim.compare(await runAll(model, samples), await runAll(q, samples)))[0].sqnrDb;
    q.dispose();
    assert.ok(only.sqnrDb >= full - 1e-9, `head alone ${only.sqnrDb} dB vs head + activations ${full} dB`);
  } finally {
    model.dispose();
  }
});
