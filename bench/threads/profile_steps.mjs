// Where 2 threads gain and where they do not, step by step:
//
//   node bench/threads/profile_steps.mjs [--workload mobilenetv2_b1]
//        [--iterations 40] [--warmup 5] [--threads 2] [--top 25]
//        [--variant f32|int8|sparse90]
//   (the workloads come from bench/peers/make_workloads.py; --variant makes
//   the int8 or pruned model as bench/threads/variants.mjs does)
//
// Two models of the same bytes, 1 thread and N threads, run through
// runProfiled() in interleaved rounds; each step's median ms on each is
// compared (speedup = 1-thread median / N-thread median). The report gives
// the steps by 1-thread time, the totals per kernel family, and the time
// outside the steps (the whole run's median minus the steps' sum: the JS
// binding and the input/output copies). A step that stays on the calling
// thread (the cost model in src/runtime/parallel.h, or a step family that
// does not split) shows ~1.0x; a split step that pays the pool's wake-up
// shows its fixed cost as a loss on small layers.
import os from 'node:os';
import { parseArgs } from 'node:util';

import * as nnslim from '../../web/node.js';
import * as internal from '../../web/internal.js';
import { loadWorkload } from '../peers/workloads.mjs';
import { makeVariant } from './variants.mjs';

const { values: options } = parseArgs({
  options: {
    workload: { type: 'string', default: 'mobilenetv2_b1' },
    variant: { type: 'string', default: 'f32' },
    iterations: { type: 'string', default: '40' },
    warmup: { type: 'string', default: '5' },
    threads: { type: 'string', default: '2' },
    top: { type: 'string', default: '25' },
  },
});
const iterations = Number(options.iterations);
const warmup = Number(options.warmup);
const threads = Number(options.threads);
const fmt = (value, digits = 3) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

await nnslim.init();
const workload = await loadWorkload(options.workload);
const bytes = await makeVariant(nnslim, workload, options.variant);
const models = [await nnslim.loadModel(bytes, { numThreads: 1 }), await nnslim.loadModel(bytes, { numThreads: threads })];
const feeds = { [workload.manifest.input.name]: new nnslim.Tensor('float32', workload.input, workload.inputShape) };

// samples[m][step] = ms per round; whole[m] = the run's wall ms per round.
const samples = [[], []];
const whole = [[], []];
const cpu = [[], []];
// The pool's counters over the N-thread runs (ThreadPool::Stats; absent in
// builds before they existed).
const poolStats = internal._poolStats ?? (() => ({}));
const pool = { runs: 0, jobs: 0, tiles: 0, callerTiles: 0, workerBlocks: 0, callerBlocks: 0, callerWaitUs: 0, stolenTiles: 0 };
let layout;
for (let round = -warmup; round < iterations; round++) {
  for (let k = 0; k < 2; k++) {
    const m = (round + k + warmup) % 2;
    const statsBefore = poolStats();
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const { steps } = await models[m].runProfiled(feeds);
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpuStart);
    if (round < 0) continue;
    if (m === 1) {
      const statsAfter = poolStats();
      for (const key of Object.keys(pool)) pool[key] += (statsAfter[key] ?? NaN) - (statsBefore[key] ?? NaN);
    }
    layout ??= steps.map(({ layer, op, kernel }) => ({ layer, op, kernel }));
    whole[m].push(ms);
    cpu[m].push((used.user + used.system) / 1000);
    steps.forEach((step, i) => { (samples[m][i] ??= []).push(step.ms); });
  }
}

const rows = layout.map((step, i) => ({ ...step, one: median(samples[0][i]), many: median(samples[1][i]) }));
const sum = (list, key) => list.reduce((total, row) => total + row[key], 0);
const runOne = median(whole[0]);
const runMany = median(whole[1]);

console.log(`# Per-step profile: ${options.workload} (${options.variant}), 1 vs ${threads} threads`);
console.log();
console.log(`- ${new Date().toISOString()}, Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x ${os.cpus().length}, ` +
  `load average ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}`);
console.log(`- ${iterations} interleaved rounds after ${warmup} warm-up rounds, medians, runProfiled()`);
console.log(`- whole run: 1 thread ${fmt(runOne)} ms (fastest ${fmt(Math.min(...whole[0]))}, CPU ${fmt(median(cpu[0]))}), ` +
  `${threads} threads ${fmt(runMany)} ms (fastest ${fmt(Math.min(...whole[1]))}, CPU ${fmt(median(cpu[1]))}): ` +
  `${fmt(runOne / runMany, 2)}x (fastest ${fmt(Math.min(...whole[0]) / Math.min(...whole[1]), 2)}x)`);
console.log(`- steps' sum: ${fmt(sum(rows, 'one'))} / ${fmt(sum(rows, 'many'))} ms; outside the steps ` +
  `${fmt(runOne - sum(rows, 'one'))} / ${fmt(runMany - sum(rows, 'many'))} ms; ${rows.length} steps`);
const perRun = (key, digits = 1) => fmt(pool[key] / iterations, digits);
console.log(`- pool per ${threads}-thread run: ${perRun('jobs')} jobs, ${perRun('tiles')} tiles ` +
  `(${fmt((100 * pool.callerTiles) / Math.max(1, pool.tiles), 1)}% run by the caller), worker blocks ${perRun('workerBlocks')}, ` +
  `caller blocks ${perRun('callerBlocks')}, caller waiting for workers ${perRun('callerWaitUs', 0)} us, ` +
  `stolen tiles ${perRun('stolenTiles')}`);
console.log();

// Per kernel family: the kernel name without its tile (e.g. "f32 igemm").
const family = (kernel) => kernel.replace(/ \d+x\d+.*$/, '').replace(/ \(.*\)$/, '');
const families = new Map();
for (const row of rows) {
  const key = family(row.kernel);
  const entry = families.get(key) ?? { kernel: key, steps: 0, one: 0, many: 0 };
  entry.steps++;
  entry.one += row.one;
  entry.many += row.many;
  families.set(key, entry);
}
console.log(`| kernel family | steps | 1 thread ms | ${threads} threads ms | speedup | saved ms |`);
console.log('|---|---:|---:|---:|---:|---:|');
for (const entry of [...families.values()].sort((a, b) => b.one - a.one)) {
  console.log(`| ${entry.kernel} | ${entry.steps} | ${fmt(entry.one)} | ${fmt(entry.many)} | ` +
    `${fmt(entry.one / entry.many, 2)}x | ${fmt(entry.one - entry.many)} |`);
}
console.log();

console.log(`| # | layer | op -> kernel | 1 thread ms | ${threads} threads ms | speedup |`);
console.log('|---:|---|---|---:|---:|---:|');
const top = Number(options.top);
const order = rows.map((row, i) => ({ ...row, index: i })).sort((a, b) => b.one - a.one);
for (const row of top > 0 ? order.slice(0, top) : order) {
  console.log(`| ${row.index} | ${row.layer} | ${row.op} -> ${row.kernel} | ${fmt(row.one)} | ${fmt(row.many)} | ` +
    `${fmt(row.one / row.many, 2)}x |`);
}
models.forEach((model) => model.dispose());
