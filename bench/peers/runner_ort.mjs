// onnxruntime-web, wasm execution provider, SIMD (1 thread unless setThreads): loads the .onnx bytes.
import * as ort from 'onnxruntime-web';

import { concatOutputs } from './stats.mjs';
import { packageVersion } from './versions.mjs';

export const label = 'onnxruntime-web';

export function version() {
  return packageVersion('onnxruntime-web');
}

// Threads: 1 (no worker threads) for the single-threaded peer comparison;
// bench/threads sets more before setup().
let numThreads = 1;
export function setThreads(count) {
  numThreads = count;
}

export async function setup() {
  ort.env.wasm.numThreads = numThreads;
  ort.env.wasm.simd = true; // fixed-width SIMD128 (the default; stated for the record)
  ort.env.wasm.proxy = false;
  ort.env.logLevel = 'error'; // real models make it warn about every unused initializer
}

export async function create(workload) {
  const session = await ort.InferenceSession.create(workload.onnxBytes, {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3, // errors only
  });
  const { name: inputName } = workload.manifest.input;
  const outputNames = workload.manifest.output ? [workload.manifest.output.name] : session.outputNames;
  const feeds = { [inputName]: new ort.Tensor('float32', workload.input, workload.inputShape) };
  return {
    async run() {
      const results = await session.run(feeds);
      const output = concatOutputs(outputNames.map((name) => results[name].data));
      for (const tensor of Object.values(results)) tensor.dispose();
      return output;
    },
    async dispose() {
      await session.release();
    },
  };
}
