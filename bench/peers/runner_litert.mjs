// LiteRT.js (@litertjs/core: Google's TFLite runtime for the web, XNNPACK in
// WebAssembly), CPU ('wasm' accelerator), 1 thread, on the workload's .tflite
// (make_workloads.py writes it from the same manifest and weights as the .onnx:
// manifest_tflite.py). The package ships a plain-SIMD module
// (litert_wasm_compat_internal) and a relaxed-SIMD one (litert_wasm_internal)
// and picks one by a relaxed-SIMD probe; loadLiteRtBuild(build) loads the one
// named, so both can be timed in one process.
//
// Node: LiteRT.js is written for browsers. It runs in Node with small shims:
// `self` (its loader reads self.ModuleFactory), `importScripts` (it loads the
// Emscripten glue as a classic script: run here with vm.runInThisContext),
// `require` / `__dirname` for the glue's Node branch, and the .wasm bytes
// handed over as Module.wasmBinary (Node 20's fetch cannot read file: URLs).
// The package keeps its runtime in module state (one loaded module per
// import), so each build gets its own copy of the package's dist/ under
// ./generated (bare imports still resolve to bench/node_modules).
import { cpSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

import { packageDir, packageVersion } from './versions.mjs';
import { GENERATED_DIR } from './workloads.mjs';

export const label = 'LiteRT.js';

// build -> the package's wasm file name (without extension).
export const LITERT_BUILDS = { plain: 'litert_wasm_compat_internal', relaxed: 'litert_wasm_internal' };

export function version() {
  return packageVersion('@litertjs/core');
}

function installShims(wasmDir) {
  globalThis.self ??= globalThis;
  globalThis.require ??= createRequire(import.meta.url);
  globalThis.__dirname ??= fileURLToPath(wasmDir);
  globalThis.__filename ??= fileURLToPath(new URL('glue.js', wasmDir));
  globalThis.importScripts ??= (url) => {
    vm.runInThisContext(readFileSync(new URL(url), 'utf8'), { filename: String(url) });
  };
}

// NCHW -> NHWC (the .tflite's activations are NHWC).
export function toNhwc(data, [n, c, h, w]) {
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) out[((b * h + y) * w + x) * c + ch] = data[((b * c + ch) * h + y) * w + x];
  return out;
}

// Loads one LiteRT.js build; returns { build, create(workload) }.
export async function loadLiteRtBuild(build) {
  const file = LITERT_BUILDS[build];
  if (!file) throw new Error(`LiteRT.js build must be one of ${Object.keys(LITERT_BUILDS).join(', ')}, got '${build}'`);
  const wasmDir = new URL('wasm/', packageDir('@litertjs/core'));
  installShims(wasmDir);
  const copy = new URL(`litert-${build}/`, GENERATED_DIR);
  cpSync(new URL('dist/', packageDir('@litertjs/core')), new URL('dist/', copy), { recursive: true });
  cpSync(new URL('package.json', packageDir('@litertjs/core')), new URL('package.json', copy));
  const litert = await import(pathToFileURL(fileURLToPath(new URL('dist/index.js', copy))).href);
  globalThis.Module = { wasmBinary: readFileSync(new URL(`${file}.wasm`, wasmDir)) };
  await litert.loadLiteRt(new URL(`${file}.js`, wasmDir).href);
  return {
    build,
    async create(workload) {
      if (!workload.manifest.tflite) throw new Error(`${workload.name}: no .tflite (rerun make_workloads.py)`);
      const bytes = new Uint8Array(readFileSync(new URL(workload.manifest.tflite, GENERATED_DIR)));
      const model = await litert.loadAndCompile(bytes, { accelerator: 'wasm', cpuOptions: { numThreads: 1 } });
      const shape = workload.inputShape.length === 4
        ? [workload.inputShape[0], workload.inputShape[2], workload.inputShape[3], workload.inputShape[1]]
        : workload.inputShape;
      const data = workload.inputShape.length === 4 ? toNhwc(workload.input, workload.inputShape) : workload.input;
      const input = new litert.Tensor(data, shape);
      return {
        async run() {
          const outputs = await model.run([input]);
          const result = Float32Array.from(outputs[0].toTypedArray());
          for (const tensor of outputs) tensor.delete();
          return result;
        },
        dispose() {
          input.delete();
          model.delete();
        },
      };
    },
  };
}

// The peers runner's interface (run_peers.mjs): the build LiteRT.js itself
// would pick here, by the same relaxed-SIMD probe as nnslim's loader, so both
// run the same SIMD level (Node 20 without --experimental-wasm-relaxed-simd:
// plain; with it, Node >= 22 and Chromium: relaxed).
let active;
export async function setup() {
  const { relaxedSimdSupported } = await import('../../web/builds.js');
  active = await loadLiteRtBuild(relaxedSimdSupported() ? 'relaxed' : 'plain');
  return { build: active.build };
}

export async function create(workload) {
  return active.create(workload);
}
