#!/usr/bin/env node
// The `nnslim` command: summary, profile and latency benchmark of an ONNX
// model (or of the built-in default model, MobileNetV2, when no file is given).
//
// Exit codes: 0 ok, 1 any error. An error prints `nnslim: <CODE>: message`
// on stderr (CODE as NnslimError.code: INVALID_MODEL, INVALID_ARGUMENT, ...);
// errors about the user's input (bad file, bad model, bad option) get one
// line, without a stack trace.
import { parseArgs } from 'node:util';

import {
  CliUsageError, PRUNE_HELP, PRUNE_USAGE, explainCommand, pruneCommand,
} from './cli_prune.js';
import { quantizeCommand } from './cli_quantize.js';
import * as nnslim from './node.js';

const USAGE = `Usage:
  nnslim summary [MODEL.onnx] [--input-shape [NAME=]DIMS]... [--qdq-nodes]
  nnslim profile [MODEL.onnx] [--batch N] [--input-shape [NAME=]DIMS]... [--json]
  nnslim bench [MODEL.onnx] [--batch N] [--input-shape [NAME=]DIMS]... [--warmup N] [--iterations N] [--threads N] [--per-layer] [--json]
${PRUNE_USAGE}
  nnslim quantize MODEL.onnx -o OUT.onnx [--calib DIR] [--method minmax|percentile|mse|entropy]
                 [--percentile P] [--per-tensor] [--weight-only] [--symmetric] [--weight-bits 8|7] [--skip LAYER]...
                 [--input-shape [NAME=]DIMS]...
  nnslim --help | --version

Without MODEL.onnx the built-in default model (MobileNetV2-1.0, 224x224) is used.
  summary   Keras-style table: layer (type), output shape, params; totals.
            A quantized (QDQ) file shows one row per quantized layer ("Conv int8",
            its QuantizeLinear / DequantizeLinear nodes folded in);
            --qdq-nodes  list those nodes as rows of their own
  profile   per-layer and total params, MACs, FLOPs, weight bytes, peak memory
            (graph activations, liveness plan) and the runtime arena of the compiled plan.
            --batch N  batch size (default 1)   --json  print the profile as JSON
            --input-shape NAME=1x3x48x192  a static shape for an input with
            symbolic dims besides the batch (NAME= optional for one input)
  bench     latency (mean, p50, p90, p99, min, max) of one run() on random
            inputs, throughput (inferences/s) and the cold first run
            --warmup N (default 10)  --iterations N (default 100)
            --threads N  threads per run (default: the cores, at most 4)
            --per-layer  also every step in execution order: op, kernel,
            median ms, % of the total; REFERENCE marks a step run by the
            op's slow scalar NCHW reference implementation
${PRUNE_HELP}
  quantize  int8 ONNX QDQ model (docs/quantization.md); prints sizes and the
            fidelity (SQNR, cosine, top-1) on the calibration samples
            --calib DIR  .npy / raw float32 .bin files, one per sample (several
            inputs: one folder per sample with INPUT.npy); without it: random
            inputs, with a warning   --method (default minmax)  --percentile P
            (default 99.99)  --per-tensor weights  --weight-only (float
            activations)  --symmetric activations  --skip LAYER (repeatable)
            --weight-bits 7  weight codes in [-63, 63] (the relaxed build's 8-bit dot)
            --input-shape  the random calibration inputs' shape (inputs with symbolic H/W)
--input-shape is required for an input with symbolic dims besides the batch
(Paddle2ONNX's dynamic H/W, dynamic sequence axes): NAME=1x3x48x192.
FLOPs convention: 1 MAC = 2 FLOPs; bias adds and activations are elementwise ops.
Sizes in MiB are 2^20 bytes.`;

class UsageError extends Error {}

const MIB = 2 ** 20;
const integer = new Intl.NumberFormat('en-US');
const fixed2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const formatMiB = (bytes) => `${fixed2.format(bytes / MIB)} MiB`;
// Totals: MiB (as the profiler in the lecture "The art of speed" prints) and the exact byte count.
const formatTotalBytes = (bytes) => `${formatMiB(bytes)} (${integer.format(bytes)} bytes)`;
// Per-layer sizes span bytes to hundreds of MiB: pick the unit.
function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < MIB) return `${fixed2.format(bytes / 1024)} KiB`;
  return formatMiB(bytes);
}
const formatShape = (shape) => `(${shape.map((dim) => (dim === null || dim < 0 ? 'None' : dim)).join(', ')})`;

function readOptions(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        batch: { type: 'string' },
        'input-shape': { type: 'string', multiple: true, default: [] },
        warmup: { type: 'string' },
        iterations: { type: 'string' },
        threads: { type: 'string' },
        json: { type: 'boolean', default: false },
        'per-layer': { type: 'boolean', default: false },
        'qdq-nodes': { type: 'boolean', default: false },
        output: { type: 'string', short: 'o' },
        calib: { type: 'string' },
        method: { type: 'string' },
        percentile: { type: 'string' },
        'per-tensor': { type: 'boolean', default: false },
        'weight-only': { type: 'boolean', default: false },
        symmetric: { type: 'boolean', default: false },
        'weight-bits': { type: 'string' },
        skip: { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error.message);
  }
  const { values, positionals } = parsed;
  const [command, modelPath, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
  let batchSize; // undefined: the batch of --input-shape, else 1
  if (values.batch !== undefined) {
    if (!/^[1-9][0-9]*$/.test(values.batch)) throw new UsageError(`--batch must be a positive integer, got '${values.batch}'`);
    batchSize = Number(values.batch);
  }
  const count = (name, fallback, min) => {
    const text = values[name];
    if (text === undefined) return fallback;
    if (!/^[0-9]+$/.test(text) || Number(text) < min) throw new UsageError(`--${name} must be an integer >= ${min}, got '${text}'`);
    return Number(text);
  };
  // --input-shape [NAME=]D1xD2x... (repeatable): a static shape for an input
  // with symbolic dims besides the batch; NAME may be left out when the model
  // has one input (resolved in inputShapesFor once the model is loaded).
  const inputShapes = values['input-shape'].map((text) => {
    const match = /^(?:(.+)=)?([1-9][0-9]*(?:[x,][1-9][0-9]*)*)$/.exec(text);
    if (!match) throw new UsageError(`--input-shape must look like NAME=1x3x224x224 (or 1x3x224x224 for a one-input model), got '${text}'`);
    return { name: match[1], dims: match[2].split(/[x,]/).map(Number) };
  });
  return {
    command, modelPath, batchSize, inputShapes, json: values.json, help: values.help, version: values.version,
    warmup: count('warmup', 10, 0), iterations: count('iterations', 100, 1), perLayer: values['per-layer'],
    qdqNodes: values['qdq-nodes'],
    numThreads: values.threads === undefined ? undefined : count('threads', 1, 1),
    benchOnly: values.warmup !== undefined || values.iterations !== undefined || values['per-layer'] || values.threads !== undefined,
    quantize: {
      output: values.output,
      calib: values.calib,
      method: values.method ?? 'minmax',
      percentile: values.percentile === undefined ? undefined : Number(values.percentile),
      perTensor: values['per-tensor'],
      weightOnly: values['weight-only'],
      symmetric: values.symmetric,
      weightBits: weightBits(values['weight-bits']),
      skip: values.skip,
    },
    quantizeOnly: values.output !== undefined || values.calib !== undefined || values.method !== undefined ||
      values.percentile !== undefined || values['per-tensor'] || values['weight-only'] || values.symmetric || values['weight-bits'] !== undefined ||
      values.skip.length > 0,
  };
}

function weightBits(text) {
  if (text === undefined) return 8;
  if (text !== '8' && text !== '7') throw new UsageError(`--weight-bits must be 8 or 7, got '${text}'`);
  return Number(text);
}

function inputShapesFor(model, inputShapes) {
  if (inputShapes.length === 0) return undefined;
  const shapes = {};
  for (const { name, dims } of inputShapes) {
    if (name === undefined && model.inputNames.length !== 1) {
      throw new UsageError(`--input-shape needs NAME= for a model with ${model.inputNames.length} inputs (${model.inputNames.join(', ')})`);
    }
    shapes[name ?? model.inputNames[0]] = dims;
  }
  return shapes;
}

async function openModel(modelPath, numThreads) {
  if (modelPath !== undefined) return nnslim.loadModel(modelPath, { numThreads });
  if (numThreads !== undefined) throw new UsageError('--threads needs a MODEL.onnx (the built-in model uses the default)');
  if (typeof nnslim.zoo.mobilenetV2 !== 'function') {
    throw new nnslim.NnslimError('the default model (zoo.mobilenetV2) is not available in this build', { code: 'INTERNAL' });
  }
  return nnslim.zoo.mobilenetV2();
}

// Columns padded to their widest cell; numbers right-aligned.
function formatTable(header, rows, rightAligned) {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const formatRow = (row) => row
    .map((cell, column) => (rightAligned[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
    .join('  ')
    .trimEnd();
  const rule = '-'.repeat(widths.reduce((sum, width) => sum + width, 0) + 2 * (widths.length - 1));
  return [formatRow(header), rule, ...rows.map(formatRow), rule].join('\n');
}

function formatProfile(profile) {
  const rows = profile.layers.map((layer) => [
    `${layer.name} (${layer.type})`,
    formatShape(layer.outputShape),
    integer.format(layer.params),
    integer.format(layer.macs),
    integer.format(layer.flops),
    formatBytes(layer.activationBytes),
  ]);
  const table = formatTable(
    ['Layer (type)', 'Output shape', 'Params', 'MACs', 'FLOPs', 'Output size'],
    rows, [false, false, true, true, true, true]);
  const byDtype = Object.entries(profile.weightBytes.byDtype)
    .map(([dtype, bytes]) => `${dtype}: ${formatBytes(bytes)}`).join(', ');
  const totals = [
    `Batch size:       ${profile.batchSize}`,
    `Params:           ${integer.format(profile.params.total)} total, ` +
      `${integer.format(profile.params.trainable)} trainable, ${integer.format(profile.params.nonTrainable)} non-trainable`,
    `MACs:             ${integer.format(profile.macs)}`,
    `FLOPs:            ${integer.format(profile.flops)} (${fixed2.format(profile.flops / 1e9)} GFLOPs; 1 MAC = 2 FLOPs)`,
    `Elementwise ops:  ${integer.format(profile.elementwiseOps)} (bias adds, activations, ...; not in FLOPs)`,
    `Weights:          ${formatTotalBytes(profile.weightBytes.total)}${byDtype ? `; ${byDtype}` : ''}`,
    `Activations:      ${formatTotalBytes(profile.activationBytes)}; all layer outputs`,
    `Peak memory:      ${formatTotalBytes(profile.peakMemoryBytes)}; graph activations, liveness plan ` +
      '(the graph as written, 16-byte aligned, inputs included)',
    profile.runtimeArenaBytes === null
      ? `Runtime arena:    n/a${profile.runtimeArenaNote ? ` (${profile.runtimeArenaNote})` : ''}`
      : `Runtime arena:    ${formatTotalBytes(profile.runtimeArenaBytes)}; runtime arena of the compiled plan ` +
        '(fused steps and their scratch, 64-byte aligned): what run() allocates for activations',
  ];
  return `${table}\n${totals.join('\n')}\n`;
}

// One row per step in execution order, then how much of the time the
// reference fallback takes.
function formatLayers(layers) {
  // Two decimals from 0.1 ms; below, two significant digits: the steps of a
  // small model take microseconds, and "0.00" beside "24.4%" says nothing.
  const ms = (value) => (value >= 0.1 || value === 0 ? fixed2.format(value) : value.toPrecision(2));
  const totalMs = layers.reduce((sum, step) => sum + step.ms, 0);
  const percent = (value) => `${(totalMs > 0 ? (100 * value) / totalMs : 0).toFixed(1)}%`;
  const rows = layers.map((step, index) => [
    String(index), step.layer, step.op, step.kernel, ms(step.ms), percent(step.ms), step.reference ? 'REFERENCE' : '',
  ]);
  const table = formatTable(['Step', 'Layer', 'Op', 'Kernel', 'ms', '%', ''], rows,
    [true, false, false, false, true, true, false]);
  const onReference = layers.filter((step) => step.reference);
  const referenceMs = onReference.reduce((sum, step) => sum + step.ms, 0);
  return `${table}\n${layers.length} steps, ${onReference.length} on the reference ` +
    `(${ms(referenceMs)} ms, ${percent(referenceMs)} of ${ms(totalMs)} ms; per-step medians)\n`;
}

// The profile with the runtime arena of the compiled plan; a model that
// cannot run (an op without a kernel, say) still gets its profile, with the
// reason in place of the arena.
function profileWithArena(model, options) {
  try {
    return model.profile({ ...options, compile: true });
  } catch (error) {
    if (!(error instanceof nnslim.NnslimError)) throw error;
    return { ...model.profile(options), runtimeArenaNote: `no plan: ${error.message}` };
  }
}

function formatBenchmark(result) {
  const ms = (value) => `${fixed2.format(value)} ms`;
  const { latencyMs: l } = result;
  return [
    `Batch size:   ${result.batchSize}; ${result.warmup} warm-up runs, ${result.iterations} timed runs ` +
      `(${result.numThreads} thread${result.numThreads === 1 ? '' : 's'})`,
    `Build:        ${result.build} (${result.buildReason})`,
    `Latency:      mean ${ms(l.mean)}, p50 ${ms(l.p50)}, p90 ${ms(l.p90)}, p99 ${ms(l.p99)}, min ${ms(l.min)}, max ${ms(l.max)}`,
    `Throughput:   ${fixed2.format(result.throughput)} inferences/s`,
    `First run:    ${ms(result.coldMs)} (compiles the plan: kernels, packed weights, memory arena)`,
    '',
  ].join('\n');
}

async function main(argv) {
  // The module, loaded asynchronously: the threaded build when there is one
  // (a synchronous first call, e.g. the built-in model, would get a
  // single-threaded build).
  await nnslim.init();
  if (argv[0] === 'prune') return pruneCommand(argv.slice(1));
  if (argv[0] === 'explain') return explainCommand(argv.slice(1));
  const options = readOptions(argv);
  if (options.help) return void process.stdout.write(`${USAGE}\n`);
  if (options.version) {
    const { readFile } = await import('node:fs/promises');
    const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
    return void process.stdout.write(`${manifest.version}\n`);
  }
  if (!['summary', 'profile', 'bench', 'quantize'].includes(options.command)) {
    throw new UsageError(options.command === undefined ? 'no command given' : `unknown command '${options.command}'`);
  }
  if (options.command === 'summary' && (options.json || options.batchSize !== undefined)) {
    throw new UsageError('--json and --batch apply to `nnslim profile` and `nnslim bench` only');
  }
  if (options.qdqNodes && options.command !== 'summary') throw new UsageError('--qdq-nodes applies to `nnslim summary` only');
  if (options.benchOnly && options.command !== 'bench') throw new UsageError('--warmup, --iterations, --threads and --per-layer apply to `nnslim bench` only');
  if (options.quantizeOnly && options.command !== 'quantize') throw new UsageError('-o, --calib, --method, ... apply to `nnslim quantize` only');
  if (options.command === 'quantize') {
    if (options.modelPath === undefined) throw new UsageError('nnslim quantize needs MODEL.onnx');
    if (options.quantize.output === undefined) throw new UsageError('nnslim quantize needs -o OUT.onnx');
  }
  const model = await openModel(options.modelPath, options.numThreads);
  try {
    if (options.command === 'quantize') {
      process.stdout.write(await quantizeCommand(model, { ...options.quantize, inputShapes: inputShapesFor(model, options.inputShapes) }));
    } else if (options.command === 'summary') {
      const text = model.summary({ printFn: null, inputShapes: inputShapesFor(model, options.inputShapes), qdqNodes: options.qdqNodes });
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    } else if (options.command === 'bench') {
      const result = await model.benchmark({
        batchSize: options.batchSize, inputShapes: inputShapesFor(model, options.inputShapes), warmup: options.warmup, iterations: options.iterations, perLayer: options.perLayer,
      });
      delete result.samplesMs;
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } else {
        process.stdout.write(`${options.perLayer ? `${formatLayers(result.layers)}\n` : ''}${formatBenchmark(result)}`);
      }
    } else {
      const profile = profileWithArena(model, {
        batchSize: options.batchSize, inputShapes: inputShapesFor(model, options.inputShapes),
      });
      process.stdout.write(options.json ? `${JSON.stringify(profile, null, 2)}\n` : formatProfile(profile));
    }
  } finally {
    model.dispose();
  }
}

process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0); // e.g. `nnslim profile | head`
  throw error;
});

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error instanceof CliUsageError) {
    process.stderr.write(`nnslim: INVALID_ARGUMENT: ${error.message}\n\n${USAGE}\n`);
  } else if (error instanceof nnslim.NnslimError) {
    process.stderr.write(`nnslim: ${error.code}: ${error.message}\n`);
  } else {
    process.stderr.write(`nnslim: INTERNAL: ${error.stack ?? error}\n`);
  }
  process.exitCode = 1;
}
