// The threaded build (dist/threads/: the library compiled with -pthread and a
// pool of workers), for the Node entry and the opt-in browser entry
// web/index-threads.js. Not in web/artifacts.js: Emscripten's pthread glue
// names its worker script with a computed URL and reaches for Node modules,
// which bundlers (Vite, webpack) cannot follow and a CDN page cannot start
// across origins, so the default browser entry never references it.
export const THREADS_ARTIFACT = {
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
};
