// The QDQ export writes no all-zero zero points where ONNX allows leaving
// them out: DequantizeLinear's x_zero_point is optional and 0 by default
// (its dtype is x's), so the symmetric int8 weights and the int32 biases
// carry none; QuantizeLinear keeps its zero point, whose dtype (int8) sets
// the output's (uint8 without one). Oracles: the file as python's onnx reads
// it, the same file with the zero points written back (ONNX's explicit form),
// and onnxruntime-web running both.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

import * as nnslim from '../../web/node.js';
import { corpusModels, corpusInput } from '../models/corpus.mjs';
import { corpusModelFile } from './corpus_model.js';

const benchRequire = createRequire(new URL('../../bench/package.json', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'nnslim-zero-points-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

// Reads the file: per DequantizeLinear of an initializer (a weight or a bias)
// its dtype, whether it has a zero point and its scale count; per
// QuantizeLinear its zero point's dtype; the bytes of the initializers by
// dtype. With OUT: writes the same graph with an all-zero zero point (x's
// dtype, the scale's shape) on every DequantizeLinear of an initializer.
const INSPECT = `
import json, sys, onnx
import numpy as np
from onnx import numpy_helper
m = onnx.load(sys.argv[1])
inits = {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}
facts = {'dq': [], 'q': [], 'bytes': {}}
for t in inits.values():
    facts['bytes'][str(t.dtype)] = facts['bytes'].get(str(t.dtype), 0) + t.nbytes
for n in m.graph.node:
    if n.op_type == 'DequantizeLinear' and n.input[0] in inits:
        x, scale = inits[n.input[0]], inits[n.input[1]]
        facts['dq'].append({'dtype': str(x.dtype), 'zeroPoint': len(n.input) > 2 and n.input[2] != '', 'scales': int(scale.size)})
        if len(sys.argv) > 2:
            zero = numpy_helper.from_array(np.zeros(scale.shape, x.dtype), n.input[0] + '_zero_point')
            m.graph.initializer.append(zero)
            n.input.append(zero.name)
    if n.op_type == 'QuantizeLinear':
        facts['q'].append(str(inits[n.input[2]].dtype) if len(n.input) > 2 else None)
if len(sys.argv) > 2:
    onnx.save(m, sys.argv[2])
print(json.dumps(facts))
`;

function inspect(file, withZeros) {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', INSPECT, file, ...(withZeros ? [withZeros] : [])], { encoding: 'utf8' }));
}

function seeded(seed) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

for (const perChannel of [true, false]) {
  test(`BlazeFace ${perChannel ? 'per-channel' : 'per-tensor'} QDQ export: no weight or bias zero points; the bytes they took are gone; nnslim and onnxruntime-web read it as the explicit form`, async () => {
    const entry = corpusModels().find((m) => m.name === 'blazeface-back-256');
    const model = await nnslim.loadModel(corpusModelFile(entry.name));
    const random = seeded(3);
    const feedsOf = () => Object.fromEntries(Object.entries(entry.inputs).map(([name, shape]) =>
      [name, new nnslim.Tensor('float32', corpusInput(entry, shape, random), shape)]));
    const quantized = await model.quantize({ calibration: { samples: [feedsOf(), feedsOf()] }, perChannel });
    model.dispose();
    const file = join(scratch, `blazeface-${perChannel}.onnx`);
    const explicit = join(scratch, `blazeface-${perChannel}-explicit.onnx`);
    writeFileSync(file, quantized.toOnnx());
    const facts = inspect(file, explicit);

    // The count: 69 quantized layers, 3,304 output channels in all.
    const weights = facts.dq.filter((d) => d.dtype === 'int8');
    const biases = facts.dq.filter((d) => d.dtype === 'int32');
    assert.equal(weights.length, 69);
    assert.equal(biases.length, 69);
    const channels = perChannel ? 3304 : 69;
    assert.equal(weights.reduce((sum, d) => sum + d.scales, 0), channels);
    assert.equal(biases.reduce((sum, d) => sum + d.scales, 0), channels);
    assert.deepEqual(facts.dq.filter((d) => d.zeroPoint), []);
    // Every QuantizeLinear keeps an int8 zero point (without one its output would be uint8).
    assert.ok(facts.q.length > 100);
    assert.deepEqual([...new Set(facts.q)], ['int8']);

    // Weight bytes as nnslim reports them = the file's initializers (python's
    // count), and the explicit form holds exactly 1 + 4 bytes per channel more.
    const reloaded = await nnslim.loadModel(file);
    const explicitModel = await nnslim.loadModel(explicit);
    const ours = reloaded.profile().weightBytes.byDtype;
    const theirs = explicitModel.profile().weightBytes.byDtype;
    assert.equal(ours.int8, quantized.profile().weightBytes.byDtype.int8);
    assert.equal(theirs.int8 - ours.int8, channels);
    assert.equal(theirs.int32 - ours.int32, 4 * channels);
    assert.equal(ours.int32, facts.bytes.int32);
    assert.ok(statSync(explicit).size - statSync(file).size >= 5 * channels);
    console.log(`perChannel ${perChannel}: file ${statSync(file).size} bytes, with zero points ${statSync(explicit).size}; weight bytes ${JSON.stringify(ours)} vs ${JSON.stringify(theirs)}`);

    // Same outputs, bit for bit: nnslim (the model in memory, its export and
    // the explicit form) and onnxruntime-web (the export and the explicit form).
    const ort = await import(benchRequire.resolve('onnxruntime-web'));
    ort.env.wasm.numThreads = 1;
    const sessions = [await ort.InferenceSession.create(readFileSync(file)), await ort.InferenceSession.create(readFileSync(explicit))];
    try {
      for (let k = 0; k < 2; k++) {
        const feeds = feedsOf();
        const reference = await quantized.run(feeds);
        const ortFeeds = Object.fromEntries(Object.entries(feeds).map(([name, t]) => [name, new ort.Tensor('float32', t.data, t.dims)]));
        const [a, b] = [await sessions[0].run(ortFeeds), await sessions[1].run(ortFeeds)];
        for (const other of [await reloaded.run(feeds), await explicitModel.run(feeds)]) {
          for (const name of quantized.outputNames) assert.deepEqual(other[name].data, reference[name].data, name);
        }
        for (const name of quantized.outputNames) {
          assert.ok(a[name].data.length === reference[name].data.length && a[name].data.every(Number.isFinite), name);
          assert.deepEqual(a[name].data, b[name].data, name);
        }
      }
    } finally {
      for (const s of sessions) await s.release();
      reloaded.dispose();
      explicitModel.dispose();
      quantized.dispose();
    }
  });
}
