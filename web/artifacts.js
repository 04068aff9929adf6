// The builds of the C++ core this package ships. Each artifact names its
// Emscripten factory (imported statically, so every bundler follows it) and its
// .wasm as `new URL('<literal>', import.meta.url)`: the one spelling webpack 5
// (asset modules), Vite/Rollup and esbuild all recognise, so a bundled app gets
// the file emitted and the URL rewritten. Importing a factory compiles nothing:
// only the chosen artifact's .wasm is fetched and compiled (Node 20 without
// --experimental-wasm-relaxed-simd would reject the relaxed one).
// Which artifact runs is decided by web/builds.js (chooseBuild, by the
// `needs` of each build there). The threaded build is in artifacts-threads.js
// (its glue and worker script reach pages as text). (Vite 6's dev server
// pre-bundles without rewriting the URL: see outOfViteCache().)
import createPlainModule from '../dist/nnslim.mjs';
import createRelaxedModule from '../dist/nnslim-relaxed.mjs';

export const ARTIFACTS = [
  {
    name: 'relaxed',
    createModule: createRelaxedModule,
    wasmUrl: () => new URL('../dist/nnslim-relaxed.wasm', import.meta.url),
  },
  {
    name: 'plain',
    createModule: createPlainModule,
    wasmUrl: () => new URL('../dist/nnslim.wasm', import.meta.url),
  },
];
