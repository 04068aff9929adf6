// Entry for browsers, Web Workers and bundlers. Importing it loads nothing:
// the .wasm is fetched and compiled by init(), on the first call that needs
// it (or an explicit `await nnslim.init({ wasmUrl })`). No top-level await,
// so the entry works in any bundler's default output format and a Worker
// registers its message handler as soon as it runs.
//
// Which build loads (web/builds.js): the relaxed-SIMD one where the engine
// validates it, else the plain one; globalThis.NNSLIM_BUILD = 'plain' |
// 'relaxed' (set before the first call) forces one. Threads in a page: the
// 'nnslim/threads' entry (web/index-threads.js).
import { ARTIFACTS } from './artifacts.js';
import { configureBrowser } from './browser-config.js';

configureBrowser(ARTIFACTS);

export * from './exports.js';
