// init({ maxMemoryBytes }): a ceiling on the WebAssembly memory below the
// build's own maximum (4 GB), so that a page can keep nnslim from taking more
// than its share. The ceiling works where the memory grows: Emscripten's
// sbrk asks its JS glue to grow the memory object (emscripten_resize_heap ->
// memory.grow). A grow past the ceiling throws here, the glue reports the
// failure to sbrk, malloc returns null, and operator new throws
// std::bad_alloc, which the bindings turn into an OUT_OF_MEMORY NnslimError
// (wasm/bindings.cc) while the module keeps working. The glue over-asks a
// little (up to +20% of the memory) and retries smaller asks on a failure,
// so an allocation fails only when even its exact size would pass the
// ceiling. In the threaded build the ceiling holds for growth asked by the
// calling thread, where nnslim allocates (pool threads run kernels on memory
// the caller allocated).
import { NnslimError } from './errors.js';

const PAGE = 65536;

// The module's WebAssembly.Memory: the threaded build's glue keeps it as
// Module.wasmMemory (it creates the shared memory itself); the others export
// it under a minified name that varies by build.
function memoryOf(module) {
  const memory = module.wasmMemory instanceof WebAssembly.Memory ? module.wasmMemory
    : Object.values(module.asm ?? {}).find((value) => value instanceof WebAssembly.Memory);
  if (!memory) throw new NnslimError('init: maxMemoryBytes: the module exports no WebAssembly.Memory', { code: 'INTERNAL' });
  return memory;
}

// Throws INVALID_ARGUMENT unless `bytes` is undefined or a positive safe integer.
export function checkMaxMemoryBytes(bytes) {
  if (bytes === undefined) return;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new NnslimError(`init: maxMemoryBytes must be a positive integer (bytes), got ${String(bytes)}`,
      { code: 'INVALID_ARGUMENT' });
  }
}

// Caps the memory of an instantiated Emscripten module at `maxBytes` (rounded
// down to whole 64 KiB pages; never below the memory it already has).
export function limitMemoryGrowth(module, maxBytes) {
  if (maxBytes === undefined) return;
  const memory = memoryOf(module);
  const maxPages = Math.floor(maxBytes / PAGE);
  const grow = WebAssembly.Memory.prototype.grow;
  Object.defineProperty(memory, 'grow', {
    configurable: true,
    value(deltaPages) {
      const pages = memory.buffer.byteLength / PAGE;
      if (pages + deltaPages > maxPages) {
        throw new RangeError(`nnslim: maxMemoryBytes (${maxBytes}) reached: ${pages} pages + ${deltaPages} asked`);
      }
      return grow.call(memory, deltaPages);
    },
  });
}
