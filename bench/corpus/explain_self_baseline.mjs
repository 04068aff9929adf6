// How noisy explain()'s "Measured" speedup column is: a model explained
// against itself must read 1.00x on every layer; this prints, per model, the
// spread of those self-speedups over the layers (min, p10, median, p90, max)
// and how many fall outside [0.8, 1.25].
//   node bench/corpus/explain_self_baseline.mjs MODEL.onnx... [--iterations N] [--input-shape NAME=DIMS]
import { parseArgs } from 'node:util';

import * as nnslim from '../../web/node.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { iterations: { type: 'string', default: '5' }, 'input-shape': { type: 'string', multiple: true, default: [] } },
});
const inputShapes = values['input-shape'].length === 0 ? undefined : Object.fromEntries(values['input-shape'].map((text) => {
  const [name, dims] = text.split('=');
  return [name, dims.split('x').map(Number)];
}));
for (const path of positionals) {
  const model = await nnslim.loadModel(path);
  const baseline = await nnslim.loadModel(path);
  try {
    const { layers } = await model.explain({ baseline, iterations: Number(values.iterations), inputShapes });
    const speedups = layers.map((layer) => layer.measuredSpeedup).filter(Number.isFinite).sort((a, b) => a - b);
    const at = (q) => speedups[Math.min(speedups.length - 1, Math.floor(q * speedups.length))].toFixed(2);
    const outside = speedups.filter((s) => s < 0.8 || s > 1.25).length;
    console.log(`${path.split('/').pop()}: self-speedups min ${at(0)} p10 ${at(0.1)} median ${at(0.5)} p90 ${at(0.9)} ` +
      `max ${at(1 - 1e-9)}; ${outside} of ${speedups.length} layers outside [0.8, 1.25]`);
  } finally {
    baseline.dispose();
    model.dispose();
  }
}
