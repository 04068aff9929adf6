// Thread scaling of two builds of nnslim side by side, in one Node process:
//
//   node bench/threads/compare_modules.mjs --base DIR[,DIR...] [--workload mobilenetv2_b1]
//        [--model FILE.onnx | --variants f32,int8,sparse90] [--iterations 20] [--warmup 5]
//        [--min-parallel-work N] [--skip-this]
//
// DIR is another checkout with its package built (its web/node.js and
// dist/, e.g. `git worktree add /tmp/base main` then `bash scripts/build.sh`
// there); this checkout is the other build. Each build loads the model twice
// (1 and 2 threads: 4 models, each module with its own pool) and the four
// run in interleaved rounds, so both builds see the same machine: on a VM
// whose cross-core cost changes from one half hour to the next, separate
// runs of the two builds cannot be compared. --model times that ONNX file
// (e.g. an int8 or pruned export) on the workload's input; --variants times
// the workload's int8 and 90% block-sparse twins too (bench/threads/variants.mjs,
// made by this checkout's build), one interleaved table each. Each table
// also gives the pool's counters per 2-thread run of each build (from its
// web/internal.js: a build without a counter shows n/a): the share of tiles
// the caller ran, tiles stolen from another thread's segment, the caller's
// wait for the workers. --min-parallel-work sets each build's cost-model
// threshold (runtime/parallel.h; 0 splits every step: with the MLP, a
// measure of what a job costs). --skip-this times only the --base builds,
// in the order given: the module loaded first tends to scale better (same
// build in two places, MLP with --min-parallel-work 0, 2026-12-06: 1.78x
// loaded first, 0.57x loaded third), so an A/B runs both orders.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

import { loadWorkload } from '../peers/workloads.mjs';
import { startReading } from './machine_activity.mjs';
import { makeVariant } from './variants.mjs';

const { values: options } = parseArgs({
  options: {
    base: { type: 'string' },
    workload: { type: 'string', default: 'mobilenetv2_b1' },
    model: { type: 'string' },
    variants: { type: 'string', default: 'f32' },
    'min-parallel-work': { type: 'string' },
    'skip-this': { type: 'boolean', default: false },
    iterations: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
  },
});
if (!options.base) throw new Error('--base DIR (a checkout with its package built) is required');
const iterations = Number(options.iterations);
const warmup = Number(options.warmup);
// --base may list several checkouts, comma-separated (e.g. builds of one
// change with different constants, copied with their web/ and dist/).
const builds = Object.fromEntries(options.base.split(',').map((dir, i, all) => [all.length > 1 ? dir : 'base', resolve(dir)]));
if (!options['skip-this']) builds.this = resolve(new URL('../..', import.meta.url).pathname);

const workload = await loadWorkload(options.workload);
const modules = {};
for (const [label, dir] of Object.entries(builds)) {
  const nnslim = await import(pathToFileURL(`${dir}/web/node.js`).href);
  const internal = await import(pathToFileURL(`${dir}/web/internal.js`).href);
  await nnslim.init();
  if (options['min-parallel-work'] !== undefined) internal._setMinParallelWork(Number(options['min-parallel-work']));
  modules[label] = { nnslim, poolStats: internal._poolStats ?? (() => ({})) };
}
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const POOL_KEYS = ['tiles', 'callerTiles', 'stolenTiles', 'callerWaitUs'];
const os = await import('node:os');

const variants = options.model ? [options.model] : options.variants.split(',').filter(Boolean);
for (const variant of variants) {
  const bytes = options.model
    ? new Uint8Array(await readFile(options.model))
    : await makeVariant(Object.values(modules)[0].nnslim, workload, variant);
  const runners = [];
  for (const label of Object.keys(builds)) {
    const { nnslim, poolStats } = modules[label];
    const feeds = { [workload.manifest.input.name]: new nnslim.Tensor('float32', workload.input, workload.inputShape) };
    for (const threads of [1, 2]) {
      const model = await nnslim.loadModel(bytes, { numThreads: threads });
      const pool = Object.fromEntries(POOL_KEYS.map((key) => [key, 0]));
      runners.push({ label, threads, run: () => model.run(feeds), wall: [], poolStats, pool });
    }
  }
  const loadBefore = os.loadavg();
  let reading, began;
  for (let round = -warmup; round < iterations; round++) {
    if (round === 0) {
      reading = startReading();
      began = performance.now();
    }
    for (let k = 0; k < runners.length; k++) {
      const runner = runners[(round + warmup + k) % runners.length];
      const before = runner.threads > 1 && round >= 0 ? runner.poolStats() : null;
      const start = performance.now();
      await runner.run();
      const ms = performance.now() - start;
      if (round < 0) continue;
      runner.wall.push(ms);
      if (before) {
        const after = runner.poolStats();
        for (const key of POOL_KEYS) runner.pool[key] += (after[key] ?? NaN) - (before[key] ?? NaN);
      }
    }
  }
  // Other processes' CPU and the VM's steal time over the timed rounds, as
  // shares of one core (bench/threads/machine_activity.mjs).
  const machine = reading.end();
  const elapsed = performance.now() - began;
  const machineText = machine
    ? `; others' CPU ${fmt((100 * machine.othersMs) / elapsed, 0)}%, steal ${fmt((100 * machine.stealMs) / elapsed, 0)}% of a core`
    : '';
  const name = options.model ?? `${options.workload} ${variant}`;
  console.log(`${name}: ${iterations} interleaved rounds after ${warmup}, medians (fastest); ` +
    `load average ${loadBefore.map((v) => v.toFixed(2)).join(' ')} -> ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}${machineText}`);
  console.log('| build | 1 thread ms | 2 threads ms | speedup | caller tiles | stolen tiles / run | caller wait us / run |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const label of Object.keys(builds)) {
    const [one, two] = runners.filter((runner) => runner.label === label);
    const pool = two.pool;
    console.log(`| ${label} (${builds[label]}) | ${median(one.wall).toFixed(2)} (${Math.min(...one.wall).toFixed(2)}) | ` +
      `${median(two.wall).toFixed(2)} (${Math.min(...two.wall).toFixed(2)}) | ${(median(one.wall) / median(two.wall)).toFixed(2)}x | ` +
      `${fmt((100 * pool.callerTiles) / pool.tiles)}% | ${fmt(pool.stolenTiles / iterations)} | ${fmt(pool.callerWaitUs / iterations, 0)} |`);
  }
  console.log();
}
// The modules' pool workers are unref()'d, but the models are still open.
process.exit(0);
