// Reference architectures built with the layers API, for profiling (and, with
// weights: 'he', for running on random weights). Each follows a published
// layout so that its parameter count and MACs can be checked against the
// figures Keras / torchvision publish:
//   seedDense    the Dense model of "The art of speed"    387 params
//   vgg16        Keras VGG16 (include_top)                138,357,544 params
//   mobilenetV2  Keras MobileNetV2, alpha 1.0             3,538,984 params
//   resnet50     torchvision ResNet-50                    25,557,032 trainable params
// Options: { weights: 'he' | 'uninitialized', seed, inputShape, classes }.

import { input, layers, model, sequential } from './builder.js';

function imageOptions(options, defaultShape = [224, 224, 3]) {
  const { inputShape = defaultShape, classes = 1000, weights, seed } = options;
  return { inputShape, classes, weights, seed };
}

/** The Keras Sequential of the lecture "The art of speed": 3 -> 5 -> 8 -> 10 -> 15 -> 4, layers 2 and 3 frozen. */
export function seedDense({ weights, seed } = {}) {
  return sequential({
    name: 'sequential',
    weights,
    seed,
    layers: [
      layers.dense({ units: 5, activation: 'relu', inputShape: [3] }),
      layers.dense({ units: 8, activation: 'relu', trainable: false }),
      layers.dense({ units: 10, activation: 'relu', trainable: false }),
      layers.dense({ units: 15, activation: 'relu' }),
      layers.dense({ units: 4, activation: 'softmax' }),
    ],
  });
}

/** Keras' VGG16 with its classifier (include_top=True). */
export function vgg16(options = {}) {
  const { inputShape, classes, weights, seed } = imageOptions(options);
  const blocks = [[64, 2], [128, 2], [256, 3], [512, 3], [512, 3]];
  const stack = [];
  blocks.forEach(([filters, convs], b) => {
    for (let c = 1; c <= convs; ++c) {
      stack.push(layers.conv2d({
        name: `block${b + 1}_conv${c}`, filters, kernelSize: 3, padding: 'same', activation: 'relu',
        ...(stack.length === 0 ? { inputShape } : {}),
      }));
    }
    stack.push(layers.maxPooling2d({ name: `block${b + 1}_pool`, poolSize: 2, strides: 2 }));
  });
  stack.push(
    layers.flatten({ name: 'flatten' }),
    layers.dense({ name: 'fc1', units: 4096, activation: 'relu' }),
    layers.dense({ name: 'fc2', units: 4096, activation: 'relu' }),
    layers.dense({ name: 'predictions', units: classes, activation: 'softmax' }),
  );
  return sequential({ name: 'vgg16', layers: stack, weights, seed });
}

// Keras' _make_divisible: round to a multiple of 8, never 10% below v.
function makeDivisible(v, divisor = 8) {
  let rounded = Math.max(divisor, Math.floor((v + divisor / 2) / divisor) * divisor);
  if (rounded < 0.9 * v) rounded += divisor;
  return rounded;
}

/**
 * Keras' MobileNetV2 (alpha 1.0): convs without bias, each followed by
 * BatchNormalization (epsilon 1e-3) and ReLU6; stride-2 depthwise convs get
 * Keras' ZeroPadding2D (correct_pad) + 'valid', which costs the same MACs as 'same'.
 */
export function mobilenetV2(options = {}) {
  const { inputShape, classes, weights, seed } = imageOptions(options);
  const bn = (name) => layers.batchNormalization({ name, epsilon: 1e-3, momentum: 0.999 });
  const relu6 = (name) => layers.activation({ name, activation: 'relu6' });
  let [height, width, channels] = inputShape;

  const image = input({ shape: inputShape, name: 'input_1' });
  let x = layers.conv2d({ name: 'Conv1', filters: makeDivisible(32), kernelSize: 3, strides: 2, padding: 'same', useBias: false }).apply(image);
  x = bn('bn_Conv1').apply(x);
  x = relu6('Conv1_relu').apply(x);
  [height, width, channels] = [Math.ceil(height / 2), Math.ceil(width / 2), makeDivisible(32)];

  const block = (filters, stride, expansion, id) => {
    const inputs = x;
    const outChannels = makeDivisible(filters);
    let prefix = `block_${id}_`;
    if (id) {
      x = layers.conv2d({ name: `${prefix}expand`, filters: expansion * channels, kernelSize: 1, padding: 'same', useBias: false }).apply(x);
      x = bn(`${prefix}expand_BN`).apply(x);
      x = relu6(`${prefix}expand_relu`).apply(x);
    } else {
      prefix = 'expanded_conv_';
    }
    if (stride === 2) {
      // Keras' correct_pad for a 3x3 kernel: one more pixel at the end when the size is even.
      const pad = (size) => (size % 2 === 0 ? [0, 1] : [1, 1]);
      x = layers.zeroPadding2d({ name: `${prefix}pad`, padding: [pad(height), pad(width)] }).apply(x);
    }
    x = layers.depthwiseConv2d({ name: `${prefix}depthwise`, kernelSize: 3, strides: stride, padding: stride === 1 ? 'same' : 'valid', useBias: false }).apply(x);
    x = bn(`${prefix}depthwise_BN`).apply(x);
    x = relu6(`${prefix}depthwise_relu`).apply(x);
    x = layers.conv2d({ name: `${prefix}project`, filters: outChannels, kernelSize: 1, padding: 'same', useBias: false }).apply(x);
    x = bn(`${prefix}project_BN`).apply(x);
    if (channels === outChannels && stride === 1) x = layers.add({ name: `${prefix}add` }).apply([inputs, x]);
    if (stride === 2) [height, width] = [Math.ceil(height / 2), Math.ceil(width / 2)];
    channels = outChannels;
  };
  // [filters, stride, expansion] per block, as in keras.applications.
  const settings = [
    [16, 1, 1],
    [24, 2, 6], [24, 1, 6],
    [32, 2, 6], [32, 1, 6], [32, 1, 6],
    [64, 2, 6], [64, 1, 6], [64, 1, 6], [64, 1, 6],
    [96, 1, 6], [96, 1, 6], [96, 1, 6],
    [160, 2, 6], [160, 1, 6], [160, 1, 6],
    [320, 1, 6],
  ];
  settings.forEach(([filters, stride, expansion], id) => block(filters, stride, expansion, id));

  x = layers.conv2d({ name: 'Conv_1', filters: 1280, kernelSize: 1, useBias: false }).apply(x);
  x = bn('Conv_1_bn').apply(x);
  x = relu6('out_relu').apply(x);
  x = layers.globalAveragePooling2d({ name: 'global_average_pooling2d' }).apply(x);
  x = layers.dense({ name: 'predictions', units: classes, activation: 'softmax' }).apply(x);
  return model({ name: 'mobilenetv2_1.00_224', inputs: image, outputs: x, weights, seed });
}

/**
 * torchvision's ResNet-50: convs without bias, BatchNormalization after each,
 * the stride on the 3x3 conv of each bottleneck (v1.5), a 1x1 conv + BN
 * downsample on the first block of each stage, fc 2048 -> classes with bias.
 */
export function resnet50(options = {}) {
  const { inputShape, classes, weights, seed } = imageOptions(options);
  // torchvision's BatchNorm2d: eps 1e-5.
  const bn = (name) => layers.batchNormalization({ name, epsilon: 1e-5 });
  const relu = (name) => layers.activation({ name, activation: 'relu' });
  const conv = (name, filters, kernelSize, strides = 1) => layers.conv2d({
    name, filters, kernelSize, strides, padding: kernelSize === 1 ? 'valid' : 'same', useBias: false,
  });

  const image = input({ shape: inputShape, name: 'input' });
  // conv1: 7x7 stride 2 with 3 pixels of zero padding on every side, as torchvision.
  let x = layers.zeroPadding2d({ name: 'conv1_pad', padding: 3 }).apply(image);
  x = layers.conv2d({ name: 'conv1', filters: 64, kernelSize: 7, strides: 2, padding: 'valid', useBias: false }).apply(x);
  x = bn('bn1').apply(x);
  x = relu('relu').apply(x);
  x = layers.maxPooling2d({ name: 'maxpool', poolSize: 3, strides: 2, padding: 'same' }).apply(x);

  const stages = [[64, 3, 1], [128, 4, 2], [256, 6, 2], [512, 3, 2]];
  stages.forEach(([width, blocks, stride], s) => {
    for (let b = 0; b < blocks; ++b) {
      const p = `layer${s + 1}.${b}.`;
      const blockStride = b === 0 ? stride : 1;
      const identity = x;
      let y = conv(`${p}conv1`, width, 1).apply(x);
      y = bn(`${p}bn1`).apply(y);
      y = relu(`${p}relu1`).apply(y);
      y = conv(`${p}conv2`, width, 3, blockStride).apply(y);
      y = bn(`${p}bn2`).apply(y);
      y = relu(`${p}relu2`).apply(y);
      y = conv(`${p}conv3`, width * 4, 1).apply(y);
      y = bn(`${p}bn3`).apply(y);
      let shortcut = identity;
      if (b === 0) {
        shortcut = conv(`${p}downsample.0`, width * 4, 1, blockStride).apply(identity);
        shortcut = bn(`${p}downsample.1`).apply(shortcut);
      }
      x = layers.add({ name: `${p}add` }).apply([y, shortcut]);
      x = relu(`${p}relu3`).apply(x);
    }
  });
  x = layers.globalAveragePooling2d({ name: 'avgpool' }).apply(x);
  x = layers.dense({ name: 'fc', units: classes }).apply(x);
  return model({ name: 'resnet50', inputs: image, outputs: x, weights, seed });
}
