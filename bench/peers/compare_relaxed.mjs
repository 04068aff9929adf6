// nnslim's relaxed-SIMD build against its plain build on one workload, in one
// Node process, run() timed interleaved (so load from other processes hits
// both alike), 1 thread. Needs relaxed SIMD in the engine:
//
//   node --experimental-wasm-relaxed-simd bench/peers/compare_relaxed.mjs [--workload mobilenetv2_b1] [--iterations 100] [--cpu-time]
//
// --cpu-time: time each run by the process's CPU time (user + system) instead
// of the wall clock, so time slices lost to other processes on a shared
// machine do not count (run() is single-threaded).
// (Node >= 22 and Chromium need no flag.) Workloads: make_workloads.py.
// Each build gets its own copy of the package's JS (web/, in a temporary
// folder next to a link to dist/): the loader picks one build per instance of
// web/api.js, forced here with NNSLIM_BUILD.
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { concatOutputs, maxRelativeError, summarize } from './stats.mjs';
import { loadWorkload } from './workloads.mjs';

const { values: options } = parseArgs({
  options: {
    workload: { type: 'string', default: 'mobilenetv2_b1' },
    iterations: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '10' },
    'cpu-time': { type: 'boolean', default: false },
  },
});
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const now = options['cpu-time'] ? cpuMs : () => performance.now();
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'nnslim-relaxed-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

async function loadBuild(build) {
  const dir = join(scratch, build);
  cpSync(join(ROOT, 'web'), join(dir, 'web'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(ROOT, 'dist'), join(dir, 'dist'));
  process.env.NNSLIM_BUILD = build;  // read once, when the entry initializes
  const nnslim = await import(pathToFileURL(join(dir, 'web', 'node.js')).href);
  const { build: running } = nnslim.features();
  if (running !== build) throw new Error(`asked for the ${build} build, got ${running}`);
  return nnslim;
}

const workload = await loadWorkload(options.workload);
const builds = [];
for (const build of ['plain', 'relaxed']) {
  const nnslim = await loadBuild(build);
  const model = await nnslim.loadModel(workload.onnxBytes);
  const feeds = { [workload.manifest.input.name]: new nnslim.Tensor('float32', workload.input, workload.inputShape) };
  for (let i = 0; i < Number(options.warmup); i++) await model.run(feeds);
  builds.push({ build, model, feeds, samples: [] });
}
for (let i = 0; i < Number(options.iterations); i++) {
  // Alternate which build goes first in a pair.
  for (const entry of i % 2 ? builds : [...builds].reverse()) {
    const start = now();
    await entry.model.run(entry.feeds);
    entry.samples.push(now() - start);
  }
}
const [plain, relaxed] = builds.map((entry) => ({ ...entry, stats: summarize(entry.samples) }));
for (const entry of [plain, relaxed]) {
  console.log(`${entry.build}: median ${entry.stats.median.toFixed(2)} ms, min ${entry.stats.min.toFixed(2)} ms`);
}
const pairRatios = summarize(relaxed.samples.map((ms, i) => ms / plain.samples[i]));
console.log(`${options.workload}, ${options.iterations} interleaved runs each, 1 thread` +
  `${options['cpu-time'] ? ', CPU time' : ''}: relaxed / plain = ` +
  `${(relaxed.stats.median / plain.stats.median).toFixed(3)} (medians), ${pairRatios.median.toFixed(3)} (median of per-pair ratios)`);
// The builds' outputs agree to float round-off (relaxed_madd may round once).
const outputsOf = async (entry) => {
  const out = await entry.model.run(entry.feeds);
  return concatOutputs(entry.model.outputNames.map((name) => out[name].data));
};
const error = maxRelativeError(await outputsOf(relaxed), await outputsOf(plain));
console.log(`max |relaxed - plain| / max |plain| over all outputs: ${error.toExponential(1)}`);
builds.forEach((entry) => entry.model.dispose());
