// nnslim, from this repository's package entry (web/node.js): loads the .onnx
// bytes and runs them through model.run(). Imported lazily so that a missing
// build or a runtime that is not there yet makes the column "n/a" (with the
// reason) instead of stopping the peers' measurements. NNSLIM_ENTRY=<path or
// URL of an entry module> measures another build (an installed package, say).
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { concatOutputs } from './stats.mjs';
import { nnslimVersion } from './versions.mjs';

export const label = 'nnslim';

let nnslim;
let bandwidthProbe;      // the probe module (bench/peers/read_bandwidth.cc), or
let bandwidthError = ''; // why it could not be loaded

export function version() {
  const entry = process.env.NNSLIM_ENTRY;
  return entry ? `entry ${entry}` : `${nnslimVersion()}, web/node.js`;
}

export async function setup() {
  const entry = process.env.NNSLIM_ENTRY;
  nnslim = await import(entry ? (/^[a-z]+:/i.test(entry) ? entry : pathToFileURL(entry).href) : '../../web/node.js');
  await loadBandwidthProbe();
  return { simd: nnslim.simdSupported?.() ?? 'unknown' };
}

// The probe is its own wasm module (target nnslim_bench_bandwidth, built by
// scripts/bench-peers.sh into $NNSLIM_BUILD_WASM/bench, default build-wasm).
async function loadBandwidthProbe() {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const buildDir = process.env.NNSLIM_BUILD_WASM || 'build-wasm';
  const base = join(isAbsolute(buildDir) ? buildDir : join(root, buildDir), 'bench', 'nnslim_bench_bandwidth');
  try {
    const { default: createBandwidthModule } = await import(pathToFileURL(`${base}.mjs`).href);
    bandwidthProbe = await createBandwidthModule({ wasmBinary: await readFile(`${base}.wasm`) });
  } catch (error) {
    bandwidthError = `no bandwidth probe at ${base}.mjs (cmake --build ${buildDir} --target nnslim_bench_bandwidth): ${error.message}`;
  }
}

// Threads per model: 1 for the single-threaded peer comparison (the default
// of loadModel would take every core); bench/threads sets more.
let numThreads = 1;
export function setThreads(count) {
  numThreads = count;
}

export async function create(workload) {
  const model = await nnslim.loadModel(workload.onnxBytes, { numThreads });
  if (typeof model.run !== 'function') {
    model.dispose();
    throw new Error('model.run() is not implemented in this build');
  }
  const { name: inputName } = workload.manifest.input;
  const outputNames = workload.manifest.output ? [workload.manifest.output.name] : model.outputNames;
  const feeds = { [inputName]: new nnslim.Tensor('float32', workload.input, workload.inputShape) };
  return {
    async run() {
      const results = await model.run(feeds);
      return concatOutputs(outputNames.map((name) => {
        if (!results[name]) throw new Error(`model.run() returned no output '${name}'`);
        return results[name].data;
      }));
    },
    async dispose() {
      model.dispose();
    },
  };
}

// The warm read bandwidth of wasm SIMD128 loads for a buffer of `bytes`
// (bench/peers/read_bandwidth.cc): {gbPerSecond (median pass),
// bestGbPerSecond, addGbPerSecond, bytes, repeats, checksum}.
export function readBandwidth(bytes, repeats) {
  if (!bandwidthProbe) throw new Error(bandwidthError || 'runner_nnslim: setup() has not run');
  const result = bandwidthProbe.readBandwidth(bytes, repeats);
  if (result.error) throw new Error(result.error);
  return result;
}
