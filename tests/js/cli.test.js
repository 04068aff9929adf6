// The `nnslim` command as a user runs it: output, exit codes, error messages.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { floatFallbacks } from '../../web/cli_quantize.js';
import { assertClose } from './numeric_match.js';
import { convMacs, onnxFacts } from './onnx_oracle.js';
import { runChild } from './node_child.js';

const CLI = fileURLToPath(new URL('../../web/cli.js', import.meta.url));
const CONV_MODEL = '/usr/share/libonnx-testdata/data/pytorch-converted/test_Conv2d/model.onnx';
const scratch = mkdtempSync(join(tmpdir(), 'nnslim-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function nnslim(...args) {
  return nnslimWithEnv({}, ...args);
}

function nnslimWithEnv(env, ...args) {
  const result = runChild(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, label: `nnslim ${args.join(' ')}` });
  assert.equal(result.signal, null, result.describe());
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// A user error: exit 1, one message line "nnslim: <CODE>: ...", no stack trace.
function assertUserError(result, code, messagePattern) {
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stdout, '');
  assert.ok(result.stderr.startsWith(`nnslim: ${code}: `), result.stderr);
  assert.match(result.stderr, messagePattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
}

test('summary of an ONNX file', () => {
  const result = nnslim('summary', CONV_MODEL);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /Conv/);
  assert.match(result.stdout, new RegExp(`\\b${onnxFacts(CONV_MODEL).initializerElements}\\b`));
});

test('profile --json of an ONNX file prints the profile object', () => {
  const result = nnslim('profile', CONV_MODEL, '--json');
  assert.equal(result.code, 0, result.stderr);
  const profile = JSON.parse(result.stdout);
  const facts = onnxFacts(CONV_MODEL);
  assert.equal(profile.params.total, facts.initializerElements);
  assert.equal(profile.macs, convMacs(facts.nodes[0]));
  assert.equal(profile.flops, 2 * profile.macs);
});

test('bench --json of an ONNX file: latency statistics, throughput, cold run', () => {
  const result = nnslim('bench', CONV_MODEL, '--json', '--warmup', '2', '--iterations', '7', '--batch', '1');
  assert.equal(result.code, 0, result.stderr);
  const bench = JSON.parse(result.stdout);
  assert.equal(bench.iterations, 7);
  assert.equal(bench.warmup, 2);
  const l = bench.latencyMs;
  assert.ok(l.min <= l.p50 && l.p50 <= l.p90 && l.p90 <= l.p99 && l.p99 <= l.max);
  assertClose(bench.throughput, 1000 / l.mean, 0, 1e-6);
  assert.ok(bench.coldMs > 0);
  const human = nnslim('bench', CONV_MODEL, '--iterations', '3');
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /Latency: +mean .* p50 .* p90 .* p99/);
  assert.match(human.stdout, /Throughput: .* inferences\/s/);
  assert.match(human.stdout, /Build: +(threads|plain|relaxed) \(.+\)/);
  // The build that ran is named (NNSLIM_BUILD forces one: tests/js/builds.test.js).
  const forced = nnslimWithEnv({ NNSLIM_BUILD: 'plain' }, 'bench', CONV_MODEL, '--json', '--iterations', '2');
  assert.equal(forced.code, 0, forced.stderr);
  assert.deepEqual(((b) => [b.build, b.buildReason])(JSON.parse(forced.stdout)), ['plain', 'forced by NNSLIM_BUILD=plain']);
  assertUserError(nnslim('bench', CONV_MODEL, '--iterations', '0'), 'INVALID_ARGUMENT', /--iterations must be an integer >= 1/);
  assertUserError(nnslim('profile', CONV_MODEL, '--warmup', '3'), 'INVALID_ARGUMENT', /apply to `nnslim bench` only/);
});

test('bench --threads: the count reaches the model and the report; bad counts are usage errors', () => {
  const result = nnslim('bench', CONV_MODEL, '--json', '--warmup', '1', '--iterations', '2', '--threads', '2');
  assert.equal(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).numThreads, 2);
  const human = nnslim('bench', CONV_MODEL, '--iterations', '2', '--threads', '1');
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /timed runs \(1 thread\)\nBuild: +threads /);
  assertUserError(nnslim('bench', CONV_MODEL, '--threads', '0'), 'INVALID_ARGUMENT', /--threads must be an integer >= 1/);
  assertUserError(nnslim('profile', CONV_MODEL, '--threads', '2'), 'INVALID_ARGUMENT', /apply to `nnslim bench` only/);
});

test('profile of an ONNX file: a per-layer table and totals', () => {
  const facts = onnxFacts(CONV_MODEL);
  const result = nnslim('profile', CONV_MODEL);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /Layer \(type\)\s+Output shape\s+Params\s+MACs\s+FLOPs/);
  assert.match(result.stdout, new RegExp(`^Params: +${facts.initializerElements} total`, 'm'));
  assert.match(result.stdout, new RegExp(`^MACs: +${convMacs(facts.nodes[0]).toLocaleString('en-US')}$`, 'm'));
  assert.match(result.stdout, /^Peak memory: +[0-9.]+ MiB .*graph activations, liveness plan/m);
  assert.match(result.stdout, /^Runtime arena: +[0-9.]+ MiB .*runtime arena of the compiled plan/m);
});

// Keras' published figures for MobileNetV2-1.0 at 224x224 (keras.applications).
test('without a model: the built-in MobileNetV2', () => {
  const summary = nnslim('summary');
  assert.equal(summary.code, 0, summary.stderr);
  assert.match(summary.stdout, /3,538,984/);
  const result = nnslim('profile', '--json', '--batch', '2');
  assert.equal(result.code, 0, result.stderr);
  const profile = JSON.parse(result.stdout);
  assert.equal(profile.batchSize, 2);
  assert.deepEqual(profile.params, { total: 3538984, trainable: 3504872, nonTrainable: 34112 });
  assert.equal(profile.macs, 2 * 300774272);
});

test('a file that is not ONNX: exit 1 and a message', () => {
  const bad = join(scratch, 'bad.onnx');
  writeFileSync(bad, 'this is not a protobuf file at all');
  assertUserError(nnslim('profile', bad), 'INVALID_MODEL', /bad\.onnx|protobuf|ONNX|model/i);
});

test('a missing file: exit 1 and a message', () => {
  assertUserError(nnslim('summary', join(scratch, 'missing.onnx')), 'INVALID_ARGUMENT', /missing\.onnx': no such file/);
});

test('usage errors: exit 1 with the usage', () => {
  assertUserError(nnslim('frobnicate'), 'INVALID_ARGUMENT', /unknown command 'frobnicate'/);
  assertUserError(nnslim(), 'INVALID_ARGUMENT', /no command given/);
  assertUserError(nnslim('profile', CONV_MODEL, '--batch', '0'), 'INVALID_ARGUMENT', /--batch must be a positive integer/);
  assertUserError(nnslim('profile', '--bogus'), 'INVALID_ARGUMENT', /--bogus/);
});

test('--help and --version', () => {
  assert.match(nnslim('--help').stdout, /nnslim profile \[MODEL\.onnx\]/);
  assert.match(nnslim('--version').stdout, /^\d+\.\d+\.\d+\n$/);
});

// A .npy file (format 1.0, little-endian float32, C order), written here so
// the CLI's reader is checked against the format's specification.
function npy(dims, values) {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims.join(', ')}${dims.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const bytes = Buffer.alloc(10 + header.length + 4 * values.length);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(bytes);
  bytes.writeUInt16LE(header.length, 8);
  bytes.write(header, 10, 'latin1');
  values.forEach((v, i) => bytes.writeFloatLE(v, 10 + header.length + 4 * i));
  return bytes;
}

test('floatFallbacks: the layers whose steps run float kernels between the Q/DQ conversions', () => {
  const steps = [
    { layer: 'input', op: 'QuantizeLinear', kernel: 'f32->qs8 vcvt wasmsimd' },
    { layer: 'conv', op: 'Conv+Relu', kernel: 'qs8 igemm 3x8c2 dot16' },
    { layer: 'gate', op: 'Mul', kernel: 'f32 vmul' },
    { layer: 'gate', op: 'Mul', kernel: 'f32 vmul' },
    { layer: 'pool', op: 'MaxPool', kernel: 'qs8 maxpool c16' },
    { layer: 'norm', op: 'LayerNormalization', kernel: 'reference' },
    { layer: 'conv', op: 'layout', kernel: 'layout NHWC->NCHW' },
    { layer: 'output', op: 'DequantizeLinear', kernel: 'qs8->f32 vcvt wasmsimd' },
  ];
  assert.deepEqual(floatFallbacks(steps), ['gate (Mul)', 'norm (LayerNormalization)']);
});

test('quantize -o OUT --calib DIR: writes a loadable QDQ model and prints sizes and fidelity', () => {
  const calib = join(scratch, 'calib');
  rmSync(calib, { recursive: true, force: true });
  mkdirSync(calib, { recursive: true });
  let state = 7;
  const next = () => { state = (state * 1103515245 + 12345) >>> 0; return state / 2 ** 31 - 1; };
  for (let i = 0; i < 4; i++) writeFileSync(join(calib, `s${i}.npy`), npy([2, 3, 7, 5], Array.from({ length: 210 }, next)));
  const out = join(scratch, 'q.onnx');
  const result = nnslim('quantize', CONV_MODEL, '-o', out, '--calib', calib);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /static int8, minmax calibration on 4 samples, per-channel weights/);
  const sqnr = Number(/SQNR ([0-9.]+) dB/.exec(result.stdout)?.[1]);
  assert.ok(sqnr > 30, result.stdout);
  // A Conv alone: its int8 kernel runs it (no float op between Q and DQ).
  assert.match(result.stdout, /int8 runtime: every layer runs on int8 kernels/);
  const summary = nnslim('summary', out);
  assert.equal(summary.code, 0, summary.stderr);
  const bad = nnslim('quantize', CONV_MODEL, '-o', out, '--calib', calib, '--method', 'median');
  assertUserError(bad, 'INVALID_ARGUMENT', /calibration\.method/);
  assertUserError(nnslim('quantize', CONV_MODEL), 'INVALID_ARGUMENT', /-o OUT\.onnx/);
  // 7-bit weights: named in the scheme line, still close to the float model.
  const seven = nnslim('quantize', CONV_MODEL, '-o', out, '--calib', calib, '--weight-bits', '7');
  assert.equal(seven.code, 0, seven.stderr);
  assert.match(seven.stdout, /per-channel 7-bit weights/);
  assert.ok(Number(/SQNR ([0-9.]+) dB/.exec(seven.stdout)?.[1]) > 25, seven.stdout);
  assertUserError(nnslim('quantize', CONV_MODEL, '-o', out, '--weight-bits', '4'), 'INVALID_ARGUMENT', /--weight-bits must be 8 or 7/);
});
