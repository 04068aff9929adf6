// Loads the workloads that make_workloads.py wrote into ./generated: the ONNX
// bytes, the layer manifest and its float32 weights, and a seeded input; and
// the real models of tests/models/corpus.json (fetched by
// tests/models/fetch.mjs), which only the ONNX runtimes run.
import { readFile } from 'node:fs/promises';

import { corpusInput, corpusModels, readCorpus } from '../../tests/models/corpus.mjs';

export const GENERATED_DIR = new URL('./generated/', import.meta.url);
export const CORPUS_WORKLOAD_NAMES = corpusModels().map((model) => model.name);
export const WORKLOAD_NAMES = ['mlp_b1', 'mobilenetv2_b1', 'mobilenetv2_b8', ...CORPUS_WORKLOAD_NAMES];

// mulberry32: a small seeded PRNG, so every runtime (and every rerun) sees the same input.
function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Uniform in [-1, 1): the range of a normalized image or feature vector.
export function seededInput(length, seed = 20261125) {
  const random = mulberry32(seed);
  const data = new Float32Array(length);
  for (let i = 0; i < length; i++) data[i] = random() * 2 - 1;
  return data;
}

// A corpus model as a workload: no layer manifest (manifest.layers and
// manifest.output are absent: runners compare all outputs, in graph order).
async function loadCorpusWorkload(model) {
  const inputs = Object.entries(model.inputs);
  if (inputs.length !== 1) throw new Error(`${model.name}: the peer benchmark feeds one input, corpus.json gives ${inputs.length}`);
  const [[inputName, inputShape]] = inputs;
  const { version } = readCorpus().packages[model.package];
  const manifest = { description: `${model.name} (${model.package}@${version})`, input: { name: inputName, shape: inputShape } };
  const onnxBytes = new Uint8Array(await readFile(model.file));
  // As the corpus test feeds it: vision models get a smooth synthetic image.
  const input = corpusInput(model, inputShape, mulberry32(20261125));
  return { name: model.name, manifest, onnxBytes, input, inputShape };
}

export async function loadWorkload(name) {
  const model = corpusModels().find((entry) => entry.name === name);
  if (model) return loadCorpusWorkload(model);
  const manifest = JSON.parse(await readFile(new URL(`${name}.json`, GENERATED_DIR), 'utf8'));
  const onnxBytes = new Uint8Array(await readFile(new URL(manifest.onnx, GENERATED_DIR)));
  // Copy into a fresh ArrayBuffer: a Buffer's byteOffset need not be 4-aligned.
  const weightBytes = await readFile(new URL(manifest.weights, GENERATED_DIR));
  const weights = new ArrayBuffer(weightBytes.byteLength);
  new Uint8Array(weights).set(weightBytes);
  const inputShape = manifest.input.shape;
  const input = seededInput(inputShape.reduce((a, b) => a * b, 1));
  return { name, manifest, onnxBytes, weights, input, inputShape };
}

// The float32 array a manifest entry {offset, byteLength, shape} points at.
export function weightArray(weights, entry) {
  return new Float32Array(weights, entry.offset, entry.byteLength / 4);
}
