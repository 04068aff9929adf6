// int8 + block sparsity: what a quantized, block-pruned MobileNetV2 runs on
// and how fast, against the float dense model, the float block-pruned one
// (block-sparse f32 kernels) and the quantized dense one, all timed in
// alternating rounds in one process (1 thread, batch 1, process CPU time per
// run: the shared machine's wall clock is noisy). The quantized models come
// from model.quantize() (QDQ, 4 seeded calibration samples). Reports which
// kernels the pruned 1x1 convs of the quantized model run.
//
//   bash bench/sparse/run.sh --only NOTHING   (writes the pruned workloads), then
//   node bench/sparse/int8_compose.mjs [--rounds N] [--iterations N]
import { readFile } from 'node:fs/promises';

import { GENERATED_DIR as PEERS_DIR, seededInput } from '../peers/workloads.mjs';

const SPARSE_DIR = new URL('./generated/', import.meta.url);
const SHAPE = [1, 3, 224, 224];

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const nnslim = await import('../../web/node.js');
const rounds = option('--rounds', 5);
const iterations = option('--iterations', 10);
const feed = (seed) => new nnslim.Tensor('float32', seededInput(SHAPE.reduce((a, b) => a * b, 1), seed), SHAPE);
const load = async (url) => nnslim.loadModel(new Uint8Array(await readFile(url)));

const dense = await load(new URL('mobilenetv2_b1.onnx', PEERS_DIR));
const pruned = await load(new URL('mobilenetv2_b1_pointwise90_block8x1.onnx', SPARSE_DIR));
const input = dense.inputNames[0];
const calibration = { samples: [1, 2, 3, 4].map((seed) => ({ [input]: feed(seed) })) };
const models = {
  'f32 dense': dense,
  'f32 8x1-pruned 90%': pruned,
  'int8 dense': await dense.quantize({ calibration }),
  'int8 8x1-pruned 90%': await pruned.quantize({ calibration }),
};
const feeds = { [input]: feed(7) };
const cpu = Object.fromEntries(Object.keys(models).map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const [name, model] of Object.entries(models)) {
    for (let i = 0; i < (round === 0 ? 3 : 1); i++) await model.run(feeds);
    const start = process.cpuUsage();
    for (let i = 0; i < iterations; i++) await model.run(feeds);
    const used = process.cpuUsage(start);
    cpu[name].push((used.user + used.system) / 1000 / iterations);
  }
}
const base = median(cpu['f32 dense']);
console.log(`MobileNetV2 224x224, batch 1, 1 thread, ${rounds} rounds x ${iterations} runs, median CPU ms per run`);
for (const name of Object.keys(models)) {
  const ms = median(cpu[name]);
  console.log(`${name.padEnd(22)} ${ms.toFixed(3).padStart(8)} ms  ${(ms / base).toFixed(3)}x f32 dense`);
}
const kernels = new Map();
for (const step of models['int8 8x1-pruned 90%'].planDescription()) {
  if (!/^Conv/.test(step)) continue;
  const kernel = step.replace(/^.* -> /, '').replace(/ \(.*$/, '');
  kernels.set(kernel, (kernels.get(kernel) ?? 0) + 1);
}
console.log('int8 8x1-pruned conv steps by kernel:', JSON.stringify(Object.fromEntries(kernels)));
for (const model of Object.values(models)) model.dispose();
