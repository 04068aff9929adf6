// Two nnslim builds in one Node process, run() timed interleaved (so load
// from other processes hits both alike): did a build change make the runtime
// slower? Prints each build's median / p10 / min and the new / old ratios.
//
//   node bench/peers/compare_builds.mjs OLD_ENTRY NEW_ENTRY [--workload mobilenetv2_b1] [--iterations 100]
//
// An entry is a package entry module (web/node.js) of a checkout whose dist/
// holds that build, e.g. an old commit unpacked with
//   git archive <commit> web package.json | tar -x -C /tmp/old
// plus its dist/ copied to /tmp/old/dist (workloads: make_workloads.py).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { summarize } from './stats.mjs';
import { loadWorkload } from './workloads.mjs';

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    workload: { type: 'string', default: 'mobilenetv2_b1' },
    iterations: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '10' },
  },
});
if (positionals.length !== 2) {
  console.error('usage: node bench/peers/compare_builds.mjs OLD_ENTRY NEW_ENTRY [--workload W] [--iterations N]');
  process.exit(2);
}
const workload = await loadWorkload(options.workload);
const builds = [];
for (const entry of positionals) {
  const nnslim = await import(pathToFileURL(resolve(entry)).href);
  const model = await nnslim.loadModel(workload.onnxBytes);
  const feeds = { [workload.manifest.input.name]: new nnslim.Tensor('float32', workload.input, workload.inputShape) };
  for (let i = 0; i < Number(options.warmup); i++) await model.run(feeds);
  builds.push({ entry, model, feeds, samples: [] });
}
for (let i = 0; i < Number(options.iterations); i++) {
  // Alternate which build goes first in a pair.
  for (const build of i % 2 ? builds : [...builds].reverse()) {
    const start = performance.now();
    await build.model.run(build.feeds);
    build.samples.push(performance.now() - start);
  }
}
// 10th percentile: the runs least disturbed by other processes.
const p10 = (samples) => [...samples].sort((a, b) => a - b)[Math.floor(0.1 * (samples.length - 1))];
const [older, newer] = builds.map((build) => ({ ...build, stats: { ...summarize(build.samples), p10: p10(build.samples) } }));
for (const [label, build] of [['old', older], ['new', newer]]) {
  console.log(`${label} ${build.entry}: median ${build.stats.median.toFixed(2)} ms, p10 ${build.stats.p10.toFixed(2)} ms, ` +
    `min ${build.stats.min.toFixed(2)} ms`);
}
const pairRatios = summarize(newer.samples.map((ms, i) => ms / older.samples[i]));
console.log(`${options.workload}, ${options.iterations} interleaved runs each: new / old = ` +
  `${(newer.stats.median / older.stats.median).toFixed(3)} (medians), ${(newer.stats.p10 / older.stats.p10).toFixed(3)} (p10), ` +
  `${pairRatios.median.toFixed(3)} (median of per-pair ratios)`);
builds.forEach((build) => build.model.dispose());
