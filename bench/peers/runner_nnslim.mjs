// nnslim, from this repository's package entry (web/node.js): loads the .onnx
// bytes and runs them through model.run(). Imported lazily so that a missing
// build or a runtime that is not there yet makes the column "n/a" (with the
// reason) instead of stopping the peers' measurements. NNSLIM_ENTRY=<path or
// URL of an entry module> measures another build (an installed package, say).
import { pathToFileURL } from 'node:url';

import { concatOutputs } from './stats.mjs';
import { nnslimVersion } from './versions.mjs';

export const label = 'nnslim';

let nnslim;

export function version() {
  const entry = process.env.NNSLIM_ENTRY;
  return entry ? `entry ${entry}` : `${nnslimVersion()}, web/node.js`;
}

export async function setup() {
  const entry = process.env.NNSLIM_ENTRY;
  nnslim = await import(entry ? (/^[a-z]+:/i.test(entry) ? entry : pathToFileURL(entry).href) : '../../web/node.js');
  return { simd: nnslim.simdSupported?.() ?? 'unknown' };
}

export async function create(workload) {
  const model = await nnslim.loadModel(workload.onnxBytes);
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

// The warm read bandwidth of nnslim's wasm module for a buffer of `bytes`
// (the probe in wasm/bench_bindings.cc, through the internal export
// _readBandwidth): {gbPerSecond (median pass), bestGbPerSecond, bytes, repeats}.
export function readBandwidth(bytes, repeats) {
  if (typeof nnslim?._readBandwidth !== 'function') {
    throw new Error('this nnslim build has no _readBandwidth probe');
  }
  return nnslim._readBandwidth(bytes, repeats);
}
