// The builds of the C++ core this package ships, and the choice among them.
// Each artifact names its Emscripten factory (imported statically, so every
// bundler follows it) and its .wasm as `new URL('<literal>', import.meta.url)`:
// the spelling webpack 5 (asset modules) and Vite/Rollup builds recognise, so
// a bundled app gets the file emitted and the URL rewritten. (Vite 6's dev
// server pre-bundles without rewriting it: see outOfViteCache().)
// probe(): can this engine run the artifact? The first that can is loaded.
// moduleArgs() (optional): more settings for its Emscripten factory.
import createNnslimModule from '../dist/nnslim.mjs';
import { NnslimError } from './errors.js';

export const ARTIFACTS = [
  {
    name: 'simd128',
    createModule: createNnslimModule,
    wasmUrl: () => new URL('../dist/nnslim.wasm', import.meta.url),
    probe: () => true, // the baseline; init() has already checked for SIMD128
  },
];

export function pickArtifact(artifacts = ARTIFACTS) {
  const artifact = artifacts.find((candidate) => candidate.probe());
  if (!artifact) throw new NnslimError(`no nnslim artifact runs here (tried ${artifacts.map((a) => a.name).join(', ')})`, { code: 'INTERNAL' });
  return artifact;
}
