// The loader-agnostic core of the JS API. It never imports the Emscripten
// module or any platform module itself: the entries (index.js for browsers and
// bundlers, node.js for Node) call _configure() with the artifacts (Emscripten
// factories and their .wasm URLs) and, in Node, file readers. Nothing loads at
// import: init() does, on the first call that needs the module.
//
// Errors: every native call returns {ok, value | code, message}
// (wasm/bindings.cc); a failure becomes an NnslimError with the C++ code and
// message. A trap (WebAssembly.RuntimeError, e.g. Aborted()) poisons the
// instance: every later call (init and features too) throws NnslimCrashError
// (an NnslimError, code INTERNAL); dispose() still returns quietly.

import { benchmarkRuns, medianSteps } from './benchmark.js';
import { chooseBuild, relaxedSimdSupported } from './builds.js';
import { explainModel } from './explain.js';
import { pruneRequest } from './prune.js';
import { describeType } from './describe_type.js';
import { NnslimCrashError, NnslimError } from './errors.js';
import { instantiate, instantiateSync, outOfViteCache, readWasmFile, wasmBytes } from './wasm-loader.js';
import { checkMaxMemoryBytes, limitMemoryGrowth } from './memory_limit.js';
import { Tensor } from './tensor.js';
import { batchSizeOf, checkInputShapes, requireStaticShapes, shapesOfFeeds } from './input_shapes.js';
import {
  calibrate, checkSamples, compare, normalizeQuantizeOptions, randomSamples, worstSqnr,
} from './quantize.js';

let platform = null;   // _configure()'s hooks
let initPromise = null;
let wasm = null;       // the instantiated Emscripten module
let crash = null;      // the first trap, once the instance is poisoned
let running = null;    // { build, reason }: the build init() loaded (web/builds.js)
let threadsFailed = null; // why the threaded build, chosen automatically, failed to load

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

// What this engine can run (WebAssembly.validate probes; threads: shared
// memory is available, i.e. SharedArrayBuffer and, in pages, cross-origin isolation).
function engineFeatures() {
  return {
    simd: simdSupported(),
    relaxedSimd: relaxedSimdSupported(),
    threads: typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated !== false && !threadsFailed,
  };
}

// The engine's features, the build that runs and its threads: { simd,
// relaxedSimd, threads (the threaded build runs; before init(): the engine
// could run it), build, reason, maxThreads, defaultThreads,
// crossOriginIsolated, threadsUnavailableReason } (build, reason and the
// thread counts are null before init() resolves).
export function features() {
  throwIfCrashed();
  const engine = engineFeatures();
  const threaded = running ? running.build === 'threads' : engine.threads;
  return {
    ...engine,
    threads: threaded,
    build: running?.build ?? null,
    reason: running?.reason ?? null,
    maxThreads: wasm ? wasm.threadCapacity() : null,
    defaultThreads: wasm ? defaultThreads(wasm) : null,
    crossOriginIsolated: typeof globalThis.crossOriginIsolated === 'boolean' ? globalThis.crossOriginIsolated : null,
    threadsUnavailableReason: threaded ? null : threadsOffReason(engine),
  };
}

// Why the threaded build does not run (features()).
function threadsOffReason(engine) {
  if (platform?.threadsOffReason) return platform.threadsOffReason;
  if (threadsFailed) return `the threaded build failed to load (${threadsFailed}), so a single-threaded one runs`;
  if (!engine.threads) {
    return globalThis.crossOriginIsolated === false
      ? 'the page is not cross-origin isolated (serve it with Cross-Origin-Opener-Policy: same-origin and '
        + 'Cross-Origin-Embedder-Policy: require-corp), so SharedArrayBuffer and the threaded build are unavailable'
      : 'this engine has no SharedArrayBuffer';
  }
  if (running?.synchronous) return 'a synchronous first call loaded the module (await nnslim.init() first for threads)';
  return running ? `the ${running.build} build runs (${running.reason})` : null;
}

// Internal: called once by an entry point with { artifacts (web/artifacts.js),
// requestedBuild?, readFile?, readFileSync?, pathToUrl? } (the file hooks only
// in Node; requestedBuild: NNSLIM_BUILD, 'auto' by default;
// maxThreads(): threads the threaded build gets; onThreadedModule(module):
// a platform's last touch on it; threadsOffReason: why threads are off, when
// the platform decided it).
export function _configure(platformHooks) {
  platform = platformHooks;
}

// The artifact this engine runs (web/builds.js decides): { artifact, reason }.
// synchronous: only artifacts that can load synchronously (Node's sync path).
function chooseArtifact({ synchronous = false } = {}) {
  const candidates = platform.artifacts.filter((artifact) => !synchronous || artifact.synchronous !== false);
  const choice = chooseBuild({
    features: { ...engineFeatures(), multipleCores: (platform.maxThreads?.() ?? 1) > 1 },
    available: candidates.map((artifact) => artifact.name),
    requested: platform.requestedBuild || 'auto',
  });
  if (choice.error) throw new NnslimError(`nnslim: ${choice.error}`, { code: 'INVALID_ARGUMENT' });
  return { artifact: platform.artifacts.find((artifact) => artifact.name === choice.build), reason: choice.reason };
}

// The artifact whose .wasm an app passed to init() (see loadPlan).
function artifactForFile(url) {
  // The URL of one of the package's own files (a bundler rewrites each
  // artifact's URL to its hashed asset, so compare with those first).
  let href = null;
  try { href = new URL(url, globalThis.location?.href).href; } catch { /* a path: by name below */ }
  const own = href && platform.artifacts.find((a) => {
    const mine = a.wasmUrl();
    return mine.href === href || outOfViteCache(mine).href === href;
  });
  if (own) return { artifact: own, reason: `init() was given the ${own.name} build's .wasm` };
  const file = url.split(/[?#]/)[0].split('/').pop();
  const name = /^nnslim-threads/.test(file) ? 'threads' : /^nnslim-relaxed/.test(file) ? 'relaxed' : 'plain';
  const artifact = platform.artifacts.find((a) => a.name === name);
  if (!artifact) throw new NnslimError(`init: ${file} is the ${name} build's module, which this entry does not load`, { code: 'INVALID_ARGUMENT' });
  return { artifact, reason: `init() was given the ${name} build's .wasm` };
}

function checkEngine() {
  if (typeof WebAssembly !== 'object') {
    throw new NnslimError('nnslim needs WebAssembly, which this JavaScript engine does not provide', { code: 'INTERNAL' });
  }
  if (!simdSupported()) {
    throw new NnslimError(
      'nnslim needs WebAssembly SIMD (128-bit), which this engine does not support '
        + '(Node >= 16.4, Chrome >= 91, Firefox >= 89 and Safari >= 16.4 do)', { code: 'INTERNAL' });
  }
  if (!platform) {
    throw new NnslimError('nnslim: no module loader configured (import "nnslim", not web/api.js)', { code: 'INTERNAL' });
  }
}

const INIT_OPTIONS = ['wasmUrl', 'wasmBinary', 'maxMemoryBytes'];

// init()'s options -> { artifact, reason, source: { wasmUrl: URL } | { wasmBinary: Uint8Array }, where }.
function loadPlan(options = {}) {
  if (options === null || typeof options !== 'object') {
    throw new NnslimError(`init: options must be an object, got ${describeType(options)}`, { code: 'INVALID_ARGUMENT' });
  }
  const unknown = Object.keys(options).filter((key) => !INIT_OPTIONS.includes(key));
  if (unknown.length > 0) {
    throw new NnslimError(`init: unknown option '${unknown[0]}' (the options: ${INIT_OPTIONS.join(', ')})`, { code: 'INVALID_ARGUMENT' });
  }
  const { wasmUrl, wasmBinary } = options;
  checkMaxMemoryBytes(options.maxMemoryBytes);
  if (wasmUrl !== undefined && wasmBinary !== undefined) {
    throw new NnslimError('init: give wasmUrl or wasmBinary, not both', { code: 'INVALID_ARGUMENT' });
  }
  // A .wasm given by the app needs its own build's Emscripten glue: one of the
  // package's artifact URLs (as a bundler rewrote them), else the file name
  // says which (nnslim-relaxed*.wasm, nnslim-threads*.wasm); anything else,
  // and wasmBinary, is the plain build's (the file the package exports as
  // 'nnslim/nnslim.wasm').
  const explicit = wasmUrl !== undefined || wasmBinary !== undefined;
  const { artifact, reason } = explicit ? artifactForFile(String(wasmUrl ?? '')) : chooseArtifact();
  if (wasmBinary !== undefined) {
    const bytes = asBytes(wasmBinary);
    if (!bytes) {
      throw new NnslimError(`init: wasmBinary must be an ArrayBuffer or Uint8Array, got ${describeType(wasmBinary)}`, { code: 'INVALID_ARGUMENT' });
    }
    return { artifact, reason, source: { wasmBinary: bytes }, where: 'the wasmBinary option' };
  }
  let url = outOfViteCache(artifact.wasmUrl());
  if (wasmUrl !== undefined) {
    if (!(wasmUrl instanceof URL) && (typeof wasmUrl !== 'string' || wasmUrl === '')) {
      throw new NnslimError(`init: wasmUrl must be a URL or a non-empty string, got ${describeType(wasmUrl)}`, { code: 'INVALID_ARGUMENT' });
    }
    // Relative URLs are relative to the page (as fetch() takes them); in
    // Node, a string that is not a URL is a file path.
    const base = globalThis.location?.href;
    if (wasmUrl instanceof URL) url = wasmUrl;
    else if (!isUrlString(wasmUrl) && !base && platform.pathToUrl) url = platform.pathToUrl(wasmUrl);
    else if (URL.canParse?.(wasmUrl, base) ?? true) url = new URL(wasmUrl, base);
    else throw new NnslimError(`init: wasmUrl '${wasmUrl}' is not a URL (and there is no page URL to resolve it against)`, { code: 'INVALID_ARGUMENT' });
  }
  return { artifact, reason, source: { wasmUrl: url }, where: url.href };
}

async function load(options) {
  checkEngine();
  const plan = loadPlan(options);
  try {
    await loadArtifact(plan, options);
  } catch (error) {
    // The threaded build, chosen by the probes, could not start (e.g. a page
    // whose Content-Security-Policy forbids blob: scripts or workers, which
    // its glue and worker script come from): a single-threaded build instead.
    const chosenByProbes = options?.wasmUrl === undefined && options?.wasmBinary === undefined
      && (platform.requestedBuild || 'auto') === 'auto';
    if (plan.artifact.name !== 'threads' || !chosenByProbes) throw error;
    threadsFailed = String(error?.message ?? error);
    await loadArtifact(loadPlan(options), options);
  }
}

async function loadArtifact({ artifact, reason, source, where }, options) {
  const bytes = await wasmBytes(source, platform.readFile);
  const threaded = artifact.name === 'threads';
  const threads = threaded ? Math.max(1, platform.maxThreads?.() ?? 1) : 1;
  // At least one preloaded worker: this Emscripten's glue counts its
  // preloaded workers down to mark the module ready, and with none it never
  // does (init() hung on one core: a forced threaded build, or its .wasm
  // given to init()). With one thread the worker stays idle.
  const moduleArgs = threaded ? { nnslimWorkers: Math.max(1, threads - 1) } : {};
  const module = await instantiate(artifact.createModule, bytes, where, moduleArgs);
  limitMemoryGrowth(module, options?.maxMemoryBytes);
  if (threaded) {
    module.setThreadCapacity(threads);
    watchWorkers(module);
    platform.onThreadedModule?.(module);
  }
  wasm = module;
  running = { build: artifact.name, reason };
}

// Loads and instantiates the WebAssembly module, once: calls that need it
// (loadModel, ...) call init() themselves, so an app only calls it to pass
// options ({ wasmUrl } or { wasmBinary }: where the .wasm is, for CDNs and
// unusual hosting) or to use synchronous calls (sequential, model, zoo,
// supportedOps) in a browser. A failed load rejects with an NnslimError
// (WASM_LOAD_FAILED, naming the URL and what came back) and may be retried,
// e.g. with a corrected wasmUrl. Once loaded, later calls resolve at once
// (their options are ignored).
export function init(options) {
  if (crash) return Promise.reject(crashedError());
  if (wasm) return Promise.resolve();
  if (initPromise) {
    // A load is under way: join it; with options of its own, a call gets its
    // own try if that load fails.
    if (options === undefined) return initPromise;
    return initPromise.catch(() => init(options));
  }
  // Settled: `wasm` is set, or a later call may retry.
  initPromise = load(options).then(() => { initPromise = null; }, (error) => {
    initPromise = null;
    throw error;
  });
  return initPromise;
}

// Resolves when the module is ready (an alias of init(), for readability).
export const ready = init;

// Threads a model uses unless loadModel's numThreads says otherwise: every
// thread the module offers, at most 4 (past 4, a model's small late layers
// leave threads waiting more than they help).
const DEFAULT_THREADS_CAP = 4;

function defaultThreads(module) {
  return Math.max(1, Math.min(module.threadCapacity(), DEFAULT_THREADS_CAP));
}

// Node's synchronous load, from the artifact's file: URL. The threaded build
// cannot load synchronously (its worker pool starts asynchronously), so a
// synchronous first call gets the best single-threaded build; `await
// nnslim.init()` first to get threads.
function loadSync() {
  checkEngine();
  const { artifact, reason } = chooseArtifact({ synchronous: true });
  const url = artifact.wasmUrl();
  wasm = instantiateSync(artifact.createModule, readWasmFile(url, platform.readFileSync), url.href);
  running = { build: artifact.name, reason, synchronous: true };
}

// The module for a synchronous call. Node loads it here on first use (it can
// read and compile the file synchronously); browsers cannot, so a
// synchronous call there before init() has resolved throws NOT_INITIALIZED.
function nativeModule(what = 'this call') {
  throwIfCrashed();
  if (wasm) return wasm;
  if (!initPromise && platform?.readFileSync) {
    loadSync();
    return wasm;
  }
  throw new NnslimError(`${what} needs nnslim's WebAssembly module, which is not loaded yet: `
    + '`await nnslim.init()` first (loadModel() and the other async calls load it themselves)', { code: 'NOT_INITIALIZED' });
}

// After a trap the instance's memory may be half-written (a C++ object mid-
// update, a lock held, a plan's arena partly filled): nothing may run on it.
function crashedError() {
  return new NnslimCrashError(`nnslim's WebAssembly instance crashed earlier (${crash.message}) and cannot be used: `
    + 'reload the page (or restart the process) to get a new one', { cause: crash });
}
function throwIfCrashed() {
  if (crash) throw crashedError();
}

// Runs one native call; a trap poisons the instance (every later call throws).
function callRaw(call, what) {
  const module = nativeModule(what);
  try {
    return call(module);
  } catch (error) {
    // (A trap on a pool worker of the threaded build reaches the caller as a
    // trap of its own: wasm/threads/worker_trap.js.)
    if (error instanceof WebAssembly.RuntimeError || (typeof WebAssembly.Exception === 'function' && error instanceof WebAssembly.Exception)) {
      crash = error;
      throw new NnslimCrashError(`nnslim's WebAssembly instance crashed: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

// The error event of a pool worker that trapped (the threaded build) poisons
// the instance too. Emscripten's own handler would rethrow the worker's error
// on the main thread: in Node an uncaught exception that ends the process.
function watchWorkers(module) {
  for (const worker of [...module.PThread.unusedWorkers, ...module.PThread.runningWorkers]) {
    worker.onerror = (event) => {
      crash ??= event instanceof Error ? event : new WebAssembly.RuntimeError(
        `a pool worker thread trapped: ${event?.message ?? 'its error event has no message'}`);
    };
  }
}

// A failed native status {ok: false, code, message} as an Error.
function nativeError(status) {
  return new NnslimError(status.message, { code: status.code });
}

// Runs one native call and unwraps its status object.
function callNative(call, what) {
  const status = callRaw(call, what);
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
  // What prune() did, on the model it returned: { layers: [{ name, op,
  // weights, zeros, sparsity, channelsBefore, channelsAfter }], skipped: [why] }.
  pruneReport = null;
  #handle;
  #binding = null; // the native plan bound to the last feeds' signature (#bind)
  #calibration = null; // { samples, histograms }: what the native calibrator last saw

  #numThreads = 1;

  // Internal: models come from loadModel() or the builder (sequential, model).
  constructor(handle, numThreads) {
    this.#handle = handle;
    this.#numThreads = numThreads;
    forgottenHandles?.register(this, handle, this);
  }

  // Threads run() splits each large step over (loadModel's numThreads, capped
  // at features().maxThreads). Outputs are the same bits for any count.
  get numThreads() {
    return this.#numThreads;
  }

  #live() {
    if (!this.#handle) throw new NnslimError('this model was disposed', { code: 'DISPOSED' });
    return this.#handle;
  }

  // Keras-style table: layer (type), output shape, params; totals. Printed
  // with printFn (console.log by default; null: don't print) and returned.
  // inputShapes: as profile()'s. A QDQ file's QuantizeLinear /
  // DequantizeLinear nodes are folded into the layer they quantize (one
  // "Conv int8" row per quantized Conv); qdqNodes: true lists them as rows.
  summary({ printFn = console.log, inputShapes, qdqNodes = false } = {}) {
    const shapes = checkInputShapes('summary', inputShapes);
    const handle = this.#live();
    requireStaticShapes('summary', this.inputs, shapes.map((entry) => entry.name));
    const text = callNative(() => handle.summary(shapes, Boolean(qdqNodes)));
    if (printFn) printFn(text);
    return text;
  }

  // Params, MACs, FLOPs, weight/activation bytes and peak memory, per layer
  // and in total, for the given batch size (binds every symbolic dim of an
  // input not in `inputShapes`); inputShapes: { inputName: [dims] } for
  // models with symbolic dims besides the batch (dynamic H/W).
  // compile: also compile run()'s plan for those shapes and report its
  // runtime arena (runtimeArenaBytes; else null).
  // qdqNodes (default true): a QDQ file's QuantizeLinear / DequantizeLinear
  // nodes as layers of their own (per-layer timings match them by node);
  // false folds them into the layer they quantize, as summary() shows it.
  profile({ batchSize: batchOption, inputShapes, compile = false, qdqNodes = true } = {}) {
    const shapes = checkInputShapes('profile', inputShapes);
    const handle = this.#live();
    const batchSize = batchSizeOf('profile', batchOption, shapes, this.inputs);
    requireStaticShapes('profile', this.inputs, shapes.map((entry) => entry.name));
    return JSON.parse(callNative(() => handle.profileJson(batchSize, shapes, Boolean(compile), Boolean(qdqNodes))));
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
        if (code !== EXECUTED) throw nativeError(callRaw(() => handle.lastError()));
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
    warmup = 10, iterations = 100, batchSize: batchOption, onProgress, signal, inputs, inputShapes, perLayer = false,
  } = {}) {
    const shapes = checkInputShapes('benchmark', inputShapes);
    const batchSize = batchSizeOf('benchmark', batchOption, shapes, this.inputs);
    const feeds = inputs ?? randomFeeds(this.inputs, batchSize, shapes);
    const options = { warmup, iterations, batchSize, onProgress, signal };
    // Which WebAssembly build ran, and why (web/builds.js).
    const build = { build: running.build, buildReason: running.reason, numThreads: this.#numThreads };
    if (!perLayer) return { ...(await benchmarkRuns(() => this.run(feeds), options)), ...build };
    const runs = [];
    const result = await benchmarkRuns(async () => { runs.push((await this.runProfiled(feeds)).steps); }, options);
    result.layers = medianSteps(runs.slice(runs.length - iterations));
    return { ...result, ...build };
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
    if (!settings.native.weightOnly) await this.#calibrate(this.#live(), settings);
    settings.onProgress?.({ phase: 'quantize', done: 0, total: 1 });
    const handle = this.#live(); // after the awaits: dispose() may have run meanwhile
    return newModel((target) => target.quantizeFrom(handle, settings.native), { numThreads: this.#numThreads });
  }

  // Runs the calibration pass(es) of quantize() on this model's handle.
  async #calibrate(handle, settings) {
    let { samples } = settings;
    const inputInfo = this.inputs;
    if (samples === undefined) {
      console.warn('nnslim quantize: no calibration.samples given: calibrating on random inputs, so the int8 '
        + 'ranges will not match real data; pass calibration: { samples: [feeds, ...] } (CLI: --calib DIR) for a faithful model');
      samples = randomSamples(inputInfo, settings.inputShapes);
    }
    checkSamples(samples, inputInfo);
    const histograms = settings.native.method !== 'minmax';
    // The same samples array again (quantizing with other options): its statistics are kept.
    const last = this.#calibration;
    if (last && last.samples === samples && last.count === samples.length && (last.histograms || !histograms)) return;
    this.#calibration = null;
    // Calibration awaits between samples: each native call first checks that
    // the model was not disposed meanwhile (DISPOSED, not a call on freed memory).
    const call = (fn) => {
      this.#live();
      return callNative(fn);
    };
    await calibrate(handle, call, samples, { histograms, onProgress: settings.onProgress, signal: settings.signal });
    this.#calibration = { samples, count: samples.length, histograms };
  }

  // Quantizes one layer at a time (with the options of quantize()) and ranks
  // the layers by the output SQNR the model keeps (worst first), so the worst
  // few can be skipped: resolves to [{ layer, type, sqnrDb }]. Layers: those
  // with weights, and Add / Mul / Concat. Evaluated on calibration.samples
  // (or `samples`), against this model's float outputs.
  async sensitivity(options = {}) {
    const { samples: given, ...quantizeOptions } = options ?? {};
    const calibration = { ...(options?.calibration ?? {}) };
    if (given !== undefined) calibration.samples = given;
    const settings = normalizeQuantizeOptions({ ...quantizeOptions, calibration });
    const handle = this.#live();
    await this.#calibrate(handle, settings);
    const samples = settings.samples ?? randomSamples(this.inputs, settings.inputShapes);
    const reference = [];
    for (const feeds of samples) reference.push(await this.run(feeds));
    const candidates = this.profile({ inputShapes: shapesOfFeeds(samples[0]) }).layers.filter((layer) => layer.params > 0 || /^(Add|Mul|Concat)$/.test(layer.type));
    const ranking = [];
    for (let i = 0; i < candidates.length; i++) {
      settings.signal?.throwIfAborted?.();
      const { name, type } = candidates[i];
      const live = this.#live(); // the awaits above let dispose() run
      const single = newModel((target) => target.quantizeFrom(live, { ...settings.native, only: [name] }));
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

  // A pruned copy of this model (this one is unchanged): options are
  // { method: 'magnitude' | 'block' | 'channel', sparsity, scope: 'layer' |
  // 'global', layers: { name: sparsity }, skip: [names], block: '8x1',
  // nm: '2:4', criterion: 'l1' | 'l2', onProgress, signal } (docs/pruning.md).
  // The new model's pruneReport says what was pruned and what was left alone.
  async prune(options = {}) {
    this.#live();
    const { onProgress, signal, json } = pruneRequest(options);
    await null; // let an abort that is already queued land first
    signal?.throwIfAborted?.();
    const handle = this.#live(); // dispose() may have run during the await
    let progressError = null;
    const progress = onProgress && ((done, total) => {
      if (progressError) return;
      try {
        onProgress({ phase: 'prune', done, total });
      } catch (error) {
        progressError = error; // thrown after the native call returns
      }
    });
    let report = null;
    const pruned = newModel((target) => {
      const status = target.pruneFrom(handle, json, progress);
      if (status.ok) report = JSON.parse(status.value);
      return status;
    }, { numThreads: this.#numThreads });
    try {
      if (progressError) throw progressError;
      signal?.throwIfAborted?.();
    } catch (error) {
      pruned.dispose();
      throw error;
    }
    pruned.pruneReport = report;
    return pruned;
  }

  // Per layer: sparsity, dense vs effective MACs, the kernel the plan chose,
  // its median ms; with { baseline } (e.g. the unpruned model) the predicted
  // and measured speedups (web/explain.js).
  async explain(options = {}) {
    this.#live();
    // The plan is read after explain's benchmarks (awaits): check the handle then.
    return explainModel(this, options, () => {
      const handle = this.#live();
      return JSON.parse(callNative(() => handle.planExplanation()));
    });
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
  requireStaticShapes('benchmark', inputInfo, inputShapes.map((entry) => entry.name));
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

// numThreads: a positive integer, or undefined for the default.
function checkNumThreads(what, numThreads) {
  if (numThreads === undefined) return;
  if (!Number.isSafeInteger(numThreads) || numThreads < 1) {
    throw new NnslimError(`${what}: numThreads must be a positive integer, got ${String(numThreads)}`, { code: 'INVALID_ARGUMENT' });
  }
}

// fill(handle) makes the native model; what: the call, for NOT_INITIALIZED;
// numThreads: threads its runs may use (default: defaultThreads()).
function newModel(fill, { what, numThreads } = {}) {
  const module = nativeModule(what);
  const handle = callRaw(() => new module.ModelHandle(), what);
  let threads;
  try {
    callNative(() => fill(handle));
    threads = callRaw(() => handle.setThreads(numThreads ?? defaultThreads(module)));
  } catch (error) {
    if (!crash) handle.delete();
    throw error;
  }
  return new Model(handle, threads);
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

// Loads an ONNX model from bytes (Uint8Array, (Shared)ArrayBuffer, Node Buffer), a URL
// (URL object or 'https:' / 'file:' / ... string: fetched, file: read in Node)
// or a file path (Node; in browsers a relative string is fetched).
// options.numThreads: threads run() may use (default: features().defaultThreads;
// capped at features().maxThreads, 1 with the single-threaded build).
export async function loadModel(source, { numThreads } = {}) {
  checkNumThreads('loadModel', numThreads);
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
  return newModel((handle) => handle.loadOnnx(bytes), { numThreads });
}

// Internal, for web/builder.js: a builder layer spec (docs/builder-spec.md),
// as a JSON string or an object, -> Model. Synchronous: in a browser the
// module must have been loaded (init()) first.
export function _buildFromSpec(spec) {
  const json = typeof spec === 'string' ? spec : JSON.stringify(spec);
  return newModel((handle) => handle.build(json), { what: 'building a model (sequential, model, zoo)' });
}

// The ONNX op types the importer supports, sorted.
export function supportedOps() {
  return callNative((module) => module.supportedOps(), 'supportedOps()');
}

// Internal, for benchmarks: the cost model's threshold (multiply-adds below
// which a step runs on the calling thread); returns the previous one.
export function _setMinParallelWork(work) {
  return nativeModule().setMinParallelWork(work);
}

// Internal, for benchmarks: whether each run chooses between its threads
// and the calling thread from its measured times
// (src/runtime/thread_choice.h); returns the previous setting.
export function _setAdaptiveThreads(on) {
  return nativeModule().setAdaptiveThreads(Boolean(on));
}

// Internal, for profiles and tests: the thread pool's counters since the
// module started ({ runs, jobs, tiles, callerTiles, workerBlocks,
// callerBlocks, callerWaitUs, stolenTiles, wakes, wakeUs, firstClaims,
// firstClaimUs }: core/thread_pool.h, ThreadPool::Stats).
export function _poolStats() {
  return nativeModule().poolStats();
}

// Internal, for tests: executes a wasm trap (`unreachable`) inside the module,
// as a memory-safety bug would; the instance is unusable afterwards. With
// { onWorker: true } the trap happens on a pool worker thread, in a tile of a
// parallel job (the threaded build); false when no worker could take it.
export function _trapForTests({ onWorker = false } = {}) {
  return callRaw((module) => module.trapForTests(onWorker), '_trapForTests()');
}

// Internal, for tests: the wasm memory size, and the bytes malloc hands out.
export function _wasmMemoryStats() {
  const module = nativeModule();
  return { memoryBytes: module.HEAP8.length, mallocBytesInUse: module.heapBytesInUse() };
}
