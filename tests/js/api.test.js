// The JS API from Node: loading ONNX by path, URL and bytes; summary/profile;
// bad input gives an Error and leaves the module usable; failing calls leak
// nothing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

import * as nnslim from '../../web/node.js';
import { _wasmMemoryStats } from '../../web/internal.js';
import { convMacs, onnxFacts } from './onnx_oracle.js';
import { runChild } from './node_child.js';

const CONV_MODEL = '/usr/share/libonnx-testdata/data/pytorch-converted/test_Conv2d/model.onnx';
const convBytes = readFileSync(CONV_MODEL);
const convFacts = onnxFacts(CONV_MODEL);

// The module answers correctly: used after every bad input.
async function assertStillWorks() {
  const model = await nnslim.loadModel(convBytes);
  try {
    assert.equal(model.profile().params.total, convFacts.initializerElements);
  } finally {
    model.dispose();
  }
}

// A deterministic PRNG (mulberry32), so failures reproduce.
function randomBytesGenerator(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (length) => Uint8Array.from({ length }, () => Math.floor(next() * 256));
}

async function loadError(source) {
  try {
    const model = await nnslim.loadModel(source);
    model.dispose();
  } catch (error) {
    return error;
  }
  return null;
}

test('a model loads the same from a path, a file: URL, a Buffer, a Uint8Array and an ArrayBuffer', async () => {
  const sources = [
    CONV_MODEL,
    pathToFileURL(CONV_MODEL),
    pathToFileURL(CONV_MODEL).href,
    convBytes,
    new Uint8Array(convBytes),
    convBytes.buffer.slice(convBytes.byteOffset, convBytes.byteOffset + convBytes.byteLength),
  ];
  const profiles = [];
  for (const source of sources) {
    const model = await nnslim.loadModel(source);
    profiles.push(model.profile({ batchSize: 1 }));
    model.dispose();
  }
  for (const profile of profiles.slice(1)) assert.deepEqual(profile, profiles[0]);
});

test('profile of test_Conv2d matches ONNX\'s own view of the file', async () => {
  const model = await nnslim.loadModel(CONV_MODEL);
  const profile = model.profile({ batchSize: 1 });
  model.dispose();
  const [convNode] = convFacts.nodes;
  assert.equal(convNode.op, 'Conv');
  assert.equal(profile.batchSize, 1);
  assert.equal(profile.params.total, convFacts.initializerElements);
  assert.equal(profile.params.trainable + profile.params.nonTrainable, profile.params.total);
  assert.equal(profile.macs, convMacs(convNode));
  assert.equal(profile.flops, 2 * profile.macs);
  assert.equal(profile.weightBytes.total, 4 * convFacts.initializerElements);
  assert.deepEqual(profile.weightBytes.byDtype, { float32: 4 * convFacts.initializerElements });
  assert.equal(profile.layers.length, 1);
  const [layer] = profile.layers;
  assert.equal(layer.type, 'Conv');
  assert.deepEqual(layer.outputShape, convNode.outputs[0]);
  assert.equal(layer.params, profile.params.total);
  assert.equal(layer.macs, profile.macs);
  const outputBytes = 4 * convNode.outputs[0].reduce((a, b) => a * b, 1);
  assert.equal(layer.activationBytes, outputBytes);
  assert.ok(profile.peakMemoryBytes >= outputBytes, 'the output is alive at the end');
  for (const key of ['trainableParams', 'nonTrainableParams', 'flops', 'elementwiseOps', 'sparsity']) {
    assert.equal(typeof layer[key], 'number', key);
  }
});

test('summary() prints the table once and returns it', async () => {
  const model = await nnslim.loadModel(CONV_MODEL);
  const printed = [];
  const text = model.summary({ printFn: (line) => printed.push(line) });
  assert.deepEqual(printed, [text]);
  assert.match(text, /Conv/);
  assert.match(text, new RegExp(String(convFacts.initializerElements)));
  assert.equal(model.summary({ printFn: null }), text);
  model.dispose();
});

test('toOnnx() gives a file that loads back with the same profile', async () => {
  const model = await nnslim.loadModel(CONV_MODEL);
  const bytes = model.toOnnx();
  assert.ok(bytes instanceof Uint8Array && bytes.length > 0);
  assert.equal(bytes.buffer.byteLength, bytes.length, 'a copy that owns its buffer, not a view of wasm memory');
  const reloaded = await nnslim.loadModel(bytes);
  assert.deepEqual(reloaded.profile().params, model.profile().params);
  assert.equal(reloaded.profile().macs, model.profile().macs);
  model.dispose();
  reloaded.dispose();
});

test('a disposed model says so; dispose() is idempotent', async () => {
  const model = await nnslim.loadModel(CONV_MODEL);
  model.dispose();
  model.dispose();
  assert.throws(() => model.summary({ printFn: null }), { name: 'NnslimError', code: 'DISPOSED', message: /disposed/ });
});

test('bad batch sizes are rejected', async () => {
  const model = await nnslim.loadModel(CONV_MODEL);
  for (const batchSize of [0, -1, 1.5, NaN, '2', 2 ** 60]) {
    assert.throws(() => model.profile({ batchSize }), { name: 'NnslimError', code: 'INVALID_ARGUMENT', message: /batchSize/ },
      String(batchSize));
  }
  model.dispose();
});

test('arguments that are not bytes, URLs or paths give a clear Error', async () => {
  for (const source of [42, null, undefined, {}, [0x08, 0x07], '', true]) {
    const error = await loadError(source);
    assert.ok(error instanceof nnslim.NnslimError, `${String(source)} must be rejected`);
    assert.equal(error.code, 'INVALID_ARGUMENT');
    assert.match(error.message, /expected ONNX bytes/);
  }
  const missing = await loadError('/nonexistent/model.onnx');
  assert.equal(missing.code, 'INVALID_ARGUMENT');
  assert.match(missing.message, /could not read '\/nonexistent\/model\.onnx': no such file/);
  await assertStillWorks();
});

test('empty and truncated ONNX files give an Error at every cut; the module keeps working', async () => {
  const empty = await loadError(new Uint8Array(0));
  assert.equal(empty.code, 'INVALID_MODEL');
  assert.match(empty.message, /empty/);
  for (let cut = 1; cut < convBytes.length; ++cut) {
    const error = await loadError(convBytes.subarray(0, cut));
    assert.ok(error instanceof nnslim.NnslimError, `cut at ${cut} of ${convBytes.length}: ${error}`);
    assert.equal(error.code, 'INVALID_MODEL', `cut at ${cut}: ${error.message}`);
    assert.ok(error.message.length > 10, `cut at ${cut}: ${error.message}`);
  }
  await assertStillWorks();
});

test('random bytes give an Error; the module keeps working', async () => {
  const randomBytes = randomBytesGenerator(2);
  for (let i = 0; i < 300; ++i) {
    const bytes = randomBytes(1 + (i % 64) * 17);
    const error = await loadError(bytes);
    assert.ok(error instanceof nnslim.NnslimError, `random input #${i}: ${error}`);
    // Random bytes may spell an opset or data type nnslim lacks; never an internal error.
    assert.ok(['INVALID_MODEL', 'UNSUPPORTED_OP'].includes(error.code), `${error.code}: ${error.message}`);
  }
  await assertStillWorks();
});

test('2000 failing calls leak no memory', async () => {
  const randomBytes = randomBytesGenerator(7);
  const badInputs = [convBytes.subarray(0, convBytes.length - 3), randomBytes(4096), convBytes.subarray(0, 40)];
  const fail = async (count) => {
    for (let i = 0; i < count; ++i) assert.ok(await loadError(badInputs[i % badInputs.length]));
  };
  await fail(50); // first-use allocations (statics, caches) happen here
  const before = _wasmMemoryStats();
  await fail(2000);
  const after = _wasmMemoryStats();
  assert.equal(after.memoryBytes, before.memoryBytes, 'wasm memory grew');
  // A leaked exception or input copy per call would be >= 2000 * 100 bytes.
  assert.ok(after.mallocBytesInUse - before.mallocBytesInUse < 16 * 1024,
    `malloc'd bytes grew from ${before.mallocBytesInUse} to ${after.mallocBytesInUse}`);
});

test('disposing models returns their memory', async () => {
  const warmup = await nnslim.loadModel(convBytes);
  warmup.dispose();
  const before = _wasmMemoryStats().mallocBytesInUse;
  for (let i = 0; i < 200; ++i) (await nnslim.loadModel(convBytes)).dispose();
  assert.ok(_wasmMemoryStats().mallocBytesInUse - before < 16 * 1024);
});

test('init() and ready() resolve once the module is loaded; SIMD is there', async () => {
  await nnslim.init();
  await nnslim.ready();
  assert.equal(nnslim.simdSupported(), true);
  assert.ok(nnslim.supportedOps().includes('Conv'));
});

test('without WebAssembly SIMD the import works and the first call rejects with an Error that says so', () => {
  // An engine without SIMD rejects every SIMD module: emulate it in a child process.
  const entry = pathToFileURL(fileURLToPath(new URL('../../web/node.js', import.meta.url))).href;
  const script = `
    WebAssembly.validate = () => false;
    const nnslim = await import(${JSON.stringify(entry)});
    console.log('imported');
    for (const call of [() => nnslim.init(), () => nnslim.supportedOps()]) {
      try { await call(); console.log('loaded'); }
      catch (error) { console.log(error.name + ': ' + error.code + ': ' + error.message); }
    }`;
  const result = runChild(process.execPath, ['--input-type=module', '-e', script], { label: 'a child without SIMD' });
  const lines = result.stdout.trim().split('\n');
  assert.equal(lines.length, 3, result.describe());
  assert.equal(lines[0], 'imported');
  for (const line of lines.slice(1)) assert.match(line, /^NnslimError: INTERNAL: nnslim needs WebAssembly SIMD/);
});

test('bytes cross the boundary intact while wasm memory grows (14 MB MobileNetV2 round trip)', async () => {
  const before = _wasmMemoryStats().memoryBytes;
  const built = nnslim.zoo.mobilenetV2({ weights: 'he', seed: 3 });
  const onnx = built.toOnnx();   // the copy out happens after the export's allocations
  const reloaded = await nnslim.loadModel(onnx); // the copy in happens after the input buffer's allocation
  const [a, b] = [built.profile(), reloaded.profile()];
  built.dispose();
  reloaded.dispose();
  assert.ok(_wasmMemoryStats().memoryBytes > before, 'the test must make memory grow to mean anything');
  assert.ok(onnx.length > 4 * a.params.total, 'the file holds every weight');
  assert.equal(onnx.buffer.byteLength, onnx.length);
  assert.deepEqual(b.params, a.params);
  assert.deepEqual(b.weightBytes, a.weightBytes);
  assert.equal(b.macs, a.macs);
});
