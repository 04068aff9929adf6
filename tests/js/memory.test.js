// The profile's two memory figures: peakMemoryBytes (graph activations,
// liveness plan; a property of the model) and runtimeArenaBytes (the runtime
// arena of the compiled plan; what run() allocates for activations). The
// oracle for the second is the wasm heap itself: malloc's bytes in use grow by
// at least the arena when the plan is compiled, and not again when run()
// reuses that plan. (tests/cpp/session_run_test.cc checks the exact
// allocation.)
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as nnslim from '../../web/node.js';
import { _wasmMemoryStats } from '../../web/internal.js';

const { layers } = nnslim;

// BatchNorm folds into the conv and ReLU6 fuses, so the compiled plan keeps
// fewer tensors than the graph as written.
function fusingCnn(weights) {
  return nnslim.sequential({
    weights,
    seed: 5,
    layers: [
      layers.conv2d({ filters: 16, kernelSize: 3, useBias: false, inputShape: [33, 31, 3] }),
      layers.batchNormalization(),
      layers.activation({ activation: 'relu6' }),
      layers.depthwiseConv2d({ kernelSize: 3, padding: 'same' }),
      layers.globalAveragePooling2d(),
      layers.dense({ units: 10 }),
    ],
  });
}

const mallocBytes = () => _wasmMemoryStats().mallocBytesInUse;

test('profile(): the graph liveness figure always, the runtime arena only with compile: true', async () => {
  const model = fusingCnn();
  try {
    const plain = model.profile({ batchSize: 2 });
    assert.equal(plain.runtimeArenaBytes, null);
    assert.ok(plain.peakMemoryBytes >= 2 * 33 * 31 * 3 * 4, 'the input is alive at the start');

    const before = mallocBytes();
    const compiled = model.profile({ batchSize: 2, compile: true });
    const grown = mallocBytes() - before;
    assert.equal(compiled.peakMemoryBytes, plain.peakMemoryBytes);
    assert.ok(Number.isSafeInteger(compiled.runtimeArenaBytes) && compiled.runtimeArenaBytes > 0);
    assert.ok(grown >= compiled.runtimeArenaBytes, `compiling allocated ${grown} bytes, less than the arena`);

    // run() at these shapes reuses the compiled plan: no second arena.
    const input = new nnslim.Tensor('float32', new Float32Array(2 * 33 * 31 * 3).fill(0.5), [2, 33, 31, 3]);
    const beforeRun = mallocBytes();
    await model.run({ [model.inputNames[0]]: input });
    assert.ok(mallocBytes() - beforeRun < compiled.runtimeArenaBytes);
  } finally {
    model.dispose();
  }
});

test('runtimeArenaBytes is what the first run() allocates for the plan', async () => {
  const profiled = fusingCnn();
  const fresh = fusingCnn();
  try {
    const arena = profiled.profile({ batchSize: 1, compile: true }).runtimeArenaBytes;
    const input = new nnslim.Tensor('float32', new Float32Array(33 * 31 * 3).fill(0.25), [1, 33, 31, 3]);
    const before = mallocBytes();
    await fresh.run({ [fresh.inputNames[0]]: input });
    assert.ok(mallocBytes() - before >= arena, 'the first run allocates at least the arena');
  } finally {
    profiled.dispose();
    fresh.dispose();
  }
});

test('a model without initialized weights cannot compile a plan: profile({ compile: true }) says why', () => {
  const model = fusingCnn('none');
  try {
    assert.equal(model.profile().runtimeArenaBytes, null);
    assert.throws(() => model.profile({ compile: true }), nnslim.NnslimError);
  } finally {
    model.dispose();
  }
});
