// Fidelity of nnslim's int8 quantization (docs/quantization.md's table):
// for MobileNetV2 from the builder (zoo.mobilenetV2, seeded He weights) and
// every model of the real-model corpus (tests/models/corpus.json), quantize
// with 32 calibration samples and report the output SQNR (dB, worst output,
// pooled over 8 held-out samples) of each scheme against the float model,
// with the weight bytes, the latency (batch 1, 1 thread, median of --reps
// runs, ms) and, for static int8, the layers that still run in float
// (float fallback: DequantizeLinear -> f32 op -> QuantizeLinear).
//   node bench/quantize_fidelity.mjs [--models a,b] [--samples 32] [--eval 8] [--reps 10] [--cpu-time]
//     [--variants 'static minmax per-channel,weight-only per-channel'] > table.md
// Models: mobilenetv2 (the builder's), mobilenetv2-folded (the bench's
// tests/data/generated/mobilenetv2_folded.onnx), and the corpus' names.
// Inputs: image-like models get smooth random images (random 2-D waves plus
// 5% noise, in the corpus' inputRange), others uniform values in inputRange.
import { parseArgs } from 'node:util';

import * as nnslim from '../web/node.js';
import { floatFallbacks } from '../web/cli_quantize.js';
import { corpusModels } from '../tests/models/corpus.mjs';
import { sampleFeeds } from './quantize/samples.mjs';

const { values } = parseArgs({
  options: {
    models: { type: 'string' },
    samples: { type: 'string', default: '32' },
    eval: { type: 'string', default: '8' },
    reps: { type: 'string', default: '10' },
    variants: { type: 'string' },
    'cpu-time': { type: 'boolean', default: false },
  },
});
const CALIBRATION = Number(values.samples);
const EVALUATION = Number(values.eval);
const REPS = Number(values.reps);

// Median latency (ms) of `model` on `feeds`: wall clock (benchmark()), or
// with --cpu-time the process CPU time of each run (the single-threaded
// module: what a shared, loaded machine does not steal).
async function latency(model, feeds) {
  if (!values['cpu-time']) {
    const { latencyMs } = await model.benchmark({ warmup: 2, iterations: REPS, inputs: feeds });
    return latencyMs.p50;
  }
  for (let i = 0; i < 2; i++) await model.run(feeds);
  const times = [];
  for (let i = 0; i < REPS; i++) {
    const start = process.cpuUsage();
    await model.run(feeds);
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

const ALL_VARIANTS = [
  // percentile first: its calibration collects the histograms the others reuse
  ['static, percentile 99.99', { calibration: { method: 'percentile', percentile: 99.99 } }],
  ['static, minmax, per-channel', { calibration: { method: 'minmax' } }],
  ['static, mse', { calibration: { method: 'mse' } }],
  ['static, entropy', { calibration: { method: 'entropy' } }],
  ['static, minmax, per-tensor', { perChannel: false, calibration: { method: 'minmax' } }],
  ['static, minmax, symmetric', { scheme: 'symmetric', calibration: { method: 'minmax' } }],
  ['weight-only, per-channel', { activations: 'float32' }],
  // 7-bit weights: what the relaxed build's dot7w kernels take with any activation
  ['static, minmax, 7-bit weights', { weightBits: 7, calibration: { method: 'minmax' } }],
  ['static, minmax, symmetric, 7-bit weights', { weightBits: 7, scheme: 'symmetric', calibration: { method: 'minmax' } }],
  ['weight-only, 7-bit', { weightBits: 7, activations: 'float32' }],
];
// --variants 'label,label': a subset (the labels above).
const VARIANTS = values.variants
  ? ALL_VARIANTS.filter(([label]) => values.variants.split(',').map((v) => v.trim()).includes(label.replace(/, /g, ' ')))
  : ALL_VARIANTS;

async function measure(name, model, spec) {
  const calibration = sampleFeeds(nnslim, model, spec, CALIBRATION, 1);
  const evaluation = sampleFeeds(nnslim, model, spec, EVALUATION, 100000);
  const reference = [];
  for (const f of evaluation) reference.push(await model.run(f));
  const profileOptions = spec.inputs ? { inputShapes: spec.inputs } : {};
  const floatBytes = model.profile(profileOptions).weightBytes.total;
  const floatMs = await latency(model, evaluation[0]);
  const rows = [];
  for (const [label, options] of VARIANTS) {
    const quantized = await model.quantize({ ...options, calibration: { ...options.calibration, samples: calibration } });
    try {
      const outputs = [];
      for (const f of evaluation) outputs.push(await quantized.run(f));
      const comparison = nnslim.compare(reference, outputs);
      const sqnr = Math.min(...Object.values(comparison).map((c) => c.sqnrDb));
      const top1 = Object.values(comparison).map((c) => c.top1Agreement).find((t) => t !== null);
      const ms = await latency(quantized, evaluation[0]);
      let fallbacks = null;
      let newInt8 = 0;
      if (options.activations !== 'float32') {
        const { layers } = await quantized.benchmark({ warmup: 0, iterations: 1, perLayer: true, inputs: evaluation[0] });
        fallbacks = floatFallbacks(layers);
        // int8 Transpose / bilinear Resize steps: float fallbacks before they existed
        newInt8 = new Set(layers.filter((l) => /qs8 (transpose|ibilinear)/.test(l.kernel)).map((l) => l.layer)).size;
      }
      rows.push({ label, sqnr, top1, ms, fallbacks, newInt8, bytes: quantized.profile(profileOptions).weightBytes.total });
      process.stderr.write(`${name}: ${label}: ${sqnr.toFixed(2)} dB\n`);
    } finally {
      quantized.dispose();
    }
  }
  const result = { name, floatBytes, floatMs, rows };
  process.stderr.write(`${JSON.stringify(result)}\n`);  // each model as it finishes (long runs)
  return result;
}

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const selected = values.models?.split(',');
const results = [];
if (!selected || selected.includes('mobilenetv2')) {
  const model = nnslim.zoo.mobilenetV2({ seed: 3 });
  results.push(await measure('mobilenetv2 (builder, seed 3)', model, { inputRange: [-1, 1], inputPattern: 'smooth image' }));
  model.dispose();
}
if (!selected || selected.includes('mobilenetv2-folded')) {
  const model = await nnslim.loadModel(new URL('../tests/data/generated/mobilenetv2_folded.onnx', import.meta.url).pathname);
  results.push(await measure('mobilenetv2-folded (tests/data)', model,
    { inputRange: [-1, 1], inputPattern: 'smooth image', inputs: { input: [1, 3, 224, 224] } }));
  model.dispose();
}
for (const spec of corpusModels()) {
  if (selected && !selected.includes(spec.name)) continue;
  const model = await nnslim.loadModel(spec.file);
  try {
    results.push(await measure(spec.name, model, spec));
  } catch (error) {
    process.stderr.write(`${spec.name}: ${error.code ?? ''} ${error.message}\n`);
    results.push({ name: spec.name, error: error.message });
  } finally {
    model.dispose();
  }
}

console.log(`Output SQNR in dB (worst output, ${EVALUATION} held-out samples; ${CALIBRATION} calibration samples; higher is better), ` +
  'int8 weight bytes (float32 in parentheses); top-1 agreement for classifiers.\n');
console.log(`| model | ${VARIANTS.map(([label]) => label).join(' | ')} | weights |`);
console.log(`|---|${VARIANTS.map(() => '---:').join('|')}|---:|`);
for (const r of results) {
  if (r.error) {
    console.log(`| ${r.name} | ${VARIANTS.map(() => 'n/a').join(' | ')} | ${r.error.replace(/\|/g, '/')} |`);
    continue;
  }
  const cells = r.rows.map((row) => `${row.sqnr.toFixed(1)}${row.top1 === undefined ? '' : ` (top-1 ${(100 * row.top1).toFixed(0)}%)`}`);
  console.log(`| ${r.name} | ${cells.join(' | ')} | ${kib(r.rows[0].bytes)} (${kib(r.floatBytes)}) |`);
}

console.log(`\nLatency in ms (batch 1, 1 thread, median of ${REPS} runs${values['cpu-time'] ? ' by process CPU time' : ''}; float32 first), and the float-fallback layers of static minmax per-channel int8 (layers with a float op between Q/DQ).\n`);
console.log(`| model | float32 | ${VARIANTS.map(([label]) => label).join(' | ')} | float-fallback layers (static, minmax, per-channel) |`);
console.log(`|---|---:|${VARIANTS.map(() => '---:').join('|')}|---|`);
for (const r of results) {
  if (r.error) continue;
  const base = r.rows.find((row) => row.label === 'static, minmax, per-channel');
  const fallback = base?.fallbacks ?? [];
  const ops = {};
  for (const f of fallback) {
    const op = f.slice(f.lastIndexOf('(') + 1, -1);
    ops[op] = (ops[op] ?? 0) + 1;
  }
  const summary = Object.entries(ops).sort((a, b) => b[1] - a[1]).map(([op, n]) => `${op} ${n}`).join(', ');
  const now = base?.newInt8 ? ` (${fallback.length + base.newInt8} without the int8 Transpose / bilinear Resize)` : '';
  console.log(`| ${r.name} | ${r.floatMs.toFixed(2)} | ${r.rows.map((row) => row.ms.toFixed(2)).join(' | ')} | ${fallback.length}${now}${summary ? `: ${summary}` : ''} |`);
}
