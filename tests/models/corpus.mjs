// The real-model corpus (corpus.json): its packages and models, with the
// absolute path each model file has once fetch.mjs has unpacked its package.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CORPUS_DIR = fileURLToPath(new URL('.', import.meta.url));
export const PACKAGES_DIR = fileURLToPath(new URL('./packages/', import.meta.url));

export function readCorpus() {
  return JSON.parse(readFileSync(new URL('./corpus.json', import.meta.url), 'utf8'));
}

// Where `npm pack`'s tarball of `name` is unpacked ("@scope/x" keeps its folder).
export function packageDir(name) {
  return `${PACKAGES_DIR}${name}`;
}

// [{ ...model, file }]: every model of corpus.json with its file's absolute path.
export function corpusModels() {
  return readCorpus().models.map((model) => ({ ...model, file: `${packageDir(model.package)}/${model.path}` }));
}

// The input values corpus.json asks for (`inputPattern` in `inputRange`):
// 'uniform', or 'smooth image' (a slow wave over every index plus 5% noise,
// as tests/cpp/real_model_corpus_test.cc makes it). `random()` gives the
// uniform [0, 1) numbers (a seeded PRNG: the same input for every runtime).
export function corpusInput(model, shape, random) {
  const [lo, hi] = model.inputRange;
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  if (model.inputPattern === 'uniform') {
    for (let i = 0; i < size; i++) data[i] = lo + (hi - lo) * random();
    return data;
  }
  if (model.inputPattern !== 'smooth image') throw new Error(`${model.name}: unknown inputPattern '${model.inputPattern}'`);
  const rank = shape.length;
  const index = new Array(rank).fill(0);
  for (let i = 0; i < size; i++) {
    let phase = 0;
    for (let k = 0; k < rank; k++) phase += 0.09 * (k + 1) * index[k];
    const wave = Math.sin(phase) * Math.cos(0.05 * index[rank - 1] - 0.03 * index[rank > 1 ? rank - 2 : 0]);
    data[i] = lo + (hi - lo) * (0.5 + 0.45 * wave + 0.05 * (2 * random() - 1));
    for (let k = rank - 1; k >= 0; k--) { // next index, last dim fastest
      if (++index[k] < shape[k]) break;
      index[k] = 0;
    }
  }
  return data;
}
