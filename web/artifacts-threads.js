// The threaded build (dist/threads/: the library compiled with -pthread and a
// pool of Web Workers) as pages and Web Workers load it, bundled or not, from
// the page's origin or a CDN. (Node loads the files themselves: web/node.js.)
//
// Emscripten's glue spawns each pthread worker from the script
// nnslim-threads.worker.js, which in turn imports the glue. Neither can be a
// file URL here: bundlers do not follow the glue's computed worker URL (and
// would try to bundle its Node branches), Vite inlines a 3 KB script as a
// data: URL, dev servers rewrite the scripts they serve, and a worker script
// on a CDN's origin does not start at all. So the build ships both as string
// constants (nnslim-threads.text.mjs, written by wasm/threads/embed_as_text.mjs),
// an ordinary module that every bundler and CDN handles, and the page makes
// same-origin blob: URLs of them when it chooses the threaded build. The
// import is static (~90 KB in every bundle, ~25 KB gzipped): a dynamic one
// would be a separate chunk, which Vite 6 cannot emit from a module worker
// (its default 'iife' worker format has no code splitting). The .wasm is an
// asset like the other builds' (compiled once by the page; the workers get
// the compiled module). Threads need a Content-Security-Policy that allows
// blob: scripts and workers; where it does not, web/api.js loads a
// single-threaded build instead.
import { glueSource, workerSource } from '../dist/threads/nnslim-threads.text.mjs';

// Appended to the worker script: the glue, run in a worker from a blob: URL,
// would otherwise resolve its .wasm against import.meta.url, which a blob:
// URL cannot be a base of (the URL is never fetched: the worker instantiates
// the module the page posts it).
const WORKER_EPILOGUE = '\nModule["locateFile"] = function (file) { return file; };\n';

let blobUrls;

// { glue, worker }: blob: URLs, made once per realm and kept (the pool may
// start another worker at any time).
function threadBlobUrls() {
  const blobUrl = (text) => URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
  blobUrls ??= { glue: blobUrl(glueSource), worker: blobUrl(workerSource + WORKER_EPILOGUE) };
  return blobUrls;
}

export const THREADS_ARTIFACT = {
  name: 'threads',
  // Loads asynchronously only (its worker pool starts asynchronously).
  synchronous: false,
  createModule: async (args) => {
    const urls = threadBlobUrls();
    // Not a bundler's import: the module comes from the blob, at run time.
    const { default: createThreadsModule } = await import(/* webpackIgnore: true */ /* @vite-ignore */ urls.glue);
    const moduleArgs = {
      ...args,
      locateFile: (file) => (file.endsWith('.worker.js') ? urls.worker : file),
      mainScriptUrlOrBlob: urls.glue, // what each worker imports
    };
    const ready = createThreadsModule(moduleArgs);
    // The factory has made the pool's workers (moduleArgs is the module).
    // One whose script fails to load would leave Emscripten waiting for it
    // forever: it fails the load instead (web/api.js then falls back to a
    // single-threaded build).
    const workerFailed = new Promise((_, reject) => {
      for (const worker of moduleArgs.PThread?.unusedWorkers ?? []) {
        worker.addEventListener('error', (event) => {
          reject(new Error(`a pool worker did not start (${event.message ?? 'its script failed to load'})`));
        }, { once: true });
      }
    });
    return Promise.race([ready, workerFailed]);
  },
  wasmUrl: () => new URL('../dist/threads/nnslim-threads.wasm', import.meta.url),
};
