// Thread scaling and the threaded peer comparison, in one Node process:
//
//   node bench/threads/run_threads.mjs [--iterations 30] [--warmup 5]
//        [--workloads mlp_b1,mobilenetv2_b1,...] [--variants f32,int8,sparse90]
//        [--calibrate] [--out FILE]
//   (bash scripts/bench-threads.sh builds, fetches the workloads and runs it)
//
// 1. Scaling: every workload on nnslim's threaded module with 1 thread and
//    with 2 threads (two models of the same bytes), in interleaved rounds
//    (the MLP and MobileNetV2 also as static int8 and 90% block-sparse
//    models: bench/threads/variants.mjs; --variants picks which)
//    (each round runs both, rotated order), so drift in machine load hits
//    both alike. Reports median wall ms, median process CPU ms per run
//    (process.cpuUsage(): all threads), and speedup = median(1) / median(2).
//    On a machine other jobs share, CPU ms per run shows how much of the
//    two threads' time was really ours, and the fastest run of each (the
//    one least disturbed by other processes) is reported too.
// 2. Peers: nnslim with 2 threads vs onnxruntime-web with 2 threads (its
//    threaded wasm, worker_threads in Node) on the same workloads, same
//    interleaving, each timed run settled (a quiet process, then an untimed
//    run of the same runtime: timeInterleaved); ratio = nnslim / ORT (< 1: nnslim
//    faster).
// 3. --calibrate: the cost model (runtime/parallel.h, kMinParallelWork). One
//    Dense layer (batch 1: a GEMV of K x N multiply-adds) of growing size,
//    with the threshold disabled, 1 vs 2 threads: the break-even size is
//    where 2 threads stop losing.
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';

import * as nnslim from '../../web/node.js';
import { _buildFromSpec, _setMinParallelWork } from '../../web/internal.js';
import * as nnslimRunner from '../peers/runner_nnslim.mjs';
import * as ortRunner from '../peers/runner_ort.mjs';
import { maxRelativeError, summarize } from '../peers/stats.mjs';
import { CORPUS_WORKLOAD_NAMES, WORKLOAD_NAMES, loadWorkload } from '../peers/workloads.mjs';
import { startReading } from './machine_activity.mjs';
import { VARIANTS, makeVariant } from './variants.mjs';

const { values: options } = parseArgs({
  options: {
    iterations: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    workloads: { type: 'string', default: WORKLOAD_NAMES.filter((n) => n !== 'mobilenetv2_b8').join(',') },
    variants: { type: 'string', default: VARIANTS.join(',') },
    calibrate: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const iterations = Number(options.iterations);
const warmup = Number(options.warmup);
const log = (message) => process.stderr.write(`${message}\n`);
const fmt = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Waits until this process's threads are quiet: under QUIET_CPU_SHARE of one
// core over a QUIET_WINDOW_MS window (giving up after QUIET_MAX_MS). A
// runtime's threads stay busy after its run returns (onnxruntime-web's
// spin for its next job; V8 compiling hot wasm functions in the
// background), and a run timed meanwhile shares the cores with them.
const QUIET_WINDOW_MS = 5;
const QUIET_CPU_SHARE = 0.2;
const QUIET_MAX_MS = 1000;
async function waitQuiet() {
  const end = performance.now() + QUIET_MAX_MS;
  while (performance.now() < end) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await sleep(QUIET_WINDOW_MS);
    const used = process.cpuUsage(cpuStart);
    if ((used.user + used.system) / 1000 < QUIET_CPU_SHARE * (performance.now() - start)) return;
  }
}

// The rest of the machine during the last timeInterleaved: other processes'
// CPU and the VM's steal time, each as a share of one core (null off Linux).
// (n/a: not Linux, or a row timed in under MIN_MACHINE_MS.)
const MIN_MACHINE_MS = 1000;
let lastMachine = null;
const machineCell = () => (lastMachine ? `${fmt(100 * lastMachine.others, 0)}% / ${fmt(100 * lastMachine.steal, 0)}%` : 'n/a');

// Times each runner's run() in interleaved rounds; returns per runner
// { wall: summary, cpu: summary } (ms per run).
//
// `settle` (the peer comparison): each timed run waits for a quiet process
// (waitQuiet) and follows one untimed run of the same runner, so it is
// timed as in a loop of its own runs, not in the wake of the other
// runtime's. onnxruntime-web's threads stay busy for milliseconds after
// its run returns, which took a core from the nnslim run timed right after
// it; nnslim's pool spins 30 us, which did not do the same to ORT. One Node
// process, 2 threads each, 2026-12-06 09:20-09:30 UTC, idle (load
// 0.8-1.9), medians of 20: MobileNetV2 nnslim right after an ORT run
// 8.85-9.76 ms, after 5 ms asleep 10.65, after 50 ms 6.11, right after its
// own run 5.42-5.85; ORT after nnslim 17.10 vs after its own run 17.01.
// BlazeFace: 6.93-8.56 after ORT, 4.72 after 50 ms, 4.79-4.95 after its
// own. The process's CPU time while asleep 5-200 ms right after a run
// (ppocr-cls): ORT's 6-15 ms once warm, up to two cores' worth in its
// first pauses; nnslim's 0.1-0.9 ms.
async function timeInterleaved(runs, { settle = false } = {}) {
  for (let i = 0; i < warmup; i++) for (const run of runs) await run();
  const wall = runs.map(() => []);
  const cpu = runs.map(() => []);
  const reading = startReading();
  const began = performance.now();
  for (let round = 0; round < iterations; round++) {
    for (let k = 0; k < runs.length; k++) {
      const index = (round + k) % runs.length;
      if (settle) {
        await waitQuiet();
        await runs[index]();
      }
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      await runs[index]();
      wall[index].push(performance.now() - start);
      const used = process.cpuUsage(cpuStart);
      cpu[index].push((used.user + used.system) / 1000);
    }
  }
  const machine = reading.end();
  const elapsed = performance.now() - began;
  // /proc/stat counts 10 ms ticks: shares of a shorter stretch are noise.
  lastMachine = machine && elapsed >= MIN_MACHINE_MS ? { others: machine.othersMs / elapsed, steal: machine.stealMs / elapsed } : null;
  return runs.map((_, i) => ({ wall: summarize(wall[i]), cpu: summarize(cpu[i]) }));
}

async function nnslimWith(workload, threads) {
  nnslimRunner.setThreads(threads);
  return nnslimRunner.create(workload);
}

// The workload's variants to time for scaling: f32 for every workload; int8
// and sparse90 only for the generated MLP and MobileNetV2 (the corpus models
// are the converters' own graphs, timed as they are).
const variantNames = options.variants.split(',').filter(Boolean);
async function variantsOf(workload) {
  const list = [];
  for (const variant of variantNames) {
    if (variant !== 'f32' && CORPUS_WORKLOAD_NAMES.includes(workload.name)) continue;
    try {
      const onnxBytes = await makeVariant(nnslim, workload, variant);
      list.push({ ...workload, name: variant === 'f32' ? workload.name : `${workload.name} ${variant}`, onnxBytes });
    } catch (error) {
      log(`${workload.name} ${variant}: cannot make it (${error.message})`);
    }
  }
  return list;
}

const lines = [];
const out = (line = '') => { lines.push(line); console.log(line); };

await nnslimRunner.setup();
const features = nnslim.features();
out('# nnslim threads benchmark');
out();
out(`- ${new Date().toISOString()}, Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x ${os.cpus().length}, ` +
  `load average ${os.loadavg().map((v) => v.toFixed(2)).join(' ')} (the machine is shared: see CPU ms)`);
out(`- nnslim ${nnslimRunner.version()}: threaded module ${features.threads}, maxThreads ${features.maxThreads}; ` +
  `onnxruntime-web ${ortRunner.version()}`);
out('- others\' CPU / steal: while a row was timed, other processes\' CPU time and the VM\'s steal time (/proc/stat), ' +
  'each as a share of one core: a 2-thread run needs both cores');
out(`- ${iterations} interleaved rounds after ${warmup} warm-up runs; medians; CPU = process user+system ms per run; ` +
  `vs onnxruntime-web, each timed run waits for a quiet process and follows an untimed run of the same runtime`);
out();

const workloadNames = options.workloads.split(',').filter(Boolean);
const workloads = [];
for (const name of workloadNames) {
  try {
    workloads.push(await loadWorkload(name));
  } catch (error) {
    log(`${name}: cannot load (${error.message}); run bash scripts/bench-threads.sh`);
  }
}

out('## nnslim: 2 threads vs 1');
out();
out('| workload | 1 thread ms | 2 threads ms | speedup | 1 thread CPU ms | 2 threads CPU ms | fastest run 1 / 2 threads ms (speedup) | identical output | others\' CPU / steal |');
out('|---|---:|---:|---:|---:|---:|---:|---|---:|');
const scaled = [];
for (const workload of workloads) scaled.push(...(await variantsOf(workload)));
for (const workload of scaled) {
  const one = await nnslimWith(workload, 1);
  const two = await nnslimWith(workload, 2);
  const a = await one.run();
  const b = await two.run();
  const identical = a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
  const [t1, t2] = await timeInterleaved([() => one.run(), () => two.run()]);
  out(`| ${workload.name} | ${fmt(t1.wall.median)} | ${fmt(t2.wall.median)} | ${fmt(t1.wall.median / t2.wall.median)}x | ` +
    `${fmt(t1.cpu.median)} | ${fmt(t2.cpu.median)} | ${fmt(t1.wall.min)} / ${fmt(t2.wall.min)} ` +
    `(${fmt(t1.wall.min / t2.wall.min)}x) | ${identical ? 'yes' : 'NO'} | ${machineCell()} |`);
  await one.dispose();
  await two.dispose();
}
out();

out('## nnslim 2 threads vs onnxruntime-web 2 threads');
out();
ortRunner.setThreads(2);
let ortReady = true;
try {
  await ortRunner.setup();
} catch (error) {
  ortReady = false;
  out(`onnxruntime-web: setup failed: ${error.message}`);
}
if (ortReady) {
  out('| workload | nnslim ms | onnxruntime-web ms | nnslim / ORT | nnslim CPU ms | ORT CPU ms | max rel. error | others\' CPU / steal |');
  out('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const workload of workloads) {
    let ort;
    try {
      ort = await ortRunner.create(workload);
    } catch (error) {
      out(`| ${workload.name} | | n/a (${error.message.split('\n')[0]}) | | | | |`);
      continue;
    }
    const ours = await nnslimWith(workload, 2);
    const error = maxRelativeError(await ours.run(), await ort.run());
    const [n, o] = await timeInterleaved([() => ours.run(), () => ort.run()], { settle: true });
    out(`| ${workload.name} | ${fmt(n.wall.median)} | ${fmt(o.wall.median)} | ${fmt(n.wall.median / o.wall.median)} | ` +
      `${fmt(n.cpu.median)} | ${fmt(o.cpu.median)} | ${error.toExponential(1)} | ${machineCell()} |`);
    await ours.dispose();
    await ort.dispose();
  }
  out();
}

if (options.calibrate) {
  out('## Cost model: one Dense layer (batch 1), threshold off, 2 threads vs 1');
  out();
  out('| K x N (multiply-adds) | 1 thread us | 2 threads us | 2 / 1 |');
  out('|---|---:|---:|---:|');
  const previous = _setMinParallelWork(0);
  for (const size of [32, 64, 96, 128, 192, 256, 384, 512, 1024]) {
    const built = _buildFromSpec({
      inputs: [{ name: 'x', shape: [size], dtype: 'float32' }],
      layers: [{ name: 'dense', type: 'dense', inbound: ['x'], config: { units: size } }],
      outputs: ['dense'],
    });
    const bytes = built.toOnnx();
    built.dispose();
    const pair = await Promise.all([1, 2].map((numThreads) => nnslim.loadModel(bytes, { numThreads })));
    const feeds = { x: new nnslim.Tensor('float32', new Float32Array(size).fill(0.5), [1, size]) };
    const repeat = 200; // runs per sample: a Dense layer takes microseconds
    const runs = pair.map((model) => async () => { for (let i = 0; i < repeat; i++) await model.run(feeds); });
    const [t1, t2] = await timeInterleaved(runs);
    out(`| ${size} x ${size} (${size * size}) | ${fmt((t1.wall.median / repeat) * 1000, 1)} | ` +
      `${fmt((t2.wall.median / repeat) * 1000, 1)} | ${fmt(t2.wall.median / t1.wall.median)} |`);
    pair.forEach((m) => m.dispose());
  }
  _setMinParallelWork(previous);
  out();
}

if (options.out) await writeFile(options.out, `${lines.join('\n')}\n`);
