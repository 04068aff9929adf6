// model.prune() from JS: a new model (the original untouched), exact
// sparsities in profile(), channel-pruned MobileNetV2 that still runs with
// the same output shape, ONNX export that reloads with identical outputs,
// errors that name the option, progress and abort.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as nnslim from '../../web/node.js';
import { _wasmMemoryStats } from '../../web/internal.js';

const SHAPE = [96, 96, 3];

function mobilenet() {
  return nnslim.zoo.mobilenetV2({ weights: 'he', seed: 3, inputShape: SHAPE, classes: 10 });
}

function image(seed = 1) {
  let state = seed >>> 0;
  const data = new Float32Array(SHAPE[0] * SHAPE[1] * SHAPE[2]);
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    data[i] = state / 2 ** 31 - 1;
  }
  return new nnslim.Tensor('float32', data, [1, ...SHAPE]);
}

async function output(model, seed = 1) {
  const outputs = await model.run({ [model.inputNames[0]]: image(seed) });
  return Object.values(outputs)[0];
}

function assertAllFinite(data) {
  for (let i = 0; i < data.length; i++) assert.ok(Number.isFinite(data[i]), `element ${i} is ${data[i]}`);
}

test('magnitude pruning: a new model with exact per-layer sparsity; the original is untouched', async () => {
  const model = mobilenet();
  const before = model.profile();
  const pruned = await model.prune({ method: 'magnitude', sparsity: 0.75 });
  try {
    const after = pruned.profile();
    const original = model.profile();
    assert.equal(original.sparsity, 0);
    assert.equal(original.nonzeroParams, before.nonzeroParams);
    assert.deepEqual(original.layers.map((l) => l.sparsity), before.layers.map((l) => l.sparsity));
    // Every pruned layer holds exactly round(0.75 * n) zeros of its n kernel weights.
    const reported = new Map(pruned.pruneReport.layers.map((l) => [l.name, l]));
    assert.ok(reported.size > 40, `pruned ${reported.size} layers`);
    for (const layer of after.layers) {
      const entry = reported.get(layer.name);
      if (!entry) continue;
      assert.equal(entry.zeros, Math.round(0.75 * entry.weights), layer.name);
      assert.equal(layer.sparsity, entry.zeros / entry.weights, layer.name);
    }
    // The default skip list: the first conv and the classifier stay dense.
    for (const name of ['Conv1', 'predictions']) {
      assert.ok(!reported.has(name), name);
      assert.equal(after.layers.find((l) => l.name === name).sparsity, 0, name);
    }
    assert.ok(after.effectiveMacs < 0.4 * after.macs, `${after.effectiveMacs} vs ${after.macs}`);
    assert.equal(after.macs, before.macs);
    assert.equal(after.effectiveFlops, 2 * after.effectiveMacs);
    assert.match(pruned.summary({ printFn: null }), /Sparsity %/);
    assertAllFinite((await output(pruned)).data);
  } finally {
    pruned.dispose();
    model.dispose();
  }
});

test('global scope: one threshold over the pool, the exact total', async () => {
  const model = mobilenet();
  const pruned = await model.prune({ sparsity: 0.9, scope: 'global' });
  try {
    const { layers } = pruned.pruneReport;
    const weights = layers.reduce((sum, l) => sum + l.weights, 0);
    const zeros = layers.reduce((sum, l) => sum + l.zeros, 0);
    assert.equal(zeros, Math.round(0.9 * weights));
    // Layers differ: a global threshold does not give every layer 90%.
    const sparsities = layers.map((l) => l.sparsity);
    assert.ok(Math.max(...sparsities) - Math.min(...sparsities) > 0.05);
  } finally {
    pruned.dispose();
    model.dispose();
  }
});

test('block 1x4 and N:M 2:4 give their patterns and sparsities', async () => {
  const model = mobilenet();
  const blocks = await model.prune({ method: 'block', block: '1x4', sparsity: 0.5 });
  const nm = await model.prune({ nm: '2:4' });
  try {
    for (const layer of blocks.pruneReport.layers) {
      assert.equal(layer.zeros % 4, 0, layer.name);
      assert.equal(layer.zeros, 4 * Math.round(0.5 * (layer.weights / 4)), layer.name);
    }
    // Depthwise convs (1 input channel per group) cannot be cut into 1x4 blocks.
    assert.ok(blocks.pruneReport.skipped.some((why) => /depthwise: block 1x4 does not divide/.test(why)));
    for (const layer of nm.pruneReport.layers) assert.equal(layer.sparsity, 0.5, layer.name);
  } finally {
    blocks.dispose();
    nm.dispose();
    model.dispose();
  }
});

test('block pruning defaults to 8x1 blocks, which run the block-sparse kernels, also after an ONNX round trip', async () => {
  const model = mobilenet();
  const pruned = await model.prune({ method: 'block', sparsity: 0.9 });
  let reloaded = null;
  try {
    for (const layer of pruned.pruneReport.layers) {
      assert.equal(layer.zeros % 8, 0, layer.name);
      assert.equal(layer.zeros, 8 * Math.round(0.9 * (layer.weights / 8)), layer.name);
    }
    const out = await output(pruned);
    assertAllFinite(out.data);
    // Every 1x1 conv (34 in MobileNetV2; none is skipped by default) runs
    // the block-sparse kernel, detected from the weights at compile time.
    const blockSteps = (m) => m.planDescription().filter((step) => /^Conv\S* -> f32 bspmm 8x1 wasmsimd \(/.test(step));
    assert.equal(blockSteps(pruned).length, 34, pruned.planDescription().join('\n'));
    const explained = await pruned.explain({ iterations: 1 });
    const sparseLayers = explained.layers.filter((l) => l.kernel.includes('f32 bspmm 8x1'));
    assert.equal(sparseLayers.length, 34);
    for (const layer of sparseLayers) {
      assert.ok(layer.sparseKernel, layer.name);
      // round(0.9 * blocks) of a layer's blocks: 90% up to the rounding of small layers.
      const blocks = /zero weights in whole 8x1 blocks \(([\d.]+)% of the blocks\)/.exec(layer.why);
      assert.ok(blocks, `${layer.name}: ${layer.why}`);
      assert.ok(Math.abs(Number(blocks[1]) - 90) < 1, `${layer.name}: ${layer.why}`);
    }
    // The export carries only the zeros: the reloaded model finds the
    // blocks again and gives the same bits.
    reloaded = await nnslim.loadModel(pruned.toOnnx());
    const again = await output(reloaded);
    assert.deepEqual(Array.from(again.data), Array.from(out.data));
    assert.equal(blockSteps(reloaded).length, 34);
  } finally {
    reloaded?.dispose();
    pruned.dispose();
    model.dispose();
  }
});

test('channel pruning of MobileNetV2: smaller, verifies, runs, same output shape; MACs ratio', async () => {
  const model = mobilenet();
  const pruned = await model.prune({ method: 'channel', sparsity: 0.5 });
  try {
    const { layers, skipped } = pruned.pruneReport;
    // Each expand conv and every conv not in a residual group lost half its channels.
    assert.ok(layers.some((l) => l.name === 'block_1_expand'));
    for (const l of layers) assert.equal(l.channelsAfter, l.channelsBefore - Math.round(0.5 * l.channelsBefore), l.name);
    assert.ok(skipped.some((why) => /^block_2_project: .*Add/.test(why)), skipped.join('\n'));
    const dense = model.profile();
    const small = pruned.profile();
    assert.ok(small.macs < 0.6 * dense.macs && small.macs > 0.2 * dense.macs, `${small.macs} / ${dense.macs}`);
    assert.ok(small.params.total < dense.params.total);
    const out = await output(pruned);
    const ref = await output(model);
    assert.deepEqual(out.dims, ref.dims);
    assertAllFinite(out.data);
  } finally {
    pruned.dispose();
    model.dispose();
  }
});

test('toOnnx of pruned models loads back with identical outputs', async () => {
  const model = mobilenet();
  for (const options of [{ sparsity: 0.8 }, { method: 'block', block: '4x1', sparsity: 0.5 }, { method: 'channel', sparsity: 0.5 }]) {
    const pruned = await model.prune(options);
    const reloaded = await nnslim.loadModel(pruned.toOnnx());
    try {
      const a = await output(pruned, 7);
      const b = await output(reloaded, 7);
      assert.deepEqual(b.dims, a.dims);
      assert.deepEqual(new Uint8Array(b.data.buffer), new Uint8Array(a.data.buffer), JSON.stringify(options));
      assert.equal(reloaded.profile().nonzeroParams, pruned.profile().nonzeroParams);
      assert.equal(reloaded.profile().sparsity, pruned.profile().sparsity);
      assert.equal(reloaded.profile().effectiveMacs, pruned.profile().effectiveMacs);
    } finally {
      reloaded.dispose();
      pruned.dispose();
    }
  }
  model.dispose();
});

test('bad options: INVALID_ARGUMENT naming the option; the model stays usable; nothing leaks', async () => {
  const model = mobilenet();
  const cases = [
    [{ sparsity: 1 }, /sparsity/],
    [{ sparsity: -0.5 }, /sparsity/],
    [{ sparsity: NaN }, /sparsity/],
    [{ method: 'random' }, /method/],
    [{ method: 'block', block: '3x3', layers: { block_1_expand: 0.5 } }, /block_1_expand.*block 3x3.*does not divide/],
    [{ layers: { no_such_layer: 0.5 } }, /layers.*'no_such_layer'/],
    [{ skip: ['no_such_layer'] }, /skip.*'no_such_layer'/],
    [{ onProgress: 5 }, /onProgress/],
  ];
  const baseline = _wasmMemoryStats().mallocBytesInUse;
  for (const [options, pattern] of cases) {
    await assert.rejects(model.prune(options), (error) => {
      assert.ok(error instanceof nnslim.NnslimError, String(error));
      assert.equal(error.code, 'INVALID_ARGUMENT');
      assert.match(error.message, pattern);
      return true;
    }, JSON.stringify(options));
  }
  assert.ok(_wasmMemoryStats().mallocBytesInUse <= baseline + 4096, 'failed prunes leak');
  assertAllFinite((await output(model)).data);
  model.dispose();
});

test('onProgress counts the layers; an aborted signal stops before pruning', async () => {
  const model = mobilenet();
  const seen = [];
  const pruned = await model.prune({ sparsity: 0.5, onProgress: (p) => seen.push(p) });
  assert.equal(seen.length, pruned.pruneReport.layers.length);
  assert.deepEqual(seen.at(-1), { phase: 'prune', done: seen.length, total: seen.length });
  assert.ok(seen.every((p, i) => p.done === i + 1));
  pruned.dispose();
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(model.prune({ sparsity: 0.5, signal: controller.signal }), { name: 'AbortError' });
  model.dispose();
});
