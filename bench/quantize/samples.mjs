// Calibration and evaluation feeds for the int8 benches (quantize_fidelity.mjs,
// profile_int8_steps.mjs): the same seeded inputs in both, so a latency
// measured by one matches the other's model and data.
import { corpusModels } from '../../tests/models/corpus.mjs';

function prng(seed) {
  let state = (seed * 2654435761) >>> 0 || 1;
  return () => {
    state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

// A smooth random image in [lo, hi]: three random 2-D waves over the two
// largest dims plus 5% noise; uniform values for non-image inputs.
export function sampleData(shape, [lo, hi], pattern, seed) {
  const random = prng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  if (pattern === 'uniform') {
    for (let i = 0; i < size; i++) data[i] = lo + (hi - lo) * random();
    return data;
  }
  const waves = Array.from({ length: 3 }, () => ({ fy: random() * 0.2, fx: random() * 0.2, phase: random() * 6.28, amp: random() }));
  const axes = shape.map((d, i) => [d, i]).sort((a, b) => b[0] - a[0]).slice(0, 2).map(([, i]) => i).sort();
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  for (let i = 0; i < size; i++) {
    const y = Math.floor(i / strides[axes[0]]) % shape[axes[0]];
    const x = Math.floor(i / strides[axes[1]]) % shape[axes[1]];
    let v = 0;
    for (const w of waves) v += w.amp * Math.sin(w.fy * y + w.fx * x + w.phase);
    const unit = Math.min(1, Math.max(0, 0.5 + v / 3 + 0.05 * (2 * random() - 1)));
    data[i] = lo + (hi - lo) * unit;
  }
  return data;
}

export function sampleFeeds(nnslim, model, spec, count, seedBase) {
  return Array.from({ length: count }, (_, s) => {
    const result = {};
    model.inputs.forEach((input, k) => {
      const shape = spec.inputs?.[input.name] ?? input.dims.map((d) => d ?? 1);
      result[input.name] = new nnslim.Tensor('float32', sampleData(shape, spec.inputRange, spec.inputPattern, seedBase + 97 * s + k), shape);
    });
    return result;
  });
}

// The model a quantization bench names: the corpus's models by name, and
// 'mobilenetv2-folded', the BN-folded MobileNetV2 the test data generates.
export function findModelSpec(name) {
  if (name === 'mobilenetv2-folded') {
    return { file: new URL('../../tests/data/generated/mobilenetv2_folded.onnx', import.meta.url).pathname,
      inputRange: [-1, 1], inputPattern: 'smooth image', inputs: { input: [1, 3, 224, 224] } };
  }
  const spec = corpusModels().find((m) => m.name === name);
  if (!spec) throw new Error(`unknown model '${name}'`);
  return spec;
}

// The median of an array of numbers.
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

