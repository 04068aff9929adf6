// Thread scaling when runs are spaced out, as in a page that runs a model
// once per video frame or per user event, not in a loop: nnslim builds side
// by side in one Node process, each with a 1-thread and a 2-thread model,
// every timed run after `gap` ms asleep.
//
//   node bench/threads/spaced_runs.mjs --base DIR[,DIR...] [--workload mobilenetv2_b1]
//        [--variant f32|int8|sparse90] [--gaps 0,1,5,20] [--iterations 15]
//
// DIR is a checkout (or a copy of its web/, dist/ and package.json) with its
// package built. Between back-to-back runs a pool's workers are still awake;
// after a pause they are asleep (and on a VM so may be the virtual CPU they
// ran on), and a 2-thread run pays for waking them. Prints, per gap, each
// model's median ms and the share of the 2-thread runs' tiles the workers
// ran (from the pool's counters).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

import { summarize } from '../peers/stats.mjs';
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
        workerShare[index].push(1 - (after.callerTiles - before.callerTiles) / Math.max(1, after.tiles - before.tiles));
      }
    }
  }
  const cells = [];
  for (let b = 0; b < builds.length; b++) {
    const one = summarize(wall[2 * b]).median, two = summarize(wall[2 * b + 1]).median;
    cells.push(`${builds[b].dir}: 1t ${one.toFixed(2)} 2t ${two.toFixed(2)} ms (${(one / two).toFixed(2)}x, workers ran ` +
      `${(100 * summarize(workerShare[2 * b + 1]).median).toFixed(0)}% of tiles)`);
  }
  console.log(`gap ${gap} ms: ${cells.join(' | ')}`);
}
process.exit(0);
