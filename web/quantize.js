// int8 quantization from JavaScript: option checking, the calibration loop
// (progress, AbortSignal), fidelity metrics (compare) and per-layer
// sensitivity. The graph rewrite and the range statistics are the C++ core's
// (src/passes/quantize_qdq.h, src/passes/calibration_ranges.h); the math is
// in docs/quantization.md.

import { describeType } from './describe_type.js';
import { NnslimError } from './errors.js';
import { checkInputShapes, requireStaticShapes } from './input_shapes.js';
import { Tensor } from './tensor.js';

const METHODS = ['minmax', 'percentile', 'mse', 'entropy'];
const SCHEMES = ['asymmetric', 'symmetric'];
const RANDOM_SAMPLES = 8;

function invalid(message) {
  return new NnslimError(`quantize: ${message}`, { code: 'INVALID_ARGUMENT' });
}

// A bad option's value for a message: a primitive as written (`got "l3"`,
// `got 1.5`), an array or object by its type.
function describe(value) {
  if (Array.isArray(value)) return 'an array';
  return value !== null && typeof value === 'object' ? describeType(value) : JSON.stringify(value);
}

function checkChoice(name, value, choices) {
  if (!choices.includes(value)) {
    throw invalid(`${name} must be ${choices.map((c) => JSON.stringify(c)).join(' or ')}, got ${describe(value)}`);
  }
  return value;
}

function checkBoolean(name, value, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalid(`${name} must be a boolean, got ${describe(value)}`);
  return value;
}

function checkNames(name, value) {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) {
    throw invalid(`${name} must be an array of layer names, got ${describe(value)}`);
  }
  return [...value];
}

const OPTIONS = ['weights', 'activations', 'weightBits', 'perChannel', 'scheme', 'symmetric', 'calibration', 'skip',
  'biasCorrection', 'inputShapes', 'onProgress', 'signal'];
const CALIBRATION_OPTIONS = ['samples', 'method', 'percentile'];

// A misspelt option would silently keep its default (per-channel weights for
// `perchannel: false`, random calibration for `calibration: { sample }`).
function checkKnown(what, object, known) {
  const unknown = Object.keys(object).find((key) => !known.includes(key));
  if (unknown !== undefined) throw invalid(`unknown option '${what}${unknown}' (the options: ${known.join(', ')})`);
}

// quantize()'s options -> what the core reads, plus the JS-side settings.
// Every bad value is an INVALID_ARGUMENT error naming the option.
export function normalizeQuantizeOptions(options = {}) {
  if (options === null || typeof options !== 'object') throw invalid(`options must be an object, got ${describe(options)}`);
  checkKnown('', options, OPTIONS);
  checkChoice('weights', options.weights ?? 'int8', ['int8']);
  const activations = checkChoice('activations', options.activations ?? 'int8', ['int8', 'float32']);
  let scheme = options.scheme;
  if (scheme === undefined && options.symmetric !== undefined) {
    scheme = checkBoolean('symmetric', options.symmetric, false) ? 'symmetric' : 'asymmetric';
  }
  scheme = checkChoice('scheme', scheme ?? 'asymmetric', SCHEMES);
  const calibration = options.calibration ?? {};
  if (calibration === null || typeof calibration !== 'object' || Array.isArray(calibration)) {
    throw invalid(`calibration must be an object { samples, method, percentile }, got ${describe(calibration)}`);
  }
  checkKnown('calibration.', calibration, CALIBRATION_OPTIONS);
  const method = checkChoice('calibration.method', calibration.method ?? 'minmax', METHODS);
  const percentile = calibration.percentile ?? 99.99;
  if (typeof percentile !== 'number' || !(percentile > 0 && percentile <= 100)) {
    throw invalid(`calibration.percentile must be a number in (0, 100], got ${describe(percentile)}`);
  }
  const { samples } = calibration;
  if (samples !== undefined && !Array.isArray(samples)) {
    throw invalid(`calibration.samples must be an array of feeds ({ inputName: Tensor } per sample), got ${describe(samples)}`);
  }
  if (Array.isArray(samples) && samples.length === 0) {
    throw invalid('calibration.samples is empty: give at least one feed, or leave samples out to calibrate on random inputs');
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw invalid(`onProgress must be a function, got ${describe(options.onProgress)}`);
  }
  return {
    native: {
      perChannel: checkBoolean('perChannel', options.perChannel, true),
      symmetric: scheme === 'symmetric',
      weightOnly: activations === 'float32',
      weightBits: checkChoice('weightBits', options.weightBits ?? 8, [8, 7]),
      biasCorrection: checkBoolean('biasCorrection', options.biasCorrection, true),
      method,
      percentile,
      skip: checkNames('skip', options.skip),
      only: [],
    },
    samples,
    inputShapes: checkInputShapes('quantize', options.inputShapes),
    onProgress: options.onProgress,
    signal: options.signal,
  };
}

// Checks each calibration sample against the model's inputs (names, types,
// static dims) so that a bad sample is named by its index.
export function checkSamples(samples, inputInfo) {
  samples.forEach((feeds, index) => {
    const where = `calibration.samples[${index}]`;
    if (feeds === null || typeof feeds !== 'object' || feeds instanceof Tensor) {
      throw invalid(`${where} must be an object mapping input names to Tensors, got ${describe(feeds)}`);
    }
    for (const name of Object.keys(feeds)) {
      if (!inputInfo.some((input) => input.name === name)) {
        throw invalid(`${where} names '${name}', which is not an input of the model (its inputs: ${
          inputInfo.map((input) => `'${input.name}'`).join(', ')})`);
      }
    }
    for (const { name, type, dims } of inputInfo) {
      const tensor = feeds[name];
      if (!(tensor instanceof Tensor)) throw invalid(`${where} has no Tensor for input '${name}'`);
      if (tensor.type !== type) throw invalid(`${where} input '${name}' is ${tensor.type}, the model expects ${type}`);
      const fits = dims === null || (tensor.dims.length === dims.length && dims.every((d, i) => d === null || d === tensor.dims[i]));
      if (!fits) {
        throw invalid(`${where} input '${name}' has dims [${tensor.dims.join(', ')}], the model expects [${
          dims.map((d) => d ?? '?').join(', ')}]`);
      }
    }
  });
}

// Seeded uniform [-1, 1) feeds (a symbolic batch 1; other symbolic dims from
// inputShapes, [{ name, dims }]): calibration without samples.
export function randomSamples(inputInfo, inputShapes = [], count = RANDOM_SAMPLES, seed = 0x9e3779b9) {
  for (const { name } of inputShapes) {
    if (!inputInfo.some((input) => input.name === name)) {
      throw invalid(`inputShapes names '${name}', which is not an input of the model (its inputs: ${
        inputInfo.map((input) => `'${input.name}'`).join(', ')})`);
    }
  }
  requireStaticShapes('quantize', inputInfo, inputShapes.map((entry) => entry.name));
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
    return ((state >>> 0) / 4294967296) * 2 - 1;
  };
  const samples = [];
  for (let s = 0; s < count; s++) {
    const feeds = {};
    for (const { name, type, dims } of inputInfo) {
      if (type !== 'float32') throw invalid(`cannot make random calibration data for ${type} input '${name}'; give calibration.samples`);
      if (dims === null) throw invalid(`input '${name}' has no declared shape; give calibration.samples`);
      const shape = inputShapes.find((entry) => entry.name === name)?.dims ?? dims.map((d) => d ?? 1);
      const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
      for (let i = 0; i < data.length; i++) data[i] = next();
      feeds[name] = new Tensor('float32', data, shape);
    }
    samples.push(feeds);
  }
  return samples;
}

// { name: Tensor } -> the bindings' [{ name, type, dims, data: bytes }].
export function sampleToNative(feeds) {
  return Object.entries(feeds).map(([name, tensor]) => ({
    name,
    type: tensor.type,
    dims: [...tensor.dims],
    data: new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength),
  }));
}

const tick = () => new Promise((resolve) => { setTimeout(resolve, 0); });

// Runs calibration on `handle` (passes x samples), reporting progress and
// honouring the AbortSignal between samples. `call(fn)` runs a native call and
// unwraps its status.
export async function calibrate(handle, call, samples, { histograms, onProgress, signal }) {
  const passes = call(() => handle.calibrationBegin(histograms));
  const total = passes * samples.length;
  for (let pass = 0; pass < passes; pass++) {
    call(() => handle.calibrationPass(pass));
    for (let i = 0; i < samples.length; i++) {
      signal?.throwIfAborted?.();
      try {
        call(() => handle.calibrate(sampleToNative(samples[i])));
      } catch (error) {
        // A bad sample (not a disposed model or a crashed instance): name it.
        if (error instanceof NnslimError && error.code !== 'DISPOSED' && error.code !== 'INTERNAL') {
          throw new NnslimError(`quantize: calibration.samples[${i}]: ${error.message}`, { code: 'INVALID_ARGUMENT', cause: error });
        }
        throw error;
      }
      onProgress?.({ phase: 'calibrate', pass, passes, done: pass * samples.length + i + 1, total });
      await tick();
    }
  }
}

function floatValues(tensor, what) {
  if (!(tensor instanceof Tensor)) throw new NnslimError(`compare: ${what} is not a Tensor`, { code: 'INVALID_ARGUMENT' });
  if (tensor.type !== 'float32' && tensor.type !== 'float64') {
    throw new NnslimError(`compare: ${what} is ${tensor.type}; compare() needs float outputs`, { code: 'INVALID_ARGUMENT' });
  }
  return tensor.data;
}

// Rows of a classifier-shaped output ([N, C] or [N, C, 1, 1] with C > 1):
// N; 0 when the output is not classifier-shaped.
function classifierRows(dims) {
  if (dims.length < 2 || dims[1] < 2) return 0;
  return dims.slice(2).every((d) => d === 1) ? dims[0] : 0;
}

function argmax(values, start, count) {
  let best = start;
  for (let i = start + 1; i < start + count; i++) if (values[i] > values[best]) best = i;
  return best - start;
}

/**
 * Fidelity of `candidate` outputs against `reference` outputs, per output
 * name. Both are { name: Tensor } (one run) or arrays of them (several runs,
 * pooled). Per output: sqnrDb = 10 log10(sum r^2 / sum (r - c)^2) (Infinity
 * when identical), cosine similarity, maxAbsError, and top1Agreement (the
 * fraction of rows whose argmax agrees) for classifier-shaped outputs
 * ([N, C] or [N, C, 1, 1]), else null. A NaN in the candidate where the
 * reference is finite makes sqnrDb -Infinity and maxAbsError NaN.
 */
export function compare(reference, candidate) {
  const refs = Array.isArray(reference) ? reference : [reference];
  const cands = Array.isArray(candidate) ? candidate : [candidate];
  if (refs.length !== cands.length || refs.length === 0) {
    throw new NnslimError(`compare: ${refs.length} reference runs but ${cands.length} candidate runs`, { code: 'INVALID_ARGUMENT' });
  }
  const totals = {};
  refs.forEach((outputs, run) => {
    for (const [name, refTensor] of Object.entries(outputs)) {
      const candTensor = cands[run][name];
      if (!candTensor) throw new NnslimError(`compare: candidate run ${run} has no output '${name}'`, { code: 'INVALID_ARGUMENT' });
      const r = floatValues(refTensor, `reference '${name}'`);
      const c = floatValues(candTensor, `candidate '${name}'`);
      if (r.length !== c.length || refTensor.dims.join() !== candTensor.dims.join()) {
        throw new NnslimError(`compare: output '${name}' has dims [${refTensor.dims}] in the reference but [${candTensor.dims}] in the candidate`,
          { code: 'INVALID_ARGUMENT' });
      }
      const t = totals[name] ??= { signal: 0, noise: 0, dot: 0, rr: 0, cc: 0, maxAbs: 0, rows: 0, agree: 0, classifier: true };
      for (let i = 0; i < r.length; i++) {
        const d = r[i] - c[i];
        t.signal += r[i] * r[i];
        t.noise += Number.isNaN(d) ? Infinity : d * d;
        t.dot += r[i] * c[i];
        t.rr += r[i] * r[i];
        t.cc += c[i] * c[i];
        const abs = Math.abs(d);
        t.maxAbs = Number.isNaN(abs) || Number.isNaN(t.maxAbs) ? NaN : Math.max(t.maxAbs, abs);
      }
      const rows = classifierRows(refTensor.dims);
      if (rows === 0) t.classifier = false;
      const width = rows ? r.length / rows : 0;
      for (let row = 0; row < rows; row++) {
        t.rows++;
        if (argmax(r, row * width, width) === argmax(c, row * width, width)) t.agree++;
      }
    }
  });
  const result = {};
  for (const [name, t] of Object.entries(totals)) {
    const sqnrDb = t.noise === 0 ? Infinity : Number.isFinite(t.noise) ? 10 * Math.log10(t.signal / t.noise) : -Infinity;
    const norm = Math.sqrt(t.rr) * Math.sqrt(t.cc);
    result[name] = {
      sqnrDb,
      cosine: norm === 0 ? (t.rr === t.cc ? 1 : 0) : t.dot / norm,
      maxAbsError: t.maxAbs,
      top1Agreement: t.classifier && t.rows > 0 ? t.agree / t.rows : null,
    };
  }
  return result;
}

// The lowest SQNR over a compare() result's outputs.
export function worstSqnr(comparison) {
  return Math.min(...Object.values(comparison).map((entry) => entry.sqnrDb));
}

export { METHODS as CALIBRATION_METHODS };
