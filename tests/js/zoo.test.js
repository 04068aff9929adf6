// The builder and the profiler through the package, on reference
// architectures whose figures are published: Keras' model.summary() /
// keras.applications tables and torchvision's model docs. Those figures are
// the oracles; nothing here is computed by the code under test.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as nnslim from '../../web/node.js';
import { _wasmMemoryStats } from '../../web/internal.js';

const MIB = 2 ** 20;

function profileOf(build, options = {}) {
  const model = build();
  try {
    return model.profile({ batchSize: 1, ...options });
  } finally {
    model.dispose();
  }
}

test('Dense model of "The art of speed": Keras\' 20 / 48 / 90 / 165 / 64 params, 387 / 249 / 138', () => {
  const model = nnslim.zoo.seedDense();
  try {
    const profile = model.profile();
    assert.deepEqual(profile.layers.map((l) => l.name), ['dense', 'dense_1', 'dense_2', 'dense_3', 'dense_4']);
    assert.deepEqual(profile.layers.map((l) => l.params), [20, 48, 90, 165, 64]);
    assert.deepEqual(profile.params, { total: 387, trainable: 249, nonTrainable: 138 });
    assert.deepEqual(profile.layers[0].outputShape, [null, 5]);
    const text = model.summary({ printFn: null });
    assert.match(text, /^ dense_1 \(Dense\) +\(None, 8\) +48$/m);
    assert.match(text, /^ dense_4 \(Dense\) +\(None, 4\) +64$/m);
    assert.match(text, /Total params: 387\nTrainable params: 249\nNon-trainable params: 138\n/);
  } finally {
    model.dispose();
  }
});

test('the same model written by hand with sequential() and layers', () => {
  const model = nnslim.sequential({
    layers: [
      nnslim.layers.dense({ units: 5, activation: 'relu', inputShape: [3] }),
      nnslim.layers.dense({ units: 8, activation: 'relu', trainable: false }),
      nnslim.layers.dense({ units: 10, activation: 'relu', trainable: false }),
      nnslim.layers.dense({ units: 15, activation: 'relu' }),
      nnslim.layers.dense({ units: 4, activation: 'softmax' }),
    ],
  });
  try {
    const profile = model.profile({ batchSize: 8 });
    assert.deepEqual(profile.params, { total: 387, trainable: 249, nonTrainable: 138 });
    // MACs = batch * sum(in * out) = 8 * (15 + 40 + 80 + 150 + 60).
    assert.equal(profile.macs, 8 * 345);
    assert.equal(profile.flops, 2 * profile.macs);
  } finally {
    model.dispose();
  }
});

test('VGG16: 138,357,544 params, 527.79 MiB, 15,470,264,320 MACs, without allocating its weights', () => {
  const before = _wasmMemoryStats();
  const model = nnslim.zoo.vgg16();
  try {
    const during = _wasmMemoryStats();
    const profile = model.profile({ batchSize: 1 });
    assert.deepEqual(profile.params, { total: 138_357_544, trainable: 138_357_544, nonTrainable: 0 });
    assert.equal(profile.weightBytes.total, 4 * 138_357_544);
    assert.equal((profile.weightBytes.total / MIB).toFixed(2), '527.79');
    assert.deepEqual(profile.weightBytes.byDtype, { float32: 4 * 138_357_544 });
    assert.equal(profile.macs, 15_470_264_320);
    assert.equal(profile.flops, 30_940_528_640);
    // Keras' VGG16 summary rows.
    const row = (name) => profile.layers.find((l) => l.name === name);
    assert.deepEqual(row('block1_conv1').outputShape, [null, 224, 224, 64]);
    assert.equal(row('block1_conv1').params, 1792);
    assert.deepEqual(row('block5_pool').outputShape, [null, 7, 7, 512]);
    assert.equal(row('fc1').params, 102_764_544);
    assert.equal(row('predictions').params, 4_097_000);
    // Nothing near the 528 MB of weights was allocated.
    assert.ok(during.mallocBytesInUse - before.mallocBytesInUse < 16 * MIB,
      `building VGG16 used ${during.mallocBytesInUse - before.mallocBytesInUse} bytes`);
    assert.ok(_wasmMemoryStats().memoryBytes < 128 * MIB);
    // Peak activation memory is a liveness plan, far below the sum of all outputs.
    assert.ok(profile.peakMemoryBytes < profile.activationBytes / 4);
    assert.ok(profile.peakMemoryBytes >= 2 * 224 * 224 * 64 * 4);  // conv1_1 in + out are live together
  } finally {
    model.dispose();
  }
});

test('MobileNetV2-1.0 (224): Keras\' 3,538,984 / 3,504,872 / 34,112 params, 300,774,272 MACs', () => {
  const profile = profileOf(() => nnslim.zoo.mobilenetV2());
  assert.deepEqual(profile.params, { total: 3_538_984, trainable: 3_504_872, nonTrainable: 34_112 });
  assert.equal(profile.macs, 300_774_272);
  const row = (name) => profile.layers.find((l) => l.name === name);
  assert.deepEqual(row('Conv1').outputShape, [null, 112, 112, 32]);
  assert.deepEqual(row('block_16_project_BN').outputShape, [null, 7, 7, 320]);
  assert.equal(row('predictions').params, 1_281_000);
});

test('ResNet-50 (torchvision): 25,557,032 trainable + 53,120 non-trainable params, 4,089,184,256 MACs', () => {
  const profile = profileOf(() => nnslim.zoo.resnet50());
  assert.equal(profile.params.trainable, 25_557_032);
  assert.equal(profile.params.nonTrainable, 53_120);
  assert.equal(profile.macs, 4_089_184_256);
  assert.deepEqual(profile.layers.find((l) => l.name === 'fc').outputShape, [null, 1000]);
});

test('profile scales with the batch; summary shows the batch as None', () => {
  const one = profileOf(() => nnslim.zoo.mobilenetV2({ weights: 'uninitialized' }), { batchSize: 1 });
  const four = profileOf(() => nnslim.zoo.mobilenetV2({ weights: 'he', seed: 3 }), { batchSize: 4 });
  assert.equal(four.macs, 4 * one.macs);
  assert.equal(four.activationBytes, 4 * one.activationBytes);
  assert.deepEqual(four.params, one.params);
  assert.deepEqual(four.layers[0].outputShape, one.layers[0].outputShape);
});

test('functional form: input, apply, model; Keras-style names; shapes from the builder', () => {
  const x = nnslim.input({ shape: [32, 32, 3] });
  assert.deepEqual(x.shape, [null, 32, 32, 3]);
  const a = nnslim.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }).apply(x);
  const b = nnslim.layers.conv2d({ filters: 6, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' }).apply(x);
  const merged = nnslim.layers.concatenate().apply([a, b]);
  assert.deepEqual(merged.shape, [null, 32, 32, 10]);
  const pooled = nnslim.layers.globalAveragePooling2d().apply(merged);
  const out = nnslim.layers.dense({ units: 2, activation: 'softmax' }).apply(pooled);
  const model = nnslim.model({ inputs: x, outputs: out, seed: 1 });
  try {
    const profile = model.profile();
    assert.deepEqual(profile.layers.map((l) => l.name), ['conv2d', 'conv2d_1', 'concatenate', 'global_average_pooling2d', 'dense']);
    assert.deepEqual(profile.layers.map((l) => l.type), ['Conv2D', 'Conv2D', 'Concatenate', 'GlobalAveragePooling2D', 'Dense']);
    // (3 * 3 * 3 + 1) * 4, (3 * 3 * 3 + 1) * 6, 0, 0, (10 + 1) * 2
    assert.deepEqual(profile.layers.map((l) => l.params), [112, 168, 0, 0, 22]);
    // Conv MACs = N * Hout * Wout * Cout * Cin * kh * kw.
    assert.equal(profile.layers[0].macs, 32 * 32 * 4 * 3 * 9);
  } finally {
    model.dispose();
  }
});

test('bad builder input is an INVALID_ARGUMENT NnslimError naming the layer; the module keeps working', () => {
  // From the JS side of the builder and from the C++ builder alike.
  const badConfig = (...patterns) => (error) => error instanceof nnslim.NnslimError && error.code === 'INVALID_ARGUMENT'
    && patterns.every((pattern) => pattern.test(error.message));
  assert.throws(() => nnslim.sequential({ layers: [nnslim.layers.dense({ units: 3 })] }), badConfig(/inputShape/));
  assert.throws(
    () => nnslim.sequential({ layers: [nnslim.layers.conv2d({ name: 'stem', filters: 8, kernelSize: 3, kernel_size: 3, inputShape: [8, 8, 3] })] }),
    badConfig(/'stem'/, /kernel_size/));
  assert.throws(
    () => nnslim.sequential({ layers: [nnslim.layers.dense({ name: 'fc', units: 3, inputShape: [4, 4, 3] })] }),
    badConfig(/'fc'/, /flatten/));
  assert.throws(
    () => nnslim.sequential({ layers: [nnslim.layers.conv2d({ name: 'huge', filters: 1, kernelSize: 9, inputShape: [4, 4, 1] })] }),
    badConfig(/'huge'/));
  assert.throws(() => nnslim.sequential({ layers: [nnslim.layers.add({ inputShape: [3] })] }), badConfig(/functional form/));
  const x = nnslim.input({ shape: [4] });
  const shared = nnslim.layers.dense({ units: 4 });
  assert.throws(() => nnslim.model({ inputs: x, outputs: shared.apply(shared.apply(x)) }), badConfig(/more than once/));
  assert.throws(() => nnslim.zoo.seedDense({ weights: 'random' }), badConfig(/weights/));
  assert.deepEqual(profileOf(() => nnslim.zoo.seedDense()).params, { total: 387, trainable: 249, nonTrainable: 138 });
});
