// nnslim and onnxruntime-web on the same int8 QDQ file of a real model
// (BlazeFace, tests/models/corpus.json). Issue 9 asked for outputs "within one
// quantization step" of each other; on a deep detector they are not, and this
// test pins down why: each runtime is within one step of the file's exact
// meaning at every layer (oracle: tests/js/qdq_layer_oracle.py, float64 numpy
// from the runtime's own int8 inputs), and the few .5 ties that round
// differently grow layer after layer into output differences as large as
// those between onnxruntime-web and itself at two optimization levels.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import * as nnslim from '../../web/node.js';
import { corpusModels, corpusInput } from '../models/corpus.mjs';
import { corpusModelFile } from './corpus_model.js';

const ORACLE = fileURLToPath(new URL('./qdq_layer_oracle.py', import.meta.url));
const benchRequire = createRequire(new URL('../../bench/package.json', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'nnslim-ort-agreement-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

// Every QuantizeLinear output becomes a graph output too (int8), so both
// runtimes report each layer's codes. (onnxruntime then no longer fuses the
// QDQ patterns: it runs DequantizeLinear -> float op -> QuantizeLinear.)
const ADD_OUTPUTS = `
import sys, onnx
m = onnx.load(sys.argv[1])
have = {o.name for o in m.graph.output}
for n in m.graph.node:
    if n.op_type == 'QuantizeLinear' and n.output[0] not in have:
        m.graph.output.append(onnx.helper.make_tensor_value_info(n.output[0], onnx.TensorProto.INT8, None))
onnx.save(m, sys.argv[2])
`;

function seeded(seed) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

function sqnrDb(reference, candidate) {
  let signal = 0, noise = 0;
  for (let i = 0; i < reference.length; i++) {
    signal += reference[i] ** 2;
    noise += (reference[i] - candidate[i]) ** 2;
  }
  return 10 * Math.log10(signal / noise);
}

test('BlazeFace int8: nnslim and onnxruntime-web are each within one step of the QDQ file at every layer; their outputs differ as ORT differs from itself', async () => {
  const entry = corpusModels().find((m) => m.name === 'blazeface-back-256');
  const model = await nnslim.loadModel(corpusModelFile(entry.name));
  const ort = await import(benchRequire.resolve('onnxruntime-web'));
  ort.env.wasm.numThreads = 1;
  const random = seeded(7);
  const feedsOf = () => Object.fromEntries(Object.entries(entry.inputs).map(([name, shape]) =>
    [name, new nnslim.Tensor('float32', corpusInput(entry, shape, random), shape)]));
  const quantized = await model.quantize({ calibration: { samples: [feedsOf(), feedsOf()] } });
  const file = join(scratch, 'blazeface.int8.onnx');
  writeFileSync(file, quantized.toOnnx());
  quantized.dispose();
  model.dispose();

  const feeds = feedsOf();
  const ortFeeds = Object.fromEntries(Object.entries(feeds).map(([name, t]) => [name, new ort.Tensor('float32', t.data, t.dims)]));

  // Per layer, against the oracle.
  const probed = join(scratch, 'blazeface.int8.probed.onnx');
  execFileSync('/usr/bin/python3', ['-c', ADD_OUTPUTS, file, probed]);
  const probedModel = await nnslim.loadModel(probed);
  const session = await ort.InferenceSession.create(readFileSync(probed));
  const results = { nnslim: await probedModel.run(feeds), ort: await session.run(ortFeeds) };
  await session.release();
  const index = {};
  for (const runtime of Object.keys(results)) mkdirSync(join(scratch, runtime));
  probedModel.outputNames.forEach((name, k) => {
    index[name] = { file: `${k}.bin`, type: results.nnslim[name].type, dims: results.nnslim[name].dims };
    for (const [runtime, outputs] of Object.entries(results)) {
      const { data } = outputs[name];
      assert.equal(data.length, results.nnslim[name].data.length, `${runtime} ${name}`);
      writeFileSync(join(scratch, runtime, `${k}.bin`), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    }
  });
  probedModel.dispose();
  writeFileSync(join(scratch, 'index.json'), JSON.stringify(index));
  const { layers, skipped } = JSON.parse(execFileSync('/usr/bin/python3', [ORACLE, probed, scratch, 'nnslim', 'ort'],
    { encoding: 'utf8', maxBuffer: 1 << 24 }));
  // 117 QuantizeLinear nodes: the input's, and two of constant padding
  // (ConstantOfShape) the oracle does not recompute; every other one is checked.
  assert.equal(layers.length, 114, JSON.stringify(skipped));
  let elements = 0;
  const off = { nnslim: 0, ort: 0 };
  for (const layer of layers) {
    elements += layer.elements;
    for (const runtime of Object.keys(off)) {
      const [count, max] = layer[runtime];
      assert.ok(max <= 1, `${runtime} ${layer.name} (${layer.ops.join('+')}): ${count} codes off, by up to ${max}`);
      off[runtime] += count;
    }
  }
  assert.ok(elements > 13e6, `${elements} codes checked`);
  console.log(`${layers.length} layers, ${elements} codes: off by one ${JSON.stringify(off)}`);
  // Ties within float round-off: a handful in 13 million codes each (20
  // and 24 on 2026-12-05); at most one in 100,000.
  assert.ok(off.nnslim <= elements * 1e-5 && off.ort <= elements * 1e-5, JSON.stringify(off));

  // End to end on the file as shipped (no extra outputs: onnxruntime fuses
  // at 'all'): nnslim against ORT agrees as well as ORT at 'all' agrees with
  // ORT at 'disabled' (the same file, the same runtime), within 3 dB.
  const ortAt = {};
  for (const level of ['disabled', 'all']) {
    const s = await ort.InferenceSession.create(readFileSync(file), { graphOptimizationLevel: level });
    ortAt[level] = await s.run(ortFeeds);
    await s.release();
  }
  const shipped = await nnslim.loadModel(file);
  const ours = await shipped.run(feeds);
  try {
    for (const name of shipped.outputNames) {
      const nnslimVsOrt = sqnrDb(ortAt.all[name].data, ours[name].data);
      const ortVsOrt = sqnrDb(ortAt.all[name].data, ortAt.disabled[name].data);
      assert.ok(Number.isFinite(ortVsOrt) && ortVsOrt < 40, `${name}: ORT agrees with itself to ${ortVsOrt} dB`);
      assert.ok(nnslimVsOrt >= ortVsOrt - 3, `${name}: nnslim vs ORT ${nnslimVsOrt.toFixed(1)} dB, ORT vs ORT ${ortVsOrt.toFixed(1)} dB`);
      console.log(`${name}: nnslim vs ORT(all) ${nnslimVsOrt.toFixed(1)} dB; ORT(disabled) vs ORT(all) ${ortVsOrt.toFixed(1)} dB`);
    }
  } finally {
    shipped.dispose();
  }
});
