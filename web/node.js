// Entry for Node (>= 20). The Emscripten module is built for web/worker
// (docs/toolchain.md, "Packaging"), so Node reads the .wasm itself and hands it over
// as `wasmBinary`; model paths are read with fs. Top-level await: the module is
// ready once the import resolves.
import { readFile } from 'node:fs/promises';

import createNnslimModule from '../dist/nnslim.mjs';
import { _configure, init } from './api.js';

_configure({
  createModule: async () => {
    const wasmBinary = await readFile(new URL('../dist/nnslim.wasm', import.meta.url));
    return createNnslimModule({ wasmBinary });
  },
  readFile: async (pathOrUrl) => new Uint8Array(await readFile(pathOrUrl)),
});
await init();

export * from './exports.js';
