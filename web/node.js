// Entry for Node (>= 20). Node gets the threaded module (dist/threads/: the
// pthreads build; Node always has SharedArrayBuffer) when it is there, else
// the single-threaded one (dist/). Both are handed their .wasm as
// `wasmBinary` (read here); model paths are read with fs. Top-level await:
// the module is ready once the import resolves.
//
// Threads: Emscripten preloads `nnslimWorkers` worker_threads (the thread
// pool's workers: cores - 1, at most 7; NNSLIM_MAX_THREADS overrides the
// total). They are unref()'d: an idle pool never keeps the process alive.
import { access, readFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';

import { _configure, init } from './api.js';

const MAX_THREADS_CAP = 8;

function maxThreads() {
  const override = Number(process.env.NNSLIM_MAX_THREADS);
  if (Number.isSafeInteger(override) && override >= 1) return override;
  const cores = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  return Math.max(1, Math.min(cores, MAX_THREADS_CAP));
}

const threadedUrl = new URL('../dist/threads/nnslim-threads.mjs', import.meta.url);
const threaded = process.env.NNSLIM_SINGLE_THREADED !== '1' &&
  await access(threadedUrl).then(() => true, () => false);

async function createThreadedModule() {
  const { default: createModule } = await import(threadedUrl.href);
  const wasmBinary = await readFile(new URL('../dist/threads/nnslim-threads.wasm', import.meta.url));
  const workers = maxThreads() - 1;
  const module = await createModule({ wasmBinary, nnslimWorkers: workers });
  for (const worker of module.PThread.unusedWorkers) worker.unref();
  module.setThreadCapacity(workers + 1);
  return module;
}

async function createSingleThreadedModule() {
  const { default: createModule } = await import('../dist/nnslim.mjs');
  const wasmBinary = await readFile(new URL('../dist/nnslim.wasm', import.meta.url));
  return createModule({ wasmBinary });
}

_configure({
  createModule: threaded ? createThreadedModule : createSingleThreadedModule,
  threaded,
  threadsFallback: threaded ? null
    : process.env.NNSLIM_SINGLE_THREADED === '1' ? 'NNSLIM_SINGLE_THREADED=1' : 'dist/threads/ is not built',
  readFile: async (pathOrUrl) => new Uint8Array(await readFile(pathOrUrl)),
});
await init();

export * from './exports.js';
