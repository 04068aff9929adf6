// int8 + block sparsity, composed: for MobileNetV2 (its 1x1 convs 90%
// block-pruned) and the MLP 784-1024-1024-10 (every layer 90%
// block-pruned), 8x1 blocks, four models timed in alternating rounds in one
// process (1 thread, batch 1, process CPU time per run: the shared
// machine's wall clock is noisy):
//   f32 dense, f32 90% block-sparse (f32 bspmm kernels),
//   int8 dense (model.quantize()), int8 + 90% block-sparse (prune, THEN
//   quantize: symmetric int8 weights keep every pruned zero; qs8 bspmm kernels).
// Reported: median CPU ms per run, each model / f32 dense, whether int8 +
// sparse beats both int8 dense and f32 sparse (the composition's point), the
// kernels of the int8 + sparse model's Conv/Gemm/MatMul steps, and the SQNR
// of each model's output against the f32 model with the same weights
// (quantization error only). Quantized models come from model.quantize()
// (QDQ, 4 seeded calibration samples).
//
//   bash bench/sparse/run.sh --only NOTHING   (writes the pruned workloads), then
//   node bench/sparse/int8_compose.mjs [--rounds N] [--iterations N]
// (the MLP runs 20x the iterations: one run takes ~0.1 ms.)
import { readFile } from 'node:fs/promises';

import { GENERATED_DIR as PEERS_DIR, seededInput } from '../peers/workloads.mjs';

const SPARSE_DIR = new URL('./generated/', import.meta.url);
const SUBJECTS = [
  { name: 'MobileNetV2 224x224', dense: new URL('mobilenetv2_b1.onnx', PEERS_DIR),
    pruned: new URL('mobilenetv2_b1_pointwise90_block8x1.onnx', SPARSE_DIR), shape: [1, 3, 224, 224], repeat: 1 },
  { name: 'MLP 784-1024-1024-10', dense: new URL('mlp_b1.onnx', PEERS_DIR),
    pruned: new URL('mlp_b1_dense90_block8x1.onnx', SPARSE_DIR), shape: [1, 784], repeat: 20 },
];

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// 10 log10(sum ref^2 / sum (ref - out)^2) over the first output.
function sqnr(reference, output) {
  let signal = 0, noise = 0;
  for (let i = 0; i < reference.length; i++) {
    signal += reference[i] * reference[i];
    noise += (reference[i] - output[i]) ** 2;
  }
  return noise === 0 ? Infinity : 10 * Math.log10(signal / noise);
}

const nnslim = await import('../../web/node.js');
const rounds = option('--rounds', 5);
const iterations = option('--iterations', 10);
const load = async (url) => nnslim.loadModel(new Uint8Array(await readFile(url)));

async function measure(subject) {
  const size = subject.shape.reduce((a, b) => a * b, 1);
  const feed = (seed) => new nnslim.Tensor('float32', seededInput(size, seed), subject.shape);
  const dense = await load(subject.dense);
  const pruned = await load(subject.pruned);
  const input = dense.inputNames[0];
  const calibration = { samples: [1, 2, 3, 4].map((seed) => ({ [input]: feed(seed) })) };
  const models = {
    'f32 dense': dense,
    'f32 90% 8x1-sparse': pruned,
    'int8 dense': await dense.quantize({ calibration }),
    'int8 + 90% 8x1-sparse': await pruned.quantize({ calibration }),
  };
  const feeds = { [input]: feed(7) };
  const outputs = {};
  for (const [name, model] of Object.entries(models)) {
    const result = await model.run(feeds);
    outputs[name] = Float32Array.from(Object.values(result)[0].data);
  }
  const runs = iterations * subject.repeat;
  const cpu = Object.fromEntries(Object.keys(models).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, model] of Object.entries(models)) {
      for (let i = 0; i < (round === 0 ? 3 : 1) * subject.repeat; i++) await model.run(feeds);
      const start = process.cpuUsage();
      for (let i = 0; i < runs; i++) await model.run(feeds);
      const used = process.cpuUsage(start);
      cpu[name].push((used.user + used.system) / 1000 / runs);
    }
  }
  const ms = Object.fromEntries(Object.keys(models).map((name) => [name, median(cpu[name])]));
  const base = ms['f32 dense'];
  console.log(`\n${subject.name}, batch 1, 1 thread, ${rounds} rounds x ${runs} runs, median CPU ms per run`);
  const reference = { 'f32 dense': 'f32 dense', 'f32 90% 8x1-sparse': 'f32 90% 8x1-sparse', 'int8 dense': 'f32 dense',
    'int8 + 90% 8x1-sparse': 'f32 90% 8x1-sparse' };
  for (const name of Object.keys(models)) {
    const fidelity = name.startsWith('int8')
      ? `  SQNR vs ${reference[name]} ${sqnr(outputs[reference[name]], outputs[name]).toFixed(1)} dB` : '';
    console.log(`${name.padEnd(24)} ${ms[name].toFixed(3).padStart(8)} ms  ${(ms[name] / base).toFixed(3)}x f32 dense${fidelity}`);
  }
  const both = ms['int8 + 90% 8x1-sparse'];
  const rival = Math.min(ms['int8 dense'], ms['f32 90% 8x1-sparse']);
  console.log(`int8 + sparse / min(int8 dense, f32 sparse) = ${(both / rival).toFixed(3)}: ` +
    `${both < rival ? 'faster than either alone' : 'NOT faster than both'}`);
  const kernels = new Map();
  for (const step of models['int8 + 90% 8x1-sparse'].planDescription()) {
    if (!/^(Conv|Gemm|MatMul)/.test(step)) continue;
    const kernel = step.replace(/^.* -> /, '').replace(/ \(.*$/, '');
    kernels.set(kernel, (kernels.get(kernel) ?? 0) + 1);
  }
  console.log('int8 + sparse Conv/Gemm/MatMul steps by kernel:', JSON.stringify(Object.fromEntries(kernels)));
  for (const model of Object.values(models)) model.dispose();
}

for (const subject of SUBJECTS) await measure(subject);
