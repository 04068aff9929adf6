// Every nnslim call of the page runs here, off the main thread: loading,
// profiling, building variants, measuring fidelity and latency, exporting.
// Protocol (worker-client.js is the other side):
//   page -> worker  { job, type, args }         and  { type: 'cancel', job }
//   worker -> page  { job, kind: 'progress', progress }
//                   { job, kind: 'result', result }
//                   { job, kind: 'error', error: { name, code, message } }
// The message handler is registered before nnslim is imported (a dynamic
// import), so no message sent while the package loads is lost, and a package
// that fails to load answers each job with its error instead of hanging.
import { compareOutputs } from './fidelity.js';
import { smoothImage } from './samples.js';
import { missingMethods, VARIANTS } from './variants.js';

const packageLoad = import('nnslim');
let nnslim = null;

let base = null;               // the loaded model (variant 'f32')
let baseShape = null;          // { inputName: dims at batch 1 }
const variants = new Map();    // variant id -> Model
const jobs = new Map();        // job id -> AbortController

self.onmessage = async ({ data }) => {
  if (data.type === 'cancel') {
    jobs.get(data.job)?.abort();
    return;
  }
  const { job, type, args } = data;
  const controller = new AbortController();
  jobs.set(job, controller);
  let lastProgress = 0;
  const progress = (value) => {
    const time = performance.now();
    if (time - lastProgress < 50 && value.done !== value.total) return; // throttle to ~20 messages/s
    lastProgress = time;
    self.postMessage({ job, kind: 'progress', progress: value });
  };
  try {
    if (!nnslim) {
      const loaded = await packageLoad;
      await loaded.init(); // the wasm, before any synchronous call (the builder, Tensor ops) needs it
      nnslim = loaded;
    }
    if (!HANDLERS[type]) throw new Error(`worker: unknown job type '${type}'`);
    const { result, transfer = [] } = await HANDLERS[type](args ?? {}, { signal: controller.signal, progress });
    self.postMessage({ job, kind: 'result', result }, transfer);
  } catch (error) {
    self.postMessage({ job, kind: 'error', error: { name: error?.name ?? 'Error', code: error?.code ?? null, message: String(error?.message ?? error) } });
  } finally {
    jobs.delete(job);
  }
};

const HANDLERS = {
  environment: async () => ({ result: environment() }),
  load: async (args) => ({ result: await load(args) }),
  profile: async ({ batchSize = 1 }) => ({ result: profileOf(base, batchSize) }),
  buildVariant: async (args, context) => ({ result: await buildVariant(args, context) }),
  fidelity: async (args) => ({ result: await fidelity(args) }),
  predict: async ({ samples }) => ({ result: await predict(samples) }),
  benchmark: async (args, context) => ({ result: await benchmark(args, context) }),
  batchSweep: async (args, context) => ({ result: await batchSweep(args, context) }),
  perLayer: async ({ variant }, { signal, progress }) => {
    const result = await modelOf(variant).benchmark({
      warmup: 2, iterations: 10, inputShapes: shapesAtBatch(1), perLayer: true, signal, onProgress: progress,
    });
    return { result: { variant, totalMs: result.latencyMs.p50, steps: result.layers } };
  },
  exportOnnx: async ({ variant }) => {
    const bytes = modelOf(variant).toOnnx();
    return { result: bytes, transfer: [bytes.buffer] };
  },
};

function environment() {
  const proto = nnslim.Model.prototype;
  return {
    simd: nnslim.simdSupported(),
    crossOriginIsolated: self.crossOriginIsolated === true,
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    hardwareConcurrency: navigator.hardwareConcurrency ?? null,
    deviceMemoryGiB: navigator.deviceMemory ?? null,
    // What this build of the package offers (variants appear as it grows).
    api: {
      quantize: typeof proto.quantize === 'function',
      prune: typeof proto.prune === 'function',
      explain: typeof proto.explain === 'function',
      compare: typeof nnslim.compare === 'function',
      features: typeof nnslim.features === 'function',
    },
    features: typeof nnslim.features === 'function' ? safely(() => nnslim.features()) : null,
  };
}

function safely(call) {
  try {
    return call();
  } catch (error) {
    return { error: String(error?.message ?? error) };
  }
}

function disposeAll() {
  for (const [id, model] of variants) if (id !== 'f32') model.dispose();
  variants.clear();
  base?.dispose();
  base = null;
}

// source: { kind: 'url', url } | { kind: 'bytes', bytes } | { kind: 'zoo', name }
// inputShape: dims for the first input at batch 1 where the model leaves them symbolic.
async function load({ source, inputShape, profileOnly = false }) {
  disposeAll();
  if (source.kind === 'zoo') {
    base = nnslim.zoo[source.name]({ seed: 1, weights: profileOnly ? 'uninitialized' : 'he' });
  } else {
    const bytes = source.kind === 'url' ? await fetchBytes(source.url) : source.bytes;
    base = await nnslim.loadModel(bytes); // the default thread count (features().defaultThreads)
  }
  variants.set('f32', base);
  baseShape = staticShapes(base.inputs, inputShape);
  return {
    inputs: base.inputs,
    outputs: base.outputs,
    inputShapes: baseShape,
    batchable: base.inputs.every((input) => input.dims?.[0] === null),
    // Symbolic dims besides the batch were given a size (inputShape or 224): the page lets the visitor change it.
    guessedDims: (base.inputs[0].dims ?? []).some((d, axis) => d === null && axis > 0) || base.inputs[0].dims === null,
    profile: profileOf(base, 1),
  };
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

// Binds every symbolic dim: the batch (dim 0) to 1, the others from
// `inputShape` (first input) or, for image-like rank-4 inputs, 224.
function staticShapes(inputs, inputShape) {
  const shapes = {};
  inputs.forEach((input, i) => {
    const dims = input.dims ?? inputShape ?? [];
    shapes[input.name] = dims.map((d, axis) => {
      if (d !== null) return d;
      if (axis === 0) return 1;
      if (i === 0 && inputShape?.[axis]) return inputShape[axis];
      return 224;
    });
  });
  return shapes;
}

// The static shapes at `batchSize` (a fixed batch dim keeps its value: such
// a model is not batchable, and the page says so).
function shapesAtBatch(batchSize) {
  return Object.fromEntries(base.inputs.map((input) => {
    const dims = baseShape[input.name];
    return [input.name, [input.dims?.[0] === null ? batchSize : dims[0], ...dims.slice(1)]];
  }));
}

function profileOf(model, batchSize) {
  return model.profile({ batchSize, inputShapes: shapesAtBatch(batchSize) });
}

function modelOf(id) {
  const model = variants.get(id);
  if (!model) throw new Error(`variant '${id}' is not built`);
  return model;
}

function feedsOf(sample) {
  const [name] = Object.keys(baseShape);
  return { [name]: new nnslim.Tensor('float32', sample, baseShape[name]) };
}

// Seeded synthetic samples when the page has none for this model.
function samplesOrSynthetic(samples) {
  if (samples?.length) return samples;
  const [dims] = Object.values(baseShape);
  return Array.from({ length: 8 }, (_, i) => smoothImage(dims, 1000 + i));
}

async function buildVariant({ id, samples }, { signal, progress }) {
  if (!base) throw new Error('no model loaded');
  const recipe = VARIANTS.find((variant) => variant.id === id);
  if (!recipe) throw new Error(`unknown variant '${id}'`);
  if (id === 'f32') return { id, profile: profileOf(base, 1) };
  const missing = missingMethods(recipe, environment().api);
  if (missing.length) throw new Error(`this nnslim has no Model.${missing.join('() / Model.')}()`);
  variants.get(id)?.dispose();
  variants.delete(id);
  const calibration = samplesOrSynthetic(samples).map(feedsOf);
  let model = base;
  for (const [index, step] of recipe.steps.entries()) {
    const options = { ...step.options, signal, onProgress: (p) => progress({ ...p, step: index, steps: recipe.steps.length }) };
    if (options.calibration) options.calibration = { ...options.calibration, samples: calibration };
    const next = await model[step.method](options);
    if (model !== base) model.dispose();
    model = next;
  }
  variants.set(id, model);
  return { id, profile: profileOf(model, 1) };
}

async function outputsOn(model, samples) {
  const outputs = [];
  for (const sample of samples) {
    const result = await model.run(feedsOf(sample));
    outputs.push(result[model.outputNames[0]]);
  }
  return outputs;
}

// The first output of the original and of the variant on every sample.
async function fidelity({ variant, samples }) {
  const inputs = samplesOrSynthetic(samples);
  const refs = await outputsOn(base, inputs);
  const cands = await outputsOn(modelOf(variant), inputs);
  const classes = refs[0].dims[refs[0].dims.length - 1] ?? 1;
  if (typeof nnslim.compare === 'function') {
    const name = base.outputNames[0];
    const stack = (tensors) => ({ [name]: new nnslim.Tensor('float32', concat(tensors.map((t) => t.data)), [tensors.length * (tensors[0].dims[0] ?? 1), ...tensors[0].dims.slice(1)]) });
    const byOutput = nnslim.compare(stack(refs), stack(cands));
    return { source: 'nnslim.compare()', samples: inputs.length, classes, ...byOutput[name] };
  }
  return { source: 'demo', samples: inputs.length, classes, ...compareOutputs(refs.map((t) => t.data), cands.map((t) => t.data), classes) };
}

function concat(arrays) {
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let offset = 0;
  for (const a of arrays) { out.set(a, offset); offset += a.length; }
  return out;
}

// The original model's output rows on the samples (for the sample strip).
async function predict(samples) {
  const outputs = await outputsOn(base, samplesOrSynthetic(samples));
  return outputs.map((t) => Array.from(t.data));
}

async function benchmark({ variant, warmup, iterations, batchSize = 1 }, { signal, progress }) {
  const model = modelOf(variant);
  const result = await model.benchmark({
    warmup, iterations, batchSize, inputShapes: shapesAtBatch(batchSize), signal, onProgress: progress,
  });
  return { variant, ...result };
}

async function batchSweep({ variant, batches, warmup, iterations }, { signal, progress }) {
  const model = modelOf(variant);
  const rows = [];
  for (const [index, batchSize] of batches.entries()) {
    const result = await model.benchmark({
      warmup, iterations, batchSize, inputShapes: shapesAtBatch(batchSize), signal,
      onProgress: (p) => progress({ phase: `batch ${batchSize}`, done: index * iterations + (p.phase === 'timed' ? p.done : 0), total: batches.length * iterations }),
    });
    rows.push({ variant, batchSize, p50: result.latencyMs.p50, throughput: batchSize * 1000 / result.latencyMs.p50, meanThroughput: result.throughput });
  }
  return rows;
}

