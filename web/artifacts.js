// The builds of the C++ core this package ships, and the choice among them.
// Each artifact names its Emscripten factory (imported statically, so every
// bundler follows it) and its .wasm as `new URL('<literal>', import.meta.url)`:
// the one spelling webpack 5 (asset modules), Vite/Rollup and esbuild all
// recognise, so a bundled app gets the file emitted and the URL rewritten.
// probe(): can this engine run the artifact? The first that can is loaded.
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
