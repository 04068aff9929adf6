// nnslim's benchmark() in headless Chromium next to the same call in Node:
// the same package, the same wasm, the same model and weights, one thread.
//
//   node bench/browser/run_browser.mjs [--model mobilenetv2|mlp] [--iterations 50] [--warmup 10]
//
// The page is served by scripts/static-server.js with cross-origin isolation
// (COOP/COEP), which gives performance.now() 5 us resolution in Chromium
// (100 us without). Prints a markdown table of latency statistics.
import { existsSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { chromium } from 'playwright-core';

import { startStaticServer } from '../../scripts/static-server.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const { values: options } = parseArgs({
  options: {
    model: { type: 'string', default: 'mobilenetv2' },
    iterations: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '10' },
  },
});
const settings = { model: options.model, iterations: Number(options.iterations), warmup: Number(options.warmup) };
if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (bash scripts/setup.sh installs Debian's)`);

// Runs in Node and, stringified, in the page: builds the model from the zoo
// (seeded He weights) and benchmarks it.
async function benchmarkIn(nnslim, { model, iterations, warmup }) {
  const built = model === 'mlp'
    ? nnslim.sequential({ seed: 3, layers: [
      nnslim.layers.dense({ units: 1024, activation: 'relu', inputShape: [784] }),
      nnslim.layers.dense({ units: 1024, activation: 'relu' }),
      nnslim.layers.dense({ units: 10 })] })
    : nnslim.zoo.mobilenetV2({ seed: 3 });
  try {
    const result = await built.benchmark({ warmup, iterations });
    return { latencyMs: result.latencyMs, throughput: result.throughput, coldMs: result.coldMs };
  } finally {
    built.dispose();
  }
}

const nodeResult = await benchmarkIn(await import('../../web/node.js'), settings);

const server = await startStaticServer({ mounts: { '/': ROOT } });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let browserResult;
let isolated;
let userAgent;
try {
  const page = await browser.newPage();
  // One thread, as before threads reached pages: an isolated page would now
  // get the threaded build; the relaxed one is what Chromium runs otherwise
  // (Node's synchronous first call loads a single-threaded build too).
  await page.goto(`${server.url}/tests/browser/harness.html?build=relaxed`);
  await page.waitForFunction(() => window.nnslimReady === true, null, { timeout: 60_000 });
  isolated = await page.evaluate(() => window.crossOriginIsolated);
  userAgent = await page.evaluate(() => navigator.userAgent);
  browserResult = await page.evaluate(async ({ source, settings }) => {
    const run = new Function(`return (${source})`)();
    return run(window.nnslim, settings);
  }, { source: benchmarkIn.toString(), settings });
} finally {
  await browser.close();
  await server.close();
}

const fmt = (x) => x.toFixed(2);
console.log(`### nnslim benchmark(): Chromium vs Node (${settings.model}, batch 1)\n`);
console.log(`- date: ${new Date().toISOString()}; CPU: ${os.cpus()[0]?.model}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' / ')}`);
console.log(`- Node ${process.version}; Chromium: ${userAgent} (cross-origin isolated: ${isolated})`);
console.log(`- ${settings.warmup} warm-up + ${settings.iterations} timed runs each, one thread, SIMD128\n`);
console.log('| where | p50 (ms) | mean (ms) | p90 (ms) | min (ms) | throughput (inf/s) | cold first run (ms) |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const [where, r] of [['Node', nodeResult], ['Chromium', browserResult]]) {
  const l = r.latencyMs;
  console.log(`| ${where} | ${fmt(l.p50)} | ${fmt(l.mean)} | ${fmt(l.p90)} | ${fmt(l.min)} | ${r.throughput.toFixed(1)} | ${fmt(r.coldMs)} |`);
}
