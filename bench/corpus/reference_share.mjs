// For every model of the real-model corpus (tests/models/corpus.json): the
// graph's node count and op histogram, and which op types still run on the
// scalar NCHW reference, with their share of the step time (per-step medians
// of model.benchmark({ perLayer: true }) on the corpus inputs).
//
//   node bench/corpus/reference_share.mjs [--iterations 5] [--models a,b]
// Needs dist/ (scripts/build.sh) and the fetched corpus (scripts/setup.sh).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import { corpusInput, corpusModels, readCorpus } from '../../tests/models/corpus.mjs';
import * as nnslim from '../../web/node.js';

const { values: options } = parseArgs({
  options: { iterations: { type: 'string', default: '5' }, models: { type: 'string' } },
});
const iterations = Number(options.iterations);
const wanted = options.models?.split(',');

function seededFeeds(model) {
  let state = 0x9e3779b9;
  const random = () => {
    state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  return Object.fromEntries(Object.entries(model.inputs)
    .map(([name, shape]) => [name, new nnslim.Tensor('float32', corpusInput(model, shape, random), shape)]));
}

const pct = (part, whole) => `${((100 * part) / whole).toFixed(1)}%`;
const packages = readCorpus().packages;
for (const entry of corpusModels()) {
  if (wanted && !wanted.includes(entry.name)) continue;
  const model = await nnslim.loadModel(new Uint8Array(await readFile(entry.file)));
  try {
    const histogram = {};
    try {
      for (const layer of model.profile().layers) histogram[layer.type] = (histogram[layer.type] ?? 0) + 1;
    } catch (error) {
      histogram[`(profile failed: ${error.message})`] = 0;
    }
    const { layers, latencyMs } = await model.benchmark({ inputs: seededFeeds(entry), warmup: 1, iterations, perLayer: true });
    const total = layers.reduce((sum, step) => sum + step.ms, 0);
    const byOp = {};
    for (const step of layers.filter((s) => s.reference)) {
      byOp[step.op] ??= { steps: 0, ms: 0 };
      byOp[step.op].steps += 1;
      byOp[step.op].ms += step.ms;
    }
    const referenceMs = Object.values(byOp).reduce((sum, op) => sum + op.ms, 0);
    const layoutSteps = layers.filter((s) => s.op === 'layout');
    const layoutMs = layoutSteps.reduce((sum, s) => sum + s.ms, 0);
    console.log(`## ${entry.name}: ${entry.package}@${packages[entry.package].version} ${entry.path}`);
    console.log(`inputs ${JSON.stringify(entry.inputs)}; ${Object.values(histogram).reduce((a, b) => a + b, 0)} nodes: `
      + Object.entries(histogram).sort((a, b) => b[1] - a[1]).map(([op, n]) => `${op} ${n}`).join(', '));
    console.log(`run() median ${latencyMs.p50.toFixed(2)} ms; ${layers.length} steps, sum of step medians ${total.toFixed(2)} ms`);
    console.log(`on the reference: ${Object.values(byOp).reduce((a, b) => a + b.steps, 0)} steps, `
      + `${referenceMs.toFixed(2)} ms (${pct(referenceMs, total)}): `
      + (Object.entries(byOp).sort((a, b) => b[1].ms - a[1].ms)
        .map(([op, { steps, ms }]) => `${op} x${steps} ${ms.toFixed(2)} ms (${pct(ms, total)})`).join(', ') || 'none'));
    console.log(`layout copies: ${layoutSteps.length} steps, ${layoutMs.toFixed(2)} ms (${pct(layoutMs, total)})\n`);
  } finally {
    model.dispose();
  }
}
