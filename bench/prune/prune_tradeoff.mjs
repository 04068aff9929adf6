// Pruning's trade-off, the data of docs/pruning.md: for MobileNetV2 (the
// builder's, He-initialized weights, 224x224) and every model of the
// real-model corpus, each method (magnitude, block 1x4 and 8x1, channel) at 50 / 75 /
// 90% sparsity: SQNR of the outputs against the unpruned model on the same
// seeded inputs, MACs and effective MACs (zeros skipped) over the dense
// model's, and run() latency (median, 1 thread, batch 1) over the dense
// model's measured in the same process, alternating.
//
//   node bench/prune/prune_tradeoff.mjs [--iterations 5] [--rounds 3] [--min-ms 300] [--models mobilenetv2,ppocr-cls]
//     [--methods magnitude,block 8x1,channel] [--cpu-time] [--json]
// Latency: run() median over `iterations` runs (more for a fast model: at
// least --min-ms of runs per measurement); the pruned model and the dense
// one alternate for `rounds` rounds, and the ratio is the median of the
// rounds' ratios.
// Needs dist/ (scripts/build.sh); the corpus models need scripts/setup.sh
// (node tests/models/fetch.mjs). A model that is missing is reported, not skipped silently.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import { corpusInput, corpusModels } from '../../tests/models/corpus.mjs';
import * as nnslim from '../../web/node.js';

const { values: options } = parseArgs({
  options: {
    iterations: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    'min-ms': { type: 'string', default: '300' },
    models: { type: 'string' },
    methods: { type: 'string' },
    'cpu-time': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const iterations = Number(options.iterations);
const rounds = Number(options.rounds);
const minMs = Number(options['min-ms']);
const wanted = options.models?.split(',');

const METHODS = [
  { label: 'magnitude', options: { method: 'magnitude' } },
  { label: 'block 1x4', options: { method: 'block', block: '1x4' } },
  // 8x1 blocks (the default block shape) feed the block-sparse kernels.
  { label: 'block 8x1', options: { method: 'block', block: '8x1' } },
  { label: 'channel', options: { method: 'channel' } },
];
const wantedMethods = options.methods?.split(',');
const methods = wantedMethods ? METHODS.filter((m) => wantedMethods.includes(m.label)) : METHODS;
if (wantedMethods && methods.length !== wantedMethods.length) {
  throw new Error(`--methods: known methods are ${METHODS.map((m) => m.label).join(', ')}`);
}
const SPARSITIES = [0.5, 0.75, 0.9];

function seededRandom(seed) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

// SQNR in dB of `outputs` against `reference` over every float output:
// 10 log10(sum ref^2 / sum (ref - out)^2). Infinity when identical; NaN outputs give NaN.
function sqnrDb(reference, outputs) {
  let signal = 0;
  let noise = 0;
  for (const [name, ref] of Object.entries(reference)) {
    const out = outputs[name];
    if (!ref.type.startsWith('float')) continue;
    if (out.data.length !== ref.data.length) return NaN;
    for (let i = 0; i < ref.data.length; i++) {
      signal += ref.data[i] * ref.data[i];
      noise += (ref.data[i] - out.data[i]) ** 2;
    }
  }
  return noise === 0 ? Infinity : 10 * Math.log10(signal / noise);
}

// run() median wall ms; with --cpu-time the process CPU ms per run instead
// (warmup included: one thread, so it is the runs' own time, steadier than
// wall time on a loaded machine).
async function latencyMs(model, feeds, runs = iterations) {
  const start = process.cpuUsage();
  const result = await model.benchmark({ inputs: feeds, warmup: 1, iterations: runs });
  const used = process.cpuUsage(start);
  return options['cpu-time'] ? (used.user + used.system) / 1000 / (runs + 1) : result.latencyMs.p50;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// The pruned model's median latency and its ratio to the dense model's, the
// two measured in alternating rounds (the machine's load drifts; a ratio of
// neighbours in time is steadier than one of runs minutes apart).
async function pairedLatency(dense, pruned, feeds, runs) {
  const ratios = [];
  const prunedMs = [];
  const denseMs = [];
  for (let round = 0; round < rounds; round++) {
    const d = await latencyMs(dense, feeds, runs);
    const p = await latencyMs(pruned, feeds, runs);
    ratios.push(p / d);
    prunedMs.push(p);
    denseMs.push(d);
  }
  return { ms: median(prunedMs), denseMs: median(denseMs), ratio: median(ratios) };
}

async function subjects() {
  const list = [];
  if (!wanted || wanted.includes('mobilenetv2')) {
    const random = seededRandom(7);
    const data = Float32Array.from({ length: 224 * 224 * 3 }, () => 2 * random() - 1);
    list.push({
      name: 'mobilenetv2',
      open: async () => nnslim.zoo.mobilenetV2({ weights: 'he', seed: 1 }),
      feeds: { input_1: new nnslim.Tensor('float32', data, [1, 224, 224, 3]) },
    });
  }
  for (const entry of corpusModels()) {
    if (wanted && !wanted.includes(entry.name)) continue;
    if (!existsSync(entry.file)) {
      console.error(`${entry.name}: ${entry.file} is missing (run node tests/models/fetch.mjs)`);
      continue;
    }
    const random = seededRandom(11);
    const feeds = Object.fromEntries(Object.entries(entry.inputs)
      .map(([name, shape]) => [name, new nnslim.Tensor('float32', corpusInput(entry, shape, random), shape)]));
    list.push({ name: entry.name, inputShapes: entry.inputs, open: async () => nnslim.loadModel(new Uint8Array(await readFile(entry.file))), feeds });
  }
  return list;
}

const rows = [];
for (const subject of await subjects()) {
  const dense = await subject.open();
  try {
    const reference = await dense.run(subject.feeds);
    const denseProfile = dense.profile({ inputShapes: subject.inputShapes });
    const denseMs = await latencyMs(dense, subject.feeds);
    // Fast models get more runs per measurement (at least minMs of them).
    const runs = Math.max(iterations, Math.ceil(minMs / Math.max(denseMs, 1e-3)));
    rows.push({ model: subject.name, method: 'dense', sparsity: 0, sqnrDb: Infinity, macsRatio: 1, effectiveMacsRatio: 1, ms: denseMs, denseMs, latencyRatio: 1 });
    for (const method of methods) {
      for (const sparsity of SPARSITIES) {
        const row = { model: subject.name, method: method.label, sparsity };
        let pruned;
        try {
          pruned = await dense.prune({ ...method.options, sparsity });
          const profile = pruned.profile({ inputShapes: subject.inputShapes });
          row.prunedLayers = pruned.pruneReport.layers.length;
          row.sqnrDb = sqnrDb(reference, await pruned.run(subject.feeds));
          row.macsRatio = profile.macs / denseProfile.macs;
          row.effectiveMacsRatio = profile.effectiveMacs / denseProfile.macs;
          const latency = await pairedLatency(dense, pruned, subject.feeds, runs);
          row.ms = latency.ms;
          row.denseMs = latency.denseMs;
          row.latencyRatio = latency.ratio;
        } catch (error) {
          row.error = `${error.code ?? ''} ${error.message}`.trim();
        } finally {
          pruned?.dispose();
        }
        rows.push(row);
        if (!options.json) console.error(`${subject.name} ${method.label} ${sparsity}: ${row.error ?? `${row.sqnrDb.toFixed(1)} dB`}`);
      }
    }
  } finally {
    dense.dispose();
  }
}

if (options.json) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  const fmt = (v, d = 2) => (v === undefined ? '-' : v === Infinity ? 'inf' : v.toFixed(d));
  console.log('| model | method | sparsity | layers pruned | SQNR (dB) | MACs | effective MACs | latency ms, pruned / dense | latency ratio |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    if (r.error) {
      console.log(`| ${r.model} | ${r.method} | ${r.sparsity * 100}% | - | ${r.error} | | | | |`);
      continue;
    }
    console.log(`| ${r.model} | ${r.method} | ${r.sparsity * 100}% | ${r.prunedLayers ?? '-'} | ${fmt(r.sqnrDb, 1)} | `
      + `${fmt(r.macsRatio)}x | ${fmt(r.effectiveMacsRatio)}x | ${fmt(r.ms)} / ${fmt(r.denseMs)} | ${fmt(r.latencyRatio)}x |`);
  }
}
