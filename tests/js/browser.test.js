// The package in a real browser: headless Chromium (Debian's), driven by
// playwright-core, loads web/index.js from a local server, exactly as a page
// would. Oracles: ONNX's expected outputs for run(), the same model run under
// Node for the builder MobileNetV2 (the page is cross-origin isolated, so both
// run the threaded build; compared within float tolerance all the same),
// and benchmark()'s own statistics for consistency.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import * as nnslim from '../../web/node.js';
import { startStaticServer } from '../../scripts/static-server.js';
import { assertClose } from './numeric_match.js';
import { DATA, onnxCase, readCase } from './onnx_cases.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = '/usr/bin/chromium';
// The wasm build folder (scripts/test.sh: NNSLIM_BUILD_WASM), for the kernel tests' web module.
const WASM_BUILD = resolve(ROOT, process.env.NNSLIM_BUILD_WASM ?? 'build-wasm');

let server;
let browser;
let page;
const pageErrors = [];

before(async () => {
  // Without a browser these tests fail (they do not skip).
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium `
    + '(`bash scripts/setup.sh` does; `bash scripts/test.sh` runs it)');
  server = await startStaticServer({ mounts: { '/': ROOT, '/onnx-data/': DATA, '/build/': WASM_BUILD } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${server.url}/tests/browser/harness.html`);
  await page.waitForFunction(() => window.nnslimReady === true, null, { timeout: 60_000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the page is cross-origin isolated and loads the package without errors', async () => {
  assert.equal(await page.evaluate(() => window.crossOriginIsolated), true);
  assert.deepEqual(pageErrors, []);
});

test('the relaxed-SIMD kernels pass their Catch2 tests in Chromium (every kernel against its scalar reference)', { timeout: 300_000 }, async () => {
  const module = resolve(WASM_BUILD, 'nnslim_tests_relaxed_web.mjs');
  assert.ok(existsSync(module), `${module} is missing: cmake --build ${WASM_BUILD} --target nnslim_tests_relaxed_web`);
  const testPage = await browser.newPage();
  try {
    await testPage.goto(`${server.url}/tests/browser/kernel_tests.html`);
    await testPage.waitForFunction(() => window.kernelTests !== undefined, null, { timeout: 280_000 });
    const { code, output } = await testPage.evaluate(() => window.kernelTests);
    assert.equal(code, 0, output.slice(-4000));
    assert.match(output, /All tests passed \(\d+ assertions in \d+ test cases\)/);
  } finally {
    await testPage.close();
  }
});

test('the default entry on an isolated page gets the threaded build; NNSLIM_BUILD forces relaxed or plain', async () => {
  // Chromium >= 114 validates relaxed SIMD (this is Debian's 156), but threads
  // come first where the page is cross-origin isolated (a page without
  // isolation gets relaxed: tests/js/browser_threads.test.js).
  const auto = await page.evaluate(() => window.nnslim.features());
  assert.deepEqual({ simd: auto.simd, relaxedSimd: auto.relaxedSimd, threads: auto.threads, build: auto.build, reason: auto.reason },
    { simd: true, relaxedSimd: true, threads: true, build: 'threads', reason: 'the engine supports threads' });
  for (const forced of ['relaxed', 'plain']) {
    const forcedPage = await browser.newPage();
    try {
      await forcedPage.goto(`${server.url}/tests/browser/harness.html?build=${forced}`);
      await forcedPage.waitForFunction(() => window.nnslimReady === true, null, { timeout: 60_000 });
      const features = await forcedPage.evaluate(() => window.nnslim.features());
      assert.equal(features.build, forced);
      assert.equal(features.threads, false);
      assert.equal(features.reason, `forced by NNSLIM_BUILD=${forced}`);
    } finally {
      await forcedPage.close();
    }
  }
});

for (const name of ['test_Conv2d', 'test_ConvTranspose2d', 'test_Softmax', 'test_MaxPool2d']) {
  test(`browser run() matches ONNX's expected output: pytorch-converted/${name}`, async () => {
    const { inputs, outputs } = readCase(onnxCase(`pytorch-converted/${name}`));
    // loadModel(url) takes the fetch() path in the browser.
    const results = await page.evaluate(async ({ url, inputs }) => {
      const { loadModel, Tensor } = window.nnslim;
      const model = await loadModel(new URL(url, location.href));
      try {
        const feeds = {};
        model.inputNames.forEach((n, i) => { feeds[n] = new Tensor('float32', Float32Array.from(inputs[i].data), inputs[i].dims); });
        const out = await model.run(feeds);
        return model.outputNames.map((n) => ({ dims: [...out[n].dims], data: [...out[n].data] }));
      } finally {
        model.dispose();
      }
    }, { url: `/onnx-data/pytorch-converted/${name}/model.onnx`, inputs });
    assert.equal(results.length, outputs.length);
    results.forEach((result, i) => {
      assert.deepEqual(result.dims, outputs[i].dims);
      assertClose(result.data, outputs[i].data);
    });
  });
}

// A deterministic input both sides compute the same way.
function probeInput(size) {
  return Array.from({ length: size }, (_, i) => Math.sin(i * 0.37) * 0.5);
}

test('browser MobileNetV2 (builder, seeded weights) gives Node\'s outputs; benchmark() statistics are consistent', async () => {
  const size = 224 * 224 * 3;
  const nodeModel = nnslim.zoo.mobilenetV2({ seed: 11 });
  const nodeOut = await nodeModel.run({ [nodeModel.inputNames[0]]: new nnslim.Tensor('float32', probeInput(size), [1, 224, 224, 3]) });
  const expected = nodeOut[nodeModel.outputNames[0]].data;
  nodeModel.dispose();

  const browserResult = await page.evaluate(async ({ size, probeSource }) => {
    const { zoo, Tensor } = window.nnslim;
    const probe = new Function(`return (${probeSource})`)();
    const model = zoo.mobilenetV2({ seed: 11 });
    try {
      const out = await model.run({ [model.inputNames[0]]: new Tensor('float32', probe(size), [1, 224, 224, 3]) });
      const progress = [];
      const bench = await model.benchmark({ warmup: 2, iterations: 15, onProgress: (p) => progress.push(p.phase) });
      return { data: [...out[model.outputNames[0]].data], bench, progress, plan: model.planDescription() };
    } finally {
      model.dispose();
    }
  }, { size, probeSource: probeInput.toString() });

  // Both run the threaded build here; the tolerance is the one any two
  // engines' builds get (tests/js/builds.test.js).
  assertClose(browserResult.data, expected, 1e-4, 1e-6);
  assert.equal(browserResult.bench.build, 'threads');
  assert.ok(browserResult.bench.numThreads > 1, `numThreads ${browserResult.bench.numThreads}`);
  assert.equal(browserResult.plan.filter((step) => step === 'reference').length, 0);
  const { bench } = browserResult;
  const l = bench.latencyMs;
  assert.equal(bench.samplesMs.length, 15);
  assert.deepEqual(browserResult.progress, [...Array(2).fill('warmup'), ...Array(15).fill('timed')]);
  assert.ok(bench.samplesMs.every((ms) => ms > 0), 'every timed run takes measurable time');
  assert.ok(l.min <= l.p50 && l.p50 <= l.p90 && l.p90 <= l.p99 && l.p99 <= l.max, JSON.stringify(l));
  assertClose(bench.throughput, 1000 / l.mean, 0, 1e-9);
  assert.ok(bench.coldMs > 0);
});

test('bad feeds in the browser give an INVALID_INPUT NnslimError naming the input; the model keeps working', async () => {
  const outcome = await page.evaluate(async (url) => {
    const { loadModel, Tensor, NnslimError } = window.nnslim;
    const model = await loadModel(url);
    const [info] = model.inputs;
    const dims = info.dims.map((d) => d ?? 1);
    const size = dims.reduce((a, b) => a * b, 1);
    let error;
    try {
      await model.run({ [info.name]: new Tensor('float32', new Float32Array(size * 2), [dims[0] * 2, ...dims.slice(1)]) });
    } catch (e) {
      error = { isNnslimError: e instanceof NnslimError, code: e.code, message: e.message };
    }
    const out = await model.run({ [info.name]: new Tensor('float32', new Float32Array(size), dims) });
    model.dispose();
    return { error, name: info.name, outputs: Object.keys(out).length };
  }, '/onnx-data/pytorch-converted/test_Conv2d/model.onnx');
  assert.ok(outcome.error?.isNnslimError, JSON.stringify(outcome));
  assert.equal(outcome.error.code, 'INVALID_INPUT');
  assert.match(outcome.error.message, /has shape/);
  assert.ok(outcome.error.message.includes(outcome.name));
  assert.equal(outcome.outputs, 1);
});
