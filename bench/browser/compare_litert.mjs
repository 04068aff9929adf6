// nnslim against LiteRT.js (@litertjs/core) in headless Chromium, 1 thread,
// on the same workload (make_workloads.py: the .onnx and the .tflite carry
// the same network and weights). Two pages, each in its own Chromium: one with nnslim's
// relaxed-SIMD build and LiteRT.js's relaxed-SIMD module, one with both
// plain-SIMD builds. Each round runs all four once, in a rotated order, so
// load from other processes hits them alike; medians of the wall-clock times
// (performance.now(), 5 us resolution on the cross-origin-isolated page), or
// with --cpu-time of the page's main-thread CPU time (the DevTools protocol's
// Performance.getMetrics ThreadTime before and after each run, less the
// median cost of an empty round trip: time slices lost to other processes on
// a shared machine do not count; every runtime here runs on that one thread).
// Warm-up: 20 rounds by default (with 10, and both pages then in one
// browser, LiteRT.js's relaxed module took ~48 ms, twice its plain module,
// in one run: unfinished tier-up or the shared-renderer effect noted below).
//
//   node bench/browser/compare_litert.mjs [--workload mobilenetv2_b1] [--iterations 50] [--warmup 20] [--cpu-time]
//
// Needs: dist/ built (scripts/build.sh), npm ci --prefix bench, the workload
// generated (python3 bench/peers/make_workloads.py), Debian's chromium.
// The Node twin (LiteRT.js in Node 20 under --experimental-wasm-relaxed-simd):
// bench/peers/compare_relaxed.mjs --litert.
import { existsSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { chromium } from 'playwright-core';

import { startStaticServer } from '../../scripts/static-server.js';
import { LITERT_BUILDS, toNhwc, version as litertVersion } from '../peers/runner_litert.mjs';
import { maxRelativeError, summarize } from '../peers/stats.mjs';
import { loadWorkload } from '../peers/workloads.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const { values: options } = parseArgs({
  options: {
    workload: { type: 'string', default: 'mobilenetv2_b1' },
    iterations: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '20' },
    'cpu-time': { type: 'boolean', default: false },
  },
});
if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (bash scripts/setup.sh installs Debian's)`);
const workload = await loadWorkload(options.workload);
if (!workload.manifest.tflite) throw new Error(`${workload.name}: no .tflite (rerun bench/peers/make_workloads.py)`);

// Runs in the page (stringified): loads both runtimes' models and leaves
// window.benchRun(which) (0: nnslim, 1: LiteRT.js), which runs one and
// returns its wall time, and window.benchOutputs().
async function setUpPage({ litertFile, onnxUrl, tfliteUrl, input, inputShape, nhwcInput, nhwcShape }) {
  const { nnslim, litert } = window;
  await litert.loadLiteRt(`/bench/node_modules/@litertjs/core/wasm/${litertFile}.js`);
  const model = await nnslim.loadModel(onnxUrl);
  const feeds = { [model.inputNames[0]]: new nnslim.Tensor('float32', Float32Array.from(input), inputShape) };
  const tflite = new Uint8Array(await (await fetch(tfliteUrl)).arrayBuffer());
  const compiled = await litert.loadAndCompile(tflite, { accelerator: 'wasm', cpuOptions: { numThreads: 1 } });
  const litertInput = new litert.Tensor(Float32Array.from(nhwcInput), nhwcShape);
  const runs = [
    async () => (await model.run(feeds))[model.outputNames[0]].data,
    async () => {
      const outputs = await compiled.run([litertInput]);
      const result = Float32Array.from(outputs[0].toTypedArray());
      for (const tensor of outputs) tensor.delete();
      return result;
    },
  ];
  window.benchRun = async (which) => {
    const start = performance.now();
    await runs[which]();
    return performance.now() - start;
  };
  window.benchOutputs = async () => Promise.all(runs.map(async (run) => Array.from(await run())));
  return { build: nnslim.features().build, userAgent: navigator.userAgent, isolated: window.crossOriginIsolated };
}

const nhwcShape = [workload.inputShape[0], workload.inputShape[2], workload.inputShape[3], workload.inputShape[1]];
const pageSettings = {
  onnxUrl: `/bench/peers/generated/${workload.manifest.onnx}`,
  tfliteUrl: `/bench/peers/generated/${workload.manifest.tflite}`,
  input: Array.from(workload.input),
  inputShape: workload.inputShape,
  nhwcInput: Array.from(toNhwc(workload.input, workload.inputShape)),
  nhwcShape,
};

const server = await startStaticServer({ mounts: { '/': ROOT } });
// One browser per page: with both pages in one browser (one renderer
// process), one of the two LiteRT.js modules ran ~2.3x slower for a whole
// run in half the runs (53-56 ms against 21-25), also with the flags that
// keep background pages at full speed.
const launch = () => chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const browsers = [];
const pages = [];
let info;
try {
  for (const build of ['relaxed', 'plain']) {
    const browser = await launch();
    browsers.push(browser);
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error(`page (${build}): ${error.message}`));
    await page.goto(`${server.url}/bench/browser/compare_litert.html?build=${build}`);
    await page.waitForFunction(() => window.pageReady === true, null, { timeout: 60_000 });
    info = await page.evaluate(async ({ source, settings }) => new Function(`return (${source})`)()(settings),
      { source: setUpPage.toString(), settings: { ...pageSettings, litertFile: LITERT_BUILDS[build] } });
    if (info.build !== build) throw new Error(`the page asked for nnslim's ${build} build and got ${info.build}`);
    pages.push({ build, page, samples: [[], []] });
  }
  // One sample: the page's wall time, or its main thread's CPU time.
  for (const entry of pages) {
    entry.cdp = await entry.page.context().newCDPSession(entry.page);
    await entry.cdp.send('Performance.enable');
  }
  const threadMs = async (entry) =>
    1000 * (await entry.cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime').value;
  let overheadMs = 0;
  if (options['cpu-time']) {
    const empty = [];
    for (let i = 0; i < 41; i++) {
      const before = await threadMs(pages[0]);
      await pages[0].page.evaluate(() => 0);
      empty.push((await threadMs(pages[0])) - before);
    }
    overheadMs = summarize(empty).median;
  }
  const sample = async (entry, which) => {
    if (!options['cpu-time']) return entry.page.evaluate((w) => window.benchRun(w), which);
    const before = await threadMs(entry);
    await entry.page.evaluate((w) => window.benchRun(w), which);
    return (await threadMs(entry)) - before - overheadMs;
  };
  const slots = pages.flatMap((entry) => [0, 1].map((which) => ({ entry, which })));
  const total = Number(options.warmup) + Number(options.iterations);
  for (let i = 0; i < total; i++) {
    for (let j = 0; j < slots.length; j++) {
      const { entry, which } = slots[(i + j) % slots.length];
      const ms = await sample(entry, which);
      if (i >= Number(options.warmup)) entry.samples[which].push(ms);
    }
  }
  info.overheadMs = overheadMs;
  for (const entry of pages) entry.outputs = await entry.page.evaluate(() => window.benchOutputs());
} finally {
  for (const browser of browsers) await browser.close();
  await server.close();
}

console.log(`${workload.name}: nnslim vs LiteRT.js ${litertVersion()} in headless Chromium, 1 thread, ` +
  `${options.iterations} interleaved rounds after ${options.warmup} warm-up, ` +
  (options['cpu-time'] ? `main-thread CPU time (less ${info.overheadMs.toFixed(3)} ms per round trip)` : 'wall time'));
console.log(`  ${info.userAgent} (cross-origin isolated: ${info.isolated}); CPU ${os.cpus()[0]?.model}, ` +
  `load average ${os.loadavg().map((x) => x.toFixed(2)).join(' / ')}`);
const stats = {};
for (const { build, samples } of pages) {
  ['nnslim', 'LiteRT.js'].forEach((runtime, k) => {
    stats[`${runtime} ${build}`] = { ...summarize(samples[k]), samples: samples[k] };
  });
}
for (const [name, s] of Object.entries(stats)) {
  console.log(`  ${name.padEnd(20)} median ${s.median.toFixed(2)} ms, min ${s.min.toFixed(2)} ms`);
}
const ratio = (a, b) => {
  const x = stats[a], y = stats[b];
  const pairs = summarize(x.samples.map((ms, i) => ms / y.samples[i]));
  console.log(`  ${`${a} / ${b}`.padEnd(44)} ${(x.median / y.median).toFixed(3)} (medians), ` +
    `${pairs.median.toFixed(3)} (per-round median)`);
};
ratio('nnslim relaxed', 'LiteRT.js relaxed');
ratio('nnslim plain', 'LiteRT.js plain');
ratio('nnslim relaxed', 'nnslim plain');
ratio('LiteRT.js relaxed', 'LiteRT.js plain');
// The same network: every output within 1e-4 (relative to the output's
// largest magnitude) of nnslim plain's, else the comparison is void.
const reference = pages.find((p) => p.build === 'plain').outputs[0];
let failed = false;
for (const { build, outputs } of pages) {
  ['nnslim', 'LiteRT.js'].forEach((runtime, k) => {
    const error = maxRelativeError(outputs[k], reference);
    const fail = !(error <= 1e-4);
    failed ||= fail;
    console.log(`  max |${runtime} ${build} - nnslim plain| / max |nnslim plain|: ${error.toExponential(1)}${fail ? '  FAIL (> 1e-4)' : ''}`);
  });
}
if (failed) process.exitCode = 1;
