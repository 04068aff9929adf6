// Pruned models exported with toOnnx() run in onnxruntime-web (an
// independent runtime, the bench's pinned peer: npm ci --prefix bench) with
// the outputs nnslim computes for the pruned model: magnitude and block
// pruning keep their zeros in standard (dense) initializers, channel pruning
// writes smaller dims. Subjects: MobileNetV2 (inverted residuals, depthwise
// convs) and a ResNet-style model (bottleneck blocks, an identity and a
// projection shortcut); then an int8 model pruned before quantizing.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { before, test } from 'node:test';

import * as nnslim from '../../web/node.js';
import { describeMismatches } from './numeric_match.js';

const { layers } = nnslim;

const benchRequire = createRequire(new URL('../../bench/package.json', import.meta.url));
let ort;

before(async () => {
  const ortPath = new URL('../../bench/node_modules/onnxruntime-web/package.json', import.meta.url);
  assert.ok(existsSync(ortPath), 'onnxruntime-web is missing: run `npm ci --prefix bench` (scripts/setup.sh does)');
  ort = await import(benchRequire.resolve('onnxruntime-web'));
  ort.env.wasm.numThreads = 1;
});

function mobilenet() {
  return nnslim.zoo.mobilenetV2({ weights: 'he', seed: 3, inputShape: [64, 64, 3], classes: 10 });
}

// Stem conv, two bottleneck blocks (1x1 -> 3x3 -> 1x1, BatchNorm after each),
// the first with an identity shortcut, the second with a strided 1x1
// projection; global pooling and a Dense head (logits: no softmax to squash
// differences).
function residual() {
  const conv = (name, filters, kernelSize, strides = 1) => layers.conv2d({ name, filters, kernelSize, strides, padding: 'same', useBias: false });
  const bn = (name) => layers.batchNormalization({ name });
  const relu = (name) => layers.activation({ name, activation: 'relu' });
  const image = nnslim.input({ shape: [16, 16, 8], name: 'image' });
  let x = relu('stem_relu').apply(bn('stem_bn').apply(conv('stem', 16, 3).apply(image)));
  for (const [b, stride, width] of [[0, 1, 16], [1, 2, 32]]) {
    const p = `block${b}_`;
    let y = relu(`${p}relu1`).apply(bn(`${p}bn1`).apply(conv(`${p}conv1`, 32, 1).apply(x)));
    y = relu(`${p}relu2`).apply(bn(`${p}bn2`).apply(conv(`${p}conv2`, 32, 3, stride).apply(y)));
    y = bn(`${p}bn3`).apply(conv(`${p}conv3`, width, 1).apply(y));
    const shortcut = stride === 1 ? x : bn(`${p}down_bn`).apply(conv(`${p}down`, width, 1, stride).apply(x));
    x = relu(`${p}out`).apply(layers.add({ name: `${p}add` }).apply([y, shortcut]));
  }
  x = layers.globalAveragePooling2d({ name: 'gap' }).apply(x);
  x = layers.dense({ name: 'fc', units: 10 }).apply(x);
  return nnslim.model({ name: 'residual', inputs: image, outputs: x, weights: 'he', seed: 5 });
}

// Seeded uniform [-1, 1) data for the model's (static) input.
function feeds(model, seed) {
  const [name] = model.inputNames;
  const dims = model.inputs[0].dims.map((d) => (typeof d === 'number' && d > 0 ? d : 1));
  let state = seed >>> 0 || 1;
  const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    data[i] = state / 2 ** 31 - 1;
  }
  return { name, data, dims };
}

async function runBoth(model, session, seed) {
  const { name, data, dims } = feeds(model, seed);
  const outputName = model.outputNames[0];
  const ours = (await model.run({ [name]: new nnslim.Tensor('float32', data, dims) }))[outputName];
  const theirs = (await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', data, dims) }))[session.outputNames[0]];
  assert.deepEqual(Array.from(theirs.dims), Array.from(ours.dims));
  return { ours: ours.data, theirs: theirs.data };
}

// Both runtimes compute in f32 from the same weights; they differ only in
// the order of each dot product's additions (SIMD lanes, tiles, sparse
// kernels skipping zeros, BatchNorm folded or not): each reordered sum moves
// by a few units in the last place of its terms, through ~20 (MobileNetV2:
// ~50) layers. Measured: at most 3.4e-7 of the output's range. The bound,
// 1e-4 of the range of the reference values, leaves ~300x of that; a wrong
// weight (a lost zero, a misplaced channel) moves outputs by ~1e-1 of it.
// MobileNetV2 ends in a softmax, whose outputs hide the logits' differences
// near the uniform 0.1: it is compared as log-probabilities (the logits less
// one constant). A pruned random-weight network can lose its signal (every
// class alike): the range must stay >= 0.02, or the comparison says nothing.
function assertSameOutputs(ours, theirs, what, { logits = false } = {}) {
  const view = (data) => (logits ? Float64Array.from(data, Math.log) : data);
  const [reference, actual] = [view(ours), view(theirs)];
  let low = Infinity;
  let high = -Infinity;
  for (const v of reference) {
    assert.ok(Number.isFinite(v), `${what}: nnslim gave ${v}`);
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  assert.ok(high - low >= 0.02, `${what}: outputs range ${high - low}: the pruned network lost its signal`);
  assert.equal(describeMismatches(actual, reference, 0, 1e-4 * (high - low)), '', what);
}

// MobileNetV2 loses its signal at high sparsity with random weights (and
// its depthwise convs, cut into 8x1 blocks of one tap, lose it fastest):
// pruned to where it keeps it, with the depthwise convs skipped as
// docs/pruning.md advises for speed, so the 1x1 convs run sparse kernels.
const DEPTHWISE = ['expanded_conv_depthwise', ...Array.from({ length: 16 }, (_, i) => `block_${i + 1}_depthwise`)];
const SUBJECTS = [
  {
    label: 'MobileNetV2',
    make: mobilenet,
    logits: true,
    methods: [
      { method: 'magnitude', sparsity: 0.75, skip: ['Conv1', 'predictions', ...DEPTHWISE] },
      { method: 'block', sparsity: 0.5, skip: ['Conv1', 'predictions', ...DEPTHWISE] },
      { method: 'channel', sparsity: 0.5 },
    ],
  },
  {
    label: 'a ResNet-style model',
    make: residual,
    logits: false,
    methods: [{ method: 'magnitude', sparsity: 0.75 }, { method: 'block', sparsity: 0.9 }, { method: 'channel', sparsity: 0.5 }],
  },
];

for (const { label, make, logits, methods } of SUBJECTS) {
  test(`onnxruntime-web runs the export of ${label} pruned by magnitude, 8x1 blocks and channels with nnslim's outputs`, async () => {
    const model = make();
    const dense = model.profile();
    try {
      for (const options of methods) {
        const what = `${label} ${options.method} ${options.sparsity}`;
        const pruned = await model.prune(options);
        const bytes = pruned.toOnnx();
        const reloaded = await nnslim.loadModel(bytes);
        const session = await ort.InferenceSession.create(bytes);
        try {
          assert.ok(pruned.pruneReport.layers.length > 0, `${what}: nothing was pruned`);
          const profile = reloaded.profile();
          if (options.method === 'channel') {
            // Smaller dims: fewer params and MACs, no zeros added.
            assert.ok(profile.params.total < dense.params.total, `${what}: ${profile.params.total} params`);
            assert.ok(profile.macs < dense.macs, what);
          } else {
            // The zeros are in the file: the reloaded model counts them.
            assert.equal(profile.params.total, dense.params.total, what);
            assert.equal(profile.nonzeroParams, pruned.profile().nonzeroParams, what);
            assert.ok(profile.sparsity >= 0.45, `${what}: sparsity ${profile.sparsity}`);
          }
          for (const seed of [3, 8]) {
            const { ours, theirs } = await runBoth(pruned, session, seed);
            assertSameOutputs(ours, theirs, `${what} seed ${seed}`, { logits });
            // The reloaded export gives nnslim's own outputs bit for bit.
            const again = await runBoth(reloaded, session, seed);
            assert.deepEqual(new Uint8Array(again.ours.buffer), new Uint8Array(ours.buffer), `${what}: reloaded`);
          }
          if (options.method === 'block') {
            // nnslim ran its block-sparse kernels; onnxruntime-web, dense ones.
            assert.ok(pruned.planDescription().some((step) => / -> f32 bspmm 8x1 /.test(step)), pruned.planDescription().join('\n'));
          }
        } finally {
          await session.release();
          reloaded.dispose();
          pruned.dispose();
        }
      }
    } finally {
      model.dispose();
    }
  });
}

test('an int8 model pruned in 8x1 blocks exports zeros onnxruntime-web reads: outputs within one quantization step', async () => {
  const model = residual();
  const pruned = await model.prune({ method: 'block', sparsity: 0.9 });
  const samples = [1, 2, 4, 5, 6, 7, 9, 10].map((seed) => {
    const { name, data, dims } = feeds(model, seed);
    return { [name]: new nnslim.Tensor('float32', data, dims) };
  });
  const quantized = await pruned.quantize({ calibration: { samples } });
  const bytes = quantized.toOnnx();
  const reloaded = await nnslim.loadModel(bytes);
  const session = await ort.InferenceSession.create(bytes);
  try {
    // The int8 weights keep the pruned zeros (q = 0 = the zero point) in the
    // file: the reloaded model counts what the quantized one does, at least
    // the float model's zeros (a weight under half a quantization step
    // rounds to zero too), and as few effective MACs.
    const float = pruned.profile();
    const int8 = quantized.profile();
    const reread = reloaded.profile();
    assert.ok(float.sparsity > 0.5, `sparsity ${float.sparsity}`);
    assert.equal(reread.sparsity, int8.sparsity);
    assert.equal(reread.effectiveMacs, int8.effectiveMacs);
    assert.equal(reread.nonzeroParams, int8.nonzeroParams);
    assert.ok(int8.sparsity >= float.sparsity && int8.sparsity < float.sparsity + 0.01, `${int8.sparsity} vs ${float.sparsity}`);
    assert.ok(int8.effectiveMacs <= float.effectiveMacs, `${int8.effectiveMacs} vs ${float.effectiveMacs}`);
    // summary() ends with the lecture's table for the int8 model too.
    const ratio = (int8.effectiveFlops / int8.flops).toFixed(2);
    assert.match(quantized.summary({ printFn: null }), new RegExp(`This model\\s+${(100 * int8.sparsity).toFixed(1)}%\\s+${ratio}x`));
    // The 1x1 convs run the int8 block-sparse kernel in nnslim.
    await reloaded.run(samples[0]);
    assert.ok(reloaded.planDescription().some((step) => /qs8 bspmm 8x1/.test(step)), reloaded.planDescription().join('\n'));
    // explain() shows the int8 layers' sparsity and effective MACs: each
    // pruned 1x1 conv has round(0.9 * blocks) zero 8x1 blocks, and its int8
    // weights at least those zeros.
    const explained = await quantized.explain({ iterations: 1 });
    const pointwise = new Map(pruned.pruneReport.layers.map((l) => [l.name, l]));
    let checked = 0;
    for (const layer of explained.layers) {
      const entry = pointwise.get(layer.name);
      if (!entry || !/qs8 bspmm/.test(layer.kernel)) continue;
      checked++;
      assert.ok(layer.sparsity >= entry.sparsity && layer.sparsity > 0.85, `${layer.name}: ${layer.sparsity}`);
      assert.equal(layer.effectiveMacs, Math.round(layer.macs * (1 - layer.sparsity)), layer.name);
    }
    assert.ok(checked >= 4, `${checked} int8 block-sparse layers explained:\n${explained.text}`);
    for (const seed of [11, 12, 13]) {
      const { ours, theirs } = await runBoth(quantized, session, seed);
      // The output is DequantizeLinear(int8) with one scale: one step is its
      // range (holding 0) over 255 levels. The runtimes requantize each
      // layer's int32 sums in their own arithmetic (nnslim: fp32 and a magic
      // bias), so a value exactly halfway between two levels may round apart:
      // one step (measured: 0 on these inputs).
      let low = 0;
      let high = 0;
      for (const v of ours) {
        assert.ok(Number.isFinite(v), `seed ${seed}: ${v}`);
        low = Math.min(low, v);
        high = Math.max(high, v);
      }
      const step = (high - low) / 255;
      assert.ok(step > 0);
      const mismatches = describeMismatches(theirs, ours, 0, step * 1.001);
      assert.equal(mismatches, '', `seed ${seed}, step ${step}`);
    }
  } finally {
    await session.release();
    reloaded.dispose();
    quantized.dispose();
    pruned.dispose();
    model.dispose();
  }
});
