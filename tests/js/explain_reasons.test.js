// model.explain()'s "why": every layer says why its kernel was chosen, the
// dense int8 layers included. Oracle: the compiled plan's own description of
// each layer's steps (planDescription(): "OPS -> KERNEL") -- a layer on an
// int8 kernel must give an int8 reason, one on an f32 kernel in a quantized
// model must say it fell back to float, and no reason may claim the other.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as nnslim from '../../web/node.js';

const { layers } = nnslim;

// Conv+ReLU, MaxPool, Flatten, a hidden Dense and a softmax head.
function smallNet(seed = 5) {
  return nnslim.sequential({
    seed,
    layers: [
      layers.conv2d({ name: 'conv', filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [12, 12, 3] }),
      layers.maxPooling2d({ name: 'pool', poolSize: 2, strides: 2 }),
      layers.flatten({ name: 'flatten' }),
      layers.dense({ name: 'hidden', units: 16, activation: 'relu' }),
      layers.dense({ name: 'head', units: 10, activation: 'softmax' }),
    ],
  });
}

function feeds(model, count) {
  let state = 7;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  };
  const { name, dims } = model.inputs[0];
  const shape = dims.map((d) => d ?? 1);
  const size = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: count }, () => ({ [name]: new nnslim.Tensor('float32', Float32Array.from({ length: size }, next), shape) }));
}

function assertEveryLayerExplained(explained) {
  assert.ok(explained.layers.length >= 4, explained.text);
  for (const layer of explained.layers) {
    assert.equal(typeof layer.why, 'string');
    assert.ok(layer.why.length > 0, `${layer.name} (${layer.kernel}) has no reason:\n${explained.text}`);
  }
}

test('explain(): every layer of an int8 model has a reason, the dense int8 GEMMs and convs included', async () => {
  const model = smallNet();
  const quantized = await model.quantize({ calibration: { samples: feeds(model, 8) } });
  try {
    const explained = await quantized.explain({ iterations: 1 });
    assertEveryLayerExplained(explained);
    const byName = new Map(explained.layers.map((l) => [l.name, l]));
    // The plan puts conv, hidden and head's GEMMs on int8 kernels (checked
    // from the plan's own words), so their reasons say int8 and quantized.
    const plan = quantized.planDescription();
    for (const name of ['conv', 'hidden', 'head']) {
      const layer = byName.get(name);
      assert.ok(layer, `${name} missing:\n${explained.text}`);
      assert.match(layer.kernel, /qs8 (gemm|gemv|igemm|conv)/, `${name}: ${layer.kernel}\n${plan.join('\n')}`);
      assert.match(layer.why, /int8 (GEMM|GEMV|conv)[^;]*: weights and activations quantized/, `${name}: ${layer.why}`);
    }
    // Consistency with the kernels: an int8 reason only beside an int8
    // kernel, a float-fallback reason only beside a float kernel.
    for (const layer of explained.layers) {
      if (/weights and activations quantized/.test(layer.why)) assert.match(layer.kernel, /qs8/, `${layer.name}: ${layer.why}`);
      if (/float fallback/.test(layer.why)) assert.match(layer.kernel, /f32|reference/, `${layer.name}: ${layer.kernel}`);
    }
    // The softmax has no int8 kernel: it runs in float on dequantized values.
    const softmaxSteps = plan.filter((s) => /^Softmax/.test(s));
    assert.ok(softmaxSteps.length > 0 && softmaxSteps.every((s) => !/qs8/.test(s)), plan.join('\n'));
    assert.match(explained.text, /float fallback: no int8 kernel for Softmax/, explained.text);
  } finally {
    quantized.dispose();
    model.dispose();
  }
});

test('explain(): every layer of a float model has a reason; dense layers name their sparsity against the threshold', async () => {
  const model = smallNet();
  try {
    const explained = await model.explain({ iterations: 1 });
    assertEveryLayerExplained(explained);
    for (const name of ['conv', 'hidden', 'head']) {
      const layer = explained.layers.find((l) => l.name === name);
      assert.ok(layer, name);
      assert.match(layer.kernel, /f32/, `${name}: ${layer.kernel}`);
      assert.doesNotMatch(layer.why, /int8/, `${name}: ${layer.why}`);
    }
    // Dense weights (no zeros): the sparse kernels are declined on the measured threshold.
    assert.match(explained.layers.find((l) => l.name === 'hidden').why, /0(\.0)?% zero weights, below the/);
  } finally {
    model.dispose();
  }
});

// With a baseline, explain() times the two models in alternating rounds (one
// run each), so that load from elsewhere on the machine hits both alike.
// Oracle: the order of the benchmark() calls each model sees.
test('explain with a baseline alternates the timed runs of the two models', async () => {
  const model = smallNet(5);
  const baseline = smallNet(6);
  const calls = [];
  for (const [label, m] of [['model', model], ['baseline', baseline]]) {
    const benchmark = m.benchmark.bind(m);
    m.benchmark = (options) => {
      calls.push(label);
      return benchmark(options);
    };
  }
  try {
    const { layers: rows } = await model.explain({ baseline, iterations: 3 });
    // One warm-up round each, then three alternating rounds.
    assert.deepEqual(calls, ['model', 'baseline', 'model', 'baseline', 'model', 'baseline', 'model', 'baseline']);
    for (const row of rows) {
      if (row.measuredSpeedup !== null) assert.ok(Number.isFinite(row.measuredSpeedup) && row.measuredSpeedup > 0, row.name);
    }
  } finally {
    baseline.dispose();
    model.dispose();
  }
});

// Without a baseline there is nothing to alternate with: the model's timed
// runs are one benchmark() call (its own warm-up, `iterations` runs).
// Oracle: the benchmark() calls the model sees and their options.
test('explain without a baseline times the model in one benchmark call', async () => {
  const model = smallNet(7);
  const calls = [];
  const benchmark = model.benchmark.bind(model);
  model.benchmark = (options) => {
    calls.push({ warmup: options.warmup, iterations: options.iterations });
    return benchmark(options);
  };
  try {
    const { layers: rows } = await model.explain({ iterations: 3 });
    assert.deepEqual(calls, [{ warmup: 1, iterations: 3 }]);
    assert.ok(rows.some((row) => Number.isFinite(row.ms) && row.ms >= 0));
  } finally {
    model.dispose();
  }
});
