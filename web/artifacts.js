// The builds of the C++ core this package ships. Each artifact names its
// Emscripten factory (imported statically, so every bundler follows it) and its
// .wasm as `new URL('<literal>', import.meta.url)`: the one spelling webpack 5
// (asset modules), Vite/Rollup and esbuild all recognise, so a bundled app gets
// the file emitted and the URL rewritten. Importing a factory compiles nothing:
// only the chosen artifact's .wasm is fetched and compiled (Node 20 without
// --experimental-wasm-relaxed-simd would reject the relaxed one).
// Which artifact runs is decided by web/builds.js (chooseBuild, by the
// `needs` of each build there). (Vite 6's dev server pre-bundles without
// rewriting the URL: see outOfViteCache().) moduleArgs() (optional): more
// settings for an artifact's Emscripten factory.
import createPlainModule from '../dist/nnslim.mjs';
import createRelaxedModule from '../dist/nnslim-relaxed.mjs';

export const ARTIFACTS = [
  {
    name: 'threads',
    // Loads asynchronously only (its worker pool starts asynchronously), and
    // its glue reaches for node:worker_threads in Node: a dynamic import,
    // which bundlers still follow (a literal specifier).
    synchronous: false,
    createModule: async (args) => (await import('../dist/threads/nnslim-threads.mjs')).default(args),
    wasmUrl: () => new URL('../dist/threads/nnslim-threads.wasm', import.meta.url),
    // Pages: where the pthread worker script is. (Node finds it next to the
    // .mjs by itself, and its Worker takes paths, not URL strings.)
    moduleArgs: ({ node }) => (node ? {} : {
      locateFile: (name) => new URL(`../dist/threads/${name}`, import.meta.url).href,
    }),
  },
  {
    name: 'relaxed',
    createModule: createRelaxedModule,
    wasmUrl: () => new URL('../dist/nnslim-relaxed.wasm', import.meta.url),
  },
  {
    name: 'plain',
    createModule: createPlainModule,
    wasmUrl: () => new URL('../dist/nnslim.wasm', import.meta.url),
  },
];
