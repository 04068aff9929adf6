// Entry for Node (>= 20). The Emscripten module is built for web/worker
// (docs/toolchain.md, "Packaging"), so nnslim reads the .wasm from disk itself;
// model paths are read with fs. Nothing loads at import: the first call that
// needs the module loads it (synchronous calls such as sequential() too: Node
// may read and compile the file synchronously).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

import { ARTIFACTS } from './artifacts.js';
import { _configure } from './api.js';

_configure({
  artifacts: ARTIFACTS,
  // NNSLIM_BUILD=plain|relaxed|auto forces a build (web/builds.js).
  requestedBuild: process.env.NNSLIM_BUILD,
  readFile: async (pathOrUrl) => new Uint8Array(await readFile(pathOrUrl)),
  readFileSync: (url) => new Uint8Array(readFileSync(url)),
  pathToUrl: (path) => pathToFileURL(path),
});

export * from './exports.js';
