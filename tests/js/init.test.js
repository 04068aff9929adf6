// Lazy initialisation: importing an entry loads nothing; the first call that
// needs the WebAssembly module loads it (or throws NOT_INITIALIZED where it
// cannot, synchronously in a browser); a .wasm that cannot be fetched or
// compiled rejects that call with WASM_LOAD_FAILED naming the URL and what
// came back, and init({ wasmUrl }) / init({ wasmBinary }) recovers.
// Each case runs in a fresh Node process (the module's state is global).
// The browser entry (web/index.js) runs here under Node with a local HTTP
// server, which is the fetch() path a page takes; oracle for outputs: the
// same seeded model run by this process through the Node entry.
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

import * as nnslim from '../../web/node.js';
import { startStaticServer } from '../../scripts/static-server.js';
import { outOfViteCache } from '../../web/wasm-loader.js';
import { jsonOf, runChildAsync } from './node_child.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'nnslim-init-'));
let server;

// The files a page would be served: the real wasm, an HTML page where a
// misconfigured server answers with its fallback, a truncated wasm.
before(async () => {
  const wasm = readFileSync(join(ROOT, 'dist/nnslim.wasm'));
  mkdirSync(join(scratch, 'www'));
  copyFileSync(join(ROOT, 'dist/nnslim.wasm'), join(scratch, 'www/nnslim.wasm'));
  writeFileSync(join(scratch, 'www/fallback.wasm.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(scratch, 'www/truncated.wasm'), wasm.subarray(0, 4096));
  server = await startStaticServer({ mounts: { '/': join(scratch, 'www') } });
});
after(async () => {
  await server?.close();
  rmSync(scratch, { recursive: true, force: true });
});

// Runs `body` (an async function body with `nnslim` the entry's namespace and
// `server` the base URL) in a fresh process; resolves to what it returns.
async function inFreshProcess(entry, body) {
  const script = `
    const nnslim = await import(${JSON.stringify(pathToFileURL(entry.startsWith('/') ? entry : join(ROOT, entry)).href)});
    const server = ${JSON.stringify(server.url)};
    const describe = (error) => ({ name: error.name, code: error.code, message: error.message });
    const result = await (async () => { ${body} })();
    console.log(JSON.stringify(result));`;
  // Async: the child fetches from this process's server, which a blocked event loop would not serve.
  const result = await runChildAsync(process.execPath, ['--input-type=module', '-e', script], { label: `a fresh process importing ${entry}` });
  if (!result.ok) throw new Error(result.describe());
  return jsonOf(result, result.stdout.trim().split('\n').pop());
}

// The seeded model both sides build, and its output on a fixed input.
const MODEL = `nnslim.sequential({ seed: 11, layers: [
  nnslim.layers.dense({ units: 6, activation: 'relu', inputShape: [5] }), nnslim.layers.dense({ units: 3 })] })`;
const INPUT = [0.5, -1, 2, 0.25, -0.75, 1, 1.5, -2, 0, 0.125];
async function outputOf(model) {
  const outputs = await model.run({ [model.inputNames[0]]: new nnslim.Tensor('float32', INPUT, [2, 5]) });
  return [...outputs[model.outputNames[0]].data];
}
// Sets `output` in a fresh process.
const RUN = `const model = ${MODEL};
  const outputs = await model.run({ [model.inputNames[0]]: new nnslim.Tensor('float32', ${JSON.stringify(INPUT)}, [2, 5]) });
  const output = [...outputs[model.outputNames[0]].data];`;
const expected = await outputOf(new Function('nnslim', `return ${MODEL}`)(nnslim));

test('importing the browser entry loads nothing; a synchronous call before init() throws NOT_INITIALIZED', async () => {
  const result = await inFreshProcess('web/index.js', `
    let fetches = 0;
    const realFetch = globalThis.fetch;
    globalThis.fetch = (...args) => { fetches++; return realFetch(...args); };
    const afterImport = fetches;
    const errors = [];
    for (const call of [() => ${MODEL}, () => nnslim.supportedOps(), () => nnslim.zoo.seedDense()]) {
      try { call(); errors.push(null); } catch (error) { errors.push(describe(error)); }
    }
    return { afterImport, afterSyncCalls: fetches, errors };`);
  assert.equal(result.afterImport, 0);
  assert.equal(result.afterSyncCalls, 0, 'a synchronous call does not start a load');
  for (const error of result.errors) {
    assert.equal(error?.code, 'NOT_INITIALIZED', JSON.stringify(error));
    assert.match(error.message, /await nnslim\.init\(\)/);
  }
});

test('the browser entry: calls before init() completes await it; the wasm is fetched once', async () => {
  const result = await inFreshProcess('web/index.js', `
    const urls = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (url, ...rest) => { urls.push(String(url)); return realFetch(url, ...rest); };
    const wasmUrl = server + '/nnslim.wasm';
    // A load with options starts; loadModel() and init() called meanwhile join it.
    const first = nnslim.init({ wasmUrl });
    const bytes = nnslim.init().then(() => (${MODEL}).toOnnx());
    const [, onnx] = await Promise.all([first, bytes, nnslim.init({ wasmUrl })]);
    const model = await nnslim.loadModel(onnx);
    const outputs = await model.run({ [model.inputNames[0]]: new nnslim.Tensor('float32', ${JSON.stringify(INPUT)}, [2, 5]) });
    return { urls, output: [...outputs[model.outputNames[0]].data] };`);
  assert.deepEqual(result.urls, [`${server.url}/nnslim.wasm`]);
  assert.deepEqual(result.output, expected);
});

test('a broken wasm URL rejects the first call with WASM_LOAD_FAILED (URL, status, MIME, bytes); init({ wasmUrl }) recovers', async () => {
  const result = await inFreshProcess('web/index.js', `
    const attempts = {};
    const bytes = new Uint8Array([8, 1, 18, 0]);
    for (const name of ['missing.wasm', 'fallback.wasm.html', 'truncated.wasm']) {
      try { await nnslim.init({ wasmUrl: server + '/' + name }); attempts[name] = null; }
      catch (error) { attempts[name] = describe(error); }
    }
    // The default location (a file: URL next to web/, which fetch() cannot read here) fails the first async call.
    let lazy = null;
    try { await nnslim.loadModel(bytes); } catch (error) { lazy = describe(error); }
    await nnslim.init({ wasmUrl: new URL(server + '/nnslim.wasm') });
    ${RUN}
    return { attempts, lazy, output };`);
  const { attempts, lazy, output } = result;
  for (const [name, error] of Object.entries(attempts)) {
    assert.equal(error?.name, 'NnslimError', `${name}: ${JSON.stringify(error)}`);
    assert.equal(error.code, 'WASM_LOAD_FAILED');
    assert.ok(error.message.includes(`${server.url}/${name}`), error.message);
    assert.match(error.message, /init\(\{ wasmUrl/, 'the message names the option that fixes it');
  }
  assert.match(attempts['missing.wasm'].message, /HTTP 404/);
  assert.match(attempts['fallback.wasm.html'].message, /3c 21 64 6f \("<!do"\) \(served as text\/html/);
  assert.match(attempts['truncated.wasm'].message, /does not compile/);
  assert.equal(lazy?.code, 'WASM_LOAD_FAILED', JSON.stringify(lazy));
  assert.match(lazy.message, /file:\/\/.*\/dist\/nnslim\.wasm/);
  assert.deepEqual(output, expected);
});

test('init({ wasmBinary }) takes the bytes; bad options are INVALID_ARGUMENT', async () => {
  const wasmPath = join(ROOT, 'dist/nnslim.wasm');
  const result = await inFreshProcess('web/index.js', `
    const bad = [];
    // (A relative wasmUrl with no page to resolve it against is not a URL.)
    for (const options of [{ wasmPath: 'x' }, { wasmUrl: 3 }, { wasmBinary: 'x' }, { wasmUrl: 'a', wasmBinary: new Uint8Array(1) },
      { wasmUrl: 'nnslim.wasm' }, null]) {
      try { await nnslim.init(options); bad.push(null); } catch (error) { bad.push(describe(error)); }
    }
    let wrongBytes = null;
    try { await nnslim.init({ wasmBinary: new TextEncoder().encode('<html>') }); } catch (error) { wrongBytes = describe(error); }
    const { readFileSync } = await import('node:fs');
    await nnslim.init({ wasmBinary: readFileSync(${JSON.stringify(wasmPath)}) });
    ${RUN}
    return { bad, wrongBytes, output };`);
  for (const error of result.bad) assert.equal(error?.code, 'INVALID_ARGUMENT', JSON.stringify(error));
  assert.equal(result.wrongBytes?.code, 'WASM_LOAD_FAILED');
  assert.match(result.wrongBytes.message, /wasmBinary option: got bytes starting 3c 68 74 6d/);
  assert.deepEqual(result.output, expected);
});

test('the Node entry loads on the first synchronous call; a missing .wasm is WASM_LOAD_FAILED there too, and init({ wasmUrl: path }) recovers', async () => {
  // A copy of the package without its .wasm.
  const copy = join(scratch, 'package');
  mkdirSync(join(copy, 'dist'), { recursive: true });
  for (const glue of ['nnslim.mjs', 'nnslim-relaxed.mjs']) copyFileSync(join(ROOT, 'dist', glue), join(copy, 'dist', glue));
  for (const file of ['web', 'package.json']) {
    cpSync(join(ROOT, file), join(copy, file), { recursive: true });
  }
  const fresh = await inFreshProcess('web/node.js', `${RUN}
    return output;`);
  assert.deepEqual(fresh, expected, 'sequential() right after the import');
  const entry = join(copy, 'web/node.js');
  const result = await inFreshProcess(entry, `
    let sync = null;
    try { ${MODEL}; } catch (error) { sync = describe(error); }
    let lazy = null;
    try { await nnslim.loadModel(new Uint8Array(4)); } catch (error) { lazy = describe(error); }
    await nnslim.init({ wasmUrl: ${JSON.stringify(join(ROOT, 'dist/nnslim.wasm'))} });
    ${RUN}
    return { sync, lazy, output };`);
  for (const error of [result.sync, result.lazy]) {
    assert.equal(error?.code, 'WASM_LOAD_FAILED', JSON.stringify(error));
    assert.ok(error.message.includes(pathToFileURL(join(copy, 'dist/nnslim.wasm')).href), error.message);
  }
  assert.deepEqual(result.output, expected);
});

test("a .wasm URL inside Vite's pre-bundling cache (node_modules/.vite/) maps to the package's own file; other URLs stay", () => {
  const cases = [
    // Vite 6's dev server: web/artifacts.js pre-bundled into node_modules/.vite/deps/, '../dist/' resolved from there.
    ['http://localhost:5173/node_modules/.vite/dist/nnslim.wasm', 'http://localhost:5173/node_modules/nnslim/dist/nnslim.wasm'],
    ['http://localhost:5173/app/node_modules/.vite/deps/nnslim.wasm?v=1a2b', 'http://localhost:5173/app/node_modules/nnslim/dist/nnslim.wasm'],
    ['http://localhost:5173/node_modules/nnslim/dist/nnslim.wasm', 'http://localhost:5173/node_modules/nnslim/dist/nnslim.wasm'],
    // The threaded build's file lives in dist/threads/.
    ['http://localhost:5173/node_modules/.vite/dist/threads/nnslim-threads.wasm', 'http://localhost:5173/node_modules/nnslim/dist/threads/nnslim-threads.wasm'],
    ['https://example.com/assets/nnslim-QtwAt8g9.wasm', 'https://example.com/assets/nnslim-QtwAt8g9.wasm'],
    ['https://example.com/.vite/dist/nnslim.wasm', 'https://example.com/.vite/dist/nnslim.wasm'],
  ];
  for (const [url, expectedUrl] of cases) assert.equal(outOfViteCache(new URL(url)).href, expectedUrl, url);
});
