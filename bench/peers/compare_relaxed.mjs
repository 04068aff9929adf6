// nnslim's relaxed-SIMD build against its plain build on one workload, in one
// Node process, run() timed interleaved (so load from other processes hits
// all alike), 1 thread. Needs relaxed SIMD in the engine:
//
//   node --experimental-wasm-relaxed-simd bench/peers/compare_relaxed.mjs [--workload mobilenetv2_b1]
//        [--iterations 100] [--warmup 10] [--cpu-time] [--int8 symmetric|asymmetric] [--weight-bits 8|7] [--litert]
//
// --cpu-time: time each run by the process's CPU time (user + system) instead
//   of the wall clock, so time slices lost to other processes on a shared
//   machine do not count (every runtime here runs on 1 thread).
// --int8 SCHEME: also the int8 model (quantized ONCE, by the plain build, with
//   that activation scheme and 4 seeded calibration samples; both builds load
//   the same QDQ file), so f32 and int8 of both builds share one run.
// --weight-bits 7: the int8 model with 7-bit weights (quantize({ weightBits: 7 })):
//   the relaxed build then runs every int8 1x1 conv and Gemm on its 8-bit dot.
// --litert: also LiteRT.js (@litertjs/core, runner_litert.mjs), its plain-SIMD
//   and relaxed-SIMD modules, on the workload's .tflite (same network and weights).
// --breakdown: also each nnslim row's per-step medians (benchmark({ perLayer:
//   true }), 20 runs), summed by kernel, plain and relaxed side by side: which
//   steps the relaxed build speeds up and which it leaves as they are.
// --base DIR: also the f32 model (and with --int8 the same QDQ file) on both
//   builds of another checkout's package (DIR/web and DIR/dist, e.g. a copy of
//   main's built web/ and dist/), in the same interleaved rounds, with each
//   build's new/base ratio.
// (Node >= 22 and Chromium need no flag.) Workloads: make_workloads.py.
// Each nnslim build gets its own copy of the package's JS (web/, in a
// temporary folder next to a link to dist/): the loader picks one build per
// instance of web/api.js, forced here with NNSLIM_BUILD.
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { loadLiteRtBuild, version as litertVersion } from './runner_litert.mjs';
import { concatOutputs, maxRelativeError, summarize } from './stats.mjs';
import { loadWorkload, seededInput } from './workloads.mjs';

const { values: options } = parseArgs({
  options: {
    workload: { type: 'string', default: 'mobilenetv2_b1' },
    iterations: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '10' },
    'cpu-time': { type: 'boolean', default: false },
    int8: { type: 'string' },
    'weight-bits': { type: 'string', default: '8' },
    litert: { type: 'boolean', default: false },
    breakdown: { type: 'boolean', default: false },
    base: { type: 'string' },
  },
});
if (options.int8 && !['symmetric', 'asymmetric'].includes(options.int8)) {
  throw new Error(`--int8 must be symmetric or asymmetric, got '${options.int8}'`);
}
if (!['8', '7'].includes(options['weight-bits'])) {
  throw new Error(`--weight-bits must be 8 or 7, got '${options['weight-bits']}'`);
}
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const now = options['cpu-time'] ? cpuMs : () => performance.now();
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'nnslim-relaxed-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

async function loadBuild(build, root = ROOT, tag = '') {
  const dir = join(scratch, `${tag}${build}`);
  cpSync(join(root, 'web'), join(dir, 'web'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(root, 'dist'), join(dir, 'dist'));
  process.env.NNSLIM_BUILD = build;  // read once, when the entry initializes
  const nnslim = await import(pathToFileURL(join(dir, 'web', 'node.js')).href);
  await nnslim.init();  // the module loads lazily: features() names the build once it has
  const { build: running } = nnslim.features();
  if (running !== build) throw new Error(`asked for the ${build} build, got ${running}`);
  return nnslim;
}

// An entry: { name, run() -> output Float32Array, dispose(), samples }.
function nnslimEntry(name, nnslim, model, workload) {
  const feeds = { [model.inputNames[0]]: new nnslim.Tensor('float32', workload.input, workload.inputShape) };
  return {
    name, samples: [],
    async breakdown() {
      const { layers } = await model.benchmark({ inputs: feeds, perLayer: true, warmup: 3, iterations: 20 });
      return layers;
    },
    async run() {
      const out = await model.run(feeds);
      return concatOutputs(model.outputNames.map((n) => out[n].data));
    },
    dispose: () => model.dispose(),
  };
}

const workload = await loadWorkload(options.workload);
const entries = [];
const nnslimBuilds = {};
for (const build of ['plain', 'relaxed']) {
  nnslimBuilds[build] = await loadBuild(build);
  entries.push(nnslimEntry(`nnslim ${build} f32`, nnslimBuilds[build], await nnslimBuilds[build].loadModel(workload.onnxBytes), workload));
}
const baseBuilds = {};
if (options.base) {
  for (const build of ['plain', 'relaxed']) {
    baseBuilds[build] = await loadBuild(build, options.base, 'base-');
    entries.push(nnslimEntry(`base ${build} f32`, baseBuilds[build], await baseBuilds[build].loadModel(workload.onnxBytes), workload));
  }
}
if (options.int8) {
  // Quantized once (plain build): the int8 rows of both builds run the same file.
  const { plain } = nnslimBuilds;
  const f32 = await plain.loadModel(workload.onnxBytes);
  const samples = [1, 2, 3, 4].map((seed) => ({
    [f32.inputNames[0]]: new plain.Tensor('float32', seededInput(workload.input.length, seed), workload.inputShape),
  }));
  const quantized = await f32.quantize({
    scheme: options.int8, weightBits: Number(options['weight-bits']), calibration: { samples },
  });
  const qdq = quantized.toOnnx();
  quantized.dispose();
  f32.dispose();
  for (const build of ['plain', 'relaxed']) {
    entries.push(nnslimEntry(`nnslim ${build} int8`, nnslimBuilds[build], await nnslimBuilds[build].loadModel(qdq), workload));
  }
  for (const build of Object.keys(baseBuilds)) {  // the same QDQ file on the base checkout's builds
    entries.push(nnslimEntry(`base ${build} int8`, baseBuilds[build], await baseBuilds[build].loadModel(qdq), workload));
  }
}
if (options.litert) {
  for (const build of ['plain', 'relaxed']) {
    const litert = await loadLiteRtBuild(build);
    entries.push({ name: `LiteRT.js ${build} f32`, samples: [], ...(await litert.create(workload)) });
  }
}
for (const entry of entries)
  for (let i = 0; i < Number(options.warmup); i++) await entry.run();
for (let i = 0; i < Number(options.iterations); i++) {
  // Rotate which entry goes first in a round.
  for (let j = 0; j < entries.length; j++) {
    const entry = entries[(i + j) % entries.length];
    const start = now();
    await entry.run();
    entry.samples.push(now() - start);
  }
}

console.log(`${options.workload}, ${options.iterations} interleaved runs each after ${options.warmup} warm-up, 1 thread` +
  `${options['cpu-time'] ? ', CPU time' : ', wall time'}` +
  `${options.litert ? `, @litertjs/core ${litertVersion()}` : ''}`);
const byName = Object.fromEntries(entries.map((entry) => [entry.name, { ...entry, stats: summarize(entry.samples) }]));
for (const entry of Object.values(byName)) {
  console.log(`  ${entry.name.padEnd(24)} median ${entry.stats.median.toFixed(3)} ms, min ${entry.stats.min.toFixed(3)} ms`);
}
// Ratio of medians and median of per-round ratios (the pair ran back to back).
const ratio = (a, b) => {
  const x = byName[a], y = byName[b];
  if (!x || !y) return;
  const pairs = summarize(x.samples.map((ms, i) => ms / y.samples[i]));
  console.log(`  ${`${a} / ${b}`.padEnd(52)} ${(x.stats.median / y.stats.median).toFixed(3)} (medians), ` +
    `${pairs.median.toFixed(3)} (per-round median)`);
};
ratio('nnslim relaxed f32', 'nnslim plain f32');
ratio('nnslim relaxed int8', 'nnslim plain int8');
ratio('nnslim plain int8', 'nnslim plain f32');
ratio('nnslim relaxed int8', 'nnslim relaxed f32');
ratio('LiteRT.js relaxed f32', 'LiteRT.js plain f32');
ratio('nnslim relaxed f32', 'LiteRT.js relaxed f32');
ratio('nnslim plain f32', 'LiteRT.js plain f32');
ratio('nnslim relaxed f32', 'base relaxed f32');
ratio('nnslim plain f32', 'base plain f32');
ratio('base relaxed f32', 'base plain f32');
ratio('base relaxed f32', 'LiteRT.js relaxed f32');
ratio('nnslim plain int8', 'base plain int8');
ratio('nnslim relaxed int8', 'base relaxed int8');
ratio('base plain int8', 'base plain f32');
ratio('base relaxed int8', 'base relaxed f32');

if (options.breakdown) {
  // Steps summed by what computes them ("OPS -> KERNEL" keeps its kernel part;
  // a dot7 step and the qs8 gemm step it replaces are different rows).
  for (const precision of ['f32', 'int8']) {
    const pair = ['plain', 'relaxed'].map((build) => byName[`nnslim ${build} ${precision}`]);
    if (!pair[0] || !pair[1]) continue;
    const totals = new Map();
    for (const [index, entry] of pair.entries()) {
      for (const layer of await entry.breakdown()) {
        const key = `${layer.op} | ${layer.kernel}`;
        const row = totals.get(key) ?? [0, 0, 0, 0];
        row[index] += layer.ms;
        row[2 + index] += 1;
        totals.set(key, row);
      }
    }
    const sum = [0, 0];
    console.log(`  ${precision} steps by kernel (median ms per step, summed; steps plain/relaxed):`);
    const rows = [...totals].sort((a, b) => Math.max(b[1][0], b[1][1]) - Math.max(a[1][0], a[1][1]));
    for (const [key, [plain, relaxed, nPlain, nRelaxed]] of rows) {
      sum[0] += plain;
      sum[1] += relaxed;
      console.log(`    ${key.padEnd(72)} plain ${plain.toFixed(2).padStart(6)}  relaxed ${relaxed.toFixed(2).padStart(6)}  (${nPlain}/${nRelaxed})`);
    }
    console.log(`    ${'total'.padEnd(72)} plain ${sum[0].toFixed(2).padStart(6)}  relaxed ${sum[1].toFixed(2).padStart(6)}`);
  }
}

// Output agreement with nnslim's plain f32 (float round-off for f32; the
// int8 rows show the quantization error; LiteRT.js checks the .tflite is the same network).
// An f32 row further than 1e-4 from it is not the same network (FAIL, exit code 1).
const failures = [];
const reference = await entries[0].run();
for (const entry of entries.slice(1)) {
  const error = maxRelativeError(await entry.run(), reference);
  const fail = entry.name.endsWith('f32') && !(error <= 1e-4);
  if (fail) failures.push(entry.name);
  console.log(`  max |${entry.name} - nnslim plain f32| / max |nnslim plain f32|: ` +
    `${error.toExponential(1)}${fail ? '  FAIL (> 1e-4)' : ''}`);
}
if (options.int8) {
  // Both builds run int8 layers in exact integer arithmetic: what remains is
  // the float steps between them (pooling, the last DequantizeLinear's consumers).
  const [plainInt8, relaxedInt8] = ['plain', 'relaxed'].map((build) => entries.find((e) => e.name === `nnslim ${build} int8`));
  const error = maxRelativeError(await relaxedInt8.run(), await plainInt8.run());
  if (!(error <= 1e-4)) failures.push('nnslim relaxed int8');
  console.log(`  max |nnslim relaxed int8 - nnslim plain int8| / max |nnslim plain int8|: ` +
    `${error.toExponential(1)}${error <= 1e-4 ? '' : '  FAIL (> 1e-4)'}`);
  // The same QDQ file on the base checkout: each build's int8 outputs are
  // expected to be the same bits (kernel changes keep the integer results).
  for (const build of Object.keys(baseBuilds)) {
    const ours = await entries.find((e) => e.name === `nnslim ${build} int8`).run();
    const theirs = await entries.find((e) => e.name === `base ${build} int8`).run();
    const differing = ours.reduce((count, v, i) => count + (Object.is(v, theirs[i]) ? 0 : 1), 0);
    console.log(`  nnslim ${build} int8 vs base ${build} int8: ${differing} of ${ours.length} outputs differ`);
  }
}
entries.forEach((entry) => entry.dispose());
if (failures.length) {
  console.error(`FAIL: outputs of ${failures.join(', ')} differ from their reference`);
  process.exitCode = 1;
}
