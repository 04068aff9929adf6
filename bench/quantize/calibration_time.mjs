// Time of quantize()'s calibration on random inputs, per sample: the median
// wall ms between progress reports and the process CPU ms of the whole
// quantize() (CPU time is steadier than wall time on a shared machine).
//   node bench/quantize/calibration_time.mjs MODEL.onnx [--input-shape NAME=DIMS]... [--package DIR]
// --package: the nnslim checkout to load (default this one), to compare two
// builds of the same model in one session.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'input-shape': { type: 'string', multiple: true, default: [] }, package: { type: 'string' } },
});
const entry = values.package ? pathToFileURL(resolve(values.package, 'web/node.js')).href : '../../web/node.js';
const nnslim = await import(entry);
const inputShapes = values['input-shape'].length === 0 ? undefined : Object.fromEntries(values['input-shape'].map((text) => {
  const [name, dims] = text.split('=');
  return [name, dims.split('x').map(Number)];
}));
console.warn = () => {}; // the random-calibration warning
for (const path of positionals) {
  const model = await nnslim.loadModel(path);
  const gaps = [];
  let last = performance.now();
  const cpuStart = process.cpuUsage().user;
  const quantized = await model.quantize({
    ...(inputShapes ? { inputShapes } : {}),
    onProgress: ({ phase }) => {
      const now = performance.now();
      if (phase === 'calibrate') gaps.push(now - last);
      last = now;
    },
  });
  const cpuMs = (process.cpuUsage().user - cpuStart) / 1000;
  // The first sample also compiles the observing plan: the median of the rest.
  const rest = gaps.slice(1).sort((a, b) => a - b);
  console.log(`${path.split('/').pop()}: ${gaps.length} samples, first ${gaps[0].toFixed(0)} ms, then median ` +
    `${rest[rest.length >> 1].toFixed(0)} ms per sample; quantize() ${cpuMs.toFixed(0)} ms CPU`);
  quantized.dispose();
  model.dispose();
}
