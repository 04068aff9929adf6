// The relaxed build's int8 dot7 GEMMs in a whole network (the relaxed 8-bit
// dot, docs/quantization.md "Relaxed SIMD int8"). A MobileNetV2 quantized
// once (in this process) is run by the relaxed and the plain build in child
// Nodes (Node 20 runs relaxed SIMD only with --experimental-wasm-relaxed-simd).
// Oracle: the plain build's qs8 kernels, exact integer arithmetic like the
// dot7 ones, so the two builds' int8 layers give the same codes; only the
// float steps around them (average pool, softmax) may differ in the last
// bits (relaxed_madd). With symmetric activations the 1x1 convs that read a
// ReLU6 output (codes 0..127) run dot7 in the relaxed build; with asymmetric
// ones (ReLU6 codes -128..127) none may. With 7-bit weights (weightBits: 7)
// every int8 1x1 conv and Gemm qualifies whatever its input: the weights are
// the dot's 7-bit operand (dot7w).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import * as nnslim from '../../web/node.js';
import { assertClose } from './numeric_match.js';
import { jsonOf, runChild } from './node_child.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SIZE = 64;

function input(k) {
  const data = Float32Array.from({ length: SIZE * SIZE * 3 }, (_, i) => Math.sin(i * 0.37 + k) * 0.8);
  return new nnslim.Tensor('float32', data, [1, SIZE, SIZE, 3]);
}

// The model file run by `build` in a child: output values and each step's kernel.
function runIn(build, file) {
  const script = `
    import * as nnslim from './web/node.js';
    const model = await nnslim.loadModel(${JSON.stringify(file)});
    const data = Float32Array.from({ length: ${SIZE * SIZE * 3} }, (_, i) => Math.sin(i * 0.37 + 9) * 0.8);
    const { outputs, steps } = await model.runProfiled({ [model.inputNames[0]]: new nnslim.Tensor('float32', data, [1, ${SIZE}, ${SIZE}, 3]) });
    console.log(JSON.stringify({ build: nnslim.features().build, data: [...outputs[model.outputNames[0]].data],
      kernels: steps.map((s) => s.kernel) }));`;
  const child = runChild(process.execPath, ['--experimental-wasm-relaxed-simd', '--input-type=module', '-e', script], {
    cwd: ROOT, maxBuffer: 1 << 26, label: `a ${build} child`,
    env: { ...process.env, NNSLIM_BUILD: build, NNSLIM_SINGLE_THREADED: '1' },
  });
  assert.equal(child.ok, true, child.describe());
  const result = jsonOf(child);
  assert.equal(result.build, build);
  return result;
}

async function quantizedFile(dir, scheme, weightBits = 8) {
  const model = nnslim.zoo.mobilenetV2({ inputShape: [SIZE, SIZE, 3], classes: 24, seed: 5 });
  const quantized = await model.quantize({
    scheme, weightBits, calibration: { samples: [0, 1, 2, 3].map((k) => ({ [model.inputNames[0]]: input(k) })) },
  });
  const file = join(dir, `mobilenetv2-${scheme}-w${weightBits}.onnx`);
  writeFileSync(file, quantized.toOnnx());
  quantized.dispose();
  model.dispose();
  return file;
}

const dot7Steps = (kernels) => kernels.filter((k) => / dot7$/.test(k)).length;
const dot7wSteps = (kernels) => kernels.filter((k) => / dot7w$/.test(k)).length;

test('relaxed build: symmetric int8 MobileNetV2 runs its ReLU6-fed 1x1 convs on dot7 and gives the plain build\'s outputs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nnslim-relaxed-int8-'));
  try {
    const file = await quantizedFile(dir, 'symmetric');
    const relaxed = runIn('relaxed', file);
    const plain = runIn('plain', file);
    // 17 inverted-residual blocks, each projecting its depthwise ReLU6 output
    // with a 1x1 conv; 16 of them expand a block output first (not ReLU: stays qs8 gemm).
    assert.equal(dot7Steps(relaxed.kernels), 17, relaxed.kernels.join('\n'));
    assert.equal(dot7Steps(plain.kernels), 0);
    assert.equal(relaxed.data.length, 24);
    // One int8 code off in any layer moves the logits by a quantization step
    // (~1e-2 relative): far outside this tolerance.
    assertClose(relaxed.data, plain.data, 1e-4, 1e-6);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('relaxed build: asymmetric int8 activations (ReLU6 codes -128..127) never take the dot7 kernels', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nnslim-relaxed-int8-'));
  try {
    const file = await quantizedFile(dir, 'asymmetric');
    const relaxed = runIn('relaxed', file);
    assert.equal(dot7Steps(relaxed.kernels), 0, relaxed.kernels.join('\n'));
    // 8-bit weights reach +-127 in every channel: no dot7w either.
    assert.equal(dot7wSteps(relaxed.kernels), 0, relaxed.kernels.join('\n'));
    assert.ok(relaxed.kernels.some((k) => k.includes('qs8 gemm')), relaxed.kernels.join('\n'));
    assertClose(relaxed.data, runIn('plain', file).data, 1e-4, 1e-6);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('relaxed build: 7-bit weights put every int8 1x1 conv and the classifier on the dot (any activation) with the plain build\'s outputs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nnslim-relaxed-int8-'));
  try {
    for (const scheme of ['asymmetric', 'symmetric']) {
      const file = await quantizedFile(dir, scheme, 7);
      const relaxed = runIn('relaxed', file);
      const plain = runIn('plain', file);
      const gemms = plain.kernels.filter((k) => /qs8 gemm \(1x1\)|qs8 gemv/.test(k));
      // 16 expansions + 17 projections + the 320->1280 conv + the classifier (a GEMV in the plain build).
      assert.equal(gemms.length, 35, plain.kernels.join('\n'));
      // Symmetric: the 17 ReLU6-fed projections keep dot7 (no per-row correction).
      const dot7 = scheme === 'symmetric' ? 17 : 0;
      assert.equal(dot7Steps(relaxed.kernels), dot7, relaxed.kernels.join('\n'));
      assert.equal(dot7wSteps(relaxed.kernels), 35 - dot7, relaxed.kernels.join('\n'));
      assert.equal(dot7wSteps(plain.kernels) + dot7Steps(plain.kernels), 0);
      assertClose(relaxed.data, plain.data, 1e-4, 1e-6);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
