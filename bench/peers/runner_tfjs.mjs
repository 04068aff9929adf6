// TensorFlow.js with the wasm backend (XNNPACK inside), 1 thread, SIMD, running
// the network tfjs_network.mjs builds from the manifest.
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { fileURLToPath } from 'node:url';

import { packageDir, packageVersion } from './versions.mjs';
import { buildNetwork, nchwToNhwc } from './tfjs_network.mjs';

export const label = 'tfjs-wasm';

export function version() {
  return `tfjs-core ${packageVersion('@tensorflow/tfjs-core')}, backend-wasm ${packageVersion('@tensorflow/tfjs-backend-wasm')}`;
}

export async function setup() {
  // A file-system prefix: the Node build of the backend reads the .wasm with fs.
  setWasmPaths(fileURLToPath(new URL('dist/', packageDir('@tensorflow/tfjs-backend-wasm'))));
  setThreadsCount(1);
  if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") failed');
  await tf.ready();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  if (!simd) throw new Error('the TF.js wasm backend found no SIMD support: it would run its scalar build');
  return { simd, multithread: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') };
}

export async function create(workload) {
  if (!workload.manifest.layers) throw new Error('this runner rebuilds networks from a layer manifest; real ONNX models have none');
  const network = buildNetwork(tf, workload);
  const shape = workload.inputShape;
  const input = shape.length === 4
    ? tf.tensor4d(nchwToNhwc(workload.input, shape), [shape[0], shape[2], shape[3], shape[1]])
    : tf.tensor(workload.input, shape);
  return {
    async run() {
      const output = tf.tidy(() => network.forward(input));
      const data = await output.data();
      output.dispose();
      return data;
    },
    async dispose() {
      input.dispose();
      for (const tensor of network.weights) tensor.dispose();
    },
  };
}
