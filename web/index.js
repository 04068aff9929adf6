// Entry for browsers and bundlers. The .wasm files sit next to the JS in the
// package (dist/); `new URL(..., import.meta.url)` finds them from pages and
// module Workers, and bundlers (webpack 5, Vite, esbuild with a plugin) see the
// literals and emit the files. Top-level await: the module is ready once the
// import resolves (bundlers need top-level await support, e.g. Vite's
// build.target 'es2022'; webpack 5 has it on by default). init() picks the
// build (web/builds.js); globalThis.NNSLIM_BUILD = 'plain' (set before the
// import) forces the plain one.
import { _configure, init } from './api.js';

// Each build's module factory and .wasm, fetched only when chosen. The
// literal import() and new URL() calls are what bundlers look for.
const BUILDS = {
  plain: async () => {
    const { default: createNnslimModule } = await import('../dist/nnslim.mjs');
    return createNnslimModule({ locateFile: () => new URL('../dist/nnslim.wasm', import.meta.url).href });
  },
  relaxed: async () => {
    const { default: createNnslimModule } = await import('../dist/nnslim-relaxed.mjs');
    return createNnslimModule({ locateFile: () => new URL('../dist/nnslim-relaxed.wasm', import.meta.url).href });
  },
};

_configure({
  builds: Object.keys(BUILDS),
  requestedBuild: globalThis.NNSLIM_BUILD,
  createModule: (build) => BUILDS[build](),
});
await init();

export * from './exports.js';
