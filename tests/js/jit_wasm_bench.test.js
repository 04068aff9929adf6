// The experiment's wasm generator (bench/sparse/jit_wasm.mjs, timed by
// bench/sparse/jit_gemv.mjs) on awkward shapes: empty rows, a row count that
// is not a multiple of 4 or of the rows per function, one nonzero, an
// all-zero layer, a column at the end of the input, bias only. Oracle: a
// sequential float32 loop over the dense weights (bias, then the nonzeros in
// column order, one rounding per multiply and per add), which every variant
// must match bit for bit (docs/runtime.md, "Code generated from the weights").
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { emitLayer, rowsOf } from '../../bench/sparse/jit_wasm.mjs';

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function reference(weights, bias, x, out, inFeatures, relu) {
  const y = new Float32Array(out);
  for (let o = 0; o < out; o++) {
    let acc = bias[o];
    for (let i = 0; i < inFeatures; i++) {
      const w = weights[o * inFeatures + i];
      if (w !== 0) acc = Math.fround(acc + Math.fround(w * x[i]));
    }
    y[o] = relu ? Math.max(acc, 0) : acc;
  }
  return y;
}

async function runGenerated(weights, bias, x, out, inFeatures, relu, variant) {
  const { bytes, stream } = emitLayer(rowsOf(weights, out, inFeatures), bias, relu, variant);
  const memory = new WebAssembly.Memory({ initial: 1 + Math.ceil(stream.byteLength / 65536) });
  const { exports } = await WebAssembly.instantiate(await WebAssembly.compile(bytes), { env: { memory } });
  const X = 0;
  const Y = 16384;
  const W = 65536;
  new Float32Array(memory.buffer, X, inFeatures).set(x);
  new Float32Array(memory.buffer, Y, out + 4).fill(12345); // stores past the end would show
  new Float32Array(memory.buffer, W, stream.length).set(stream);
  exports.gemv(X, W, Y);
  const y = new Float32Array(memory.buffer, Y, out + 4).slice();
  assert.deepEqual([...y.subarray(out)], [12345, 12345, 12345, 12345], 'no store past the outputs');
  return y.subarray(0, out);
}

const VARIANTS = [
  { kind: 'rows4', groups: 2, checkpoint: 4, rowsPerFunction: 8 },
  { kind: 'rows4', groups: 1, rowsPerFunction: 4 },
  { kind: 'rows4', groups: 2, checkpoint: 3, rowsPerFunction: 8, constWeights: true },
  { kind: 'cols4', groups: 2, checkpoint: 5, rowsPerFunction: 8 },
  { kind: 'scalar-const', rows: 3, rowsPerFunction: 7 },
  { kind: 'scalar-stream', rows: 8, checkpoint: 2, rowsPerFunction: 8 },
];

function layer(out, inFeatures, density, seed) {
  const random = mulberry32(seed);
  const weights = new Float32Array(out * inFeatures);
  for (let i = 0; i < weights.length; i++) if (random() < density) weights[i] = random() * 2 - 1;
  const bias = Float32Array.from({ length: out }, () => random() - 0.5);
  const x = Float32Array.from({ length: inFeatures }, () => random() * 2 - 1);
  return { weights, bias, x };
}

for (const variant of VARIANTS) {
  const name = JSON.stringify(variant);
  test(`generated GEMV ${name}: odd shapes match the sequential float32 reference bit for bit`, async () => {
    for (const [out, inFeatures, density, relu] of [[13, 37, 0.1, true], [1, 5, 0.6, false], [23, 129, 0.3, true], [9, 1024, 0.02, false]]) {
      const { weights, bias, x } = layer(out, inFeatures, density, out * 1000 + inFeatures);
      // awkward rows: row 0 empty, row 1 a single nonzero at the last input
      weights.fill(0, 0, inFeatures);
      if (out > 1) {
        weights.fill(0, inFeatures, 2 * inFeatures);
        weights[2 * inFeatures - 1] = 0.75;
      }
      const y = await runGenerated(weights, bias, x, out, inFeatures, relu, variant);
      const expected = reference(weights, bias, x, out, inFeatures, relu);
      assert.ok(expected.every(Number.isFinite));
      assert.deepEqual([...y], [...expected], `${out}x${inFeatures} at ${density}`);
      assert.ok(y.some((v) => v !== 0), 'not all zero');
    }
  });

  test(`generated GEMV ${name}: an all-zero layer gives the (clamped) bias`, async () => {
    const bias = Float32Array.from([0.5, -0.25, 2, -3, 1.5]);
    const y = await runGenerated(new Float32Array(5 * 6), bias, new Float32Array(6).fill(1), 5, 6, true, variant);
    assert.deepEqual([...y], [0.5, 0, 2, 0, 1.5]);
  });
}
