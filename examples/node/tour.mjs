// A tour of nnslim in Node, on the built-in MobileNetV2 (or the ONNX file given
// as the first argument): profile, benchmark, quantize to int8, prune, compare
// each variant with the original, and export both as ONNX.
//   node examples/node/tour.mjs [MODEL.onnx] [--out DIR] [--json]
// In an app: `import * as nnslim from 'nnslim'` instead of the relative import.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import * as nnslim from '../../web/node.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string', default: 'nnslim-tour' }, json: { type: 'boolean', default: false } },
});

await nnslim.init(); // before the synchronous builder call below: the threaded build where it runs
const model = positionals[0]
  ? await nnslim.loadModel(positionals[0])
  : nnslim.zoo.mobilenetV2({ inputShape: [96, 96, 3], seed: 7 });
const input = model.inputs[0];
const dims = input.dims.map((d) => d ?? 1);

// Seeded samples: a real app calibrates on its own data.
function sample(seed) {
  let state = seed;
  const data = Float32Array.from({ length: dims.reduce((a, b) => a * b) }, () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  });
  return { [input.name]: new nnslim.Tensor('float32', data, dims) };
}
const samples = Array.from({ length: 8 }, (_, i) => sample(i + 1));
const held = sample(99);

const report = { model: positionals[0] ?? 'zoo.mobilenetV2(96x96x3)', build: null, variants: {} };
const reference = await model.run(held);

async function describe(name, variant) {
  const profile = variant.profile();
  const bench = await variant.benchmark({ warmup: 3, iterations: 10, inputs: held });
  report.build = bench.build;
  report.variants[name] = {
    params: profile.params,
    weightBytes: profile.weightBytes,
    flops: profile.flops,
    p50Ms: bench.latencyMs.p50,
    fidelity: name === 'f32' ? null : nnslim.compare(reference, await variant.run(held)),
  };
}

await describe('f32', model);
const int8 = await model.quantize({ calibration: { samples, method: 'minmax' } });
await describe('int8', int8);
const pruned = await model.prune({ method: 'magnitude', sparsity: 0.75 });
await describe('pruned75', pruned);

mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, 'int8.onnx'), int8.toOnnx());
writeFileSync(join(values.out, 'pruned75.onnx'), pruned.toOnnx());

if (values.json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  console.log(`${report.model}, build ${report.build}`);
  for (const [name, v] of Object.entries(report.variants)) {
    const sqnr = v.fidelity ? Object.values(v.fidelity)[0].sqnrDb.toFixed(1) : '-';
    console.log(`${name.padEnd(9)} weights ${(v.weightBytes / 1e6).toFixed(2)} MB  p50 ${v.p50Ms.toFixed(2)} ms  SQNR ${sqnr} dB`);
  }
  console.log(`ONNX files in ${values.out}/`);
}
for (const m of [model, int8, pruned]) m.dispose();
