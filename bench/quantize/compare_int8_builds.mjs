// Static int8 vs float32 latency of one model in two builds of nnslim, in
// one Node process (1 thread, batch 1):
//
//   node bench/quantize/compare_int8_builds.mjs --base DIR [--model mobilenetv2-folded]
//        [--samples 8] [--iterations 40] [--warmup 5] [--cache DIR]
//
// DIR holds another build's web/ and dist/ (e.g. a copy of them made before a
// change). The model is quantized once, by this build, as
// profile_int8_steps.mjs does (static, minmax, per-channel, its seeded
// samples; --cache keeps the QDQ file); each build loads the float file and
// that QDQ file, and the four models run in interleaved rounds measured by
// the process's CPU time (user + system), so both builds see the same
// machine. Prints each build's medians and int8 / float32 ratio.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { findModelSpec, median, sampleFeeds } from './samples.mjs';

const { values: options } = parseArgs({
  options: {
    base: { type: 'string' },
    model: { type: 'string', default: 'mobilenetv2-folded' },
    samples: { type: 'string', default: '8' },
    iterations: { type: 'string', default: '40' },
    warmup: { type: 'string', default: '5' },
    cache: { type: 'string' },
  },
});
if (!options.base) throw new Error('--base DIR (another build\'s web/ and dist/) is required');


const spec = findModelSpec(options.model);
const floatBytes = readFileSync(spec.file);
const builds = { base: resolve(options.base), this: resolve(new URL('../..', import.meta.url).pathname) };
const modules = {};
for (const [label, dir] of Object.entries(builds)) {
  modules[label] = await import(pathToFileURL(`${dir}/web/node.js`).href);
  await modules[label].init();
}

// The QDQ file, quantized by this build.
const own = modules.this;
const cached = options.cache && `${options.cache}/${options.model}.int8.onnx`;
let int8Bytes;
if (cached && existsSync(cached)) {
  int8Bytes = readFileSync(cached);
} else {
  const floatModel = await own.loadModel(floatBytes);
  const calibration = sampleFeeds(own, floatModel, spec, Number(options.samples), 1);
  int8Bytes = (await floatModel.quantize({ calibration: { method: 'minmax', samples: calibration } })).toOnnx();
  if (cached) {
    mkdirSync(options.cache, { recursive: true });
    writeFileSync(cached, int8Bytes);
  }
}

const runners = [];
for (const [label, nnslim] of Object.entries(modules)) {
  for (const [kind, bytes] of [['float32', floatBytes], ['int8', int8Bytes]]) {
    const model = await nnslim.loadModel(new Uint8Array(bytes), { numThreads: 1 });
    const [feeds] = sampleFeeds(nnslim, model, spec, 1, 100000);
    runners.push({ label, kind, run: () => model.run(feeds), cpu: [] });
  }
}
const iterations = Number(options.iterations), warmup = Number(options.warmup);
for (let round = -warmup; round < iterations; round++) {
  for (let k = 0; k < runners.length; k++) {
    const runner = runners[(((round + k) % runners.length) + runners.length) % runners.length];
    const start = process.cpuUsage();
    await runner.run();
    const used = process.cpuUsage(start);
    if (round >= 0) runner.cpu.push((used.user + used.system) / 1000);
  }
}

console.log(`${options.model}: ${iterations} interleaved rounds after ${warmup}, 1 thread, CPU ms medians`);
console.log('| build | float32 ms | int8 ms | int8 / float32 |');
console.log('|---|---:|---:|---:|');
for (const label of Object.keys(builds)) {
  const [f, q] = ['float32', 'int8'].map((kind) => median(runners.find((r) => r.label === label && r.kind === kind).cpu));
  console.log(`| ${label} (${builds[label]}) | ${f.toFixed(3)} | ${q.toFixed(3)} | ${(q / f).toFixed(3)} |`);
}
process.exit(0);
