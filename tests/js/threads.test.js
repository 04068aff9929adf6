// The threaded module in Node (dist/threads/, loaded by web/node.js): it is
// the one Node gets, numThreads reaches the runtime, outputs are the same
// bits for 1, 2 and 3 threads (the one-thread output is the oracle: the C++
// tests check it against the reference executor), the single-threaded
// module is the fallback, and an idle pool never keeps a process alive.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { corpusModels } from '../models/corpus.mjs';
import { jsonOf, runChild } from './node_child.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const THREADED_WASM = resolve(ROOT, 'dist/threads/nnslim-threads.wasm');
const MOBILENET = resolve(ROOT, 'tests/data/generated/mobilenetv2_folded.onnx');

// Three threads even on a 2-core machine (set before the entry is imported).
process.env.NNSLIM_MAX_THREADS = '3';
assert.ok(existsSync(THREADED_WASM), `${THREADED_WASM} is missing: build it with \`bash scripts/build.sh\``);
const nnslim = await import('../../web/node.js');
await nnslim.init(); // asynchronously: the threaded build (a synchronous first call gets a single-threaded one)

// Seeded values in [-1, 1).
function seeded(size, seed) {
  const data = new Float32Array(size);
  let state = seed >>> 0;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    data[i] = state / 2 ** 31 - 1;
  }
  return data;
}

async function outputsWith(path, numThreads, shapes) {
  const model = await nnslim.loadModel(path, { numThreads });
  try {
    assert.equal(model.numThreads, numThreads);
    const feeds = {};
    model.inputs.forEach((input, i) => {
      const dims = shapes?.[input.name] ?? input.dims.map((d) => d ?? 1);
      feeds[input.name] = new nnslim.Tensor('float32', seeded(dims.reduce((a, b) => a * b, 1), 7 + i), dims);
    });
    const out = await model.run(feeds);
    return model.outputNames.map((name) => Buffer.from(out[name].data.buffer, out[name].data.byteOffset,
      out[name].data.byteLength));
  } finally {
    model.dispose();
  }
}

test('Node loads the threaded module: features() reports threads, the cap and the default', () => {
  const f = nnslim.features();
  assert.equal(f.threads, true);
  assert.equal(f.maxThreads, 3);
  assert.equal(f.defaultThreads, 3);
  assert.equal(f.threadsUnavailableReason, null);
});

test('numThreads: validated, capped at maxThreads, reported by benchmark()', async () => {
  await assert.rejects(nnslim.loadModel(MOBILENET, { numThreads: 0 }), /numThreads must be a positive integer/);
  await assert.rejects(nnslim.loadModel(MOBILENET, { numThreads: 1.5 }), /numThreads must be a positive integer/);
  const model = await nnslim.loadModel(MOBILENET, { numThreads: 64 });
  try {
    assert.equal(model.numThreads, 3);
    const result = await model.benchmark({ warmup: 1, iterations: 2 });
    assert.equal(result.numThreads, 3);
  } finally {
    model.dispose();
  }
});

const models = [{ name: 'MobileNetV2', path: MOBILENET }, ...corpusModels().map((m) => ({ name: m.name, path: m.file, shapes: m.inputs }))];
for (const { name, path, shapes } of models) {
  test(`${name}: the same output bits with 1, 2 and 3 threads`, async () => {
    assert.ok(existsSync(path), `${path} is missing: run scripts/setup.sh / scripts/test-data.sh`);
    const single = await outputsWith(path, 1, shapes);
    for (const threads of [2, 3]) {
      const got = await outputsWith(path, threads, shapes);
      assert.equal(got.length, single.length);
      got.forEach((bytes, i) => assert.ok(bytes.equals(single[i]), `output ${i} differs with ${threads} threads`));
    }
  });
}

// Each run chooses between the model's threads and the calling thread from
// its own measured times (src/runtime/thread_choice.h). A new plan's first
// 64 runs split unmeasured (the warm-up); its next runs after long pauses
// are deterministic: 3 on the model's threads, then 3 on the calling thread
// (its 1-thread samples). Every run gives the 1-thread bits, whichever it
// used.
test('spaced runs: the per-run thread choice splits the first 3 runs, not the next 3; the same bits every run', async () => {
  const { _poolStats } = await import('../../web/internal.js');
  const single = await outputsWith(MOBILENET, 1);
  const model = await nnslim.loadModel(MOBILENET, { numThreads: 2 });
  try {
    const input = model.inputs[0];
    const dims = input.dims.map((d) => d ?? 1);
    const feeds = { [input.name]: new nnslim.Tensor('float32', seeded(dims.reduce((a, b) => a * b, 1), 7), dims) };
    const WARMUP_RUNS = 64; // ThreadChoice::kWarmupRuns
    for (let run = 0; run < WARMUP_RUNS; run++) {
      const before = _poolStats().tiles;
      await model.run(feeds);
      assert.ok(_poolStats().tiles > before, `warm-up run ${run} did not split`);
    }
    const split = [];
    for (let run = 0; run < 6; run++) {
      await new Promise((done) => setTimeout(done, 15)); // a long pause (over 12 ms): one class of runs
      const before = _poolStats().tiles;
      const out = await model.run(feeds);
      split.push(_poolStats().tiles > before);
      const { data } = out[model.outputNames[0]];
      const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      assert.ok(bytes.equals(single[0]), `run ${run} differs from the 1-thread output`);
    }
    assert.deepEqual(split, [true, true, true, false, false, false]);
  } finally {
    model.dispose();
  }
});

// A script in a child (node_child.js): one that has not exited within the
// timeout is killed and run once more; one that never exits fails the test
// (runChild throws after the second try), so "exits by itself" still means it.
// The default timeout: each script took under 3 s on the loaded machine.
function runScript(source, env = {}, t = undefined) {
  return runChild(process.execPath, ['--input-type=module', '-e', source], {
    cwd: ROOT, env: { ...process.env, ...env }, t,
  });
}

test('a script that imports nnslim and runs a model on threads exits by itself', (t) => {
  const result = runScript(`
    import * as nnslim from './web/node.js';
    const model = await nnslim.loadModel(${JSON.stringify(MOBILENET)}, { numThreads: 2 });
    const input = model.inputs[0];
    const dims = input.dims.map((d) => d ?? 1);
    const out = await model.run({ [input.name]: new nnslim.Tensor('float32', new Float32Array(dims.reduce((a, b) => a * b)), dims) });
    console.log('threads', nnslim.features().threads, model.numThreads, out[model.outputNames[0]].data.length);
  `, {}, t);
  assert.equal(result.ok, true, result.describe());
  assert.match(result.stdout, /^threads true 2 1000$/m);
});

// One core: the automatic choice is a single-threaded build (a pool gains
// nothing there), and the threaded build, when forced, still starts (its
// glue marks it ready only after its preloaded workers load: with none,
// init() never resolved and the script ended silently, printing nothing).
test('on one core the automatic choice is single-threaded, and a forced threaded build still starts and runs', (t) => {
  const script = `
    import * as nnslim from './web/node.js';
    const model = await nnslim.loadModel(${JSON.stringify(MOBILENET)});
    const input = model.inputs[0];
    const dims = input.dims.map((d) => d ?? 1);
    const out = await model.run({ [input.name]: new nnslim.Tensor('float32', new Float32Array(dims.reduce((a, b) => a * b)), dims) });
    const f = nnslim.features();
    console.log(JSON.stringify({ build: f.build, reason: f.reason, maxThreads: f.maxThreads, numThreads: model.numThreads, outputs: out[model.outputNames[0]].data.length }));
  `;
  const auto = runScript(script, { NNSLIM_MAX_THREADS: '1', NNSLIM_BUILD: '' }, t);
  assert.equal(auto.ok, true, auto.describe());
  const chosen = jsonOf(auto);
  assert.notEqual(chosen.build, 'threads');
  // (Node >= 22 validates relaxed SIMD: the relaxed build is chosen for that.)
  assert.match(chosen.reason, /multipleCores|relaxedSimd/);
  assert.equal(chosen.numThreads, 1);
  assert.equal(chosen.outputs, 1000);
  const forced = runScript(script, { NNSLIM_MAX_THREADS: '1', NNSLIM_BUILD: 'threads' }, t);
  assert.equal(forced.ok, true, forced.describe());
  assert.deepEqual(jsonOf(forced), { build: 'threads', reason: 'forced by NNSLIM_BUILD=threads', maxThreads: 1, numThreads: 1, outputs: 1000 });
});

test('without the threaded module the single-threaded one is loaded: one thread, a reason', (t) => {
  const result = runScript(`
    import * as nnslim from './web/node.js';
    const model = await nnslim.loadModel(${JSON.stringify(MOBILENET)}, { numThreads: 4 });
    console.log(JSON.stringify({ ...nnslim.features(), numThreads: model.numThreads }));
  `, { NNSLIM_SINGLE_THREADED: '1' }, t);
  assert.equal(result.ok, true, result.describe());
  const f = jsonOf(result);
  assert.equal(f.threads, false);
  assert.equal(f.maxThreads, 1);
  assert.equal(f.numThreads, 1);
  assert.match(f.threadsUnavailableReason, /NNSLIM_SINGLE_THREADED/);
});
