// Entry for browsers and bundlers. The .wasm sits next to the JS in the
// package (dist/); `new URL(..., import.meta.url)` finds it from pages and
// module Workers, and bundlers (webpack 5, Vite, esbuild with a plugin) see the
// literal and emit the file. Top-level await: the module is ready once the
// import resolves (bundlers need top-level await support, e.g. Vite's
// build.target 'es2022'; webpack 5 has it on by default).
import createNnslimModule from '../dist/nnslim.mjs';
import { _configure, init } from './api.js';

_configure({
  createModule: () => createNnslimModule({
    locateFile: () => new URL('../dist/nnslim.wasm', import.meta.url).href,
  }),
});
await init();

export * from './exports.js';
