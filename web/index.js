// Entry for browsers and bundlers. The .wasm sits next to the JS in the
// package (dist/); `new URL(..., import.meta.url)` finds it from pages and
// module Workers, and bundlers (webpack 5, Vite, esbuild with a plugin) see the
// literal and emit the file. Top-level await: the module is ready once the
// import resolves (bundlers need top-level await support, e.g. Vite's
// build.target 'es2022'; webpack 5 has it on by default).
//
// A cross-origin isolated page (served with COOP: same-origin and COEP:
// require-corp; crossOriginIsolated is true) gets the threaded module
// (dist/threads/: SharedArrayBuffer memory, a pool of Web Workers, one per
// core up to 8, less the page's own thread); any other page the
// single-threaded one, since SharedArrayBuffer exists only with isolation.
import { _configure, init } from './api.js';

const MAX_THREADS_CAP = 8;
const threaded = globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';

async function createThreadedModule() {
  const { default: createModule } = await import('../dist/threads/nnslim-threads.mjs');
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  const workers = Math.max(1, Math.min(cores, MAX_THREADS_CAP)) - 1;
  const module = await createModule({
    // The .wasm and the pthread worker script (nnslim-threads.worker.js).
    locateFile: (name) => new URL(`../dist/threads/${name}`, import.meta.url).href,
    nnslimWorkers: workers,
  });
  module.setThreadCapacity(workers + 1);
  return module;
}

async function createSingleThreadedModule() {
  const { default: createModule } = await import('../dist/nnslim.mjs');
  return createModule({ locateFile: () => new URL('../dist/nnslim.wasm', import.meta.url).href });
}

_configure({
  createModule: threaded ? createThreadedModule : createSingleThreadedModule,
  threaded,
  threadsFallback: threaded ? null
    : 'the page is not cross-origin isolated (serve it with Cross-Origin-Opener-Policy: same-origin and ' +
      'Cross-Origin-Embedder-Policy: require-corp), so SharedArrayBuffer and the threaded build are unavailable',
});
await init();

export * from './exports.js';
