// Concurrency on one module: run() calls not awaited in between (one model,
// two models, two input shapes), dispose() while a run, a benchmark, a
// quantize or a prune is pending, and a benchmark aborted through its
// signal. Each call either completes correctly, with outputs bit-identical to
// the same runs made one after another (the oracle, computed first), or
// rejects with a coded error: DISPOSED for a model disposed under it, the
// signal's AbortError for an abort (README, "Errors"); nothing corrupts
// another model's outputs.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as nnslim from '../../web/node.js';

function convNet(seed) {
  return nnslim.sequential({
    weights: 'he',
    seed,
    layers: [
      nnslim.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', inputShape: [12, 12, 3], name: 'conv1' }),
      nnslim.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', name: 'conv2' }),
      nnslim.layers.flatten({ name: 'flat' }),
      nnslim.layers.dense({ units: 5, name: 'out' }),
    ],
  });
}

// Seeded feeds of batch `batch` for `model`.
function feedsFor(model, batch, seed) {
  const [input] = model.inputs;
  const dims = input.dims.map((d) => d ?? batch);
  const size = dims.reduce((a, b) => a * b, 1);
  const data = Float32Array.from({ length: size }, (_, i) => Math.sin(seed * 7.1 + i * 0.37));
  return { [input.name]: new nnslim.Tensor('float32', data, dims) };
}

const bits = (outputs) => Object.fromEntries(Object.entries(outputs).map(([name, tensor]) => [
  name, Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength).toString('base64')]));

// The oracle: each (model seed, batch, feed seed) run alone, awaited, on a fresh model.
async function sequentialBits(seed, cases) {
  const model = convNet(seed);
  try {
    const out = [];
    for (const [batch, feedSeed] of cases) out.push(bits(await model.run(feedsFor(model, batch, feedSeed))));
    return out;
  } finally {
    model.dispose();
  }
}

const isDisposed = (error) => {
  assert.ok(error instanceof nnslim.NnslimError, `not an NnslimError: ${error?.stack ?? error}`);
  assert.equal(error.code, 'DISPOSED', error.message);
  return true;
};

// A settled promise that either resolved to `expected` bits or rejected DISPOSED.
async function completesOrDisposed(promise, expected) {
  try {
    const outputs = await promise;
    assert.deepEqual(bits(outputs), expected);
    return 'completed';
  } catch (error) {
    isDisposed(error);
    return 'disposed';
  }
}

const CASES = [[1, 1], [3, 2], [1, 3], [2, 4], [3, 5], [1, 1]];

test('overlapping run() calls on one model, with alternating input shapes, give the sequential bits', async () => {
  const expected = await sequentialBits(21, CASES);
  const model = convNet(21);
  try {
    const pending = CASES.map(([batch, seed]) => model.run(feedsFor(model, batch, seed)));
    const outputs = await Promise.all(pending);
    outputs.forEach((out, i) => assert.deepEqual(bits(out), expected[i], `run ${i}`));
    // And once more with runProfiled() calls mixed in.
    const mixed = CASES.map(([batch, seed], i) => (i % 2
      ? model.runProfiled(feedsFor(model, batch, seed)).then((r) => r.outputs)
      : model.run(feedsFor(model, batch, seed))));
    (await Promise.all(mixed)).forEach((out, i) => assert.deepEqual(bits(out), expected[i], `mixed run ${i}`));
  } finally {
    model.dispose();
  }
});

test('two models running interleaved do not touch each other\'s outputs', async () => {
  const expectedA = await sequentialBits(31, CASES);
  const expectedB = await sequentialBits(32, CASES);
  const a = convNet(31);
  const b = convNet(32);
  try {
    const pending = [];
    for (const [batch, seed] of CASES) {
      pending.push(a.run(feedsFor(a, batch, seed)), b.run(feedsFor(b, batch, seed)));
    }
    const outputs = await Promise.all(pending);
    CASES.forEach((_, i) => {
      assert.deepEqual(bits(outputs[2 * i]), expectedA[i], `model A run ${i}`);
      assert.deepEqual(bits(outputs[2 * i + 1]), expectedB[i], `model B run ${i}`);
    });
    // A benchmark of A with runs of B (and of A itself, other shape) in its pauses.
    const bench = a.benchmark({ warmup: 2, iterations: 30, inputs: feedsFor(a, 1, 1) });
    const during = [];
    for (let i = 0; i < 10; i++) {
      await new Promise((resolve) => { setTimeout(resolve, 1); });
      during.push(b.run(feedsFor(b, 3, 2)), a.run(feedsFor(a, 2, 4)));
    }
    const result = await bench;
    assert.equal(result.samplesMs.length, 30);
    (await Promise.all(during)).forEach((out, i) => assert.deepEqual(bits(out), i % 2 ? expectedA[3] : expectedB[1]));
    assert.deepEqual(bits(await a.run(feedsFor(a, 1, 1))), expectedA[0]);
  } finally {
    a.dispose();
    b.dispose();
  }
});

test('dispose() while runs are pending: each completes with the sequential bits or rejects DISPOSED', async () => {
  const expected = await sequentialBits(41, CASES);
  const other = convNet(42);
  const otherExpected = bits(await other.run(feedsFor(other, 2, 9)));
  const model = convNet(41);
  const lateFeeds = feedsFor(model, 1, 1);
  const pending = CASES.map(([batch, seed]) => model.run(feedsFor(model, batch, seed)));
  model.dispose();
  const late = model.run(lateFeeds);
  for (let i = 0; i < pending.length; i++) await completesOrDisposed(pending[i], expected[i]);
  await assert.rejects(late, isDisposed);
  assert.throws(() => model.inputs, isDisposed);
  model.dispose(); // idempotent
  assert.deepEqual(bits(await other.run(feedsFor(other, 2, 9))), otherExpected, 'another model is unaffected');
  other.dispose();
});

test('dispose() while a benchmark is pending rejects it with DISPOSED', async () => {
  const other = convNet(52);
  const otherExpected = bits(await other.run(feedsFor(other, 1, 3)));
  // Disposed from its own progress callback (between two runs) ...
  const model = convNet(51);
  const fromProgress = model.benchmark({
    warmup: 3, iterations: 1000, onProgress: ({ done }) => { if (done === 2) model.dispose(); },
  });
  await assert.rejects(fromProgress, isDisposed);
  // ... and from a timer while the benchmark yields, with a run of another model in between.
  const second = convNet(53);
  const fromTimer = second.benchmark({ warmup: 0, iterations: 100000 });
  const otherRun = other.run(feedsFor(other, 1, 3));
  await new Promise((resolve) => { setTimeout(resolve, 30); });
  second.dispose();
  await assert.rejects(fromTimer, isDisposed);
  assert.deepEqual(bits(await otherRun), otherExpected);
  assert.deepEqual(bits(await other.run(feedsFor(other, 1, 3))), otherExpected, 'another model is unaffected');
  other.dispose();
});

test('a benchmark aborted through its signal rejects with the AbortError; runs during it are right', async () => {
  const [expected] = await sequentialBits(61, [[2, 6]]);
  const model = convNet(61);
  try {
    const controller = new AbortController();
    const bench = model.benchmark({ warmup: 0, iterations: 100000, signal: controller.signal });
    await new Promise((resolve) => { setTimeout(resolve, 20); });
    const during = model.run(feedsFor(model, 2, 6)); // another shape than the benchmark's
    setTimeout(() => controller.abort(), 10);
    await assert.rejects(bench, (error) => error.name === 'AbortError' && error === controller.signal.reason);
    assert.deepEqual(bits(await during), expected);
    assert.deepEqual(bits(await model.run(feedsFor(model, 2, 6))), expected, 'the model runs as before');
    // A reason of the caller's own is what rejects.
    const mine = new AbortController();
    const reason = new Error('stop');
    const second = model.benchmark({ warmup: 0, iterations: 100000, signal: mine.signal });
    setTimeout(() => mine.abort(reason), 10);
    await assert.rejects(second, (error) => error === reason);
  } finally {
    model.dispose();
  }
});

test('dispose() while quantize() calibrates or prune() is pending rejects it with DISPOSED', async () => {
  const model = convNet(71);
  const samples = [1, 2, 3, 4, 5].map((seed) => feedsFor(model, 1, seed));
  const quantizing = model.quantize({
    calibration: { samples },
    onProgress: ({ phase, done }) => { if (phase === 'calibrate' && done === 2) model.dispose(); },
  });
  await assert.rejects(quantizing, isDisposed);

  const second = convNet(72);
  const pruning = second.prune({ sparsity: 0.5 });
  second.dispose();
  await assert.rejects(pruning, isDisposed);

  // A quantize of a live model alongside a disposed one's is unaffected.
  const third = convNet(73);
  const fourth = convNet(74);
  const alone = await (await convNet(73).quantize({ calibration: { samples } })).run(feedsFor(third, 1, 9));
  const together = third.quantize({ calibration: { samples } });
  const doomed = fourth.quantize({ calibration: { samples } });
  fourth.dispose();
  await assert.rejects(doomed, isDisposed);
  const quantized = await together;
  assert.deepEqual(bits(await quantized.run(feedsFor(third, 1, 9))), bits(alone));
  quantized.dispose();
  third.dispose();
});
