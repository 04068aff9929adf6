// The example apps in examples/, as a web developer gets them: the package is
// packed (`npm pack`) and installed from that tarball into each app (its own
// package.json and lockfile with pinned bundler versions; `npm ci` with npm's
// cache), built by the bundler with no nnslim-specific config, served, and
// run in headless Chromium (Debian's, driven by playwright-core). For each:
//   - main thread and module worker give Node's output for the same seeded
//     model (the oracle: examples/<app>/src/seeded-model.js run here under Node);
//   - served with COOP/COEP (the production build by this test's server, the
//     dev server with the headers in its config) both realms run the threaded
//     build on more than one thread; the production build served without
//     them runs a single-threaded build;
//   - no console or page errors; the .wasm is fetched once per realm and
//     served as application/wasm;
//   - the worker answers a message posted right after `new Worker(...)`;
//   - a broken init({ wasmUrl }) gives WASM_LOAD_FAILED naming that URL, and
//     init({ wasmUrl }) with the URL the good run fetched recovers.
// About 2 minutes (most of it `npm ci` of webpack's dev server); alone:
// `npm run test:examples`. A CDN-style page (a <script type="module">
// importing the unpacked package from another origin's URL) runs too, with
// and without isolation.
// Nothing here skips: without Chromium or the npm registry (or its cache) the
// set-up fails.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import * as nnslim from '../../web/node.js';
import { startStaticServer } from '../../scripts/static-server.js';
import { assertClose } from './numeric_match.js';
import { runChecked } from './node_child.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// npm (pack, ci of each app's pinned bundler) and a production build, each
// in node_child.js's guard. Measured (2026-12-05, load ~8): npm ci 0.8-5.3 s
// with npm's cache warm (a clean machine may download: 180 s), the
// production builds 0.6-6.6 s (60 s).
const NPM_TIMEOUT_MS = 180_000;
const BUNDLER_TIMEOUT_MS = 60_000;
const CHROMIUM = '/usr/bin/chromium';
const scratch = mkdtempSync(join(tmpdir(), 'nnslim-examples-'));
let tarball;
let browser;
const servers = [];

const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

// How an app's developer makes the dev server cross-origin isolated: a config
// file with the headers (written into the app's copy; the apps have no
// nnslim-specific configuration).
const VITE_ISOLATED_CONFIG = `export default { server: { headers: ${JSON.stringify(ISOLATION_HEADERS)} } };\n`;
const WEBPACK_ISOLATED_CONFIG = `import config from './webpack.config.js';
export default { ...config, devServer: { ...config.devServer, headers: ${JSON.stringify(ISOLATION_HEADERS)} } };\n`;

// app: the folder with the sources; manifest: the folder whose package.json
// + package-lock.json pin the bundler (the app's own, or another version's);
// isolatedConfig: [file name, text] of the dev server's config with the headers.
const VARIANTS = [
  {
    name: 'Vite 8', app: 'examples/vite', manifest: 'examples/vite',
    build: ['node_modules/vite/bin/vite.js', 'build'], outDir: 'dist',
    isolatedConfig: ['isolated.vite.config.js', VITE_ISOLATED_CONFIG],
    dev: (port, config) => ['node_modules/vite/bin/vite.js', '--config', config, '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
  },
  {
    name: 'Vite 6', app: 'examples/vite', manifest: 'examples/vite/vite6',
    build: ['node_modules/vite/bin/vite.js', 'build'], outDir: 'dist',
    isolatedConfig: ['isolated.vite.config.js', VITE_ISOLATED_CONFIG],
    dev: (port, config) => ['node_modules/vite/bin/vite.js', '--config', config, '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
  },
  {
    name: 'webpack 5', app: 'examples/webpack', manifest: 'examples/webpack',
    build: ['node_modules/webpack-cli/bin/cli.js', '--mode', 'production'], outDir: 'dist',
    isolatedConfig: ['isolated.webpack.config.js', WEBPACK_ISOLATED_CONFIG],
    dev: (port, config) => ['node_modules/webpack-cli/bin/cli.js', 'serve', '--config', config, '--mode', 'development', '--port', String(port), '--host', '127.0.0.1'],
  },
];

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium (bash scripts/setup.sh)`);
  assert.ok(existsSync(join(ROOT, 'dist/nnslim.wasm')), 'dist/ is not built: npm run build');
  const packed = runChecked('npm', ['pack', '--pack-destination', scratch], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeoutMs: NPM_TIMEOUT_MS });
  tarball = join(scratch, packed.trim().split('\n').pop());
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  for (const server of servers) await server.close();
  rmSync(scratch, { recursive: true, force: true });
});

// A copy of the app with the variant's manifest and the fresh tarball,
// installed with `npm ci`. The lockfile's integrity for nnslim is set to the
// tarball's (npm would otherwise take a cached older tarball of the same name).
function installApp(variant) {
  const dir = join(scratch, variant.name.replace(/\W+/g, '-'));
  cpSync(join(ROOT, variant.app), dir, {
    recursive: true,
    filter: (path) => !/[/\\](node_modules|dist|nnslim\.tgz|vite6)$/.test(path),
  });
  for (const file of ['package.json', 'package-lock.json']) cpSync(join(ROOT, variant.manifest, file), join(dir, file));
  cpSync(tarball, join(dir, 'nnslim.tgz'));
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
  const entry = lock.packages['node_modules/nnslim'];
  assert.equal(entry?.resolved, 'file:nnslim.tgz', `${variant.manifest}/package-lock.json must install nnslim from file:nnslim.tgz`);
  entry.integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lock, null, 2));
  runChecked('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'pipe', timeoutMs: NPM_TIMEOUT_MS, label: `npm ci (${variant.name})` });
  // The bundlers are the pinned versions (the test is about them).
  const { devDependencies } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const [name, version] of Object.entries(devDependencies)) {
    const installed = JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
    assert.equal(installed, version, `${variant.name}: ${name}`);
  }
  return dir;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// Starts a dev server; resolves once it answers.
async function startDevServer(dir, argv) {
  const port = await freePort();
  const child = spawn(process.execPath, argv(port), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (chunk) => { log += chunk; });
  child.stderr.on('data', (chunk) => { log += chunk; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) assert.fail(`the dev server exited (${child.exitCode}):\n${log}`);
    try {
      // eslint-disable-next-line no-await-in-loop
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) assert.fail(`the dev server did not answer within 60 s:\n${log}`);
    // eslint-disable-next-line no-await-in-loop
    await new Promise((done) => setTimeout(done, 200));
  }
  return {
    url,
    close: () => new Promise((done) => {
      child.once('exit', done);
      child.kill();
    }),
  };
}

// `promise`, or a failure after `ms` (a worker that lost its first message
// would otherwise hang the test).
function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// The example apps' results: { main, worker }.
const appResults = async (page) => ({
  main: await page.evaluate(() => window.nnslimExample.main),
  worker: await page.evaluate(() => window.nnslimExample.worker),
});

// Opens `url` in a fresh browser context; resolves to read(page) (the
// page's results), after(page), the .wasm responses, and the console/page errors.
async function openApp(url, { read = appResults, after } = {}) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const problems = [];
    const wasmResponses = [];
    const onConsole = (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    };
    page.on('console', onConsole);
    page.on('worker', (worker) => worker.on('console', onConsole));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    context.on('response', (response) => {
      if (/\.wasm(\?|$)/.test(new URL(response.url()).pathname + new URL(response.url()).search)) {
        wasmResponses.push({ url: response.url(), status: response.status(), type: response.headers()['content-type'] });
      }
    });
    await page.goto(url);
    await page.waitForFunction(() => window.nnslimExample, null, { timeout: 60_000 });
    const results = await within(60_000, url, read(page));
    const later = after ? await within(60_000, `${url}, later`, after(page)) : undefined;
    return { results, later, wasmResponses, problems };
  } finally {
    await context.close();
  }
}

// Each realm fetched the .wasm once, and it came as application/wasm.
function assertWasmFetches(responses, realms, label) {
  assert.equal(responses.length, realms, `${label}: ${JSON.stringify(responses)}`);
  for (const response of responses) {
    assert.equal(response.status, 200, JSON.stringify(response));
    assert.match(response.type, /^application\/wasm/, JSON.stringify(response));
  }
}

function assertOutput(result, expected, where) {
  assert.ok(result.output, `${where}: ${JSON.stringify(result.error)}`);
  // Without isolation Chromium runs the relaxed-SIMD build (fused
  // multiply-adds), Node here a plain-kernel one: the last bits may differ
  // (tests/js/builds.test.js bounds the two builds' difference the same way).
  assertClose(result.output, expected, 1e-4, 1e-6);
}

// isolated: the page was served with COOP/COEP, so it must run the threaded
// build on more than one thread (headless Chromium reports this machine's
// cores, at least 2 here); else a single-threaded build on one thread.
function assertThreads(result, isolated, where) {
  if (isolated) {
    assert.equal(result.build, 'threads', where);
    assert.ok(result.numThreads > 1, `${where}: numThreads ${result.numThreads}`);
  } else {
    assert.notEqual(result.build, 'threads', where);
    assert.equal(result.numThreads, 1, where);
  }
}

// The whole check of one served app (base URL) against Node's output.
// withBadUrl: also the broken init({ wasmUrl }) and its recovery.
async function checkServedApp(base, expected, label, { isolated, withBadUrl = true }) {
  const good = await openApp(base);
  assert.deepEqual(good.problems, [], `${label}: console/page errors`);
  assertOutput(good.results.main, expected, `${label} main thread`);
  assertOutput(good.results.worker, expected, `${label} worker (first message posted right after new Worker)`);
  assertThreads(good.results.main, isolated, `${label} main thread`);
  assertThreads(good.results.worker, isolated, `${label} worker`);
  // The page and the worker (the pool's workers get the compiled module).
  assertWasmFetches(good.wasmResponses, 2, label);
  if (!withBadUrl) return;
  const wasmUrl = good.wasmResponses[0].url;

  const broken = `${new URL(base).origin}/no-such-folder/nnslim.wasm`;
  const bad = await openApp(`${base}?wasmUrl=${encodeURIComponent(broken)}`, {
    after: (page) => page.evaluate(async (url) => {
      const retry = window.nnslimExample.retry(url);
      return { main: await retry.main, worker: await retry.worker };
    }, wasmUrl),
  });
  for (const where of ['main', 'worker']) {
    const { error } = bad.results[where];
    assert.equal(error?.name, 'NnslimError', `${label} ${where}: ${JSON.stringify(bad.results[where])}`);
    assert.equal(error.code, 'WASM_LOAD_FAILED');
    assert.ok(error.message.includes(broken), error.message);
    assertOutput(bad.later[where], expected, `${label} ${where} after init({ wasmUrl: ${wasmUrl} })`);
  }
}

for (const variant of VARIANTS) {
  test(`examples: ${variant.name} app (production build and dev server): main thread and worker give Node's output`, { timeout: 300_000 + 2 * (NPM_TIMEOUT_MS + BUNDLER_TIMEOUT_MS) }, async () => {
    const dir = installApp(variant);
    const { runSeededModel } = await import(join(ROOT, variant.app, 'src/seeded-model.js'));
    const { output: expected } = await runSeededModel(nnslim);
    assert.ok(expected.length > 0 && expected.every(Number.isFinite), `the oracle's output: ${expected}`);

    runChecked(process.execPath, variant.build, { cwd: dir, stdio: 'pipe', timeoutMs: BUNDLER_TIMEOUT_MS, label: `${variant.name} production build` });
    const isolated = await startStaticServer({ mounts: { '/': join(dir, variant.outDir) } });
    const plain = await startStaticServer({ mounts: { '/': join(dir, variant.outDir) }, isolated: false });
    servers.push(isolated, plain);
    await checkServedApp(`${isolated.url}/`, expected, `${variant.name} production build, isolated`, { isolated: true });
    await checkServedApp(`${plain.url}/`, expected, `${variant.name} production build, not isolated`, { isolated: false, withBadUrl: false });

    const [configFile, configText] = variant.isolatedConfig;
    writeFileSync(join(dir, configFile), configText);
    const dev = await startDevServer(dir, (port) => variant.dev(port, configFile));
    try {
      await checkServedApp(`${dev.url}/`, expected, `${variant.name} dev server, isolated`, { isolated: true });
    } finally {
      await dev.close();
    }
  });
}

// The README's CDN example: a page that imports the package's browser entry
// from a CDN URL (another origin, which serves the unpacked tarball with CORS
// headers, as jsDelivr or unpkg do). The page's CDN prefix is replaced by
// this test's "CDN"; its output is the zoo model's under Node.
const CDN_PREFIX = 'https://cdn.jsdelivr.net/npm/nnslim@0.1.0/';

test('examples: a CDN page (<script type="module"> importing from a URL) gives Node\'s output', { timeout: 120_000 }, async () => {
  const unpacked = join(scratch, 'cdn');
  mkdirSync(unpacked);
  runChecked('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
  const cdn = await startStaticServer({
    mounts: { '/npm/nnslim@0.1.0/': unpacked },
    headers: { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' },
  });
  servers.push(cdn);
  const html = readFileSync(join(ROOT, 'examples/cdn/index.html'), 'utf8');
  assert.ok(html.includes(CDN_PREFIX), `examples/cdn/index.html no longer imports from ${CDN_PREFIX}`);
  mkdirSync(join(scratch, 'cdn-page'));
  writeFileSync(join(scratch, 'cdn-page/index.html'), html.replaceAll(CDN_PREFIX, `${cdn.url}/npm/nnslim@0.1.0/`));
  const site = await startStaticServer({ mounts: { '/': join(scratch, 'cdn-page') } });
  const plainSite = await startStaticServer({ mounts: { '/': join(scratch, 'cdn-page') }, isolated: false });
  servers.push(site, plainSite);
  assert.notEqual(new URL(site.url).origin, new URL(cdn.url).origin);

  const model = nnslim.zoo.seedDense({ seed: 5 });
  const outputs = await model.run({ [model.inputNames[0]]: new nnslim.Tensor('float32', [0.5, -1, 2, 1, 0.25, -0.75], [2, 3]) });
  const expected = [...outputs[model.outputNames[0]].data];
  model.dispose();

  // Isolated: the threaded build, its glue and worker script made same-origin
  // (blob: URLs) from the CDN's files. Not isolated: the relaxed-SIMD build
  // (Chromium validates relaxed SIMD).
  for (const [base, isolated, wasm] of [[site.url, true, 'dist/threads/nnslim-threads.wasm'], [plainSite.url, false, 'dist/nnslim-relaxed.wasm']]) {
    const label = `CDN page, ${isolated ? '' : 'not '}isolated`;
    const page = await openApp(`${base}/`, { read: (p) => p.evaluate(() => window.nnslimExample) });
    assert.deepEqual(page.problems, [], `${label}: console/page errors`);
    assertOutput(page.results, expected, label);
    assertThreads(page.results, isolated, label);
    assertWasmFetches(page.wasmResponses, 1, label);
    assert.equal(page.wasmResponses[0].url, `${cdn.url}/npm/nnslim@0.1.0/${wasm}`);
  }
});
