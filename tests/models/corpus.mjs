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
