// Two builds of nnslim on the same dense and pruned models, in one Node
// process, rounds interleaved, so both builds meet the same machine (on a
// shared VM separate runs of two builds cannot be compared):
//
//   node bench/sparse/compare_builds.mjs --base DIR [--threads 1[,2]] [--rounds 30]
//        [--model bench/sparse/generated/mobilenetv2_b1_pointwise90.onnx]
//        [--dense bench/peers/generated/mobilenetv2_b1.onnx] [--steps 20]
//
// DIR is another checkout (or a copy of one's web/ and dist/) with its
// package built; this checkout is the other build. Each build loads the
// dense and the pruned model with each thread count of --threads; every
// round runs each of them once through runProfiled() (order rotated round by
// round). Reported: per build and thread count the medians of wall and
// process CPU time (CPU only means something at 1 thread), pruned / dense
// and the speedup over 1 thread; per step of the pruned model, base and
// this build's medians, this / base, and each build's speedup over 1 thread
// (the --steps slowest steps, after the totals per kernel family).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

import { seededInput } from '../peers/workloads.mjs';

const { values: options } = parseArgs({
  options: {
    base: { type: 'string' },
    model: { type: 'string', default: 'bench/sparse/generated/mobilenetv2_b1_pointwise90.onnx' },
    dense: { type: 'string', default: 'bench/peers/generated/mobilenetv2_b1.onnx' },
    threads: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    steps: { type: 'string', default: '20' },
  },
});
if (!options.base) throw new Error('--base DIR (a checkout with its package built) is required');
const rounds = Number(options.rounds);
const warmup = Number(options.warmup);
const threadCounts = options.threads.split(',').map(Number);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (value, digits = 3) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

const builds = { base: resolve(options.base), this: resolve(new URL('../..', import.meta.url).pathname) };
const files = { dense: options.dense, pruned: options.model };
const runners = [];
for (const [build, dir] of Object.entries(builds)) {
  const nnslim = await import(pathToFileURL(`${dir}/web/node.js`).href);
  await nnslim.init();
  for (const [kind, file] of Object.entries(files)) {
    const bytes = new Uint8Array(await readFile(file));
    for (const threads of threadCounts) {
      const model = await nnslim.loadModel(bytes, { numThreads: threads });
      const shape = model.inputs[0].dims.map((d) => (typeof d === 'number' && d > 0 ? d : 1));
      const feeds = { [model.inputNames[0]]: new nnslim.Tensor('float32', seededInput(shape.reduce((a, b) => a * b, 1)), shape) };
      runners.push({ build, kind, threads, model, feeds, wall: [], cpu: [], steps: [], layout: null });
    }
  }
}
for (let round = -warmup; round < rounds; round++) {
  for (let k = 0; k < runners.length; k++) {
    const runner = runners[(round + warmup + k) % runners.length];
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const { steps } = await runner.model.runProfiled(runner.feeds);
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpuStart);
    if (round < 0) continue;
    runner.wall.push(ms);
    runner.cpu.push((used.user + used.system) / 1000);
    runner.layout ??= steps.map(({ layer, kernel }) => ({ layer, kernel }));
    steps.forEach((step, i) => { (runner.steps[i] ??= []).push(step.ms); });
  }
}

const find = (build, kind, threads) => runners.find((r) => r.build === build && r.kind === kind && r.threads === threads);
const one = threadCounts[0];
console.log(`${options.model} vs ${options.dense}: threads ${threadCounts.join(', ')}, ${rounds} interleaved rounds after ${warmup}, medians`);
console.log('| build | threads | dense wall ms | pruned wall ms | pruned / dense wall | dense CPU ms | pruned CPU ms | pruned / dense CPU | dense speedup | pruned speedup |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const build of Object.keys(builds)) {
  for (const threads of threadCounts) {
    const dense = find(build, 'dense', threads), pruned = find(build, 'pruned', threads);
    const [dw, pw, dc, pc] = [median(dense.wall), median(pruned.wall), median(dense.cpu), median(pruned.cpu)];
    const d1 = median(find(build, 'dense', one).wall), p1 = median(find(build, 'pruned', one).wall);
    console.log(`| ${build} | ${threads} | ${fmt(dw)} | ${fmt(pw)} | ${fmt(pw / dw)} | ${fmt(dc)} | ${fmt(pc)} | ${fmt(pc / dc)} | ` +
      `${fmt(d1 / dw, 2)}x | ${fmt(p1 / pw, 2)}x |`);
  }
}

// Per step of the pruned model (the two builds' plans have the same steps
// when a change keeps the lowering; else only the totals compare).
const many = threadCounts[threadCounts.length - 1];
const [b1, bn, m1, mn] = [find('base', 'pruned', one), find('base', 'pruned', many), find('this', 'pruned', one), find('this', 'pruned', many)];
if (b1.layout.length !== m1.layout.length) {
  console.log(`\n(the builds' plans differ: ${b1.layout.length} vs ${m1.layout.length} steps; no per-step table)`);
  process.exit(0);
}
const rows = m1.layout.map((step, i) => ({
  ...step, index: i, b1: median(b1.steps[i]), bn: median(bn.steps[i]), m1: median(m1.steps[i]), mn: median(mn.steps[i]),
}));
const families = new Map();
for (const row of rows) {
  const key = row.kernel.replace(/ \(.*\)$/, '').replace(/ f32_\w+$/, '');
  const entry = families.get(key) ?? { kernel: key, steps: 0, b1: 0, bn: 0, m1: 0, mn: 0 };
  entry.steps++;
  for (const k of ['b1', 'bn', 'm1', 'mn']) entry[k] += row[k];
  families.set(key, entry);
}
const header = `base ${one}t ms | this ${one}t ms | this / base ${one}t` +
  (many !== one ? ` | base ${many}t ms | this ${many}t ms | base speedup | this speedup` : '');
const cells = (e) => `${fmt(e.b1)} | ${fmt(e.m1)} | ${fmt(e.m1 / e.b1)}` +
  (many !== one ? ` | ${fmt(e.bn)} | ${fmt(e.mn)} | ${fmt(e.b1 / e.bn, 2)}x | ${fmt(e.m1 / e.mn, 2)}x` : '');
console.log(`\n| kernel family | steps | ${header} |`);
console.log(`|---|---:|${'---:|'.repeat(many !== one ? 7 : 3)}`);
for (const e of [...families.values()].sort((a, b) => b.b1 - a.b1)) console.log(`| ${e.kernel} | ${e.steps} | ${cells(e)} |`);
console.log(`\n| # | layer | kernel | ${header} |`);
console.log(`|---:|---|---|${'---:|'.repeat(many !== one ? 7 : 3)}`);
for (const row of [...rows].sort((a, b) => b.b1 - a.b1).slice(0, Number(options.steps)))
  console.log(`| ${row.index} | ${row.layer} | ${row.kernel} | ${cells(row)} |`);
process.exit(0);
