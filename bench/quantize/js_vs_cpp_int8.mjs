// Why the JS API's MobileNetV2 int8 / f32 ratio differs from the C++ bench's
// (bench/ops/int8_models_bench.cc): both MobileNetV2 files, quantized with
// each bench's settings, timed by run() in one Node process (interleaved
// rounds, CPU time, 1 thread, plain build unless NNSLIM_BUILD says otherwise):
//
//   node bench/quantize/js_vs_cpp_int8.mjs [--iterations 40] [--warmup 5] [--plans] [--kernels]
//
// Models: 'folded' = tests/data/generated/mobilenetv2_folded.onnx (the C++
// bench's and compare_int8_builds.mjs's), 'peers' =
// bench/peers/generated/mobilenetv2_b1.onnx (compare_relaxed.mjs's; run
// /usr/bin/python3 bench/peers/make_workloads.py first). Same architecture,
// different seeded weights (the peers file folds a random BatchNorm into each
// conv and has N(0, 0.1) biases; the folded file has none and N(0, 0.01)).
// Settings (quantize() options; per-channel weights and bias correction are
// the defaults everywhere):
//   asym-1   asymmetric, minmax on 1 sample = the timed input (the C++ bench)
//   sym-4    symmetric, 4 seeded uniform samples (compare_relaxed.mjs --int8 symmetric)
//   asym-4   asymmetric, 4 seeded uniform samples (compare_relaxed.mjs --int8 asymmetric)
//   asym-8i  asymmetric, 8 smooth images (compare_int8_builds.mjs)
// Each int8 model runs as quantize() returned it ("mem") and, for asym-1, also
// after toOnnx() + loadModel() (the QDQ file the JS benches load, "qdq").
// Prints per model: medians of run(), of the runProfiled() step sums (what
// the steps cost) and their difference (what run() costs beyond the steps:
// bind check, input copy, output copy, the Embind call), the int8 / f32
// ratios, with --plans each int8 plan's kernels counted by name, and with
// --kernels each model's runProfiled() step times summed by kernel (medians),
// its f32 / asym-4 / sym-4 plans side by side.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { seededInput } from '../peers/workloads.mjs';
import { median, sampleData } from './samples.mjs';

const { values: options } = parseArgs({
  options: {
    iterations: { type: 'string', default: '40' },
    warmup: { type: 'string', default: '5' },
    plans: { type: 'boolean', default: false },
    kernels: { type: 'boolean', default: false },
  },
});
process.env.NNSLIM_BUILD ??= 'plain';
const nnslim = await import('../../web/node.js');
await nnslim.init();

const shape = [1, 3, 224, 224];
const size = shape.reduce((a, b) => a * b, 1);
const tensor = (data) => new nnslim.Tensor('float32', data, shape);
const FILES = {
  folded: new URL('../../tests/data/generated/mobilenetv2_folded.onnx', import.meta.url),
  peers: new URL('../peers/generated/mobilenetv2_b1.onnx', import.meta.url),
};
const input = seededInput(size, 2); // uniform [-1, 1), as the C++ bench's input
const SETTINGS = {
  'asym-1': { scheme: 'asymmetric', samples: () => [input] },
  'sym-4': { scheme: 'symmetric', samples: () => [1, 2, 3, 4].map((s) => seededInput(size, s)) },
  'asym-4': { scheme: 'asymmetric', samples: () => [1, 2, 3, 4].map((s) => seededInput(size, s)) },
  'asym-8i': { scheme: 'asymmetric', samples: () => Array.from({ length: 8 }, (_, s) => sampleData(shape, [-1, 1], 'smooth image', 1 + 97 * s)) },
};

const entries = [];
for (const [modelName, file] of Object.entries(FILES)) {
  const f32 = await nnslim.loadModel(new Uint8Array(readFileSync(file)), { numThreads: 1 });
  const feeds = { [f32.inputNames[0]]: tensor(input) };
  entries.push({ modelName, name: 'f32', model: f32, feeds });
  for (const [setting, { scheme, samples }] of Object.entries(SETTINGS)) {
    const q = await f32.quantize({
      scheme, calibration: { method: 'minmax', samples: samples().map((d) => ({ [f32.inputNames[0]]: tensor(d) })) },
    });
    entries.push({ modelName, name: `${setting} mem`, model: q, feeds });
    if (setting === 'asym-1') {
      const reloaded = await nnslim.loadModel(q.toOnnx(), { numThreads: 1 });
      entries.push({ modelName, name: `${setting} qdq`, model: reloaded, feeds });
    }
  }
}
for (const e of entries) {
  e.run = [];
  e.steps = [];
  e.byKernel = new Map(); // kernel -> per-run sums
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const iterations = Number(options.iterations), warmup = Number(options.warmup);
for (let round = -warmup; round < iterations; round++) {
  for (let k = 0; k < entries.length; k++) {
    const e = entries[(((round + k) % entries.length) + entries.length) % entries.length];
    // One plain run() and one runProfiled(), each timed by CPU time.
    let start = cpuMs();
    await e.model.run(e.feeds);
    const runMs = cpuMs() - start;
    const { steps } = await e.model.runProfiled(e.feeds);
    if (round >= 0) {
      e.run.push(runMs);
      e.steps.push(steps.reduce((sum, s) => sum + s.ms, 0));
      const sums = new Map();
      for (const s of steps) sums.set(s.kernel, (sums.get(s.kernel) ?? 0) + s.ms);
      for (const [k, ms] of sums) {
        if (!e.byKernel.has(k)) e.byKernel.set(k, []);
        e.byKernel.get(k).push(ms);
      }
    }
  }
}

const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`build ${nnslim.features().build}, ${iterations} interleaved rounds after ${warmup}, 1 thread, CPU ms medians, load ${load}`);
console.log('| model | int8 setting | run() ms | steps ms | run - steps | run() int8/f32 | steps int8/f32 |');
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const modelName of Object.keys(FILES)) {
  const rows = entries.filter((e) => e.modelName === modelName);
  const f = rows[0];
  const [fr, fs] = [median(f.run), median(f.steps)];
  for (const e of rows) {
    const [r, s] = [median(e.run), median(e.steps)];
    const ratios = e === f ? '| | ' : `| ${(r / fr).toFixed(3)} | ${(s / fs).toFixed(3)} `;
    console.log(`| ${modelName} | ${e.name} | ${r.toFixed(3)} | ${s.toFixed(3)} | ${(r - s).toFixed(3)} ${ratios}|`);
  }
}

// The int8 plans: kernels counted by name ("OPS -> KERNEL"), and how two settings' plans differ.
const kernelsOf = (e) => {
  const counts = new Map();
  for (const step of e.model.planDescription()) {
    const kernel = step.includes(' -> ') ? step.slice(step.indexOf(' -> ') + 4) : step;
    counts.set(kernel, (counts.get(kernel) ?? 0) + 1);
  }
  return counts;
};
if (options.plans) {
  for (const e of entries.filter((x) => x.name !== 'f32')) {
    const counts = kernelsOf(e);
    console.log(`${e.modelName} ${e.name}: ${[...counts.values()].reduce((a, b) => a + b, 0)} steps`);
    for (const [kernel, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(3)}  ${kernel}`);
  }
}
if (options.kernels) {
  for (const modelName of Object.keys(FILES)) {
    const cols = ['f32', 'asym-4 mem', 'sym-4 mem'].map((n) => entries.find((e) => e.modelName === modelName && e.name === n));
    const keys = new Set(cols.flatMap((e) => [...e.byKernel.keys()]));
    console.log(`${modelName}: step ms by kernel (medians of per-run sums): ${cols.map((e) => e.name).join(' | ')}`);
    const rows = [...keys].map((k) => [k, cols.map((e) => (e.byKernel.has(k) ? median(e.byKernel.get(k)) : 0))]);
    rows.sort((a, b) => Math.max(...b[1]) - Math.max(...a[1]));
    for (const [k, ms] of rows) console.log(`  ${ms.map((m) => m.toFixed(3).padStart(7)).join(' ')}  ${k}`);
  }
}
// Same plan? mem vs qdq of asym-1 (the steps, in order).
for (const modelName of Object.keys(FILES)) {
  const [mem, qdq] = ['asym-1 mem', 'asym-1 qdq'].map((n) => entries.find((e) => e.modelName === modelName && e.name === n).model.planDescription());
  const same = mem.length === qdq.length && mem.every((s, i) => s === qdq[i]);
  console.log(`${modelName}: asym-1 plan in memory vs after toOnnx + loadModel: ${same ? 'same steps' : `differ (${mem.length} vs ${qdq.length} steps)`}`);
}
for (const e of entries) e.model.dispose();
process.exit(0);
