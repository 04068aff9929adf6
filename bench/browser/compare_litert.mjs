// nnslim against LiteRT.js (@litertjs/core) in headless Chromium, 1 thread,
// on the same workload (make_workloads.py: the .onnx and the .tflite carry
// the same network and weights). Two pages in one browser: one with nnslim's
// relaxed-SIMD build and LiteRT.js's relaxed-SIMD module, one with both
// plain-SIMD builds. Rounds alternate between the pages and, in a page,
// between the runtimes (who goes first rotates), so load from other
// processes hits all four alike; medians of the wall-clock times
// (performance.now(), 5 us resolution on the cross-origin-isolated page).
//
//   node bench/browser/compare_litert.mjs [--workload mobilenetv2_b1] [--iterations 50] [--warmup 10]
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
    warmup: { type: 'string', default: '10' },
  },
});
if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (bash scripts/setup.sh installs Debian's)`);
const workload = await loadWorkload(options.workload);
if (!workload.manifest.tflite) throw new Error(`${workload.name}: no .tflite (rerun bench/peers/make_workloads.py)`);

// Runs in the page (stringified): loads both runtimes' models and leaves
// window.benchRound(), which runs each once (rotating who goes first) and
// returns their times, and window.benchOutputs().
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
  let round = 0;
  window.benchRound = async () => {
    const ms = [0, 0];
    for (let j = 0; j < runs.length; j++) {
      const which = (round + j) % runs.length;
      const start = performance.now();
      await runs[which]();
      ms[which] = performance.now() - start;
    }
    round++;
    return ms;
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
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const pages = [];
let info;
try {
  for (const build of ['relaxed', 'plain']) {
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error(`page (${build}): ${error.message}`));
    await page.goto(`${server.url}/bench/browser/compare_litert.html?build=${build}`);
    await page.waitForFunction(() => window.pageReady === true, null, { timeout: 60_000 });
    info = await page.evaluate(async ({ source, settings }) => new Function(`return (${source})`)()(settings),
      { source: setUpPage.toString(), settings: { ...pageSettings, litertFile: LITERT_BUILDS[build] } });
    if (info.build !== build) throw new Error(`the page asked for nnslim's ${build} build and got ${info.build}`);
    pages.push({ build, page, samples: [[], []] });
  }
  const total = Number(options.warmup) + Number(options.iterations);
  for (let i = 0; i < total; i++) {
    for (let j = 0; j < pages.length; j++) {
      const entry = pages[(i + j) % pages.length];
      const ms = await entry.page.evaluate(() => window.benchRound());
      if (i >= Number(options.warmup)) ms.forEach((x, k) => entry.samples[k].push(x));
    }
  }
  for (const entry of pages) entry.outputs = await entry.page.evaluate(() => window.benchOutputs());
} finally {
  await browser.close();
  await server.close();
}

console.log(`${workload.name}: nnslim vs LiteRT.js ${litertVersion()} in headless Chromium, 1 thread, ` +
  `${options.iterations} interleaved rounds after ${options.warmup} warm-up, wall time`);
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
