// Where static int8 wins or loses against float32, step by step, on one model
// of the corpus (or mobilenetv2-folded):
//
//   node bench/quantize/profile_int8_steps.mjs --model ppocr-cls
//        [--samples 32] [--iterations 30] [--warmup 3] [--top 30]
//        [--cache DIR]   (keeps the quantized QDQ file: later runs skip calibration)
//
// The model is quantized as bench/quantize_fidelity.mjs does (static, minmax,
// per-channel, the same seeded calibration samples); float and int8 run
// through runProfiled() in interleaved rounds (1 thread). The report gives
// each model's whole-run median, its steps per kernel family (count, ms) side
// by side, and the int8 model's slowest steps.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import * as nnslim from '../../web/node.js';
import { findModelSpec, median, sampleFeeds } from './samples.mjs';

const { values: options } = parseArgs({
  options: {
    model: { type: 'string', default: 'ppocr-cls' },
    samples: { type: 'string', default: '32' },
    iterations: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '3' },
    top: { type: 'string', default: '30' },
    cache: { type: 'string' },
  },
});
const fmt = (value, digits = 3) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');


await nnslim.init();
const spec = findModelSpec(options.model);
const floatModel = await nnslim.loadModel(spec.file);
const cached = options.cache && `${options.cache}/${options.model}.int8.onnx`;
let int8Model;
if (cached && existsSync(cached)) {
  int8Model = await nnslim.loadModel(readFileSync(cached));
} else {
  const calibration = sampleFeeds(nnslim, floatModel, spec, Number(options.samples), 1);
  int8Model = await floatModel.quantize({ calibration: { method: 'minmax', samples: calibration } });
  if (cached) {
    mkdirSync(options.cache, { recursive: true });
    writeFileSync(cached, int8Model.toOnnx());
  }
}
const [feeds] = sampleFeeds(nnslim, floatModel, spec, 1, 100000);

const models = [floatModel, int8Model];
const samples = [[], []];
const whole = [[], []];
const layouts = [];
const iterations = Number(options.iterations);
for (let round = -Number(options.warmup); round < iterations; round++) {
  for (let k = 0; k < 2; k++) {
    const m = (((round + k) % 2) + 2) % 2;  // which model goes first alternates
    const cpuStart = process.cpuUsage();
    const { steps } = await models[m].runProfiled(feeds);
    const used = process.cpuUsage(cpuStart);
    if (round < 0) continue;
    layouts[m] ??= steps.map(({ layer, op, kernel }) => ({ layer, op, kernel }));
    whole[m].push((used.user + used.system) / 1000);
    steps.forEach((step, i) => { (samples[m][i] ??= []).push(step.ms); });
  }
}
const rows = layouts.map((layout, m) => layout.map((step, i) => ({ ...step, ms: median(samples[m][i]) })));

// Kernel family: the kernel's name without its tile, variant or parameters.
const family = (kernel) => kernel.replace(/ \d+x\d+.*$/, '').replace(/ \(.*\)$/, '').replace(/ (up|c)\d+.*$/, '');
const families = new Map();
rows.forEach((list, m) => {
  for (const row of list) {
    const key = family(row.kernel);
    const entry = families.get(key) ?? { kernel: key, steps: [0, 0], ms: [0, 0] };
    entry.steps[m]++;
    entry.ms[m] += row.ms;
    families.set(key, entry);
  }
});
const sum = (list) => list.reduce((total, row) => total + row.ms, 0);
console.log(`# float32 vs static int8 per step: ${options.model}`);
console.log();
console.log(`- ${iterations} interleaved rounds, medians, runProfiled(), CPU time of the whole run: ` +
  `float ${fmt(median(whole[0]))} ms, int8 ${fmt(median(whole[1]))} ms (${fmt(median(whole[1]) / median(whole[0]), 2)}x)`);
console.log(`- steps: float ${rows[0].length} (${fmt(sum(rows[0]))} ms), int8 ${rows[1].length} (${fmt(sum(rows[1]))} ms)`);
console.log();
console.log('| kernel family | float steps | float ms | int8 steps | int8 ms |');
console.log('|---|---:|---:|---:|---:|');
for (const e of [...families.values()].sort((a, b) => Math.max(...b.ms) - Math.max(...a.ms))) {
  console.log(`| ${e.kernel} | ${e.steps[0]} | ${fmt(e.ms[0])} | ${e.steps[1]} | ${fmt(e.ms[1])} |`);
}
console.log();
// The float model's time for the same layer (its steps by layer name; a
// layer the float model fused away or that only int8 has shows n/a).
const floatByLayer = new Map();
for (const row of rows[0]) floatByLayer.set(row.layer, (floatByLayer.get(row.layer) ?? 0) + row.ms);
console.log('| # | int8 layer | op -> kernel | int8 ms | float ms |');
console.log('|---:|---|---|---:|---:|');
const order = rows[1].map((row, i) => ({ ...row, index: i })).sort((a, b) => b.ms - a.ms);
for (const row of order.slice(0, Number(options.top))) {
  console.log(`| ${row.index} | ${row.layer} | ${row.op} -> ${row.kernel} | ${fmt(row.ms)} | ${fmt(floatByLayer.get(row.layer))} |`);
}
models.forEach((model) => model.dispose());
