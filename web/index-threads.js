// The browser entry with the threaded build ('nnslim/threads'): a cross-origin
// isolated page (COOP: same-origin, COEP: require-corp; crossOriginIsolated is
// true) gets a pool of Web Workers, one per core up to 8 counting the page's
// own thread; any other page the single-threaded builds, as web/index.js.
// For pages served as they are (no bundler) with the package on their own
// origin: bundlers cannot follow the pthread glue's computed worker URL, and a
// worker script cannot start from another origin (a CDN).
import { ARTIFACTS } from './artifacts.js';
import { THREADS_ARTIFACT } from './artifacts-threads.js';
import { configureBrowser } from './browser-config.js';

configureBrowser([THREADS_ARTIFACT, ...ARTIFACTS]);

export * from './exports.js';
