// Entry for browsers, Web Workers and bundlers. Importing it loads nothing:
// the .wasm is fetched and compiled by init(), on the first call that needs
// it (or an explicit `await nnslim.init({ wasmUrl })`). No top-level await,
// so the entry works in any bundler's default output format and a Worker
// registers its message handler as soon as it runs.
import { ARTIFACTS } from './artifacts.js';
import { _configure } from './api.js';

// globalThis.NNSLIM_BUILD = 'plain' (set before the first call) forces the
// plain build (web/builds.js).
_configure({ artifacts: ARTIFACTS, get requestedBuild() { return globalThis.NNSLIM_BUILD; } });

export * from './exports.js';
