// Whether two builds of nnslim give bit-identical outputs on one model's
// static int8 QDQ file (a kernel change that must not move a bit):
//
//   node bench/quantize/int8_outputs_identical.mjs --base DIR [--model mobilenetv2-folded]
//        [--inputs 3] [--threads 1] [--cache DIR]
//
// DIR holds another build's web/ and dist/ (as compare_int8_builds.mjs).
// The QDQ file is quantized by this build (or read from --cache); each build
// runs it on the same seeded inputs; prints the number of output values
// compared and of those that differ (exit status 1 if any does).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { findModelSpec, sampleFeeds } from './samples.mjs';

const { values: options } = parseArgs({
  options: {
    base: { type: 'string' },
    model: { type: 'string', default: 'mobilenetv2-folded' },
    samples: { type: 'string', default: '8' },
    inputs: { type: 'string', default: '3' },
    threads: { type: 'string', default: '1' },
    cache: { type: 'string' },
  },
});
if (!options.base) throw new Error('--base DIR (another build\'s web/ and dist/) is required');

const spec = findModelSpec(options.model);
const builds = { base: resolve(options.base), this: resolve(new URL('../..', import.meta.url).pathname) };
const modules = {};
for (const [label, dir] of Object.entries(builds)) {
  modules[label] = await import(pathToFileURL(`${dir}/web/node.js`).href);
  await modules[label].init();
}
const cached = options.cache && `${options.cache}/${options.model}.int8.onnx`;
let int8Bytes;
if (cached && existsSync(cached)) {
  int8Bytes = readFileSync(cached);
} else {
  const floatModel = await modules.this.loadModel(readFileSync(spec.file));
  const calibration = sampleFeeds(modules.this, floatModel, spec, Number(options.samples), 1);
  int8Bytes = (await floatModel.quantize({ calibration: { method: 'minmax', samples: calibration } })).toOnnx();
  if (cached) {
    mkdirSync(options.cache, { recursive: true });
    writeFileSync(cached, int8Bytes);
  }
}

const outputs = {};
for (const [label, nnslim] of Object.entries(modules)) {
  const model = await nnslim.loadModel(new Uint8Array(int8Bytes), { numThreads: Number(options.threads) });
  outputs[label] = [];
  for (const feeds of sampleFeeds(nnslim, model, spec, Number(options.inputs), 777)) {
    const result = await model.run(feeds);
    for (const name of Object.keys(result).sort()) outputs[label].push(Float32Array.from(result[name].data));
  }
}
let values = 0, differing = 0, largest = 0;
outputs.base.forEach((want, i) => {
  const got = outputs.this[i];
  if (got.length !== want.length) throw new Error(`output ${i}: ${got.length} values, base has ${want.length}`);
  const a = new Uint32Array(got.buffer), b = new Uint32Array(want.buffer);
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) differing++;
  for (const v of want) largest = Math.max(largest, Math.abs(v));
  values += a.length;
});
console.log(`${options.model}: ${values} output values over ${options.inputs} inputs (largest |value| ${largest}), ` +
  `${differing} differ (bits)`);
process.exit(differing === 0 && values > 0 ? 0 : 1);
