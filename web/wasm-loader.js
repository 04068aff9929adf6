// Gets the core's .wasm bytes, checks them, and instantiates an Emscripten
// factory with them. nnslim fetches and compiles the file itself (through
// Emscripten's instantiateWasm hook) so that every way this can fail (no
// such file, a server's HTML fallback page, a wrong MIME type, a truncated
// download) becomes one NnslimError with code WASM_LOAD_FAILED that names
// the URL tried and what came back, and says which init() option fixes it.
import { NnslimError } from './errors.js';

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d]; // "\0asm"

const FIX = 'If your bundler, CDN or server puts the file elsewhere, pass its URL: '
  + "`await nnslim.init({ wasmUrl: '.../nnslim.wasm' })` (the package exports it as 'nnslim/nnslim.wasm'), "
  + 'or its bytes: `init({ wasmBinary })`';

// Vite's dev server (Vite 6 and older; Vite 8 rewrites the URL) pre-bundles a dependency into
// node_modules/.vite/deps/ without its assets, so the package's
// `new URL('../dist/nnslim.wasm', import.meta.url)` lands in node_modules/.vite/,
// where no file is (the server answers with the app's index.html). The
// package's own copy is served at node_modules/nnslim/dist/ (the threaded
// build's at dist/threads/): use that. Any other URL is returned as is.
export function outOfViteCache(url) {
  const cached = url.pathname.match(/^(.*\/node_modules\/)\.vite\/(?:[^/]+\/)*([^/]+\.wasm)$/);
  if (!cached) return url;
  const folder = cached[2].startsWith('nnslim-threads') ? 'dist/threads' : 'dist';
  return new URL(`${cached[1]}nnslim/${folder}/${cached[2]}`, url);
}

function loadError(where, problem, cause) {
  return new NnslimError(`nnslim could not load its WebAssembly module from ${where}: ${problem}. ${FIX}`,
    { code: 'WASM_LOAD_FAILED', cause });
}

const hex = (bytes) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
const printable = (bytes) => String.fromCharCode(...bytes).replace(/[^\x20-\x7e]/g, '.');

// bytes: Uint8Array; contentType: the server's answer, when there was one.
export function checkWasmBytes(bytes, where, contentType) {
  const head = bytes.subarray(0, 4);
  if (head.length === 4 && WASM_MAGIC.every((b, i) => head[i] === b)) return bytes;
  const served = contentType === undefined ? '' : ` (served as ${contentType || 'no Content-Type'})`;
  const seen = head.length === 0 ? 'an empty file' : `bytes starting ${hex(head)} ("${printable(head)}")`;
  throw loadError(where, `got ${seen}${served} instead of the WebAssembly magic 00 61 73 6d`);
}

async function fetchWasm(url) {
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch (error) {
    throw loadError(url, `the request failed (${error.message})`, error);
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (!response.ok) {
    throw loadError(url, `the server answered HTTP ${response.status} ${response.statusText} (${contentType || 'no Content-Type'})`);
  }
  // The MIME type only matters to WebAssembly.compileStreaming, which is not
  // used: a server that sends application/octet-stream still works.
  let body;
  try {
    body = await response.arrayBuffer();
  } catch (error) {
    throw loadError(url, `the download broke off (${error.message})`, error);
  }
  return checkWasmBytes(new Uint8Array(body), url, contentType);
}

// Reads a file: URL with `readFile` (Node's fs, sync or async), checked.
export function readWasmFile(url, readFile) {
  const failed = (error) => loadError(url.href, error.code === 'ENOENT' ? 'no such file' : error.message, error);
  let bytes;
  try {
    bytes = readFile(url);
  } catch (error) {
    throw failed(error);
  }
  if (typeof bytes?.then !== 'function') return checkWasmBytes(bytes, url.href);
  return bytes.then((read) => checkWasmBytes(read, url.href), (error) => { throw failed(error); });
}

// source: { wasmUrl: URL } | { wasmBinary: Uint8Array }; readFile (Node)
// reads file: URLs and paths.
export async function wasmBytes(source, readFile) {
  if (source.wasmBinary) return checkWasmBytes(source.wasmBinary, 'the wasmBinary option');
  const url = source.wasmUrl;
  if (readFile && url.protocol === 'file:') return readWasmFile(url, readFile);
  if (typeof fetch !== 'function') throw loadError(url.href, 'this engine has no fetch()');
  return fetchWasm(url.href);
}

function compileError(where, error) {
  return loadError(where, `the file does not compile (${error.message}): a truncated or foreign .wasm, or one from another nnslim version`, error);
}

// Resolves to the ready Emscripten module. The factory takes the instance
// from the hook instead of fetching the .wasm itself. moduleArgs: more
// settings for the factory (an artifact's own, e.g. where its workers are).
export async function instantiate(createModule, bytes, where, moduleArgs = {}) {
  let compiled;
  try {
    compiled = await WebAssembly.compile(bytes);
  } catch (error) {
    throw compileError(where, error);
  }
  return new Promise((resolve, reject) => {
    createModule({
      ...moduleArgs,
      instantiateWasm(imports, receiveInstance) {
        WebAssembly.instantiate(compiled, imports)
          .then((instance) => receiveInstance(instance, compiled))
          .catch((error) => reject(compileError(where, error)));
        return {}; // "instantiating asynchronously"
      },
    }).then(resolve, reject);
  });
}

// The same, synchronously (Node only: browsers refuse to compile large
// modules on the main thread). With a synchronous instantiateWasm hook the
// Emscripten runtime initialises before the factory returns, so the object
// passed in is the ready module.
export function instantiateSync(createModule, bytes, where, moduleArgs = {}) {
  let compiled;
  try {
    compiled = new WebAssembly.Module(bytes);
  } catch (error) {
    throw compileError(where, error);
  }
  const module = {
    ...moduleArgs,
    instantiateWasm(imports, receiveInstance) {
      receiveInstance(new WebAssembly.Instance(compiled, imports), compiled);
      return {};
    },
  };
  createModule(module).catch(() => {}); // failures surface synchronously below
  if (!module.calledRun) throw new NnslimError(`nnslim: the WebAssembly runtime did not start from ${where}`, { code: 'INTERNAL' });
  return module;
}
