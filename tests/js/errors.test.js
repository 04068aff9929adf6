// Error codes users branch on: the list is the same in the C++ core, the JS
// package, its types and the README; every code is produced, with the right
// value, by a representative mistake; and after each one the module still
// runs a good model to the same output as before.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import * as nnslim from '../../web/node.js';
import { runChild } from './node_child.js';

const ROOT = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, ROOT), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'nnslim-errors-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

// The codes, in order, as NNSLIM_ERROR_CODES in src/core/error.h lists them.
function coreCodes() {
  const header = read('src/core/error.h');
  const list = header.match(/#define NNSLIM_ERROR_CODES\(X\)((?:.*\\\n)*.*)/);
  assert.ok(list, 'NNSLIM_ERROR_CODES not found in src/core/error.h');
  return [...list[1].matchAll(/X\(\w+, "([A-Z_]+)"\)/g)].map((match) => match[1]);
}

// The JS loader's own codes (web/errors.js), after the core's.
const LOADER_CODES = ['NOT_INITIALIZED', 'WASM_LOAD_FAILED'];

test('the code list is the same in the C++ core, NnslimError.codes, index.d.ts and the README', () => {
  const core = [...coreCodes(), ...LOADER_CODES];
  assert.equal(core.length, 9, core.join(', '));
  assert.deepEqual([...nnslim.NnslimError.codes], core);

  const union = read('web/index.d.ts').match(/export type NnslimErrorCode =([^;]+);/);
  assert.ok(union, 'index.d.ts has no NnslimErrorCode union');
  assert.deepEqual([...union[1].matchAll(/'([A-Z_]+)'/g)].map((match) => match[1]), core);
  // Each code is documented in the .d.ts comment too.
  const typesDoc = read('web/index.d.ts').split('export type NnslimErrorCode')[0];
  for (const code of core) assert.match(typesDoc, new RegExp(`\`${code}\`: \\S`), `${code} undocumented in index.d.ts`);

  const readmeCodes = [...read('README.md').matchAll(/^\s*- `([A-Z_]+)`: \S/gm)].map((match) => match[1]);
  assert.deepEqual(readmeCodes, core, 'the README lists each code once, in the core\'s order');
});

test('NnslimError carries its code; without a known one it is INTERNAL', () => {
  const error = new nnslim.NnslimError('bad', { code: 'INVALID_INPUT', cause: 7 });
  assert.ok(error instanceof Error);
  assert.equal(error.name, 'NnslimError');
  assert.equal(error.code, 'INVALID_INPUT');
  assert.equal(error.cause, 7);
  assert.equal(new nnslim.NnslimError('no code').code, 'INTERNAL');
  assert.equal(new nnslim.NnslimError('typo', { code: 'INVALID_INPUTS' }).code, 'INTERNAL');
  assert.equal(new nnslim.NnslimCrashError('trap').code, 'INTERNAL');
  assert.ok(Object.isFrozen(nnslim.NnslimError.codes));
});

// A good model, and its output for a fixed input before any error happened.
const good = nnslim.sequential({
  weights: 'he',
  seed: 5,
  layers: [
    nnslim.layers.dense({ units: 4, activation: 'relu', inputShape: [3], name: 'hidden' }),
    nnslim.layers.dense({ units: 2, name: 'out' }),
  ],
});
const goodInput = good.inputNames[0];
const goodFeeds = { [goodInput]: new nnslim.Tensor('float32', [0.5, -1, 2, 1, 0.25, -0.75], [2, 3]) };
const goodOutput = [...(await good.run(goodFeeds))[good.outputNames[0]].data];
const goodBytes = good.toOnnx();

// After an error: the same model, and a fresh one from its ONNX bytes, still
// give the output they gave before any error.
async function assertStillWorks(after) {
  assert.deepEqual([...(await good.run(goodFeeds))[good.outputNames[0]].data], goodOutput, `after ${after}`);
  const reloaded = await nnslim.loadModel(goodBytes);
  try {
    assert.deepEqual([...(await reloaded.run(goodFeeds))[reloaded.outputNames[0]].data], goodOutput, `after ${after}`);
  } finally {
    reloaded.dispose();
  }
}

// The NnslimError `call` throws or rejects with (fails the test if none).
async function errorOf(call) {
  try {
    await call();
  } catch (error) {
    assert.ok(error instanceof nnslim.NnslimError, `expected an NnslimError, got ${error?.stack ?? error}`);
    return error;
  }
  assert.fail('no error');
}

// `bytes` with every op_type field (NodeProto field 4) equal to `from`
// renamed to `to` (same length, so the protobuf stays well-formed).
function renameOpType(bytes, from, to) {
  assert.equal(from.length, to.length);
  const field = Buffer.from([0x22, from.length, ...Buffer.from(from, 'latin1')]);
  const out = Buffer.from(bytes);
  let renamed = 0;
  for (let at = out.indexOf(field); at >= 0; at = out.indexOf(field, at + 1)) {
    out.write(to, at + 2, 'latin1');
    ++renamed;
  }
  assert.ok(renamed > 0, `no ${from} node`);
  return new Uint8Array(out);
}

test('INVALID_MODEL: truncated and corrupt ONNX bytes', async () => {
  for (const cut of [0, 1, 50, goodBytes.length >> 1, goodBytes.length - 1]) {
    const error = await errorOf(() => nnslim.loadModel(goodBytes.subarray(0, cut)));
    assert.equal(error.code, 'INVALID_MODEL', `cut at ${cut}: ${error.message}`);
  }
  const error = await errorOf(() => nnslim.loadModel(new TextEncoder().encode('not a protobuf at all')));
  assert.equal(error.code, 'INVALID_MODEL', error.message);
  await assertStillWorks('INVALID_MODEL');
});

test('INVALID_MODEL: shapes that do not fit together, from summary, profile and run alike', async () => {
  // The input's declared feature dim 3 (a Dimension message: dim_value 3)
  // becomes 5, which the first Gemm's [3, 4] weights cannot take. Import
  // does not infer shapes, so the file loads; every later use names the node.
  const bytes = Buffer.from(goodBytes);
  const dimThree = Buffer.from([0x0a, 0x02, 0x08, 0x03]);
  const at = bytes.indexOf(dimThree);
  assert.ok(at >= 0 && bytes.indexOf(dimThree, at + 1) < 0, 'exactly one dim of 3');
  bytes[at + 3] = 5;
  const model = await nnslim.loadModel(new Uint8Array(bytes));
  try {
    assert.deepEqual(model.inputs[0].dims, [null, 5]);
    const uses = [
      () => model.summary({ printFn: null }),
      () => model.profile(),
      // A feed that fits the declared shape: the model is at fault, not the feed.
      () => model.run({ [goodInput]: new nnslim.Tensor('float32', new Float32Array(5), [1, 5]) }),
    ];
    for (const use of uses) {
      const error = await errorOf(use);
      assert.equal(error.code, 'INVALID_MODEL', error.message);
      assert.match(error.message, /node 'hidden\/Gemm' \(Gemm\): inner dims differ/);
    }
    const misfit = await errorOf(() => model.run({ [goodInput]: goodFeeds[goodInput] }));
    assert.equal(misfit.code, 'INVALID_INPUT', misfit.message);
  } finally {
    model.dispose();
  }
  await assertStillWorks('a model with misfit shapes');
});

test('UNSUPPORTED_OP: an op nnslim lacks, named with its node', async () => {
  const error = await errorOf(() => nnslim.loadModel(renameOpType(goodBytes, 'Relu', 'Rxlu')));
  assert.equal(error.code, 'UNSUPPORTED_OP', error.message);
  assert.match(error.message, /Rxlu \(node 'hidden\/Relu'\)/);
  await assertStillWorks('UNSUPPORTED_OP');
});

test('INVALID_INPUT: feeds of the wrong name, dtype or shape, named in the message', async () => {
  const cases = [
    [{ nope: goodFeeds[goodInput] }, "unknown input 'nope'"],
    [{}, `missing input '${goodInput}'`],
    [{ [goodInput]: new nnslim.Tensor('int32', new Int32Array(6), [2, 3]) }, `input '${goodInput}' has dtype int32`],
    [{ [goodInput]: new nnslim.Tensor('float32', new Float32Array(8), [2, 4]) }, `input '${goodInput}' has shape [2, 4]`],
    [{ [goodInput]: [1, 2, 3] }, `input '${goodInput}' must be an nnslim.Tensor`],
  ];
  for (const [feeds, fragment] of cases) {
    const error = await errorOf(() => good.run(feeds));
    assert.equal(error.code, 'INVALID_INPUT', error.message);
    assert.ok(error.message.includes(fragment), error.message);
    await assertStillWorks(fragment);
  }
});

test('INVALID_ARGUMENT: bad layer configs, bad Tensors, bad options', async () => {
  const cases = [
    [() => nnslim.sequential({ layers: [nnslim.layers.dense({ units: -2, inputShape: [3], name: 'neg' })] }),
      /layer 'neg' \(dense\): units must be positive/],  // checked by the C++ builder
    [() => nnslim.layers.dense({ units: 2, name: '' }), /name must be a non-empty string/],  // by web/builder.js
    [() => new nnslim.Tensor('float32', new Float32Array(5), [2, 3]), /hold 6 elements but data has 5/],
    [() => good.profile({ batchSize: 0 }), /batchSize/],
    [() => good.benchmark({ iterations: 0 }), /iterations/],
    [() => nnslim.loadModel(42), /expected ONNX bytes/],
  ];
  for (const [call, pattern] of cases) {
    const error = await errorOf(call);
    assert.equal(error.code, 'INVALID_ARGUMENT', error.message);
    assert.match(error.message, pattern);
  }
  await assertStillWorks('INVALID_ARGUMENT');
});

test('OUT_OF_MEMORY: a 6.4 GB dense layer is refused naming its weights', async () => {
  const huge = nnslim.sequential({ layers: [nnslim.layers.dense({ units: 40000, inputShape: [40000], name: 'huge' })] });
  try {
    const error = await errorOf(() => huge.run({ [huge.inputNames[0]]: new nnslim.Tensor('float32', new Float32Array(40000), [1, 40000]) }));
    assert.equal(error.code, 'OUT_OF_MEMORY', error.message);
    assert.match(error.message, /huge/);
  } finally {
    huge.dispose();
  }
  await assertStillWorks('OUT_OF_MEMORY');
});

test('DISPOSED: every use of a disposed model', async () => {
  const model = await nnslim.loadModel(goodBytes);
  model.dispose();
  const uses = [
    () => model.run(goodFeeds), () => model.runProfiled(goodFeeds), () => model.summary({ printFn: null }),
    () => model.profile(), () => model.toOnnx(), () => model.inputs, () => model.planDescription(),
    () => model.benchmark({ warmup: 0, iterations: 1 }),
  ];
  for (const use of uses) {
    const error = await errorOf(use);
    assert.equal(error.code, 'DISPOSED', `${use}: ${error.message}`);
  }
  await assertStillWorks('DISPOSED');
});

test('an aborted benchmark rejects with the signal\'s AbortError, not an NnslimError', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(good.benchmark({ warmup: 1, iterations: 1, signal: controller.signal }),
    (error) => error.name === 'AbortError' && !(error instanceof nnslim.NnslimError));
  await assertStillWorks('an abort');
});

test('the CLI prints "nnslim: <CODE>: message" and exits 1', () => {
  const cli = fileURLToPath(new URL('web/cli.js', ROOT));
  const unsupported = join(scratch, 'unsupported.onnx');
  writeFileSync(unsupported, renameOpType(goodBytes, 'Relu', 'Rxlu'));
  const truncated = join(scratch, 'truncated.onnx');
  writeFileSync(truncated, goodBytes.subarray(0, goodBytes.length >> 1));
  for (const [file, code] of [[unsupported, 'UNSUPPORTED_OP'], [truncated, 'INVALID_MODEL']]) {
    const result = runChild(process.execPath, [cli, 'summary', file], { label: `nnslim summary ${file}` });
    assert.equal(result.status, 1, result.describe());
    assert.ok(result.stderr.startsWith(`nnslim: ${code}: `), result.stderr);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  }
});
