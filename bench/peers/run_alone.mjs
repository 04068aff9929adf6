// nnslim alone, back to back: where one model.run() goes, without the other
// runtimes in between (their weights evict nnslim's from the caches).
//
//   node bench/peers/run_alone.mjs [--workload mlp_b1] [--iterations 1000] [--warmup 200]
//
// Prints the median (and p10 / p90 / min) of `iterations` consecutive awaited
// run() calls, the median of each compiled step's time from runProfiled() over
// the same number of runs, their sum (the kernels) and the rest (per-call
// overhead: JS, Embind, input and output copies), and, for a bandwidth-bound
// workload, the read-bandwidth probe's bound (as in run_peers.mjs).
import { parseArgs } from 'node:util';

import * as nnslimRunner from './runner_nnslim.mjs';
import { summarize } from './stats.mjs';
import { loadWorkload } from './workloads.mjs';

const { values: options } = parseArgs({
  options: {
    workload: { type: 'string', default: 'mlp_b1' },
    iterations: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '200' },
  },
});
const iterations = Number(options.iterations);
const warmup = Number(options.warmup);

const nnslim = await import('../../web/node.js');
const workload = await loadWorkload(options.workload);
const model = await nnslim.loadModel(workload.onnxBytes);
const feeds = { [workload.manifest.input.name]: new nnslim.Tensor('float32', workload.input, workload.inputShape) };

for (let i = 0; i < warmup; i++) await model.run(feeds);
const samples = [];
for (let i = 0; i < iterations; i++) {
  const start = performance.now();
  await model.run(feeds);
  samples.push(performance.now() - start);
}
const run = summarize(samples);

const stepSamples = new Map();
for (let i = 0; i < iterations; i++) {
  const { steps } = await model.runProfiled(feeds);
  steps.forEach((step, index) => {
    const key = `${index}: ${step.layer} (${step.op} -> ${step.kernel}${step.reference ? ', REFERENCE' : ''})`;
    if (!stepSamples.has(key)) stepSamples.set(key, []);
    stepSamples.get(key).push(step.ms);
  });
}
model.dispose();

const fmt = (ms) => ms.toFixed(4);
console.log(`nnslim alone, ${options.workload}: ${warmup} warm-up runs, then ${iterations} timed back-to-back runs`);
console.log(`run(): median ${fmt(run.median)} ms, p90 ${fmt(run.p90)} ms, min ${fmt(run.min)} ms`);
let kernels = 0;
for (const [key, values] of stepSamples) {
  const median = summarize(values).median;
  kernels += median;
  console.log(`  step ${key}: median ${fmt(median)} ms`);
}
console.log(`  sum of step medians ${fmt(kernels)} ms; run() median - steps = ${fmt(run.median - kernels)} ms per-call overhead`);

if (options.workload === 'mlp_b1') {
  await nnslimRunner.setup();
  const weightBytes = workload.manifest.params * 4;
  const probe = nnslimRunner.readBandwidth(weightBytes, 50);
  const bound = (weightBytes / (probe.gbPerSecond * 1e9)) * 1000;
  console.log(`read bandwidth ${probe.gbPerSecond.toFixed(2)} GB/s (best ${probe.bestGbPerSecond.toFixed(2)}): `
    + `bound ${bound.toFixed(4)} ms; run() median / bound = ${(run.median / bound).toFixed(2)}, `
    + `steps / bound = ${(kernels / bound).toFixed(2)}`);
}
