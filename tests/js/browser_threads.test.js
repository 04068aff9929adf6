// Which module a browser page gets: headless Chromium loads the package's
// browser entry (web/index.js) from a local server with cross-origin isolation (COOP/COEP: the threaded
// module, a pool of Web Workers) and from one without (the single-threaded
// module, and features() says why). On the isolated page, MobileNetV2 gives
// the same output bits with 1 and 2 threads.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { startStaticServer } from '../../scripts/static-server.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = '/usr/bin/chromium';
const MOBILENET = '/tests/data/generated/mobilenetv2_folded.onnx';

let browser;
const servers = [];

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium (\`bash scripts/setup.sh\` does)`);
  assert.ok(existsSync(resolve(ROOT, 'dist/threads/nnslim-threads.wasm')), 'dist/threads/ is missing: bash scripts/build.sh');
  assert.ok(existsSync(resolve(ROOT, `.${MOBILENET}`)), `${MOBILENET} is missing: bash scripts/test-data.sh`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  for (const server of servers) await server.close();
});

async function openHarness(isolated, headers = {}) {
  const server = await startStaticServer({ mounts: { '/': ROOT }, isolated, headers });
  servers.push(server);
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.url}/tests/browser/harness.html`);
  await page.waitForFunction(() => window.nnslimReady === true, null, { timeout: 60_000 });
  return { page, errors };
}

// MobileNetV2's output bytes (as an array of numbers) with numThreads.
function runMobileNet(page, numThreads) {
  return page.evaluate(async ({ url, numThreads }) => {
    const { loadModel, Tensor } = window.nnslim;
    const model = await loadModel(new URL(url, location.href), { numThreads });
    try {
      const input = model.inputs[0];
      const dims = input.dims.map((d) => d ?? 1);
      const data = new Float32Array(dims.reduce((a, b) => a * b, 1)).map((_, i) => Math.sin(i * 0.37));
      const out = await model.run({ [input.name]: new Tensor('float32', data, dims) });
      const result = out[model.outputNames[0]].data;
      return { numThreads: model.numThreads, bytes: [...new Uint8Array(result.buffer, result.byteOffset, result.byteLength)] };
    } finally {
      model.dispose();
    }
  }, { url: MOBILENET, numThreads });
}

test('a cross-origin isolated page gets the threaded module; 1 and 2 threads give the same bits', async () => {
  const { page, errors } = await openHarness(true);
  const features = await page.evaluate(() => window.nnslim.features());
  assert.equal(features.crossOriginIsolated, true);
  assert.equal(features.threads, true);
  assert.ok(features.maxThreads >= 2, `maxThreads ${features.maxThreads}`);
  assert.equal(features.threadsUnavailableReason, null);
  const one = await runMobileNet(page, 1);
  const two = await runMobileNet(page, 2);
  assert.equal(one.numThreads, 1);
  assert.equal(two.numThreads, 2);
  assert.equal(two.bytes.length, 4000);
  assert.deepEqual(two.bytes, one.bytes);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a page without cross-origin isolation gets the single-threaded module and the reason', async () => {
  const { page, errors } = await openHarness(false);
  const features = await page.evaluate(() => window.nnslim.features());
  assert.equal(features.crossOriginIsolated, false);
  assert.equal(features.threads, false);
  assert.equal(features.build, 'relaxed');
  assert.equal(features.reason, 'the engine supports relaxedSimd');
  assert.equal(features.maxThreads, 1);
  assert.match(features.threadsUnavailableReason, /not cross-origin isolated/);
  const run = await runMobileNet(page, 2);
  assert.equal(run.numThreads, 1);
  assert.equal(run.bytes.length, 4000);
  assert.deepEqual(errors, []);
  await page.close();
});

// The threaded build's glue and worker script run from blob: URLs
// (web/artifacts-threads.js). A page whose Content-Security-Policy refuses
// them (blob: scripts, or only blob: workers) is isolated but cannot start
// the pool: it gets a single-threaded build and features() says why, instead
// of an error or a load that never finishes. ('unsafe-eval': every build's
// Embind glue makes its function wrappers with new Function; 'unsafe-inline':
// the harness's own script.)
const CSP_WITHOUT_BLOB = {
  'no blob: scripts': "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
  'no blob: workers': "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:; worker-src 'self'",
};
for (const [name, policy] of Object.entries(CSP_WITHOUT_BLOB)) {
  test(`an isolated page whose Content-Security-Policy has ${name} falls back to a single-threaded build and says why`, async () => {
    const { page } = await openHarness(true, { 'Content-Security-Policy': policy });
    const features = await page.evaluate(() => window.nnslim.features());
    assert.equal(features.crossOriginIsolated, true);
    assert.equal(features.threads, false);
    assert.equal(features.build, 'relaxed');
    assert.equal(features.maxThreads, 1);
    assert.match(features.threadsUnavailableReason, /^the threaded build failed to load \(.+\), so a single-threaded one runs$/);
    const run = await runMobileNet(page, 2);
    assert.equal(run.numThreads, 1);
    assert.equal(run.bytes.length, 4000);
    await page.close();
  });
}
