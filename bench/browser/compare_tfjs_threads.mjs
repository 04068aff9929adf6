// nnslim's threaded build against TensorFlow.js's threaded wasm backend
// (tfjs-backend-wasm's threaded-SIMD module, XNNPACK on a pthreadpool) in
// headless Chromium on a cross-origin-isolated page (COOP/COEP: the page
// asserts crossOriginIsolated, and each runtime reports that it runs threaded),
// on the same workload: TF.js runs the network tfjs_network.mjs builds from the
// manifest and weights that make_workloads.py wrote next to the .onnx.
//
// Two pages, each in its own Chromium: one where both runtimes use 1 thread,
// one where both use 2 (TF.js fixes its thread count once per page, at backend
// init: setThreadsCount before setBackend). Both pages load the same threaded
// binaries, so the 1-thread row is the threaded build run on one thread.
//
// TF.js caps its pool at navigator.hardwareConcurrency / 2 (its backend.cc
// assumes two hyperthreads per core), so on a 2-core machine it runs 1 thread
// whatever setThreadsCount asks. To measure it with 2 threads, both pages get
// hardwareConcurrency overridden to 2x the most threads asked for (DevTools'
// Emulation.setHardwareConcurrencyOverride, before the page loads); the bench
// asserts each runtime's own thread count. nnslim is unaffected: it is given
// numThreads explicitly (the override only makes it preload more idle workers).
//
// Each round runs all four once, in a rotated order, so load from other
// processes hits them alike; the figures are medians of the page's wall time
// (performance.now(), 5 us on an isolated page). CPU time means nothing here:
// the work runs on the page's main thread and on worker threads.
//
//   node bench/browser/compare_tfjs_threads.mjs [--workload mobilenetv2_b1] [--iterations 40] [--warmup 15] [--gap-ms 25]
//
// --gap-ms N idles N ms before each run (default 25), as a page between
// inferences would. Run back to back on this loaded 2-core VM, TF.js with 2
// threads was bimodal (13 ms or ~100 ms; median 72-100 ms; with its page
// alone 38 ms), with the gap 20-26 ms; nnslim barely changed. The default is the
// setting that is fair to TF.js; --gap-ms 0 shows the other.
//
// Needs: dist/ built with the threaded build (scripts/build.sh), npm ci
// --prefix bench, the workload generated (python3 bench/peers/make_workloads.py),
// Debian's chromium.
import { existsSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { chromium } from 'playwright-core';

import { startStaticServer } from '../../scripts/static-server.js';
import { version as tfjsVersion } from '../peers/runner_tfjs.mjs';
import { maxRelativeError, summarize } from '../peers/stats.mjs';
import { loadWorkload } from '../peers/workloads.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const THREAD_COUNTS = [1, 2];
const RUNTIMES = ['nnslim', 'TF.js'];
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const HARDWARE_CONCURRENCY_OVERRIDE = 2 * Math.max(...THREAD_COUNTS);
const { values: options } = parseArgs({
  options: {
    workload: { type: 'string', default: 'mobilenetv2_b1' },
    iterations: { type: 'string', default: '40' },
    warmup: { type: 'string', default: '15' },
    'gap-ms': { type: 'string', default: '25' },
  },
});
if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (bash scripts/setup.sh installs Debian's)`);
const workload = await loadWorkload(options.workload);
const gapMs = Number(options['gap-ms']);
if (!workload.manifest.layers) throw new Error(`${workload.name}: TF.js needs a layer manifest (a make_workloads.py workload)`);

// Runs in the page (stringified): loads both runtimes with `threads` threads
// and leaves window.benchRun(which) (0: nnslim, 1: TF.js), which runs one and
// returns its wall time, and window.benchOutputs().
async function setUpPage({ threads, onnxUrl, manifestUrl, weightsUrl, input, inputShape }) {
  const { nnslim, tf, tfjsNetwork } = window;
  if (!window.crossOriginIsolated) throw new Error('the page is not cross-origin isolated: no SharedArrayBuffer, no threads');
  const model = await nnslim.loadModel(onnxUrl, { numThreads: threads });
  const feeds = { [model.inputNames[0]]: new nnslim.Tensor('float32', Float32Array.from(input), inputShape) };

  tf.wasm.setWasmPaths('/bench/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
  tf.wasm.setThreadsCount(threads);
  if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") failed');
  await tf.ready();
  const manifest = await (await fetch(manifestUrl)).json();
  const weights = await (await fetch(weightsUrl)).arrayBuffer();
  const network = tfjsNetwork.buildNetwork(tf, { manifest, weights });
  const [n, c, h, w] = inputShape;
  const tfInput = tf.tensor4d(tfjsNetwork.nchwToNhwc(Float32Array.from(input), inputShape), [n, h, w, c]);

  const runs = [
    async () => (await model.run(feeds))[model.outputNames[0]].data,
    async () => {
      const output = tf.tidy(() => network.forward(tfInput));
      const data = await output.data();
      output.dispose();
      return data;
    },
  ];
  window.benchRun = async (which) => {
    const start = performance.now();
    await runs[which]();
    return performance.now() - start;
  };
  window.benchOutputs = async () => Promise.all(runs.map(async (run) => Array.from(await run())));
  return {
    userAgent: navigator.userAgent,
    isolated: window.crossOriginIsolated,
    cores: navigator.hardwareConcurrency,
    nnslimBuild: nnslim.features().build,
    nnslimThreads: model.numThreads,
    tfjsBackend: tf.getBackend(),
    tfjsSimd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    tfjsMultithread: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
    tfjsThreads: tf.wasm.getThreadsCount(),
    tfjsWasmFile: performance.getEntriesByType('resource').map((entry) => entry.name)
      .find((url) => url.includes('/tfjs-backend-wasm/') && url.endsWith('.wasm')),
  };
}

const pageSettings = {
  onnxUrl: `/bench/peers/generated/${workload.manifest.onnx}`,
  manifestUrl: `/bench/peers/generated/${workload.name}.json`,
  weightsUrl: `/bench/peers/generated/${workload.manifest.weights}`,
  input: Array.from(workload.input),
  inputShape: workload.inputShape,
};

const server = await startStaticServer({ mounts: { '/': ROOT } });
// One browser per page (compare_litert.mjs: pages sharing one renderer
// process interfered with each other).
const launch = () => chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const browsers = [];
const pages = [];
let info;
try {
  for (const threads of THREAD_COUNTS) {
    const browser = await launch();
    browsers.push(browser);
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setHardwareConcurrencyOverride', { hardwareConcurrency: HARDWARE_CONCURRENCY_OVERRIDE });
    page.on('pageerror', (error) => console.error(`page (${threads} threads): ${error.message}`));
    page.on('console', (message) => { if (message.type() === 'error') console.error(`page (${threads} threads): ${message.text()}`); });

    await page.goto(`${server.url}/bench/browser/compare_tfjs_threads.html`);
    await page.waitForFunction(() => window.pageReady === true, null, { timeout: 60_000 });
    info = await page.evaluate(async ({ source, settings }) => new Function(`return (${source})`)()(settings),
      { source: setUpPage.toString(), settings: { ...pageSettings, threads } });
    // The comparison is void unless both runtimes run their threaded modules with the threads asked for.
    const problems = [];
    if (!info.isolated) problems.push('the page is not cross-origin isolated');
    if (info.nnslimBuild !== 'threads') problems.push(`nnslim runs its ${info.nnslimBuild} build`);
    if (info.nnslimThreads !== threads) problems.push(`nnslim uses ${info.nnslimThreads} threads`);
    if (info.tfjsBackend !== 'wasm' || !info.tfjsSimd || !info.tfjsMultithread) {
      problems.push(`TF.js runs backend ${info.tfjsBackend} (SIMD ${info.tfjsSimd}, multithread ${info.tfjsMultithread})`);
    }
    if (!info.tfjsWasmFile?.endsWith('tfjs-backend-wasm-threaded-simd.wasm')) problems.push(`TF.js loaded ${info.tfjsWasmFile}`);
    if (info.tfjsThreads !== threads) problems.push(`TF.js uses ${info.tfjsThreads} threads`);
    if (problems.length > 0) throw new Error(`${threads}-thread page: ${problems.join('; ')}`);
    pages.push({ threads, page, samples: [[], []], info });
  }
  const slots = pages.flatMap((entry) => [0, 1].map((which) => ({ entry, which })));
  const total = Number(options.warmup) + Number(options.iterations);
  for (let i = 0; i < total; i++) {
    for (let j = 0; j < slots.length; j++) {
      const { entry, which } = slots[(i + j) % slots.length];
      if (gapMs > 0) await sleep(gapMs);
      const ms = await entry.page.evaluate((w) => window.benchRun(w), which);
      if (i >= Number(options.warmup)) entry.samples[which].push(ms);
    }
  }
  for (const entry of pages) entry.outputs = await entry.page.evaluate(() => window.benchOutputs());
} finally {
  for (const browser of browsers) await browser.close();
  await server.close();
}

console.log(`${workload.name}: nnslim (threaded build) vs TF.js ${tfjsVersion()} (threaded-SIMD wasm) in headless ` +
  `Chromium, ${options.iterations} interleaved rounds after ${options.warmup} warm-up` +
  `${gapMs > 0 ? `, ${gapMs} ms idle before each run` : ''}, wall time`);
console.log(`  ${info.userAgent} (cross-origin isolated: ${info.isolated}, ` +
  `hardwareConcurrency overridden to ${info.cores}: TF.js caps its threads at half of it); ${os.cpus().length} cores, ` +
  `CPU ${os.cpus()[0]?.model}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' / ')}`);
const stats = {};
for (const { threads, samples } of pages) {
  RUNTIMES.forEach((runtime, k) => {
    stats[`${runtime} ${threads}T`] = { ...summarize(samples[k]), samples: samples[k] };
  });
}
for (const [name, s] of Object.entries(stats)) {
  console.log(`  ${name.padEnd(12)} median ${s.median.toFixed(2)} ms, p90 ${s.p90.toFixed(2)} ms, min ${s.min.toFixed(2)} ms`);
}
const ratio = (a, b) => {
  const x = stats[a], y = stats[b];
  const pairs = summarize(x.samples.map((ms, i) => ms / y.samples[i]));
  console.log(`  ${`${a} / ${b}`.padEnd(28)} ${(x.median / y.median).toFixed(3)} (medians), ` +
    `${pairs.median.toFixed(3)} (per-round median), ${(x.min / y.min).toFixed(3)} (minima)`);
};
for (const threads of THREAD_COUNTS) ratio(`nnslim ${threads}T`, `TF.js ${threads}T`);
for (const runtime of RUNTIMES) ratio(`${runtime} 1T`, `${runtime} 2T`);
// The same network: every output within 1e-4 (relative to the output's
// largest magnitude) of nnslim's 1-thread output, else the comparison is void.
const reference = pages[0].outputs[0];
let failed = false;
for (const { threads, outputs } of pages) {
  RUNTIMES.forEach((runtime, k) => {
    const error = maxRelativeError(outputs[k], reference);
    const fail = !(error <= 1e-4);
    failed ||= fail;
    console.log(`  max |${runtime} ${threads}T - nnslim 1T| / max |nnslim 1T|: ${error.toExponential(1)}${fail ? '  FAIL (> 1e-4)' : ''}`);
  });
}
if (failed) process.exitCode = 1;
