// Time and memory of quantize()'s calibration on random inputs (the 8 seeded
// samples quantize() draws without calibration.samples), per model: the
// median wall and process CPU ms per sample (between progress reports; the
// first sample of a run also compiles the observing plan and is left out;
// two passes for the histogram methods), the process CPU ms
// of the whole quantize() (steadier than wall time on a shared machine), and
// memory: the most bytes malloc held at a progress report beyond what it held
// before quantize() (the observing plan's arena and packed weights and the
// statistics), and the module's WebAssembly memory after the model's first
// run (a high-water mark since the process started: pass one model per
// process to read it per model). For scale, the CPU ms of one run() of the
// float model (median of 5) is printed beside them.
//   NNSLIM_BUILD=plain node bench/quantize/calibration_time.mjs MODEL.onnx [--input-shape NAME=DIMS]...
//     [--method minmax|percentile|mse|entropy] [--rounds N] [--base DIR | --package DIR]
// --base DIR: an older nnslim checkout (its dist/ and web/, e.g. copied with
//   `mkdir -p /tmp/X && cp -r dist web /tmp/X/`), run in this same process,
//   interleaved with this one round by round (ABBA order); prints each
//   metric's median over the rounds and the ratio this/base.
// --package DIR: load that checkout instead of this one (no comparison).
// NNSLIM_BUILD=plain: the same build in both (the calibration session runs
// on one thread; a checkout with dist/threads/ would otherwise load that).
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'input-shape': { type: 'string', multiple: true, default: [] },
    package: { type: 'string' },
    base: { type: 'string' },
    method: { type: 'string', default: 'minmax' },
    rounds: { type: 'string', default: '1' },
  },
});

async function loadPackage(dir) {
  const root = dir ? pathToFileURL(resolve(dir) + '/').href : new URL('../../', import.meta.url).href;
  const nnslim = await import(new URL('web/node.js', root).href);
  const internal = await import(new URL('web/internal.js', root).href);
  return { nnslim, memoryStats: internal._wasmMemoryStats };
}

const inputShapes = values['input-shape'].length === 0 ? undefined : Object.fromEntries(values['input-shape'].map((text) => {
  const [name, dims] = text.split('=');
  return [name, dims.split('x').map(Number)];
}));
const rounds = Number(values.rounds);
const builds = values.base
  ? [{ name: 'base', ...(await loadPackage(values.base)) }, { name: 'this', ...(await loadPackage(values.package)) }]
  : [{ name: 'this', ...(await loadPackage(values.package)) }];
console.warn = () => {}; // the random-calibration warning

// One quantize() of a freshly loaded model: per-sample wall ms, CPU ms, bytes.
async function measure({ nnslim, memoryStats }, path) {
  const model = await nnslim.loadModel(path);
  const before = memoryStats().mallocBytesInUse;
  let peak = before;
  const gaps = [];
  const cpuGaps = [];
  let last = performance.now();
  const wallStart = last;
  const cpuStart = process.cpuUsage();
  let lastCpu = cpuStart;
  const quantized = await model.quantize({
    ...(inputShapes ? { inputShapes } : {}),
    calibration: { method: values.method },
    onProgress: ({ phase }) => {
      const now = performance.now();
      const cpuNow = process.cpuUsage();
      if (phase === 'calibrate') {
        gaps.push(now - last);
        cpuGaps.push((cpuNow.user + cpuNow.system - lastCpu.user - lastCpu.system) / 1000);
        peak = Math.max(peak, memoryStats().mallocBytesInUse);
      }
      last = now;
      lastCpu = cpuNow;
    },
  });
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = performance.now() - wallStart;
  const wasmBytes = memoryStats().memoryBytes; // before run() compiles its own plan
  // One inference of the float model, for scale: the median CPU ms of 5 runs
  // (after one that compiles the plan) on a constant input.
  const feeds = {};
  for (const { name, type, dims } of model.inputs) {
    const shape = inputShapes?.[name] ?? dims.map((d) => d ?? 1);
    feeds[name] = new nnslim.Tensor(type, new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(0.25), shape);
  }
  await model.run(feeds);
  const runCpu = [];
  for (let i = 0; i < 5; i++) {
    const start = process.cpuUsage();
    await model.run(feeds);
    const used = process.cpuUsage(start);
    runCpu.push((used.user + used.system) / 1000);
  }
  const rest = gaps.slice(1).sort((a, b) => a - b);
  const cpuRest = cpuGaps.slice(1).sort((a, b) => a - b);
  quantized.dispose();
  model.dispose();
  return {
    samples: gaps.length,
    firstMs: gaps[0],
    sampleMs: rest[rest.length >> 1],
    sampleCpuMs: cpuRest[cpuRest.length >> 1],
    runCpuMs: runCpu.sort((a, b) => a - b)[2],
    quantizeMs: wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    heldMB: (peak - before) / 2 ** 20,
    wasmMB: wasmBytes / 2 ** 20,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

for (const path of positionals) {
  const results = Object.fromEntries(builds.map((b) => [b.name, []]));
  const wasmAfterFirst = {};
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? builds : [...builds].reverse();
    for (const build of order) {
      const r = await measure(build, path);
      results[build.name].push(r);
      wasmAfterFirst[build.name] ??= r.wasmMB;
    }
  }
  const name = path.split('/').pop();
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  for (const build of builds) {
    const rs = results[build.name];
    console.log(`${name} [${build.name}] ${values.method}, ${rs[0].samples} calibration steps, ${rounds} rounds (medians): ` +
      `${fmt(median(rs.map((r) => r.sampleMs)))} ms wall, ${fmt(median(rs.map((r) => r.sampleCpuMs)))} ms CPU per sample ` +
      `(first ${fmt(median(rs.map((r) => r.firstMs)))} ms wall; run() ${fmt(median(rs.map((r) => r.runCpuMs)))} ms CPU), ` +
      `quantize() ${fmt(median(rs.map((r) => r.quantizeMs)))} ms wall, ${fmt(median(rs.map((r) => r.cpuMs)))} ms CPU; ` +
      `malloc held ${fmt(median(rs.map((r) => r.heldMB)))} MB, wasm memory ${fmt(wasmAfterFirst[build.name])} MB`);
  }
  if (builds.length === 2) {
    const ratio = (key) => {
      // Per round: this / base, then the median of those ratios.
      const rs = results.this.map((r, i) => r[key] / results.base[i][key]);
      return median(rs).toFixed(3);
    };
    console.log(`${name} this/base: per sample wall ${ratio('sampleMs')}, CPU ${ratio('sampleCpuMs')}; ` +
      `quantize() wall ${ratio('quantizeMs')}, ` +
      `CPU ${ratio('cpuMs')}, malloc held ${ratio('heldMB')}; load average ${load}`);
  }
}
