// `nnslim quantize MODEL.onnx -o OUT.onnx`: the CLI face of model.quantize().
// Calibration data (--calib DIR): for a one-input model, every .npy or .bin
// file in DIR is one sample; for several inputs, every subfolder of DIR is
// one sample holding INPUT_NAME.npy (or .bin) per input. .npy: little-endian
// float32 (or float64, converted), C order, the input's shape; .bin: raw
// little-endian float32 of the input's shape (symbolic dims 1).
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { shapesOfFeeds } from './input_shapes.js';
import * as nnslim from './node.js';

function invalid(message) {
  return new nnslim.NnslimError(message, { code: 'INVALID_ARGUMENT' });
}

// A .npy file (format versions 1-3) as { dims, data: Float32Array }.
export function parseNpy(bytes, path) {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || !magic.every((b, i) => bytes[i] === b)) throw invalid(`--calib: ${path} is not a .npy file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*True/.test(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || shapeText === undefined) throw invalid(`--calib: ${path}: unreadable .npy header`);
  if (fortran) throw invalid(`--calib: ${path}: Fortran-order arrays are not supported`);
  const dims = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const count = dims.reduce((a, b) => a * b, 1);
  const offset = headerStart + headerLength;
  const data = new Float32Array(count);
  if (descr === '<f4') {
    for (let i = 0; i < count; i++) data[i] = view.getFloat32(offset + 4 * i, true);
  } else if (descr === '<f8') {
    for (let i = 0; i < count; i++) data[i] = view.getFloat64(offset + 8 * i, true);
  } else {
    throw invalid(`--calib: ${path}: dtype '${descr}' is not supported (float32 or float64 .npy files)`);
  }
  return { dims, data };
}

async function readSampleFile(path, input) {
  const bytes = new Uint8Array(await readFile(path));
  const shape = (input.dims ?? []).map((d) => d ?? 1);
  if (path.endsWith('.npy')) {
    const { dims, data } = parseNpy(bytes, path);
    return new nnslim.Tensor('float32', data, dims);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.byteLength !== 4 * count) {
    throw invalid(`--calib: ${path} has ${bytes.byteLength} bytes; input '${input.name}' [${shape}] needs ${4 * count} (raw float32)`);
  }
  const data = new Float32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) data[i] = view.getFloat32(4 * i, true);
  return new nnslim.Tensor('float32', data, shape);
}

const isSampleFile = (name) => name.endsWith('.npy') || name.endsWith('.bin');

// The calibration samples in `dir` for `model` (see the file comment).
export async function readCalibrationDir(dir, model) {
  let entries;
  try {
    entries = (await readdir(dir)).sort();
  } catch (error) {
    throw invalid(`--calib: cannot read folder '${dir}': ${error.code === 'ENOENT' ? 'no such folder' : error.message}`);
  }
  const inputs = model.inputs;
  const samples = [];
  if (inputs.length === 1) {
    for (const name of entries.filter(isSampleFile)) samples.push({ [inputs[0].name]: await readSampleFile(join(dir, name), inputs[0]) });
  } else {
    for (const name of entries) {
      const folder = join(dir, name);
      if (!(await stat(folder)).isDirectory()) continue;
      const files = await readdir(folder);
      const feeds = {};
      for (const input of inputs) {
        const file = files.find((f) => f === `${input.name}.npy` || f === `${input.name}.bin`);
        if (!file) throw invalid(`--calib: sample folder '${folder}' has no ${input.name}.npy or ${input.name}.bin`);
        feeds[input.name] = await readSampleFile(join(folder, file), input);
      }
      samples.push(feeds);
    }
  }
  if (samples.length === 0) throw invalid(`--calib: '${dir}' holds no samples (.npy/.bin files${inputs.length > 1 ? ' in one folder per sample' : ''})`);
  return samples;
}

// A one-line progress bar on a TTY (rewritten in place); nothing otherwise.
function progressBar(stream) {
  if (!stream.isTTY) return undefined;
  return ({ phase, done, total }) => {
    const width = 30;
    const filled = total > 0 ? Math.round((width * done) / total) : width;
    stream.write(`\r${phase.padEnd(10)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    if (phase === 'quantize') stream.write('\n');
  };
}

const mib = (bytes) => {
  if (bytes < 1024) return `${bytes} B`;
  return bytes < 2 ** 20 ? `${(bytes / 1024).toFixed(2)} KiB` : `${(bytes / 2 ** 20).toFixed(2)} MiB`;
};

// The layers of a quantized model that run in float between a
// DequantizeLinear and a QuantizeLinear (ops with no int8 kernel), as
// 'layer (Op)', from the steps of one profiled run: every step but the
// Q/DQ conversions and layout copies whose kernel is not an int8 (qs8) one.
export function floatFallbacks(steps) {
  const conversions = new Set(['QuantizeLinear', 'DequantizeLinear', 'layout']);
  const layers = new Map();
  for (const step of steps) {
    if (!conversions.has(step.op) && !step.kernel.includes('qs8')) layers.set(step.layer, step.op);
  }
  return [...layers].map(([layer, op]) => `${layer} (${op})`);
}

// Runs the command; returns the summary text.
export async function quantizeCommand(model, {
  output, calib, method, percentile, perTensor, weightOnly, symmetric, weightBits = 8, skip, inputShapes,
}) {
  const samples = calib ? await readCalibrationDir(calib, model) : undefined;
  const options = {
    perChannel: !perTensor,
    activations: weightOnly ? 'float32' : 'int8',
    scheme: symmetric ? 'symmetric' : 'asymmetric',
    weightBits,
    skip,
    calibration: { samples, method, percentile },
    inputShapes,
    onProgress: progressBar(process.stderr),
  };
  const quantized = await model.quantize(options);
  try {
    const bytes = quantized.toOnnx();
    await writeFile(output, bytes);
    // Weight bytes do not depend on the shapes, but profile() needs static ones.
    const shapes = inputShapes ?? (samples && shapesOfFeeds(samples[0]));
    const before = model.profile({ inputShapes: shapes }).weightBytes;
    const after = quantized.profile({ inputShapes: shapes }).weightBytes;
    const evaluation = (samples ?? []).slice(0, 8);
    const lines = [
      `Wrote ${output}: ${mib(bytes.byteLength)}`,
      `Weights: ${mib(before.total)} -> ${mib(after.total)} (${(before.total / after.total).toFixed(2)}x smaller; ${
        Object.entries(after.byDtype).map(([dtype, n]) => `${dtype} ${mib(n)}`).join(', ')})`,
      `Scheme: ${weightOnly ? 'weight-only int8' : `static int8, ${method} calibration on ${samples ? samples.length : 'random'} samples`}, ` +
        `${perTensor ? 'per-tensor' : 'per-channel'}${weightBits === 7 ? ' 7-bit' : ''} weights${weightOnly ? '' : `, ${symmetric ? 'symmetric' : 'asymmetric'} activations`}`,
    ];
    if (!weightOnly) {
      try {
        const { layers } = await quantized.benchmark({ warmup: 0, iterations: 1, perLayer: true, inputs: evaluation[0], inputShapes: shapes });
        const fallbacks = floatFallbacks(layers);
        lines.push(fallbacks.length === 0 ? 'int8 runtime: every layer runs on int8 kernels'
          : `Float fallback (no int8 kernel: DequantizeLinear -> f32 op -> QuantizeLinear): ${fallbacks.join(', ')}`);
      } catch (error) {
        lines.push(`Float fallback: not determined (${error.message})`);
      }
    }
    if (evaluation.length > 0) {
      const reference = [];
      const candidate = [];
      for (const feeds of evaluation) {
        reference.push(await model.run(feeds));
        candidate.push(await quantized.run(feeds));
      }
      for (const [name, m] of Object.entries(nnslim.compare(reference, candidate))) {
        lines.push(`Fidelity of '${name}' on ${evaluation.length} calibration samples: SQNR ${m.sqnrDb.toFixed(2)} dB, ` +
          `cosine ${m.cosine.toFixed(5)}, max |error| ${m.maxAbsError.toPrecision(3)}` +
          (m.top1Agreement === null ? '' : `, top-1 agreement ${(100 * m.top1Agreement).toFixed(1)}%`));
      }
    } else {
      lines.push('Fidelity: not measured (no --calib samples)');
    }
    return `${lines.join('\n')}\n`;
  } finally {
    quantized.dispose();
  }
}
