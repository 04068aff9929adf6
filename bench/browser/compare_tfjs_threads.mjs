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
// TF.js caps its threads at navigator.hardwareConcurrency / 2, so both pages
// get hardwareConcurrency overridden to 2x the most threads asked for
// (tfjs_threads_page.mjs, which loads and checks the page, says why) when
// TF.js starts; nnslim starts under the most threads asked for (2: its pool
// then has the one worker a 2-thread run uses, as on a 2-core machine;
// --nnslim-cores N: under N). Until 2026-12-06 nnslim got TF.js's override,
// and the extra workers that gave its pool took core time from its 2-thread
// runs (tfjs_threads_page.mjs). Not 1 on the 1-thread page: nnslim's
// threaded build never finishes init() under hardwareConcurrency 1.
//
// Each round runs all four once, in a rotated order, so load from other
// processes hits them alike; the figures are medians of the page's wall time
// (performance.now(), 5 us on an isolated page). CPU time means nothing here:
// the work runs on the page's main thread and on worker threads.
//
//   node bench/browser/compare_tfjs_threads.mjs [--workload mobilenetv2_b1] [--iterations 40] [--warmup 15]
//        [--gap-ms 25] [--settle-ms 25] [--unsettled] [--samples] [--nnslim-cores N]
//
// --samples also prints every timed run's ms, sorted (TF.js's 2-thread runs
// are bimodal: the share of its slow runs moves its median).
//
// --gap-ms N idles N ms before each run (default 25), as a page between
// inferences would. Run back to back on this loaded 2-core VM, TF.js with 2
// threads was bimodal (13 ms or ~100 ms; median 72-100 ms; with its page
// alone 38 ms), with the gap 20-26 ms; nnslim barely changed. The default is the
// setting that is fair to TF.js; --gap-ms 0 shows the other.
//
// Settled runs (the default; --unsettled drops them): each timed run follows
// --settle-ms asleep and then one untimed run of the same runtime on the same
// page (then the gap), so it is timed after its own runtime's run, never in
// the wake of the other's (the Node peer bench, bench/threads/run_threads.mjs,
// found onnxruntime-web's threads busy for milliseconds after its run, taking
// a core from the nnslim run timed next). In Chromium, TF.js's threads did
// not do that: bench/browser/tfjs_threads_wake.mjs, 2 threads, 20 rounds,
// 2026-12-06 09:40 UTC, load 0.3-0.5: the browser's threads used 22.5 ms of
// CPU from just before a TF.js run to its return and 20.2-24.9 ms to 5-200 ms
// after it (nnslim: 14.6, then 14.2-15.0; nothing run: 0.1 ms per 100 ms), and
// nnslim timed right after a TF.js run took 8.29 ms (median), right after its
// own 7.64, 5-100 ms after a TF.js run 7.48-8.83, settled 7.01, all within
// the runs' spread (p90 8.5-12.0 ms). The old order hurt TF.js instead:
// its 2-thread runs are bimodal (8.3-11 ms, or 13-18 ms, about its 1-thread
// time) and fell in the fast mode less often right after the other
// runtime's or page's run. The same day (nnslim's pool then 4 threads),
// 09:43-09:54, load 0.6-1.9,
// alternating: settled (9 runs) TF.js 2T medians 9.2-17.5 ms (7 of 9 under
// 11.5; 20-30 of 40 runs under 12 ms where printed), nnslim / TF.js 2T 0.60-0.84;
// unsettled (6 runs) 13.0-18.4 ms (18-19 of 40 under 12 ms), 0.54-0.63;
// nnslim 2T 7.5-10.4 ms either way; 1 thread 0.61-0.68 vs 0.66-0.69. So
// the settled order times each runtime as a page using only it would run
// it: --gap-ms after its own run. 25 ms of settling is past anything
// measured.
//
// Needs: dist/ built with the threaded build (scripts/build.sh), npm ci
// --prefix bench, the workload generated (python3 bench/peers/make_workloads.py),
// Debian's chromium.
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { startStaticServer } from '../../scripts/static-server.js';
import { version as tfjsVersion } from '../peers/runner_tfjs.mjs';
import { maxRelativeError, summarize } from '../peers/stats.mjs';
import { loadWorkload } from '../peers/workloads.mjs';
import { startReading } from './machine_share.mjs';
import { RUNTIMES, openPage, runOnce } from './tfjs_threads_page.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const THREAD_COUNTS = [1, 2];
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const HARDWARE_CONCURRENCY_OVERRIDE = 2 * Math.max(...THREAD_COUNTS);
const { values: options } = parseArgs({
  options: {
    workload: { type: 'string', default: 'mobilenetv2_b1' },
    iterations: { type: 'string', default: '40' },
    warmup: { type: 'string', default: '15' },
    'gap-ms': { type: 'string', default: '25' },
    'settle-ms': { type: 'string', default: '25' },
    unsettled: { type: 'boolean', default: false },
    samples: { type: 'boolean', default: false },
    'nnslim-cores': { type: 'string' },
  },
});
const workload = await loadWorkload(options.workload);
const gapMs = Number(options['gap-ms']);
const settleMs = Number(options['settle-ms']);
const settled = !options.unsettled;

const server = await startStaticServer({ mounts: { '/': ROOT } });
const browsers = [];
const pages = [];
let info;
let machine = null;
try {
  for (const threads of THREAD_COUNTS) {
    const opened = await openPage({
      serverUrl: server.url, workload, threads, hardwareConcurrency: HARDWARE_CONCURRENCY_OVERRIDE,
      nnslimCores: Number(options['nnslim-cores'] ?? Math.max(...THREAD_COUNTS)),
    });
    browsers.push(opened.browser);
    info = opened.info;
    pages.push({ threads, page: opened.page, samples: [[], []], info });
  }
  const slots = pages.flatMap((entry) => [0, 1].map((which) => ({ entry, which })));
  const total = Number(options.warmup) + Number(options.iterations);
  let reading;
  for (let i = 0; i < total; i++) {
    if (i === Number(options.warmup)) reading = startReading();
    for (let j = 0; j < slots.length; j++) {
      const { entry, which } = slots[(i + j) % slots.length];
      if (settled) {
        if (settleMs > 0) await sleep(settleMs);
        await runOnce(entry.page, which);
      }
      if (gapMs > 0) await sleep(gapMs);
      const ms = await runOnce(entry.page, which);
      if (i >= Number(options.warmup)) entry.samples[which].push(ms);
    }
  }
  machine = reading?.end() ?? null;
  for (const entry of pages) entry.outputs = await entry.page.evaluate(() => window.benchOutputs());
} finally {
  for (const browser of browsers) await browser.close();
  await server.close();
}

console.log(`${workload.name}: nnslim (threaded build) vs TF.js ${tfjsVersion()} (threaded-SIMD wasm) in headless ` +
  `Chromium, ${options.iterations} interleaved rounds after ${options.warmup} warm-up` +
  `${gapMs > 0 ? `, ${gapMs} ms idle before each run` : ''}` +
  `${settled ? `, each timed run settled (${settleMs} ms asleep, an untimed run of the same runtime${gapMs > 0 ? ', the gap' : ''})` : ', unsettled'}` +
  ', wall time');
console.log(`  ${info.userAgent} (cross-origin isolated: ${info.isolated}, ` +
  `hardwareConcurrency overridden to ${info.cores} for TF.js, which caps its threads at half of it; nnslim's pool: ` +
  `${pages.map((p) => p.info.nnslimMaxThreads).join(' / ')} threads on the ${THREAD_COUNTS.join(' / ')}-thread pages); ${os.cpus().length} cores, ` +
  `CPU ${os.cpus()[0]?.model}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' / ')}`);
if (machine) {
  // A share of one core; the 2-thread runs need both of this VM's cores.
  const share = (ms) => `${((100 * ms) / machine.elapsedMs).toFixed(0)}%`;
  console.log(`  while timing (${(machine.elapsedMs / 1000).toFixed(1)} s): other processes' CPU ${share(machine.othersMs)} ` +
    `of a core, the VM's steal ${share(machine.stealMs)} (/proc; the browsers and this process excluded)`);
}
const stats = {};
for (const { threads, samples } of pages) {
  RUNTIMES.forEach((runtime, k) => {
    stats[`${runtime} ${threads}T`] = { ...summarize(samples[k]), samples: samples[k] };
  });
}
for (const [name, s] of Object.entries(stats)) {
  console.log(`  ${name.padEnd(12)} median ${s.median.toFixed(2)} ms, p90 ${s.p90.toFixed(2)} ms, min ${s.min.toFixed(2)} ms`);
  if (options.samples) console.log(`    sorted: ${[...s.samples].sort((a, b) => a - b).map((ms) => ms.toFixed(1)).join(' ')}`);
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
