// init({ maxMemoryBytes }): with the WebAssembly memory capped, every
// operation that needs more than is left (load, plan compilation in run(),
// quantize, prune) fails with OUT_OF_MEMORY, gives back what it had taken,
// and the same module instance afterwards computes what it computed before.
// This file runs in its own process (node --test), so its init() is the first.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as nnslim from '../../web/node.js';
import { _wasmMemoryStats } from '../../web/internal.js';
import { mlpInput, mlpOnnx } from './memory_models.js';

const LIMIT = 48 << 20;
const WIDTH = 512;

async function outputBytes(model) {
  const outputs = await model.run(mlpInput(nnslim, WIDTH));
  return new Uint8Array(Object.values(outputs)[0].data.buffer.slice(0));
}

// Asserts that `operation` rejects with OUT_OF_MEMORY, twice, and that the
// second failure leaves malloc's bytes in use as they were: a failure frees
// what it allocated. (The first may keep what a success keeps too: a model's
// session is made on its first run() and stays.)
async function failsOutOfMemory(what, operation) {
  const rejectsOutOfMemory = () => assert.rejects(operation, (error) => {
    assert.ok(error instanceof nnslim.NnslimError, `${what}: ${error}`);
    assert.equal(error.code, 'OUT_OF_MEMORY', `${what}: ${error.message}`);
    return true;
  }, `${what} must fail with the heap full`);
  await rejectsOutOfMemory();
  const before = _wasmMemoryStats().mallocBytesInUse;
  await rejectsOutOfMemory();
  assert.equal(_wasmMemoryStats().mallocBytesInUse, before, `${what}: the failure leaked`);
}

test('maxMemoryBytes must be a positive integer (before the module loads)', async () => {
  for (const bad of [0, -1, 1.5, '64MB', Number.NaN]) {
    await assert.rejects(nnslim.init({ maxMemoryBytes: bad }), (error) => {
      assert.equal(error.code, 'INVALID_ARGUMENT', String(bad));
      assert.match(error.message, /maxMemoryBytes must be a positive integer/);
      return true;
    });
  }
});

test('maxMemoryBytes: a full heap fails load, run, quantize and prune with OUT_OF_MEMORY; the module recovers', async () => {
  await nnslim.init({ maxMemoryBytes: LIMIT });
  // 3 MiB of weights: every operation on it needs far more than the filler-sized hole a full heap keeps.
  const subjectBytes = mlpOnnx({ width: WIDTH, hidden: 1024, outputs: 256, seed: 3 });
  const fillerBytes = mlpOnnx({ width: 8, hidden: 4096, outputs: 8, seed: 4 }); // 256 KiB of weights

  // What the module computes before any failure.
  const subject = await nnslim.loadModel(subjectBytes);
  const expected = await outputBytes(subject);
  const quantizeOptions = { activations: 'float32' }; // weight-only: no calibration
  const pruneOptions = { sparsity: 0.5 };
  let derived = await subject.quantize(quantizeOptions);
  const expectedQuantized = await outputBytes(derived);
  derived.dispose();
  derived = await subject.prune(pruneOptions);
  const expectedPruned = await outputBytes(derived);
  derived.dispose();
  subject.dispose();

  // Fill the heap: a subject loaded but not compiled, then fillers until one no longer fits.
  const loaded = await nnslim.loadModel(subjectBytes);
  const fillers = [];
  try {
    for (;;) {
      assert.ok(fillers.length < 1000, 'the heap never filled up: maxMemoryBytes has no effect');
      try {
        fillers.push(await nnslim.loadModel(fillerBytes));
      } catch (error) {
        assert.equal(error.code, 'OUT_OF_MEMORY', error.message);
        break;
      }
    }
    const { memoryBytes } = _wasmMemoryStats();
    assert.ok(memoryBytes <= LIMIT, `the memory grew to ${memoryBytes} bytes, past the ${LIMIT} limit`);
    assert.ok(fillers.length > 10, `only ${fillers.length} fillers fit in ${LIMIT} bytes`);

    await failsOutOfMemory('loadModel', () => nnslim.loadModel(subjectBytes));
    await failsOutOfMemory('run (compiling the plan)', () => loaded.run(mlpInput(nnslim, WIDTH)));
    await failsOutOfMemory('quantize', () => loaded.quantize(quantizeOptions));
    await failsOutOfMemory('prune', () => loaded.prune(pruneOptions));
  } finally {
    for (const filler of fillers) filler.dispose();
  }

  // The same instance, with room again: the same bits as before the failures.
  assert.deepEqual(await outputBytes(loaded), expected, 'run after OUT_OF_MEMORY');
  derived = await loaded.quantize(quantizeOptions);
  assert.deepEqual(await outputBytes(derived), expectedQuantized, 'quantize after OUT_OF_MEMORY');
  derived.dispose();
  derived = await loaded.prune(pruneOptions);
  assert.deepEqual(await outputBytes(derived), expectedPruned, 'prune after OUT_OF_MEMORY');
  derived.dispose();
  loaded.dispose();
  const reloaded = await nnslim.loadModel(subjectBytes);
  assert.deepEqual(await outputBytes(reloaded), expected, 'loadModel after OUT_OF_MEMORY');
  reloaded.dispose();
});
