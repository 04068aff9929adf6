// The loader-agnostic core of the JS API. It never imports the Emscripten
// module or any platform module itself: the entries (index.js for browsers and
// bundlers, node.js for Node) call _configure() with a module factory and, in
// Node, a file reader, then `await init()` at top level.
//
// Errors: every native call returns {ok, value | code, message}
// (wasm/bindings.cc); a failure becomes an NnslimError with the C++ code and
// message. A trap (WebAssembly.RuntimeError, e.g. Aborted()) poisons the
// instance: every later call throws NnslimCrashError.

import { benchmarkRuns, medianSteps } from './benchmark.js';
import { NnslimCrashError, NnslimError } from './errors.js';
import { Tensor } from './tensor.js';
import {
  calibrate, checkSamples, compare, normalizeQuantizeOptions, randomSamples, worstSqnr,
} from './quantize.js';

let platform = null;   // { createModule: () => Promise<module>, readFile?: (path | URL) => Promise<Uint8Array> }
let initPromise = null;
let wasm = null;       // the instantiated Emscripten module
let crash = null;      // the first trap, once the instance is poisoned

// A function returning one v128 (v128.const 0): valid only where wasm SIMD128 is.
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b,       // type section: () -> v128
  0x03, 0x02, 0x01, 0x00,                         // function section: func 0 has type 0
  0x0a, 0x16, 0x01, 0x14, 0x00,                   // code section: 1 body of 20 bytes, no locals
  0xfd, 0x0c, ...new Array(16).fill(0x00),        // v128.const 0
  0x0b,                                           // end
]);

export function simdSupported() {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
}

// Internal: called once by an entry point.
export function _configure(platformHooks) {
  platform = platformHooks;
}

// Loads and instantiates the WebAssembly module once; later calls return the
// same promise. The package entries already await it at import time, so users
// never need to call it (it is harmless to do so).
export function init() {
  if (!initPromise) {
    initPromise = (async () => {
      if (typeof WebAssembly !== 'object') {
        throw new NnslimError('nnslim needs WebAssembly, which this JavaScript engine does not provide', { code: 'INTERNAL' });
      }
      if (!simdSupported()) {
        throw new NnslimError(
          'nnslim needs WebAssembly SIMD (128-bit), which this engine does not support ' +
            '(Node >= 16.4, Chrome >= 91, Firefox >= 89 and Safari >= 16.4 do)', { code: 'INTERNAL' });
      }
      if (!platform) {
        throw new NnslimError('nnslim: no module loader configured (import "nnslim", not web/api.js)', { code: 'INTERNAL' });
      }
      wasm = await platform.createModule();
    })();
    initPromise.catch(() => {
      initPromise = null; // a failed load (e.g. network) may be retried
    });
  }
  return initPromise;
}

// Resolves when the module is ready (an alias of init(), for readability).
export const ready = init;

function nativeModule() {
  if (crash) {
    throw new NnslimCrashError(`nnslim's WebAssembly instance crashed earlier and cannot be used: ${crash.message}`, { cause: crash });
  }
  if (!wasm) throw new NnslimError('nnslim is not initialized yet: await nnslim.init() first', { code: 'INTERNAL' });
  return wasm;
}

// Runs one native call; a trap poisons the instance (every later call throws).
function callRaw(call) {
  const module = nativeModule();
  try {
    return call(module);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError || (typeof WebAssembly.Exception === 'function' && error instanceof WebAssembly.Exception)) {
      crash = error;
      throw new NnslimCrashError(`nnslim's WebAssembly instance crashed: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

// A failed native status {ok: false, code, message} as an Error.
function nativeError(status) {
  return new NnslimError(status.message, { code: status.code });
}

// Runs one native call and unwraps its status object.
function callNative(call) {
  const status = callRaw(call);
  if (!status.ok) throw nativeError(status);
  return status.value;
}

// Frees handles a user forgot to dispose() once they are garbage collected.
const forgottenHandles = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry((handle) => {
    if (!crash) handle.delete();
  })
  : null;

// ModelHandle.execute()'s answers (wasm/bindings.cc).
const EXECUTED = 0;
const STALE = 1;

export class Model {
  #handle;
  #binding = null; // the native plan bound to the last feeds' signature (#bind)
  #calibration = null; // { samples, histograms }: what the native calibrator last saw

  // Internal: models come from loadModel() or the builder (sequential, model).
  constructor(handle) {
    this.#handle = handle;
    forgottenHandles?.register(this, handle, this);
  }

  #live() {
    if (!this.#handle) throw new NnslimError('this model was disposed', { code: 'DISPOSED' });
    return this.#handle;
  }

  // Keras-style table: layer (type), output shape, params; totals. Printed
  // with printFn (console.log by default; null: don't print) and returned.
  summary({ printFn = console.log } = {}) {
    const handle = this.#live();
    const text = callNative(() => handle.summary());
    if (printFn) printFn(text);
    return text;
  }

  // Params, MACs, FLOPs, weight/activation bytes and peak memory, per layer
  // and in total, for the given batch size (binds every symbolic dim of an
  // input not in `inputShapes`); inputShapes: { inputName: [dims] } for
  // models with symbolic dims besides the batch (dynamic H/W).
  // compile: also compile run()'s plan for those shapes and report its
  // runtime arena (runtimeArenaBytes; else null).
  profile({ batchSize = 1, inputShapes, compile = false } = {}) {
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
      throw new NnslimError(`profile: batchSize must be a positive integer, got ${String(batchSize)}`, { code: 'INVALID_ARGUMENT' });
    }
    const shapes = checkInputShapes('profile', inputShapes);
    const handle = this.#live();
    return JSON.parse(callNative(() => handle.profileJson(batchSize, shapes, Boolean(compile))));
  }

  // A standard ONNX file (a fresh Uint8Array the caller owns).
  toOnnx() {
    const handle = this.#live();
    return callNative(() => handle.toOnnx());
  }

  // [{name, type, dims, dimNames}] of the model's inputs / outputs; a
  // symbolic dim (e.g. the batch) is null in dims and named in dimNames.
  get inputs() {
    const handle = this.#live();
    return callNative(() => handle.inputInfo());
  }
  get outputs() {
    const handle = this.#live();
    return callNative(() => handle.outputInfo());
  }
  get inputNames() { return this.inputs.map((input) => input.name); }
  get outputNames() { return this.outputs.map((output) => output.name); }

  // Runs the model, like onnxruntime-web's session.run: `feeds` maps input
  // names to Tensors; resolves to { outputName: Tensor }. The first run for a
  // set of input shapes compiles a plan (kernels, packed weights, memory
  // arena); later runs reuse it.
  async run(feeds) {
    return this.#runBound(this.#live(), feeds, false).outputs;
  }

  // run() that also times every compiled step: resolves to { outputs, steps:
  // [{ layer, op, kernel, reference, ms }] } (e.g. op "Conv+Clip", kernel "f32
  // igemm 2x16 loadsplat"; reference: true when the op's slow scalar NCHW
  // reference runs it): where the latency goes, layer by layer.
  async runProfiled(feeds) {
    return this.#runBound(this.#live(), feeds, true);
  }

  // One run: bind (cached), copy each input once into the plan's arena,
  // execute, copy each output once out of it. In the steady state (same
  // names, types and dims as the last call) this makes one allocation-free
  // native call.
  #runBound(handle, feeds, timed) {
    for (let attempt = 0; attempt < 2; attempt++) {
      const binding = this.#bind(handle, feeds);
      writeInputs(nativeModule(), binding, feeds);
      let steps;
      if (timed) {
        steps = callNative(() => handle.executeTimed(binding.generation));
        if (steps === null) {
          this.#binding = null; // stale: another signature was prepared since
          continue;
        }
      } else {
        const code = callRaw(() => handle.execute(binding.generation));
        if (code === STALE) {
          this.#binding = null;
          continue;
        }
        if (code !== EXECUTED) throw nativeError(handle.lastError());
      }
      return { outputs: readOutputs(nativeModule(), binding), steps };
    }
    throw new NnslimError('run: internal error: the prepared plan went stale twice', { code: 'INTERNAL' });
  }

  // The native binding for `feeds`: the cached one when the feeds have the
  // signature it was prepared for (and no input's values decide shapes),
  // else a new prepare(), which validates the feeds (an Error names the
  // input and its expected dtype and shape) and compiles a plan if needed.
  #bind(handle, feeds) {
    const cached = this.#binding;
    if (cached !== null && cached.reusable && sameSignature(cached, feeds)) return cached;
    this.#binding = null;
    const native = feedsToNative(feeds);
    const binding = callNative(() => handle.prepare(native));
    binding.names = native.map((feed) => feed.name);
    binding.types = native.map((feed) => feed.type);
    binding.dims = native.map((feed) => feed.dims);
    binding.byteLengths = native.map((feed) => feed.data.byteLength);
    this.#binding = binding;
    return binding;
  }

  // Latency (ms: mean, p50, p90, p99, min, max) and throughput (inferences/s)
  // of run() on random inputs of `batchSize` (which binds symbolic batch
  // dims); the first, plan-compiling run is reported apart as coldMs.
  // perLayer: runs runProfiled() instead and adds `layers`, every step with
  // its median ms over the timed runs.
  async benchmark({
    warmup = 10, iterations = 100, batchSize = 1, onProgress, signal, inputs, inputShapes, perLayer = false,
  } = {}) {
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
      throw new NnslimError(`benchmark: batchSize must be a positive integer, got ${String(batchSize)}`, { code: 'INVALID_ARGUMENT' });
    }
    const shapes = checkInputShapes('benchmark', inputShapes);
    const feeds = inputs ?? randomFeeds(this.inputs, batchSize, shapes);
    const options = { warmup, iterations, batchSize, onProgress, signal };
    if (!perLayer) return benchmarkRuns(() => this.run(feeds), options);
    const runs = [];
    const result = await benchmarkRuns(async () => { runs.push((await this.runProfiled(feeds)).steps); }, options);
    result.layers = medianSteps(runs.slice(runs.length - iterations));
    return result;
  }

  // A new model: this one with int8 weights (and, unless activations is
  // 'float32', int8 activations calibrated on calibration.samples) as a
  // standard ONNX QDQ graph (docs/quantization.md). This model is unchanged.
  // Options: { weights: 'int8', activations: 'int8' | 'float32', perChannel,
  // scheme: 'asymmetric' | 'symmetric', calibration: { samples, method,
  // percentile }, skip: [layer names], biasCorrection, onProgress, signal }.
  // Without samples it warns and calibrates on random inputs. Calling it again
  // with the same samples array reuses that calibration.
  async quantize(options = {}) {
    const settings = normalizeQuantizeOptions(options);
    const handle = this.#live();
    if (!settings.native.weightOnly) await this.#calibrate(handle, settings);
    settings.onProgress?.({ phase: 'quantize', done: 0, total: 1 });
    return newModel((target) => target.quantizeFrom(handle, settings.native));
  }

  // Runs the calibration pass(es) of quantize() on this model's handle.
  async #calibrate(handle, settings) {
    let { samples } = settings;
    const inputInfo = this.inputs;
    if (samples === undefined) {
      console.warn('nnslim quantize: no calibration.samples given: calibrating on random inputs, so the int8 '
        + 'ranges will not match real data; pass calibration: { samples: [feeds, ...] } for a faithful model');
      samples = randomSamples(inputInfo);
    }
    checkSamples(samples, inputInfo);
    const histograms = settings.native.method !== 'minmax';
    // The same samples array again (quantizing with other options): its statistics are kept.
    const last = this.#calibration;
    if (last && last.samples === samples && last.count === samples.length && (last.histograms || !histograms)) return;
    this.#calibration = null;
    await calibrate(handle, callNative, samples, { histograms, onProgress: settings.onProgress, signal: settings.signal });
    this.#calibration = { samples, count: samples.length, histograms };
  }

  // Quantizes one layer at a time (with the options of quantize()) and ranks
  // the layers by the output SQNR the model keeps (worst first), so the worst
  // few can be skipped: resolves to [{ layer, type, sqnrDb }]. Layers: those
  // with weights, and Add / Mul / Concat. Evaluated on calibration.samples
  // (or `samples`), against this model's float outputs.
  async sensitivity(options = {}) {
    const merged = { ...options, calibration: { ...(options.calibration ?? {}), samples: options.samples ?? options.calibration?.samples } };
    const settings = normalizeQuantizeOptions(merged);
    const handle = this.#live();
    await this.#calibrate(handle, settings);
    const samples = settings.samples ?? randomSamples(this.inputs);
    const reference = [];
    for (const feeds of samples) reference.push(await this.run(feeds));
    const candidates = this.profile().layers.filter((layer) => layer.params > 0 || /^(Add|Mul|Concat)$/.test(layer.type));
    const ranking = [];
    for (let i = 0; i < candidates.length; i++) {
      settings.signal?.throwIfAborted?.();
      const { name, type } = candidates[i];
      const single = newModel((target) => target.quantizeFrom(handle, { ...settings.native, only: [name] }));
      try {
        const outputs = [];
        for (const feeds of samples) outputs.push(await single.run(feeds));
        ranking.push({ layer: name, type, sqnrDb: worstSqnr(compare(reference, outputs)) });
      } finally {
        single.dispose();
      }
      settings.onProgress?.({ phase: 'sensitivity', done: i + 1, total: candidates.length });
    }
    return ranking.sort((a, b) => a.sqnrDb - b.sqnrDb);
  }

  // The compiled steps of the last run ("Conv+Relu -> f32 igemm ..."): which
  // kernel each node got.
  planDescription() {
    const handle = this.#live();
    return callNative(() => handle.planDescription());
  }

  // Frees the model's WebAssembly memory now. Idempotent.
  dispose() {
    if (!this.#handle) return;
    forgottenHandles?.unregister(this);
    const handle = this.#handle;
    this.#handle = null;
    if (!crash) handle.delete();
  }
}

const TYPED_ARRAYS = {
  float32: Float32Array, float64: Float64Array, int8: Int8Array, uint8: Uint8Array, int16: Int16Array,
  uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array, int64: BigInt64Array, uint64: BigUint64Array,
  bool: Uint8Array,
};

// { name: Tensor } -> the bindings' [{ name, type, dims, data: bytes }].
function feedsToNative(feeds) {
  if (feeds === null || typeof feeds !== 'object' || feeds instanceof Tensor) {
    throw new NnslimError(`run: feeds must be an object mapping input names to Tensors, got ${describeType(feeds)}`,
      { code: 'INVALID_INPUT' });
  }
  return Object.entries(feeds).map(([name, tensor]) => {
    if (!(tensor instanceof Tensor)) {
      throw new NnslimError(`run: input '${name}' must be an nnslim.Tensor, got ${describeType(tensor)}`, { code: 'INVALID_INPUT' });
    }
    const { data } = tensor;
    return { name, type: tensor.type, dims: [...tensor.dims], data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  });
}

// Do `feeds` have the names (in order), types, dims and byte lengths that
// `binding` was prepared for?
function sameSignature(binding, feeds) {
  if (feeds === null || typeof feeds !== 'object') return false;
  const names = Object.keys(feeds);
  if (names.length !== binding.names.length) return false;
  for (let i = 0; i < names.length; i++) {
    if (names[i] !== binding.names[i]) return false;
    const tensor = feeds[names[i]];
    if (!(tensor instanceof Tensor) || tensor.type !== binding.types[i]
      || tensor.data.byteLength !== binding.byteLengths[i]) return false;
    const { dims } = tensor;
    const expected = binding.dims[i];
    if (dims.length !== expected.length) return false;
    for (let d = 0; d < dims.length; d++) if (dims[d] !== expected[d]) return false;
  }
  return true;
}

// Copies each feed's bytes to its input buffer in the plan's arena (the one
// copy of the input). The heap views are read fresh: prepare() may have
// grown the memory.
function writeInputs(module, binding, feeds) {
  for (let i = 0; i < binding.inputs.length; i++) {
    const { ptr, byteLength } = binding.inputs[i];
    if (ptr === 0 || byteLength === 0) continue; // bound as a constant, or empty
    const { data } = feeds[binding.names[i]];
    if (data instanceof Float32Array && ptr % 4 === 0) module.HEAPF32.set(data, ptr / 4);
    else module.HEAPU8.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), ptr);
  }
}

// Copies each output out of the plan's arena into a Tensor that owns it.
function readOutputs(module, binding) {
  const result = {};
  const { buffer } = module.HEAPU8;
  for (const { name, type, dims, ptr, byteLength } of binding.outputs) {
    const ArrayType = TYPED_ARRAYS[type];
    if (!ArrayType) {
      throw new NnslimError(`run: output '${name}' has type '${type}', which has no JavaScript typed array`, { code: 'UNSUPPORTED_OP' });
    }
    result[name] = new Tensor(type, new ArrayType(buffer.slice(ptr, ptr + byteLength)), dims);
  }
  return result;
}

// Seeded uniform [-1, 1) inputs for benchmark(): symbolic dims take batchSize.
// { name: [dims] } (or undefined) -> [{ name, dims }] with every dim a
// positive safe integer; whether the names and shapes fit the model is the
// core's check (Graph::bind_input_shape) or run()'s.
function checkInputShapes(what, inputShapes) {
  if (inputShapes === undefined) return [];
  if (inputShapes === null || typeof inputShapes !== 'object' || Array.isArray(inputShapes)) {
    throw new NnslimError(`${what}: inputShapes must be an object mapping input names to shapes, got ${describeType(inputShapes)}`,
      { code: 'INVALID_ARGUMENT' });
  }
  return Object.entries(inputShapes).map(([name, dims]) => {
    if (!Array.isArray(dims) || !dims.every((d) => Number.isSafeInteger(d) && d >= 1)) {
      throw new NnslimError(`${what}: inputShapes['${name}'] must be an array of positive integers, got ${JSON.stringify(dims)}`,
        { code: 'INVALID_ARGUMENT' });
    }
    return { name, dims };
  });
}

function randomFeeds(inputInfo, batchSize, inputShapes = []) {
  let state = 0x2545f491;
  const next = () => {
    state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
    return ((state >>> 0) / 4294967296) * 2 - 1;
  };
  const feeds = {};
  for (const { name } of inputShapes) {
    if (!inputInfo.some((input) => input.name === name)) {
      throw new NnslimError(`benchmark: inputShapes names '${name}', which is not an input of the model (its inputs: ${
        inputInfo.map((input) => `'${input.name}'`).join(', ')})`, { code: 'INVALID_ARGUMENT' });
    }
  }
  for (const { name, type, dims } of inputInfo) {
    const given = inputShapes.find((entry) => entry.name === name);
    if (!dims && !given) {
      throw new NnslimError(`benchmark: input '${name}' has no declared shape; pass inputs: {...} or inputShapes`,
        { code: 'INVALID_ARGUMENT' });
    }
    // A given shape must still fit the model: run() checks it against the graph.
    const shape = given ? given.dims : dims.map((d) => d ?? batchSize);
    const size = shape.reduce((a, b) => a * b, 1);
    const ArrayType = TYPED_ARRAYS[type];
    if (!ArrayType || type === 'int64' || type === 'uint64') {
      throw new NnslimError(`benchmark: cannot make random '${type}' data for input '${name}'; pass inputs: {...}`,
        { code: 'INVALID_ARGUMENT' });
    }
    const data = new ArrayType(size);
    for (let i = 0; i < size; ++i) data[i] = type.startsWith('float') ? next() : 0;
    feeds[name] = new Tensor(type, data, shape);
  }
  return feeds;
}

function newModel(fill) {
  const handle = new (nativeModule().ModelHandle)();
  try {
    callNative(() => fill(handle));
  } catch (error) {
    if (!crash) handle.delete();
    throw error;
  }
  return new Model(handle);
}

function isUrlString(text) {
  return /^(https?|file|data|blob):/i.test(text);
}

async function fetchBytes(url) {
  if (typeof fetch !== 'function') throw new NnslimError(`loadModel: cannot fetch ${url}: no fetch() here`, { code: 'INVALID_ARGUMENT' });
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new NnslimError(`loadModel: could not fetch ${url}: ${error.message}`, { code: 'INVALID_ARGUMENT', cause: error });
  }
  if (!response.ok) {
    throw new NnslimError(`loadModel: could not fetch ${url}: HTTP ${response.status} ${response.statusText}`, { code: 'INVALID_ARGUMENT' });
  }
  return new Uint8Array(await response.arrayBuffer());
}

async function readLocalFile(path) {
  try {
    return await platform.readFile(path);
  } catch (error) {
    const reason = error.code === 'ENOENT' ? 'no such file' : error.message;
    throw new NnslimError(`loadModel: could not read '${path}': ${reason}`, { code: 'INVALID_ARGUMENT', cause: error });
  }
}

// Any byte source -> Uint8Array, or undefined when `source` is not bytes.
function asBytes(source) {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (typeof SharedArrayBuffer === 'function' && source instanceof SharedArrayBuffer) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  return undefined;
}

function describeType(value) {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}

// Loads an ONNX model from bytes (Uint8Array, (Shared)ArrayBuffer, Node Buffer), a URL
// (URL object or 'https:' / 'file:' / ... string: fetched, file: read in Node)
// or a file path (Node; in browsers a relative string is fetched).
export async function loadModel(source) {
  await init();
  let bytes = asBytes(source);
  if (!bytes) {
    const localFiles = Boolean(platform.readFile);
    if (source instanceof URL || (typeof source === 'string' && isUrlString(source))) {
      const url = source instanceof URL ? source : new URL(source);
      bytes = url.protocol === 'file:' && localFiles ? await readLocalFile(url) : await fetchBytes(url.href);
    } else if (typeof source === 'string' && source.length > 0) {
      bytes = localFiles ? await readLocalFile(source) : await fetchBytes(source);
    } else {
      throw new NnslimError(
        `loadModel: expected ONNX bytes (Uint8Array, ArrayBuffer), a URL or a file path, got ${describeType(source)}`,
        { code: 'INVALID_ARGUMENT' });
    }
  }
  return newModel((handle) => handle.loadOnnx(bytes));
}

// Internal, for web/builder.js: a builder layer spec (docs/builder-spec.md),
// as a JSON string or an object, -> Model. Synchronous: the entries have
// awaited init() at import time.
export function _buildFromSpec(spec) {
  const json = typeof spec === 'string' ? spec : JSON.stringify(spec);
  return newModel((handle) => handle.build(json));
}

// The ONNX op types the importer supports, sorted.
export function supportedOps() {
  return callNative((module) => module.supportedOps());
}

// Internal, for tests: the wasm memory size, and the bytes malloc hands out.
export function _wasmMemoryStats() {
  const module = nativeModule();
  return { memoryBytes: module.HEAP8.length, mallocBytesInUse: module.heapBytesInUse() };
}
