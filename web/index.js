// Entry for browsers, Web Workers and bundlers. Importing it loads nothing:
// the .wasm is fetched and compiled by init(), on the first call that needs
// it (or an explicit `await nnslim.init({ wasmUrl })`). No top-level await,
// so the entry works in any bundler's default output format and a Worker
// registers its message handler as soon as it runs.
//
// Which build loads (web/builds.js): a cross-origin isolated page (COOP:
// same-origin and COEP: require-corp) gets the threaded one (a pool of Web
// Workers, one per core up to 8, counting the page's own thread); else the
// relaxed-SIMD one where the engine validates it; else the plain one.
// globalThis.NNSLIM_BUILD = 'plain' | 'relaxed' | 'threads' (set before the
// first call) forces one.
import { ARTIFACTS } from './artifacts.js';
import { _configure } from './api.js';

const MAX_THREADS_CAP = 8;

// globalThis.NNSLIM_SINGLE_THREADED = true (before the first call) leaves the
// threaded build out: needed in bundled apps for now, since Emscripten finds
// the pthread worker script with a computed URL that bundlers do not rewrite.
const singleThreaded = () => globalThis.NNSLIM_SINGLE_THREADED === true;

_configure({
  get artifacts() { return singleThreaded() ? ARTIFACTS.filter((artifact) => artifact.name !== 'threads') : ARTIFACTS; },
  get threadsOffReason() { return singleThreaded() ? 'globalThis.NNSLIM_SINGLE_THREADED is true' : null; },
  get requestedBuild() { return globalThis.NNSLIM_BUILD; },
  maxThreads: () => Math.max(1, Math.min(globalThis.navigator?.hardwareConcurrency ?? 1, MAX_THREADS_CAP)),
});

export * from './exports.js';
