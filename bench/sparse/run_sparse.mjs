// Sparse vs dense latency of whole models through nnslim (web/node.js), 1
// thread: MobileNetV2 with its 1x1 convs pruned by magnitude to 90% and 75%
// and the MLP 784-1024-1024-10 with every layer at 90% (batch 1); the same
// models block-pruned (8x1 blocks over output channels, 90% and 75%: the
// block-sparse kernels) at batch 1 and batch 8. Each
// pruned model runs with exactly the same invocation (model.benchmark with
// the same feeds) as the dense one, in alternating rounds so that a busy
// machine slows both alike; reported: the median over rounds of each
// round's p50, and pruned / dense; and the same from process CPU time per
// run (model.run() in a loop: on a shared machine, time slices lost to other
// processes do not count).
//
//   bash bench/sparse/run.sh            (builds the workloads, then runs this)
//   node bench/sparse/run_sparse.mjs [--rounds N] [--iterations N] [--json] [--only REGEX]
// (batch-8 MobileNetV2 pairs run a quarter of the iterations.)
import { readFile } from 'node:fs/promises';

import { GENERATED_DIR as PEERS_DIR, seededInput } from '../peers/workloads.mjs';

const SPARSE_DIR = new URL('./generated/', import.meta.url);

// [label, dense file (bench/peers/generated, or here), pruned file (bench/sparse/generated), input shape, target ratio]
const PAIRS = [
  ['MobileNetV2 1x1 convs 90% b1', 'mobilenetv2_b1.onnx', 'mobilenetv2_b1_pointwise90.onnx', [1, 3, 224, 224], 0.45],
  ['MobileNetV2 1x1 convs 75% b1', 'mobilenetv2_b1.onnx', 'mobilenetv2_b1_pointwise75.onnx', [1, 3, 224, 224], 0.7],
  ['MLP 784-1024-1024-10 90% b1', 'mlp_b1.onnx', 'mlp_b1_dense90.onnx', [1, 784], 0.35],
  // (the sparse GEMV's crossover: the runtime's rule, sparse_matmul_step.cc)
  ['MLP 784-1024-1024-10 85% b1', 'mlp_b1.onnx', 'mlp_b1_dense85.onnx', [1, 784], null],
  ['MLP 784-1024-1024-10 80% b1', 'mlp_b1.onnx', 'mlp_b1_dense80.onnx', [1, 784], null],
];
for (const batch of [1, 8]) {
  const mlpDense = batch === 1 ? 'mlp_b1.onnx' : new URL('mlp_b8.onnx', SPARSE_DIR);
  for (const s of [90, 75]) {
    PAIRS.push([`MobileNetV2 1x1 convs ${s}% 8x1 blocks b${batch}`, `mobilenetv2_b${batch}.onnx`,
      `mobilenetv2_b${batch}_pointwise${s}_block8x1.onnx`, [batch, 3, 224, 224], s === 90 ? 0.45 : 0.7]);
    PAIRS.push([`MLP 784-1024-1024-10 ${s}% 8x1 blocks b${batch}`, mlpDense, `mlp_b${batch}_dense${s}_block8x1.onnx`,
      [batch, 784], s === 90 ? 0.35 : null]);
  }
}

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function loadModel(nnslim, url) {
  return nnslim.loadModel(new Uint8Array(await readFile(url)));
}

async function main() {
  const rounds = option('--rounds', 7);
  const iterations = option('--iterations', 20);
  const nnslim = await import('../../web/node.js');
  const only = process.argv.includes('--only') ? new RegExp(process.argv[process.argv.indexOf('--only') + 1]) : null;
  const results = [];
  for (const [label, denseFile, prunedFile, shape, target] of PAIRS) {
    if (only && !only.test(label)) continue;
    // (MobileNetV2 at batch 8 runs ~8x longer per run.)
    const runs = shape[0] > 1 && shape.length === 4 ? Math.max(2, Math.round(iterations / 4)) : iterations;
    const dense = await loadModel(nnslim, new URL(denseFile, PEERS_DIR));
    const pruned = await loadModel(nnslim, new URL(prunedFile, SPARSE_DIR));
    const inputName = dense.inputNames[0];
    const feeds = { [inputName]: new nnslim.Tensor('float32', seededInput(shape.reduce((a, b) => a * b, 1)), shape) };
    const p50 = { dense: [], pruned: [] };
    const cpu = { dense: [], pruned: [] };
    for (let round = 0; round < rounds; round++) {
      for (const [key, model] of [['dense', dense], ['pruned', pruned]]) {
        const result = await model.benchmark({ warmup: round === 0 ? 5 : 2, iterations: runs, inputs: feeds });
        p50[key].push(result.latencyMs.p50);
        const start = process.cpuUsage();
        for (let i = 0; i < runs; i++) await model.run(feeds);
        const used = process.cpuUsage(start);
        cpu[key].push((used.user + used.system) / 1000 / runs);
      }
    }
    const sparseSteps = pruned.planDescription().filter((step) => / -> f32 (b?spmm|spgemv) /.test(step));
    const denseMs = median(p50.dense), prunedMs = median(p50.pruned);
    const denseCpuMs = median(cpu.dense), prunedCpuMs = median(cpu.pruned);
    results.push({
      label, denseMs, prunedMs, ratio: prunedMs / denseMs, denseCpuMs, prunedCpuMs, cpuRatio: prunedCpuMs / denseCpuMs,
      target, sparseSteps: sparseSteps.length,
      exampleStep: sparseSteps[0] ?? '(none)',
    });
    dense.dispose();
    pruned.dispose();
  }
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(results, null, 1));
    return;
  }
  console.log(`nnslim sparse vs dense, 1 thread, ${rounds} rounds x ${iterations} runs (median of round p50s)`);
  for (const r of results) {
    console.log(`${r.label.padEnd(40)} wall p50: dense ${r.denseMs.toFixed(3).padStart(8)} ms, pruned ${r.prunedMs.toFixed(3).padStart(8)} ms,` +
      ` ratio ${r.ratio.toFixed(3)};  CPU: dense ${r.denseCpuMs.toFixed(3)} ms, pruned ${r.prunedCpuMs.toFixed(3)} ms,` +
      ` ratio ${r.cpuRatio.toFixed(3)}  (target ${r.target === null ? 'none' : `<= ${r.target}`});  ${r.sparseSteps} sparse steps, e.g. ${r.exampleStep}`);
  }
}

await main();
