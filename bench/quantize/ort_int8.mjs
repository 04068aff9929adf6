// nnslim int8 against onnxruntime-web int8 on the same QDQ file: the model
// nnslim quantizes (model.quantize(), calibrated on seeded samples) is
// exported with toOnnx(), and that one file is run by onnxruntime-web (wasm,
// SIMD, 1 thread) and loaded back into nnslim (1 thread); batch 1, runs
// interleaved round by round, medians. The f32 files run in both too, for
// context, and the weight-only export (activations 'float32') in both.
//
//   npm ci --prefix bench && /usr/bin/python3 bench/peers/make_workloads.py && bash scripts/build.sh
//   node bench/quantize/ort_int8.mjs [--iterations 30] [--warmup 5] [--samples 8] [--models mlp_b1,mobilenetv2_b1]
//
// The claim (docs/quantization.md): nnslim int8 / onnxruntime-web int8, per
// model. The outputs of the two int8 runs are compared too (normwise relative
// error, and the nnslim int8 output's SQNR against the f32 model).
import { parseArgs } from 'node:util';

import * as ort from 'onnxruntime-web';

import * as nnslim from '../../web/node.js';
import { maxRelativeError, summarize } from '../peers/stats.mjs';
import { packageVersion } from '../peers/versions.mjs';
import { loadWorkload, seededInput } from '../peers/workloads.mjs';

const { values: options } = parseArgs({
  options: {
    iterations: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    samples: { type: 'string', default: '8' },
    models: { type: 'string', default: 'mlp_b1,mobilenetv2_b1' },
  },
});
const iterations = Number(options.iterations);
const warmup = Number(options.warmup);
const sampleCount = Number(options.samples);

ort.env.wasm.numThreads = 1;
ort.env.wasm.simd = true;
ort.env.wasm.proxy = false;
ort.env.logLevel = 'error';

async function ortRunner(bytes, inputName, input, shape) {
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  });
  const feeds = { [inputName]: new ort.Tensor('float32', input, shape) };
  const outputName = session.outputNames[0];
  return {
    async run() {
      const results = await session.run(feeds);
      const data = results[outputName].data.slice();
      for (const tensor of Object.values(results)) tensor.dispose();
      return data;
    },
    dispose: () => session.release(),
  };
}

async function nnslimRunner(bytes, inputName, input, shape) {
  const model = await nnslim.loadModel(bytes, { numThreads: 1 });
  const feeds = { [inputName]: new nnslim.Tensor('float32', input, shape) };
  const outputName = model.outputNames[0];
  return {
    async run() {
      const results = await model.run(feeds);
      return results[outputName].data.slice();
    },
    dispose: () => model.dispose(),
  };
}

// Calibration samples: seeded inputs in [-1, 1), like the benchmark input.
function samplesFor(inputName, shape) {
  const length = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: sampleCount }, (_, i) => ({
    [inputName]: new nnslim.Tensor('float32', seededInput(length, 1000 + i), shape),
  }));
}

async function benchModel(name) {
  const workload = await loadWorkload(name);
  const inputName = workload.manifest.input.name;
  const shape = workload.inputShape;
  const f32Model = await nnslim.loadModel(workload.onnxBytes, { numThreads: 1 });
  const int8Model = await f32Model.quantize({ calibration: { samples: samplesFor(inputName, shape) } });
  const weightOnlyModel = await f32Model.quantize({ activations: 'float32' });
  const int8Bytes = int8Model.toOnnx();
  const weightOnlyBytes = weightOnlyModel.toOnnx();
  for (const model of [f32Model, int8Model, weightOnlyModel]) model.dispose();

  const files = { f32: workload.onnxBytes, int8: int8Bytes, 'weight-only': weightOnlyBytes };
  const runners = [];
  for (const [kind, bytes] of Object.entries(files)) {
    runners.push({ runtime: 'nnslim', kind, ...(await nnslimRunner(bytes, inputName, workload.input, shape)) });
    runners.push({ runtime: 'onnxruntime-web', kind, ...(await ortRunner(bytes, inputName, workload.input, shape)) });
  }
  const outputs = new Map();
  for (const runner of runners) {
    for (let i = 0; i < warmup; i++) outputs.set(runner, await runner.run());
    runner.samples = [];
  }
  // Round-robin: each round runs every runner once, so load changes on a
  // shared machine hit all columns alike.
  for (let i = 0; i < iterations; i++) {
    for (const runner of runners) {
      const t0 = performance.now();
      await runner.run();
      runner.samples.push(performance.now() - t0);
    }
  }
  const stats = new Map(runners.map((runner) => [runner, summarize(runner.samples)]));
  const find = (runtime, kind) => runners.find((r) => r.runtime === runtime && r.kind === kind);
  console.log(`\n${workload.manifest.description ?? name}: QDQ export ${int8Bytes.length} B (f32 file ${workload.onnxBytes.length} B)`);
  console.log('  file         nnslim ms   ORT-web ms   nnslim / ORT');
  for (const kind of Object.keys(files)) {
    const ours = stats.get(find('nnslim', kind)).median;
    const theirs = stats.get(find('onnxruntime-web', kind)).median;
    console.log(`  ${kind.padEnd(12)} ${ours.toFixed(3).padStart(9)}   ${theirs.toFixed(3).padStart(10)}   ${(ours / theirs).toFixed(3).padStart(12)}`);
  }
  const ratio = (runtime, kind) => stats.get(find(runtime, kind)).median / stats.get(find(runtime, 'f32')).median;
  console.log(`  int8 / own f32: nnslim ${ratio('nnslim', 'int8').toFixed(2)}x, ORT-web ${ratio('onnxruntime-web', 'int8').toFixed(2)}x;`
    + ` weight-only / own f32: nnslim ${ratio('nnslim', 'weight-only').toFixed(2)}x, ORT-web ${ratio('onnxruntime-web', 'weight-only').toFixed(2)}x`);
  const ref = outputs.get(find('nnslim', 'f32'));
  const ortInt8 = outputs.get(find('onnxruntime-web', 'int8'));
  const ourInt8 = outputs.get(find('nnslim', 'int8'));
  const sqnr = nnslim.compare({ y: new nnslim.Tensor('float32', ref, [ref.length]) },
    { y: new nnslim.Tensor('float32', ourInt8, [ourInt8.length]) }).y.sqnrDb;
  console.log(`  int8 outputs: nnslim vs ORT-web normwise relative error ${maxRelativeError(ourInt8, ortInt8).toExponential(2)};`
    + ` nnslim int8 vs f32 SQNR ${sqnr.toFixed(1)} dB`);
  for (const runner of runners) await runner.dispose();
}

console.log(`nnslim int8 vs onnxruntime-web ${packageVersion('onnxruntime-web')} int8 on nnslim's QDQ export`
  + ` (wasm SIMD, 1 thread, batch 1; ${iterations} interleaved runs after ${warmup} warm-up, medians; Node ${process.versions.node})`);
for (const name of options.models.split(',')) await benchModel(name);
console.log(`\nnnslim build: ${JSON.stringify(nnslim.features().build)}`);
