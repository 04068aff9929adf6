// Entry for Node (>= 20). The Emscripten modules are built for web/worker
// (docs/toolchain.md, "Packaging"), so Node reads the .wasm itself and hands it over
// as `wasmBinary`; model paths are read with fs. Top-level await: the module is
// ready once the import resolves. init() picks the build (web/builds.js);
// NNSLIM_BUILD=plain|relaxed in the environment forces one.
import { readFile } from 'node:fs/promises';

import { _configure, init } from './api.js';

// Each build's module factory, imported only when chosen: Node 20 without
// --experimental-wasm-relaxed-simd must never compile the relaxed module.
const BUILD_FILES = {
  plain: { js: '../dist/nnslim.mjs', wasm: '../dist/nnslim.wasm' },
  relaxed: { js: '../dist/nnslim-relaxed.mjs', wasm: '../dist/nnslim-relaxed.wasm' },
};

_configure({
  builds: Object.keys(BUILD_FILES),
  requestedBuild: process.env.NNSLIM_BUILD,
  createModule: async (build) => {
    const files = BUILD_FILES[build];
    const { default: createNnslimModule } = await import(files.js);
    const wasmBinary = await readFile(new URL(files.wasm, import.meta.url));
    return createNnslimModule({ wasmBinary });
  },
  readFile: async (pathOrUrl) => new Uint8Array(await readFile(pathOrUrl)),
});
await init();

export * from './exports.js';
