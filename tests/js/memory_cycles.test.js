// No leak across model lifetimes: 1,000 cycles of load -> run -> quantize ->
// prune -> dispose on a small model end with malloc's bytes in use (the
// allocator's own count, mallinfo().uordblks through the bindings) within 1%
// of where they started. One warm-up cycle first: it makes what the module
// keeps for good (the op table, the kernel tables' statics).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as nnslim from '../../web/node.js';
import { _wasmMemoryStats } from '../../web/internal.js';
import { mlpInput, mlpOnnx } from './memory_models.js';

const WIDTH = 16;
const CYCLES = 1000;

async function cycle(bytes) {
  const model = await nnslim.loadModel(bytes, { numThreads: 1 });
  const feeds = mlpInput(nnslim, WIDTH);
  try {
    const [output] = Object.values(await model.run(feeds));
    for (const derive of [() => model.quantize({ activations: 'float32' }), () => model.prune({ sparsity: 0.5 })]) {
      const derived = await derive();
      try {
        await derived.run(feeds);
      } finally {
        derived.dispose();
      }
    }
    return output.data;
  } finally {
    model.dispose();
  }
}

test(`${CYCLES} cycles of load, run, quantize, prune, dispose leave the wasm heap within 1%`, { timeout: 120000 }, async () => {
  const bytes = mlpOnnx({ width: WIDTH, hidden: 64, outputs: 8, seed: 9 });
  const first = await cycle(bytes);
  const start = _wasmMemoryStats().mallocBytesInUse;
  let last;
  for (let i = 0; i < CYCLES; ++i) last = await cycle(bytes);
  const end = _wasmMemoryStats().mallocBytesInUse;
  // The cycles computed something (and the same thing each time).
  assert.deepEqual(last, first);
  assert.ok(first.some((value) => value !== 0) && first.every(Number.isFinite));
  assert.ok(Math.abs(end - start) <= 0.01 * start,
    `malloc'd bytes went from ${start} to ${end} over ${CYCLES} cycles (${((end - start) / CYCLES).toFixed(1)} per cycle)`);
});
