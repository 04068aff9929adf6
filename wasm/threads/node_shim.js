// Prepended to the threaded module (--extern-pre-js). Emscripten's Node code
// paths (built for web,worker,node: Node runs the pthreads as worker_threads)
// call require() and read __dirname, which an ES module lacks; in Node they
// come from createRequire. In browsers both stay unused.
const nnslimIsNode = typeof process == 'object' && typeof process.versions == 'object' &&
  typeof process.versions.node == 'string';
var require = nnslimIsNode ? (await import('node:module')).createRequire(import.meta.url) : undefined;
var __dirname = nnslimIsNode ? require('node:path').dirname(require('node:url').fileURLToPath(import.meta.url)) : '';
