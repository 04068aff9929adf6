// Experiment (the pruning target for the MLP at 90% unstructured zeros): batch-1 sparse GEMV as WebAssembly
// generated from the weights (bench/sparse/jit_wasm.mjs: each nonzero's
// column is its input load's immediate offset), against nnslim's own steps.
//
// Reads the 90%-pruned MLP 784-1024-1024-10 (bench/sparse/run.sh writes
// bench/sparse/generated/mlp_b1_dense90.onnx; its weights straight from the
// ONNX initializers), generates one module per layer and variant, and:
//  1. checks each variant's three-layer output against a sequential float32
//     reference (bit for bit: see jit_wasm.mjs for the summation order) and
//     against a float64 reference (|err| <= n * 2^-23 * sum|w x| per output,
//     the standard bound for n roundings);
//  2. reports module bytes, WebAssembly.compile time (async), instantiate
//     time, and how many calls / ms the first calls take until the time per
//     call settles (Liftoff first, then TurboFan: dynamic tiering);
//  3. times, in interleaved rounds in one process: each variant's three
//     layers chained (x -> relu(W1 x + b1) -> relu(W2 .) -> W3 .), nnslim's
//     dense and pruned MLP (run(), wall p50 and CPU time) and their steps
//     (runProfiled(), per-step medians). The estimate of a pruned model
//     running the generated kernels: pruned model time - its three Gemm
//     steps + the generated chain, over the dense model time.
//
//   node bench/sparse/jit_gemv.mjs [--rounds N] [--iterations N] [--variants a,b] [--rows-per-function N] [--json] [--kernels-only] [--tierup-ms N] [--scaling]
//   (node --allow-natives-syntax ...: also waits for, and reports, TurboFan on every generated function)
//   (node --no-liftoff ...: TurboFan only, for its compile time)
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import os from 'node:os';

import { GENERATED_DIR as PEERS_DIR, seededInput } from '../peers/workloads.mjs';
import { emitLayer, rowsOf } from './jit_wasm.mjs';

const PRUNED = new URL('./generated/mlp_b1_dense90.onnx', import.meta.url);
const DENSE = new URL('mlp_b1.onnx', PEERS_DIR);

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// --- the ONNX initializers (protobuf: ModelProto.graph = 7, GraphProto.initializer = 5,
// TensorProto dims = 1, data_type = 2, float_data = 4, name = 8, raw_data = 9)
function* fields(bytes, start = 0, end = bytes.length) {
  let p = start;
  const varint = () => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = bytes[p++];
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if ((byte & 0x80) === 0) return value;
    }
  };
  while (p < end) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) yield { field, wire, value: varint() };
    else if (wire === 2) {
      const length = varint();
      yield { field, wire, start: p, end: p + length };
      p += length;
    } else if (wire === 5) {
      yield { field, wire, start: p, end: p + 4 };
      p += 4;
    } else if (wire === 1) p += 8;
    else throw new Error(`protobuf wire type ${wire}`);
  }
}

function initializers(bytes) {
  const out = new Map();
  for (const m of fields(bytes)) {
    if (m.field !== 7 || m.wire !== 2) continue;
    for (const g of fields(bytes, m.start, m.end)) {
      if (g.field !== 5 || g.wire !== 2) continue;
      let tensorName = '';
      let data = null;
      const dims = [];
      for (const t of fields(bytes, g.start, g.end)) {
        if (t.field === 1 && t.wire === 0) dims.push(t.value);
        else if (t.field === 2 && t.wire === 0 && t.value !== 1) throw new Error('not float32');
        else if (t.field === 8) tensorName = new TextDecoder().decode(bytes.subarray(t.start, t.end));
        else if (t.field === 9) data = new Float32Array(bytes.slice(t.start, t.end).buffer);
        else if (t.field === 4 && t.wire === 2) data = new Float32Array(bytes.slice(t.start, t.end).buffer);
      }
      out.set(tensorName, { dims, data });
    }
  }
  return out;
}

async function layersOf(url) {
  const inits = initializers(new Uint8Array(await readFile(url)));
  return [1, 2, 3].map((n) => {
    const w = inits.get(`fc${n}.weight`);
    const b = inits.get(`fc${n}.bias`);
    const [out, inFeatures] = w.dims;
    if (w.data.length !== out * inFeatures || b.data.length !== out) throw new Error(`fc${n}: bad initializer`);
    return { name: `fc${n}`, out, in: inFeatures, weights: w.data, bias: b.data, relu: n < 3 };
  });
}

// --- references
function referenceF32(layers, input) {
  let x = input;
  for (const layer of layers) {
    const y = new Float32Array(layer.out);
    for (let o = 0; o < layer.out; o++) {
      let acc = layer.bias[o];
      for (let i = 0; i < layer.in; i++) {
        const w = layer.weights[o * layer.in + i];
        if (w !== 0) acc = Math.fround(acc + Math.fround(w * x[i]));
      }
      y[o] = layer.relu ? Math.max(acc, 0) : acc;
    }
    x = y;
  }
  return x;
}

// float64 sums and, per output, the error bound n * 2^-23 * (|b| + sum |w x|)
// of a float32 evaluation in any order of the same n terms (inputs taken from
// this float64 reference; the bound is loose by orders of magnitude, a wrong
// or missing term overshoots it).
function referenceF64(layers, input) {
  let x = Float64Array.from(input);
  let bound = null;
  for (const layer of layers) {
    const y = new Float64Array(layer.out);
    bound = new Float64Array(layer.out);
    for (let o = 0; o < layer.out; o++) {
      let acc = layer.bias[o];
      let mag = Math.abs(layer.bias[o]);
      let n = 1;
      for (let i = 0; i < layer.in; i++) {
        const w = layer.weights[o * layer.in + i];
        if (w !== 0) {
          acc += w * x[i];
          mag += Math.abs(w * x[i]);
          n++;
        }
      }
      y[o] = layer.relu ? Math.max(acc, 0) : acc;
      bound[o] = 4 * n * 2 ** -23 * mag;
    }
    x = y;
  }
  return { y: x, bound };
}

// (the scalar variants run 10-1000x slower than rows4 on the full layers: not
// in the default set, pass --variants)
const VARIANTS = {
  'rows4-g2-c4': { kind: 'rows4', groups: 2, checkpoint: 4 },
  'rows4-g4-c4': { kind: 'rows4', groups: 4, checkpoint: 4 },
  'rows4-g2': { kind: 'rows4', groups: 2 },
  'rows4-const-g2-c4': { kind: 'rows4', groups: 2, checkpoint: 4, constWeights: true },
  'cols4-g2-c4': { kind: 'cols4', groups: 2, checkpoint: 4 },
  'cols4-g4-c8': { kind: 'cols4', groups: 4, checkpoint: 8 },
  'scalar-const-r8': { kind: 'scalar-const', rows: 8 },
  'scalar-stream-r8': { kind: 'scalar-stream', rows: 8 },
  'scalar-const-r8-c8': { kind: 'scalar-const', rows: 8, checkpoint: 8 },
  'scalar-stream-r8-c8': { kind: 'scalar-stream', rows: 8, checkpoint: 8 },
};
const DEFAULT_VARIANTS = ['rows4-g2-c4', 'rows4-g4-c4', 'rows4-g2'];

function isTurboFanOf() {
  if (!process.execArgv.includes('--allow-natives-syntax')) return null;
  // eslint-disable-next-line no-new-func
  return new Function('f', 'return %IsTurboFanFunction(f)');
}

// --scaling: the first N rows of fc2 (1024 inputs, real pruned weights) as one
// generated module, N = 32 ... 1024: per nonzero cost against the module's
// size. Liftoff: median of calls 2-11; TurboFan: once every function tiered
// up (or 3000 calls without --allow-natives-syntax). When
// bench/sparse/slice_layer.py has written the same rows as one-layer models
// (generated/fc2_rowsN.onnx), nnslim's own step on them is timed in the same
// rounds (runProfiled: the Gemm+Relu step's median) and the outputs compared.
async function scaling(layer, key, rowsPerFunction, log, isTurboFan) {
  const variant = { ...VARIANTS[key], rowsPerFunction };
  const nnslim = await import('../../web/node.js');
  log(`scaling (${key}, ${rowsPerFunction} rows per function, fc2's first N rows):`);
  const input = seededInput(1024);
  for (const n of [32, 64, 128, 256, 512, 1024]) {
    const rows = layer.rows.slice(0, n);
    const nnz = rows.reduce((s, r) => s + r.cols.length, 0);
    const { bytes, stream } = emitLayer(rows, layer.bias, true, variant);
    const memory = new WebAssembly.Memory({ initial: Math.ceil((65536 + stream.byteLength) / 65536) });
    const { exports } = await WebAssembly.instantiate(await WebAssembly.compile(bytes), { env: { memory } });
    new Float32Array(memory.buffer, 65536, stream.length).set(stream);
    new Float32Array(memory.buffer, 0, 1024).set(input);
    const bodies = Object.entries(exports).filter(([name]) => /^b\d+$/.test(name)).map(([, f]) => f);
    const call = () => exports.gemv(0, 65536, 8192);
    const early = [];
    for (let i = 0; i < 11; i++) {
      const t = performance.now();
      call();
      early.push(performance.now() - t);
    }
    const start = performance.now();
    let calls = 11;
    while (performance.now() - start < 20000 && (isTurboFan ? !bodies.every((f) => isTurboFan(f)) : calls < 3000)) {
      call();
      calls++;
    }
    const tierMs = performance.now() - start;
    const sub = { ...layer, out: n, weights: layer.weights.subarray(0, n * layer.in), bias: layer.bias.subarray(0, n) };
    const ref = referenceF32([sub], input);
    const got = new Float32Array(memory.buffer, 8192, n);
    const exact = ref.every((v, o) => v === got[o]);
    let model = null;
    let feeds = null;
    try {
      model = await nnslim.loadModel(new Uint8Array(await readFile(new URL(`./generated/fc2_rows${n}.onnx`, import.meta.url))));
      feeds = { input: new nnslim.Tensor('float32', input, [1, 1024]) };
      const y = (await model.run(feeds)).y.data;
      const bound = referenceF64([sub], input).bound;
      if (!ref.every((v, o) => Math.abs(v - y[o]) <= 2 * bound[o])) throw new Error(`fc2_rows${n}: nnslim output off`);
      for (let i = 0; i < 50; i++) await model.run(feeds);
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
      model = null;
    }
    const batch = Math.max(1, Math.round(20000 / n));
    const jit = [];
    const steps = [];
    let kernel = '';
    for (let round = 0; round < 7; round++) {
      const samples = [];
      for (let b = 0; b < 5; b++) {
        const t = performance.now();
        for (let i = 0; i < batch; i++) call();
        samples.push((performance.now() - t) / batch);
      }
      jit.push(median(samples));
      if (model) {
        const ms = [];
        for (let i = 0; i < batch; i++) {
          const profiled = (await model.runProfiled(feeds)).steps.find((st) => /Gemm/.test(st.op));
          kernel = profiled.kernel;
          ms.push(profiled.ms);
        }
        steps.push(median(ms));
      }
    }
    const liftoff = median(early.slice(1));
    const turbo = median(jit);
    const own = model ? median(steps) : null;
    log(`  N ${String(n).padStart(4)}: ${nnz} nonzeros, wasm ${(bytes.length / 1024).toFixed(0)} KB, bit-exact ${exact}; ` +
      `Liftoff ${(1000 * liftoff).toFixed(2)} us (${(nnz / liftoff / 1e6).toFixed(2)} G nonzeros/s); ` +
      `TurboFan ${isTurboFan ? `(all after ${calls} calls, ${tierMs.toFixed(0)} ms) ` : `(after ${calls} calls) `}` +
      `${(1000 * turbo).toFixed(2)} us (${(nnz / turbo / 1e6).toFixed(2)} G nonzeros/s)` +
      (model ? `; nnslim step [${kernel}] ${(1000 * own).toFixed(2)} us (${(nnz / own / 1e6).toFixed(2)} G nonzeros/s): generated / nnslim ${(turbo / own).toFixed(2)}x` : ''));
    if (!exact) process.exitCode = 1;
  }
}

async function main() {
  const rounds = Number(option('--rounds', 7));
  const iterations = Number(option('--iterations', 200));
  const rowsPerFunction = Number(option('--rows-per-function', 8));
  const chosen = option('--variants', DEFAULT_VARIANTS.join(',')).split(',');
  const json = process.argv.includes('--json');
  const log = json ? () => {} : console.log;

  const layers = await layersOf(PRUNED);
  const input = seededInput(784);
  const refF32 = referenceF32(layers, input);
  const refF64 = referenceF64(layers, input);
  for (const layer of layers) layer.rows = rowsOf(layer.weights, layer.out, layer.in);
  log(`layers: ${layers.map((l) => `${l.name} ${l.in}->${l.out} ${l.rows.reduce((s, r) => s + r.cols.length, 0)} nonzeros`).join(', ')}`);
  log(`node ${process.version}, execArgv ${process.execArgv.join(' ') || '(none)'}, loadavg ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}`);

  if (process.argv.includes('--scaling')) {
    await scaling(layers[1], chosen[0], rowsPerFunction, log, isTurboFanOf());
    return;
  }
  // activations at 0 / 4 KB / 8 KB / 12 KB, weight streams from 64 KB on
  const memory = new WebAssembly.Memory({ initial: 1 });
  const ACT = [0, 4096, 8192, 12288];
  let next = 65536;
  const kernels = {};
  for (const key of chosen) {
    const variant = { ...VARIANTS[key], rowsPerFunction };
    const perLayer = [];
    for (const layer of layers) {
      const t0 = performance.now();
      const { bytes, stream, functions } = emitLayer(layer.rows, layer.bias, layer.relu, variant);
      const emitMs = performance.now() - t0;
      const rss0 = process.memoryUsage().rss;
      const t1 = performance.now();
      const module = await WebAssembly.compile(bytes);
      const compileMs = performance.now() - t1;
      const t2 = performance.now();
      const instance = await WebAssembly.instantiate(module, { env: { memory } });
      const instantiateMs = performance.now() - t2;
      const rssMB = (process.memoryUsage().rss - rss0) / 2 ** 20;
      const wPtr = next;
      next += Math.ceil(stream.byteLength / 64) * 64 + 64;
      const needPages = Math.ceil(next / 65536) - memory.buffer.byteLength / 65536;
      if (needPages > 0) memory.grow(needPages);
      new Float32Array(memory.buffer, wPtr, stream.length).set(stream);
      perLayer.push({ fn: instance.exports.gemv, exports: instance.exports, wPtr, bytes: bytes.length, streamBytes: stream.byteLength,
        functions, emitMs, compileMs, instantiateMs, rssMB });
    }
    kernels[key] = perLayer;
  }
  const chain = (perLayer) => {
    perLayer[0].fn(ACT[0], perLayer[0].wPtr, ACT[1]);
    perLayer[1].fn(ACT[1], perLayer[1].wPtr, ACT[2]);
    perLayer[2].fn(ACT[2], perLayer[2].wPtr, ACT[3]);
  };

  // 1. outputs, and the first calls (tier-up), per variant. With
  // --allow-natives-syntax V8 says which tier runs each generated function;
  // the calls go on (up to --tierup-ms) until every one runs TurboFan code.
  const isTurboFan = isTurboFanOf();
  const natives = isTurboFan !== null;
  const tierupMs = Number(option('--tierup-ms', 30000));
  const report = { variants: {}, loadavg: os.loadavg() };
  for (const key of chosen) {
    const perLayer = kernels[key];
    const bodies = perLayer.flatMap((l) => Object.entries(l.exports).filter(([n]) => /^b\d+$/.test(n)).map(([, f]) => f));
    new Float32Array(memory.buffer, ACT[0], 784).set(input);
    const firstCalls = [];
    const start = performance.now();
    let allTurboFan = null;
    for (let call = 0; ; call++) {
      const t = performance.now();
      chain(perLayer);
      firstCalls.push(performance.now() - t);
      if (natives && allTurboFan === null && bodies.every((f) => isTurboFan(f))) {
        allTurboFan = { calls: call + 1, ms: performance.now() - start };
      }
      if (call >= 400 && (!natives || allTurboFan !== null || performance.now() - start > tierupMs)) break;
    }
    const out = new Float32Array(memory.buffer, ACT[3], 10).slice();
    const h1 = new Float32Array(memory.buffer, ACT[1], 1024);
    let exact = true;
    let withinBound = true;
    for (let o = 0; o < 10; o++) {
      if (!(out[o] === refF32[o])) exact = false;
      if (!(Math.abs(out[o] - refF64.y[o]) <= refF64.bound[o])) withinBound = false;
    }
    const hiddenZeros = h1.reduce((n, v) => n + (v === 0 ? 1 : 0), 0);
    const early = median(firstCalls.slice(1, 11));
    const last = median(firstCalls.slice(-100));
    const turboFanNow = natives ? bodies.filter((f) => isTurboFan(f)).length : null;
    report.variants[key] = {
      exact, withinBound, hiddenZeros,
      layers: perLayer.map(({ fn, exports, ...rest }) => rest),
      firstCallMs: firstCalls[0], earlyMs: early, lastMs: last, calls: firstCalls.length,
      allTurboFan, turboFanNow, bodies: bodies.length, elapsedMs: performance.now() - start,
    };
    log(`${key}: bit-exact vs float32 sequential ${exact}, within float64 bound ${withinBound}; ` +
      `wasm ${perLayer.map((l) => (l.bytes / 1024).toFixed(0)).join('+')} KB in ${perLayer.map((l) => l.functions).join('+')} functions, ` +
      `stream ${perLayer.map((l) => (l.streamBytes / 1024).toFixed(0)).join('+')} KB; ` +
      `compile ${perLayer.map((l) => l.compileMs.toFixed(1)).join('+')} ms, instantiate ${perLayer.map((l) => l.instantiateMs.toFixed(1)).join('+')} ms, ` +
      `rss +${perLayer.map((l) => l.rssMB.toFixed(1)).join('+')} MB; first call ${firstCalls[0].toFixed(3)} ms, ` +
      `calls 2-11 ${early.toFixed(4)} ms, last 100 of ${firstCalls.length} calls ${last.toFixed(4)} ms` +
      (natives ? `; TurboFan: ${turboFanNow}/${bodies.length} functions, all after ${allTurboFan ? `${allTurboFan.calls} calls, ${allTurboFan.ms.toFixed(0)} ms` : 'never'}` : ''));
    if (!exact || !withinBound) process.exitCode = 1;
  }

  if (process.argv.includes('--kernels-only')) return;
  // 2. nnslim in the same process
  const nnslim = await import('../../web/node.js');
  const dense = await nnslim.loadModel(new Uint8Array(await readFile(DENSE)));
  const pruned = await nnslim.loadModel(new Uint8Array(await readFile(PRUNED)));
  const feeds = { [dense.inputNames[0]]: new nnslim.Tensor('float32', input, [1, 784]) };
  const outPruned = (await pruned.run(feeds))[pruned.outputNames[0]].data;
  let maxDiff = 0;
  for (let o = 0; o < 10; o++) maxDiff = Math.max(maxDiff, Math.abs(outPruned[o] - refF64.y[o]) / refF64.bound[o]);
  log(`nnslim pruned model vs float64 reference: max |err| / bound ${maxDiff.toFixed(4)}`);
  for (let i = 0; i < 20; i++) {
    await dense.run(feeds);
    await pruned.run(feeds);
  }

  // 3. interleaved rounds
  const wall = { dense: [], pruned: [] };
  const cpu = { dense: [], pruned: [] };
  const steps = { dense: [], pruned: [] };
  const kernelWall = Object.fromEntries(chosen.map((k) => [k, []]));
  const kernelCpu = Object.fromEntries(chosen.map((k) => [k, []]));
  const kernelMin = Object.fromEntries(chosen.map((k) => [k, []]));
  const layerWall = Object.fromEntries(chosen.map((k) => [k, [[], [], []]]));
  const modelRuns = Math.max(16, Math.round(iterations / 4));
  for (let round = 0; round < rounds; round++) {
    for (const [key, model] of [['dense', dense], ['pruned', pruned]]) {
      const r = await model.benchmark({ warmup: 2, iterations: modelRuns, inputs: feeds });
      wall[key].push(r.latencyMs.p50);
      const c0 = process.cpuUsage();
      for (let i = 0; i < modelRuns; i++) await model.run(feeds);
      const c = process.cpuUsage(c0);
      cpu[key].push((c.user + c.system) / 1000 / modelRuns);
      const profiled = [];
      for (let i = 0; i < modelRuns; i++) profiled.push((await model.runProfiled(feeds)).steps);
      steps[key].push(profiled[0].map((s, j) => ({ op: s.op, kernel: s.kernel, ms: median(profiled.map((p) => p[j].ms)) })));
    }
    for (const key of chosen) {
      const perLayer = kernels[key];
      // per-call p50 of short batches, and CPU time over all
      const samples = [];
      for (let i = 0; i < 10; i++) chain(perLayer); // back in cache after nnslim's runs
      const c0 = process.cpuUsage();
      for (let b = 0; b < iterations / 10; b++) {
        const t = performance.now();
        for (let i = 0; i < 10; i++) chain(perLayer);
        samples.push((performance.now() - t) / 10);
      }
      const c = process.cpuUsage(c0);
      kernelWall[key].push(median(samples));
      kernelMin[key].push(Math.min(...samples));
      kernelCpu[key].push((c.user + c.system) / 1000 / iterations);
      for (let l = 0; l < 3; l++) {
        const s = [];
        const { fn, wPtr } = perLayer[l];
        for (let b = 0; b < iterations / 10; b++) {
          const t = performance.now();
          for (let i = 0; i < 10; i++) fn(ACT[l], wPtr, ACT[l + 1]);
          s.push((performance.now() - t) / 10);
        }
        layerWall[key][l].push(median(s));
      }
    }
  }
  const stepMedian = (key) => steps[key][0].map((s, j) => ({ ...s, ms: median(steps[key].map((r) => r[j].ms)) }));
  const denseSteps = stepMedian('dense');
  const prunedSteps = stepMedian('pruned');
  const gemm = (list) => list.filter((s) => /Gemm/.test(s.op));
  const sum = (list) => list.reduce((a, s) => a + s.ms, 0);
  const denseGemm = sum(gemm(denseSteps));
  const prunedGemm = sum(gemm(prunedSteps));
  const wallD = median(wall.dense);
  const wallP = median(wall.pruned);
  const cpuD = median(cpu.dense);
  const cpuP = median(cpu.pruned);
  report.nnslim = { wallDense: wallD, wallPruned: wallP, cpuDense: cpuD, cpuPruned: cpuP, denseSteps, prunedSteps,
    denseGemmMs: denseGemm, prunedGemmMs: prunedGemm };
  log(`\nnnslim (${rounds} rounds, ${modelRuns} runs each): dense wall p50 ${wallD.toFixed(4)} ms, CPU ${cpuD.toFixed(4)}; ` +
    `pruned wall ${wallP.toFixed(4)}, CPU ${cpuP.toFixed(4)}; pruned/dense wall ${(wallP / wallD).toFixed(3)}, CPU ${(cpuP / cpuD).toFixed(3)}`);
  log(`  dense steps:  ${denseSteps.map((s) => `${s.op} [${s.kernel}] ${(1000 * s.ms).toFixed(1)} us`).join('; ')}`);
  log(`  pruned steps: ${prunedSteps.map((s) => `${s.op} [${s.kernel}] ${(1000 * s.ms).toFixed(1)} us`).join('; ')}`);
  log(`  Gemm steps: dense ${(1000 * denseGemm).toFixed(1)} us, pruned ${(1000 * prunedGemm).toFixed(1)} us (${(prunedGemm / denseGemm).toFixed(3)}x)`);
  for (const key of chosen) {
    const k = median(kernelWall[key]);
    const kc = median(kernelCpu[key]);
    const perLayerUs = layerWall[key].map((v) => (1000 * median(v)).toFixed(1));
    const nnz = layers.reduce((s, l) => s + l.rows.reduce((t, r) => t + r.cols.length, 0), 0);
    const estimateWall = (wallP - prunedGemm + k) / wallD;
    const estimateCpu = (cpuP - prunedGemm + kc) / cpuD;
    const kmin = Math.min(...kernelMin[key]);
    report.variants[key].timing = { chainMs: k, chainMinMs: kmin, chainCpuMs: kc, layerMs: layerWall[key].map(median),
      vsDenseGemm: k / denseGemm, vsPrunedGemm: k / prunedGemm, estimateWall, estimateCpu };
    log(`${key}: 3 layers ${(1000 * k).toFixed(1)} us wall (fastest batch ${(1000 * kmin).toFixed(1)}; alone ${perLayerUs.join(' + ')}), CPU ${(1000 * kc).toFixed(1)} us, ` +
      `${(nnz / (k * 1e-3) / 1e9).toFixed(2)} G nonzeros/s; vs nnslim's dense Gemm steps ${(k / denseGemm).toFixed(3)}x, ` +
      `vs its sparse steps ${(k / prunedGemm).toFixed(3)}x; model estimate pruned/dense wall ${estimateWall.toFixed(3)}, CPU ${estimateCpu.toFixed(3)}`);
  }
  report.loadavgEnd = os.loadavg();
  log(`loadavg at end ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}`);
  if (json) console.log(JSON.stringify(report, null, 1));
}

await main();
