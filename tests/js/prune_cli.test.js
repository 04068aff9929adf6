// `nnslim prune` and `nnslim explain` as a user runs them, and
// model.explain(): the file written loads back as the pruned model,
// errors name the option, explain's MACs come from profile().
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import * as nnslim from '../../web/node.js';
import { runChild } from './node_child.js';

const CLI = fileURLToPath(new URL('../../web/cli.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'nnslim-prune-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function run(...args) {
  const result = runChild(process.execPath, [CLI, ...args], { label: `nnslim ${args.join(' ')}` });
  assert.equal(result.signal, null, result.describe());
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function smallMobilenet() {
  return nnslim.zoo.mobilenetV2({ weights: 'he', seed: 5, inputShape: [64, 64, 3], classes: 10 });
}

// An ONNX file of the small MobileNetV2, written once.
const modelPath = join(scratch, 'mobilenet.onnx');
{
  const model = smallMobilenet();
  writeFileSync(modelPath, model.toOnnx());
  model.dispose();
}

test('nnslim prune writes a model that loads with the sparsity asked for', async () => {
  const out = join(scratch, 'pruned.onnx');
  const result = run('prune', modelPath, '-o', out, '--sparsity', '0.9', '--json');
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.ok(report.layers.length > 40);
  for (const layer of report.layers) assert.equal(layer.zeros, Math.round(0.9 * layer.weights), layer.name);
  const pruned = await nnslim.loadModel(readFileSync(out));
  try {
    const byName = new Map(pruned.profile().layers.map((l) => [l.name, l]));
    for (const layer of report.layers) assert.equal(byName.get(layer.name).sparsity, layer.sparsity, layer.name);
  } finally {
    pruned.dispose();
  }
});

test('nnslim prune --method channel prints the channels and the FLOPs ratio', () => {
  const out = join(scratch, 'channels.onnx');
  const result = run('prune', modelPath, '-o', out, '--method', 'channel', '--sparsity', '0.5', '--criterion', 'l2');
  assert.equal(result.code, 0, result.stderr);
  // (A reloaded ONNX file names layers by node: 'block_1_expand/Conv'.)
  assert.match(result.stdout, /block_1_expand\/Conv\s+Conv\s+0\.0%\s+96 -> 48/);
  assert.match(result.stdout, /FLOPs:\s+0\.\d+x dense/);
  assert.match(result.stdout, /Left alone:/);
});

test('nnslim prune: bad options exit 1 with INVALID_ARGUMENT naming the option', () => {
  const out = join(scratch, 'never.onnx');
  for (const [args, pattern] of [
    [['--sparsity', '1.5'], /sparsity/],
    [['--method', 'random'], /method/],
    [['--method', 'block', '--block', '3x3', '--layer', 'block_1_expand/Conv=0.5'], /block 3x3 does not divide/],
    [['--layer', 'nope=0.5'], /'nope'/],
    [[], null],
  ]) {
    const result = args.length ? run('prune', modelPath, '-o', out, ...args) : run('prune', modelPath);
    assert.equal(result.code, 1, result.stderr);
    assert.ok(result.stderr.startsWith('nnslim: INVALID_ARGUMENT: '), result.stderr);
    if (pattern) assert.match(result.stderr, pattern);
    else assert.match(result.stderr, /-o OUT\.onnx/);
  }
});

test('model.explain: per-layer MACs from profile(), the plan\'s kernels, speedups over the baseline', async () => {
  const model = smallMobilenet();
  const pruned = await model.prune({ method: 'channel', sparsity: 0.5 });
  try {
    const { layers, text } = await pruned.explain({ baseline: model, iterations: 2 });
    const profile = pruned.profile();
    const base = model.profile();
    const expand = layers.find((l) => l.name === 'block_1_expand');
    assert.equal(expand.macs, profile.layers.find((l) => l.name === 'block_1_expand').macs);
    assert.equal(expand.effectiveMacs, expand.macs);
    // Dense MACs over pruned MACs: half the output channels, and half the
    // input channels too (expanded_conv_project before it lost half): 4.
    assert.equal(expand.predictedSpeedup, base.layers.find((l) => l.name === 'block_1_expand').macs / expand.macs);
    assert.ok(Math.abs(expand.predictedSpeedup - 4) < 1e-9, String(expand.predictedSpeedup));
    assert.ok(expand.measuredSpeedup > 0 && Number.isFinite(expand.measuredSpeedup));
    assert.ok(layers.every((l) => typeof l.kernel === 'string' && l.kernel.length > 0));
    assert.match(text, /block_1_expand/);
    const alone = await pruned.explain({ iterations: 1 });
    assert.ok(alone.layers.every((l) => l.predictedSpeedup === null && l.measuredSpeedup === null));
    await assert.rejects(pruned.explain({ iterations: 0 }), { code: 'INVALID_ARGUMENT' });
  } finally {
    pruned.dispose();
    model.dispose();
  }
});

test('nnslim explain prints the per-layer table', () => {
  const result = run('explain', modelPath, '--baseline', modelPath, '--iterations', '1');
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /Layer\s+Sparsity\s+MACs\s+Effective MACs\s+Kernel/);
  assert.match(result.stdout, /block_1_expand/);
});

test('model.explain of a 90% magnitude-pruned model: sparse kernels, why, predicted speedup from effective MACs', async () => {
  const model = smallMobilenet();
  const pruned = await model.prune({ sparsity: 0.9 });
  try {
    const { layers } = await pruned.explain({ baseline: model, iterations: 1 });
    const sparse = layers.filter((l) => l.sparseKernel);
    assert.ok(sparse.length > 0, layers.map((l) => `${l.name}: ${l.kernel}`).join('\n'));
    for (const l of sparse) {
      assert.ok(l.why.length > 0, l.name);
      // A sparse kernel performs the effective MACs: predicted = dense MACs / effective MACs ~ 10.
      assert.ok(Math.abs(l.predictedSpeedup - l.macs / l.effectiveMacs) < 0.02 * l.predictedSpeedup, `${l.name} ${l.predictedSpeedup}`);
    }
    for (const l of layers.filter((x) => !x.sparseKernel && x.macs > 0)) assert.equal(l.predictedSpeedup, 1, l.name);
  } finally {
    pruned.dispose();
    model.dispose();
  }
});

test('nnslim explain of an int8 model pruned in 8x1 blocks: the int8 layers show their sparsity and effective MACs', async () => {
  const model = smallMobilenet();
  const pruned = await model.prune({ method: 'block', sparsity: 0.9 });
  const quantized = await pruned.quantize({ activations: 'float32' });
  const path = join(scratch, 'pruned_int8.onnx');
  writeFileSync(path, quantized.toOnnx());
  const expected = new Map(pruned.pruneReport.layers.map((l) => [l.name, l]));
  quantized.dispose();
  pruned.dispose();
  model.dispose();
  const result = run('explain', path, '--iterations', '1', '--json');
  assert.equal(result.code, 0, result.stderr);
  const layers = JSON.parse(result.stdout);
  // The export names each node '<layer>/<op>', and the reloaded file shows
  // each weight's DequantizeLinear in its Conv's row: every block-pruned
  // layer is there, with at least its float zeros (symmetric int8 keeps them; small
  // weights may round to zero too) and effective MACs = MACs x density.
  let seen = 0;
  for (const layer of layers) {
    const entry = expected.get(layer.name.split('/')[0]);
    if (!entry || layer.type !== 'Conv') continue;
    seen++;
    assert.ok(layer.sparsity >= entry.sparsity - 1e-9, `${layer.name}: ${layer.sparsity} < ${entry.sparsity}`);
    assert.equal(layer.effectiveMacs, Math.round(layer.macs * (1 - layer.sparsity)), layer.name);
  }
  assert.ok(seen >= 30, `${seen} pruned layers found in explain's output`);
});
