// Thread scaling when runs are spaced out, as in a page that runs a model
// once per video frame or per user event, not in a loop: nnslim builds side
// by side in one Node process, each with a 1-thread and a 2-thread model,
// every timed run after `gap` ms asleep.
//
//   node bench/threads/spaced_runs.mjs --base DIR[,DIR...] [--workload mobilenetv2_b1]
//        [--variant f32|int8|sparse90] [--gaps 0,1,5,20] [--iterations 15] [--pool] [--adaptive on|off]
//
// DIR is a checkout (or a copy of its web/, dist/ and package.json) with its
// package built. Between back-to-back runs a pool's workers are still awake;
// after a pause they are asleep (and on a VM so may be the virtual CPU they
// ran on), and a 2-thread run pays for waking them. Prints, per gap, each
// model's median ms, how many 2-thread runs split (the per-run choice of
// src/runtime/thread_choice.h runs some on the calling thread; --adaptive
// off turns it off in every build) and the share of those runs' tiles the
// workers ran (from the pool's counters); --pool adds the 2-thread runs' counters
// per run: worker blocks and wakes (with the mean wake latency), when a
// worker claimed its first tile after the run's start, the caller's wait.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

import { percentile, summarize } from '../peers/stats.mjs';
import { loadWorkload } from '../peers/workloads.mjs';
import { makeVariant } from './variants.mjs';

const { values: options } = parseArgs({
  options: {
    base: { type: 'string' },
    workload: { type: 'string', default: 'mobilenetv2_b1' },
    variant: { type: 'string', default: 'f32' },
    gaps: { type: 'string', default: '0,1,5,20' },
    iterations: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '5' },
    pool: { type: 'boolean', default: false },
    // off: every run on its model's threads (builds with the per-run
    // choice, src/runtime/thread_choice.h; older builds have none).
    adaptive: { type: 'string', default: 'on' },
  },
});
if (!options.base) throw new Error('--base DIR[,DIR...] (checkouts with their package built) is required');
const iterations = Number(options.iterations);
const gaps = options.gaps.split(',').map(Number);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

const workload = await loadWorkload(options.workload);
const builds = [];
for (const dir of options.base.split(',')) {
  const root = pathToFileURL(`${resolve(dir)}/`);
  const nnslim = await import(new URL('web/node.js', root).href);
  const internal = await import(new URL('web/internal.js', root).href);
  if (options.adaptive === 'off') {
    await nnslim.init(); // a helper called first would load the single-threaded module synchronously
    internal._setAdaptiveThreads?.(false);
  }
  builds.push({ dir, nnslim, poolStats: internal._poolStats });
}
const onnxBytes = await makeVariant(builds[0].nnslim, workload, options.variant);
const feedsFor = (nnslim) => ({ [workload.manifest.input.name]: new nnslim.Tensor('float32', workload.input, workload.inputShape) });
const models = [];
for (const build of builds) {
  for (const numThreads of [1, 2]) {
    const model = await build.nnslim.loadModel(onnxBytes, { numThreads });
    models.push({ build, numThreads, model, feeds: feedsFor(build.nnslim) });
  }
}
for (let i = 0; i < Number(options.warmup); i++) for (const m of models) await m.model.run(m.feeds);

console.log(`${workload.name} ${options.variant}, ${iterations} rounds per gap, models in rotated order`);
for (const gap of gaps) {
  const wall = models.map(() => []);
  const workerShare = models.map(() => []);
  // The pool's counters over the 2-thread runs, summed per build (keys
  // absent in builds before them read as 0).
  const poolSums = models.map(() => ({ runs: 0, split: 0, workerBlocks: 0, callerWaitUs: 0, wakes: 0, wakeUs: 0, firstClaims: 0, firstClaimUs: 0 }));
  for (let round = 0; round < iterations; round++) {
    for (let k = 0; k < models.length; k++) {
      const index = (round + k) % models.length;
      const { model, feeds, build, numThreads } = models[index];
      if (gap > 0) await sleep(gap);
      else await model.run(feeds); // back to back: a run of its own just before
      const before = numThreads > 1 ? await build.poolStats() : null;
      const start = performance.now();
      await model.run(feeds);
      wall[index].push(performance.now() - start);
      if (before) {
        const after = await build.poolStats();
        const sums = poolSums[index];
        sums.runs++;
        // A run the per-run choice kept on the calling thread hands no tiles out.
        if (after.tiles > before.tiles) {
          sums.split++;
          workerShare[index].push(1 - (after.callerTiles - before.callerTiles) / (after.tiles - before.tiles));
        }
        for (const key of Object.keys(sums)) if (key !== 'runs' && key !== 'split') sums[key] += (after[key] ?? 0) - (before[key] ?? 0);
      }
    }
  }
  const cells = [];
  for (let b = 0; b < builds.length; b++) {
    const one = summarize(wall[2 * b]).median, two = summarize(wall[2 * b + 1]).median;
    const p = poolSums[2 * b + 1];
    const share = workerShare[2 * b + 1].length ? `${(100 * summarize(workerShare[2 * b + 1]).median).toFixed(0)}%` : '-';
    cells.push(`${builds[b].dir}: 1t ${one.toFixed(2)} 2t ${two.toFixed(2)} ms (${(one / two).toFixed(2)}x, ` +
      `${p.split} of ${p.runs} 2t runs split, workers ran ${share} of their tiles)`);
    if (options.pool) {
      const sorted = [...wall[2 * b + 1]].sort((x, y) => x - y);
      cells.push(`  2t runs p10 / p25 / p75 / p90: ${[10, 25, 75, 90].map((q) => percentile(sorted, q).toFixed(2)).join(' / ')} ms`);
    }
    if (options.pool) {
      cells.push(`  pool per 2t run: worker blocks ${(p.workerBlocks / p.runs).toFixed(1)}, wakes ${(p.wakes / p.runs).toFixed(1)} ` +
        `(${(p.wakeUs / Math.max(1, p.wakes)).toFixed(0)} us each), worker's first tile ${(p.firstClaimUs / Math.max(1, p.firstClaims)).toFixed(0)} us ` +
        `after the run's start (${p.firstClaims} of ${p.runs} runs), caller waiting ${(p.callerWaitUs / p.runs).toFixed(0)} us`);
    }
  }
  console.log(`gap ${gap} ms: ${cells.join(options.pool ? '\n' : ' | ')}`);
}
process.exit(0);
