// Entry for Node (>= 20). The Emscripten modules are built for web/worker
// (docs/toolchain.md, "Packaging"), so nnslim reads the .wasm from disk itself;
// model paths are read with fs. Nothing loads at import: the first call that
// needs the module loads it (synchronous calls such as sequential() too: Node
// may read and compile the file synchronously, which the threaded build
// cannot do: `await nnslim.init()` first to be sure of threads).
//
// Builds (web/builds.js): the threaded one (Node always has
// SharedArrayBuffer), else relaxed SIMD (Node >= 22, or 20 with
// --experimental-wasm-relaxed-simd), else plain; only builds whose files are
// there. NNSLIM_BUILD=plain|relaxed|threads|auto forces one;
// NNSLIM_SINGLE_THREADED=1 leaves the threaded one out.
//
// NNSLIM_DEBUG_WASM=1 (tests only: scripts/test-debug-wasm.sh) runs the debug
// twin of the plain build instead, dist/debug/ (-sASSERTIONS=2 -sSAFE_HEAP=1,
// built on demand: not in the package), as the only build.
//
// Threads: Emscripten preloads `nnslimWorkers` worker_threads (the pool's
// workers: cores - 1, at most 7; NNSLIM_MAX_THREADS overrides the total).
// They are unref()'d: an idle pool never keeps the process alive.
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, cpus } from 'node:os';
import { pathToFileURL } from 'node:url';

import { ARTIFACTS } from './artifacts.js';
import { _configure } from './api.js';
import { threadsForCores } from './builds.js';

function maxThreads() {
  const override = Number(process.env.NNSLIM_MAX_THREADS);
  if (Number.isSafeInteger(override) && override >= 1) return override;
  const cores = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  return threadsForCores(cores);
}

// The threaded build as Node loads it: the glue from its file (pages make
// it a blob: web/artifacts-threads.js), imported only when chosen, so a
// package without dist/threads/ still loads; Emscripten finds the worker
// script next to the glue.
const THREADS_ARTIFACT = {
  name: 'threads',
  synchronous: false, // its worker pool starts asynchronously
  createModule: async (args) => (await import('../dist/threads/nnslim-threads.mjs')).default(args),
  wasmUrl: () => new URL('../dist/threads/nnslim-threads.wasm', import.meta.url),
};

const singleThreaded = process.env.NNSLIM_SINGLE_THREADED === '1';
const threadsBuilt = existsSync(THREADS_ARTIFACT.wasmUrl());
const debugWasm = process.env.NNSLIM_DEBUG_WASM === '1';
const artifacts = debugWasm ? [debugArtifact()] : [THREADS_ARTIFACT, ...ARTIFACTS].filter((artifact) => (
  artifact.name === 'threads' ? threadsBuilt && !singleThreaded : artifact.name === 'plain' || existsSync(artifact.wasmUrl())));

// The debug twin, under the plain build's name (it is that build, checked).
// CommonJS, required synchronously: synchronous first calls work as with the
// plain build.
function debugArtifact() {
  const wasmUrl = () => new URL('../dist/debug/nnslim.wasm', import.meta.url);
  if (!existsSync(wasmUrl())) {
    throw new Error('NNSLIM_DEBUG_WASM=1: dist/debug/ is not built (cmake --build build-wasm --target nnslim_wasm_debug)');
  }
  return { name: 'plain', createModule: createRequire(import.meta.url)('../dist/debug/nnslim.cjs'), wasmUrl };
}

_configure({
  artifacts,
  requestedBuild: process.env.NNSLIM_BUILD,
  maxThreads,
  // The pool's threads may already run (they start with the module's
  // constructors): unref the running workers as well as the idle ones.
  onThreadedModule: (module) => {
    for (const worker of [...module.PThread.unusedWorkers, ...module.PThread.runningWorkers]) worker.unref();
  },
  threadsOffReason: debugWasm ? 'NNSLIM_DEBUG_WASM=1' : singleThreaded ? 'NNSLIM_SINGLE_THREADED=1'
    : threadsBuilt ? null : 'dist/threads/ is not built',
  readFile: async (pathOrUrl) => new Uint8Array(await readFile(pathOrUrl)),
  readFileSync: (url) => new Uint8Array(readFileSync(url)),
  pathToUrl: (path) => pathToFileURL(path),
});

export * from './exports.js';
