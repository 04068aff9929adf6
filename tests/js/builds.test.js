// The package's two WebAssembly builds and the loader's choice between them
// (web/builds.js). Node 20 runs relaxed SIMD only with
// --experimental-wasm-relaxed-simd, so each environment is a child process
// with or without that flag. Oracles: the engine itself (WebAssembly.validate
// of the shipped relaxed module), ONNX's expected outputs, and the plain
// build's outputs for a whole network.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { BUILDS, MAX_THREADS_CAP, chooseBuild, threadsForCores } from '../../web/builds.js';
import { assertClose } from './numeric_match.js';
import { onnxCase, readCase } from './onnx_cases.js';
import { jsonOf, runChild } from './node_child.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RELAXED_WASM = fileURLToPath(new URL('../../dist/nnslim-relaxed.wasm', import.meta.url));
const WITH_RELAXED = ['--experimental-wasm-relaxed-simd'];
// Node >= 22 has relaxed SIMD on by default; the "without" environment turns it off.
const WITHOUT_RELAXED = ['--no-experimental-wasm-relaxed-simd'];

// Whether this engine fuses f32x4.relaxed_madd (one rounding): f(a, b, c) =
// relaxed_madd(a, b, c) lane 0 for a = 1 + 2^-13, b = 1 - 2^-13, c = -1 is
// -2^-26 fused and 0 unfused (a * b = 1 - 2^-26 rounds to 1 in f32).
const FUSED_MADD_PROBE = `
  const fusedMadd = () => {
    const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0,
      1, 8, 1, 0x60, 3, 0x7d, 0x7d, 0x7d, 1, 0x7d,              // type: (f32, f32, f32) -> f32
      3, 2, 1, 0, 7, 5, 1, 1, 0x66, 0, 0,                      // func 0, exported as "f"
      10, 22, 1, 20, 0,                                        // code: one body of 20 bytes
      0x20, 0, 0xfd, 0x13, 0x20, 1, 0xfd, 0x13, 0x20, 2, 0xfd, 0x13, // three f32x4.splat
      0xfd, 0x85, 0x02, 0xfd, 0x1f, 0, 0x0b]);                 // relaxed_madd, extract_lane 0
    const { f } = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
    return f(1 + 2 ** -13, 1 - 2 ** -13, -1) !== 0;
  };`;

// Runs `script` (an ES module body; `nnslim` is the package's Node entry) in a
// child Node; returns its parsed JSON stdout, or {code, stderr} when it fails.
// The children choose among the single-threaded builds (NNSLIM_SINGLE_THREADED:
// the threaded build, first when it can run, is tests/js/threads.test.js's).
function inChild(flags, script, env = {}) {
  const body = `import * as nnslim from './web/node.js';\n${script}`;
  const child = runChild(process.execPath, [...flags, '--input-type=module', '-e', body], {
    cwd: ROOT, env: { ...process.env, NNSLIM_BUILD: '', NNSLIM_SINGLE_THREADED: '1', ...env }, maxBuffer: 1 << 26,
  });
  if (child.signal !== null || child.error) throw new Error(child.describe());
  if (child.status !== 0) return { code: child.status, stderr: child.stderr, describe: child.describe };
  return jsonOf(child);
}

test('chooseBuild: one core (multipleCores false) skips the threaded build unless it is forced', () => {
  const all = BUILDS.map((build) => build.name);
  assert.deepEqual(chooseBuild({ features: { simd: true, relaxedSimd: true, threads: true, multipleCores: false }, available: all }),
    { build: 'relaxed', reason: 'the engine supports relaxedSimd' });
  assert.deepEqual(chooseBuild({ features: { simd: true, relaxedSimd: false, threads: true, multipleCores: false }, available: all }),
    { build: 'plain', reason: 'the engine lacks multipleCores, relaxedSimd' });
  assert.deepEqual(chooseBuild({ features: { simd: true, relaxedSimd: true, threads: true, multipleCores: true }, available: all }),
    { build: 'threads', reason: 'the engine supports threads' });
  assert.deepEqual(chooseBuild({ features: { simd: true, threads: true, multipleCores: false }, available: all, requested: 'threads' }),
    { build: 'threads', reason: 'forced by NNSLIM_BUILD=threads' });
});

test('chooseBuild: threads where shared memory is, else relaxed where relaxed SIMD is, else plain, each with its reason', () => {
  assert.deepEqual(chooseBuild({ features: { simd: true, relaxedSimd: true, threads: true }, available: BUILDS.map((build) => build.name) }),
    { build: 'threads', reason: 'the engine supports threads' });
  assert.deepEqual(chooseBuild({ features: { simd: true, relaxedSimd: false, threads: false }, available: BUILDS.map((build) => build.name) }),
    { build: 'plain', reason: 'the engine lacks threads, relaxedSimd' });
  // Without the threaded build (NNSLIM_SINGLE_THREADED=1, or not built):
  const available = BUILDS.map((build) => build.name).filter((name) => name !== 'threads');
  assert.deepEqual(chooseBuild({ features: { simd: true, relaxedSimd: true }, available }),
    { build: 'relaxed', reason: 'the engine supports relaxedSimd' });
  assert.deepEqual(chooseBuild({ features: { simd: true, relaxedSimd: false }, available }),
    { build: 'plain', reason: 'the engine lacks relaxedSimd' });
  assert.deepEqual(chooseBuild({ features: { simd: true, relaxedSimd: true }, available, requested: 'plain' }),
    { build: 'plain', reason: 'forced by NNSLIM_BUILD=plain' });
  // A package without the relaxed files (an older dist/) still loads.
  assert.deepEqual(chooseBuild({ features: { relaxedSimd: true }, available: ['plain'] }),
    { build: 'plain', reason: 'the only build available' });
  assert.match(chooseBuild({ features: { relaxedSimd: false }, available, requested: 'relaxed' }).error,
    /NNSLIM_BUILD=relaxed: this engine lacks relaxedSimd/);
  assert.match(chooseBuild({ features: {}, available, requested: 'fast' }).error,
    /NNSLIM_BUILD must be one of auto, threads, relaxed, plain, got 'fast'/);
});

test('the relaxed-SIMD probe agrees with the engine on the shipped relaxed module', () => {
  const script = `
    import { readFileSync } from 'node:fs';
    import { relaxedSimdSupported } from './web/builds.js';
    const bytes = readFileSync(${JSON.stringify(RELAXED_WASM)});
    console.log(JSON.stringify({ probe: relaxedSimdSupported(), module: WebAssembly.validate(bytes) }));`;
  const run = (flags) => {
    const child = runChild(process.execPath, [...flags, '--input-type=module', '-e', script], { cwd: ROOT });
    assert.equal(child.ok, true, child.describe());
    return jsonOf(child);
  };
  // Without relaxed SIMD the engine rejects the whole relaxed module: it does
  // use relaxed instructions, and the probe must say no.
  assert.deepEqual(run(WITHOUT_RELAXED), { probe: false, module: false });
  assert.deepEqual(run(WITH_RELAXED), { probe: true, module: true });
});

test('the loader picks relaxed with the flag, plain without, and NNSLIM_BUILD forces either', () => {
  const report = 'await nnslim.init(); console.log(JSON.stringify(nnslim.features()));';
  const withFlag = inChild(WITH_RELAXED, report);
  assert.deepEqual({ simd: withFlag.simd, relaxedSimd: withFlag.relaxedSimd, build: withFlag.build, reason: withFlag.reason },
    { simd: true, relaxedSimd: true, build: 'relaxed', reason: 'the engine supports relaxedSimd' });
  assert.equal(withFlag.threads, false);
  assert.equal(withFlag.threadsUnavailableReason, 'NNSLIM_SINGLE_THREADED=1');
  const withoutFlag = inChild(WITHOUT_RELAXED, report);
  assert.equal(withoutFlag.build, 'plain', JSON.stringify(withoutFlag));
  assert.equal(withoutFlag.relaxedSimd, false);
  assert.equal(withoutFlag.reason, 'the engine lacks relaxedSimd');
  const forcedPlain = inChild(WITH_RELAXED, report, { NNSLIM_BUILD: 'plain' });
  assert.equal(forcedPlain.build, 'plain');
  assert.equal(forcedPlain.reason, 'forced by NNSLIM_BUILD=plain');

  // A build the engine cannot run, or a typo: a clear NnslimError on the first call (init()), no crash.
  const forcedRelaxed = inChild(WITHOUT_RELAXED, report, { NNSLIM_BUILD: 'relaxed' });
  assert.notEqual(forcedRelaxed.code, 0);
  assert.match(forcedRelaxed.stderr, /NnslimError: nnslim: NNSLIM_BUILD=relaxed: this engine lacks relaxedSimd/);
  const typo = inChild(WITH_RELAXED, report, { NNSLIM_BUILD: 'relax' });
  assert.match(typo.stderr, /NNSLIM_BUILD must be one of auto, threads, relaxed, plain, got 'relax'/);
});

test('benchmark() names the build that ran and why', () => {
  const script = `
    const model = nnslim.zoo.mobilenetV2({ alpha: 0.35, inputSize: 96, seed: 3 });
    const { build, buildReason } = await model.benchmark({ warmup: 0, iterations: 1 });
    console.log(JSON.stringify({ build, buildReason }));`;
  assert.deepEqual(inChild(WITH_RELAXED, script), { build: 'relaxed', buildReason: 'the engine supports relaxedSimd' });
  assert.deepEqual(inChild(WITHOUT_RELAXED, script), { build: 'plain', buildReason: 'the engine lacks relaxedSimd' });
});

test('the relaxed build matches ONNX\'s expected outputs (convolutions, a fully connected layer)', () => {
  for (const name of ['pytorch-converted/test_Conv2d', 'pytorch-converted/test_Linear', 'pytorch-operator/test_operator_conv']) {
    const dir = onnxCase(name);
    const { outputs } = readCase(dir);
    // The child reads the inputs itself (too large for a command line).
    const script = `
      import { readCase } from './tests/js/onnx_cases.js';
      const { inputs } = readCase(${JSON.stringify(dir)});
      const model = await nnslim.loadModel(${JSON.stringify(`${dir}/model.onnx`)});
      const feeds = Object.fromEntries(inputs
        .map((input, i) => [model.inputNames[i], new nnslim.Tensor('float32', Float32Array.from(input.data), input.dims)]));
      const out = await model.run(feeds);
      console.log(JSON.stringify({ build: nnslim.features().build, data: model.outputNames.map((n) => [...out[n].data]) }));`;
    const result = inChild(WITH_RELAXED, script);
    assert.equal(result.build, 'relaxed', JSON.stringify(result).slice(0, 500));
    outputs.forEach((expected, i) => assertClose(result.data[i], expected.data));
  }
});

test('MobileNetV2 (seeded weights) on the relaxed build gives the plain build\'s outputs within float tolerance', () => {
  // relaxed_madd may round the product or not: the two builds agree to a few
  // ulp per multiply-add, accumulated over 53 layers.
  const script = `
    const model = nnslim.zoo.mobilenetV2({ seed: 11 });
    const size = 224 * 224 * 3;
    const input = Float32Array.from({ length: size }, (_, i) => Math.sin(i * 0.37) * 0.8);
    const out = await model.run({ [model.inputNames[0]]: new nnslim.Tensor('float32', input, [1, 224, 224, 3]) });
    console.log(JSON.stringify({ build: nnslim.features().build, data: [...out[model.outputNames[0]].data] }));`;
  const relaxed = inChild(WITH_RELAXED, `${FUSED_MADD_PROBE}\n${script.replace('build: nnslim', 'fused: fusedMadd(), build: nnslim')}`);
  const plain = inChild(WITH_RELAXED, script, { NNSLIM_BUILD: 'plain' });
  assert.equal(relaxed.build, 'relaxed');
  assert.equal(plain.build, 'plain');
  assert.equal(relaxed.data.length, 1000);
  assertClose(relaxed.data, plain.data, 1e-4, 1e-6);
  // Where the engine fuses relaxed_madd the builds really differ: otherwise
  // this test would compare the plain build with itself.
  if (relaxed.fused) assert.ok(relaxed.data.some((value, i) => value !== plain.data[i]), 'relaxed and plain outputs are bit-identical');
});

test('dist/nnslim-relaxed.wasm is in the package files next to the plain build', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  for (const file of ['dist/nnslim-relaxed.mjs', 'dist/nnslim-relaxed.wasm']) assert.ok(pkg.files.includes(file), file);
});

test('threadsForCores: one thread per core, at least 1, at most MAX_THREADS_CAP (both entries clamp with it)', () => {
  assert.equal(MAX_THREADS_CAP, 8);
  assert.deepEqual([0, 1, 3, 8, 9, 64].map(threadsForCores), [1, 1, 3, 8, 8, 8]);
});
