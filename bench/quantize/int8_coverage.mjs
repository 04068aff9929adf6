// Which layers of each corpus model still run in float after static int8
// quantization (float fallback: DequantizeLinear -> f32 op -> QuantizeLinear),
// by op, and how many layers run on the int8 steps of each kind:
//   node bench/quantize/int8_coverage.mjs [--models a,b] [--samples 2]
// (model.quantize()'s defaults, calibrated on --samples corpus inputs:
// tests/models/corpus.mjs's corpusInput, seeded.)
import { parseArgs } from 'node:util';

import * as nnslim from '../../web/node.js';
import { floatFallbacks } from '../../web/cli_quantize.js';
import { corpusInput, corpusModels } from '../../tests/models/corpus.mjs';

const { values } = parseArgs({ options: { models: { type: 'string' }, samples: { type: 'string', default: '2' } } });
const selected = values.models?.split(',');

function seeded(seed) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

console.log('| model | float-fallback layers | by op | int8 layers by kernel family |');
console.log('|---|---:|---|---|');
for (const spec of corpusModels()) {
  if (selected && !selected.includes(spec.name)) continue;
  const model = await nnslim.loadModel(spec.file);
  const feeds = Array.from({ length: Number(values.samples) }, (_, s) => Object.fromEntries(model.inputs.map((input) => {
    const shape = spec.inputs?.[input.name] ?? input.dims.map((d) => d ?? 1);
    return [input.name, new nnslim.Tensor('float32', corpusInput(spec, shape, seeded(17 + s)), shape)];
  })));
  const quantized = await model.quantize({ calibration: { samples: feeds } });
  const { layers } = await quantized.benchmark({ warmup: 0, iterations: 1, perLayer: true, inputs: feeds[0] });
  const fallbacks = floatFallbacks(layers);
  const byOp = {};
  for (const f of fallbacks) {
    const op = f.slice(f.lastIndexOf('(') + 1, -1);
    byOp[op] = (byOp[op] ?? 0) + 1;
  }
  const families = {};
  for (const step of layers) {
    const family = step.kernel.match(/qs8 [a-z0-9]+/)?.[0];
    if (family) families[family] = (families[family] ?? new Set()).add(step.layer);
  }
  const fmt = (entries) => entries.sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
  console.log(`| ${spec.name} | ${fallbacks.length} | ${fmt(Object.entries(byOp))} | ` +
    `${fmt(Object.entries(families).map(([k, set]) => [k, set.size]))} |`);
  quantized.dispose();
  model.dispose();
}
