// Entry for browsers, Web Workers and bundlers. Importing it loads nothing:
// the .wasm is fetched and compiled by init(), on the first call that needs
// it (or an explicit `await nnslim.init({ wasmUrl })`). No top-level await,
// so the entry works in any bundler's default output format and a Worker
// registers its message handler as soon as it runs.
//
// Which build loads (web/builds.js): the threaded one where the page (or
// worker) is cross-origin isolated (SharedArrayBuffer exists: COOP
// same-origin + COEP require-corp), as onnxruntime-web does; else the
// relaxed-SIMD one where the engine validates it, else the plain one.
// globalThis.NNSLIM_BUILD = 'threads' | 'relaxed' | 'plain' (set before the
// first call) forces one. The threaded build's code is fetched only when it
// is chosen (web/artifacts-threads.js).
import { ARTIFACTS } from './artifacts.js';
import { THREADS_ARTIFACT } from './artifacts-threads.js';
import { configureBrowser } from './browser-config.js';

configureBrowser([THREADS_ARTIFACT, ...ARTIFACTS]);

export * from './exports.js';
