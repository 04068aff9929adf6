// summary() of a quantized (QDQ) ONNX file: one row per quantized layer, its
// type with its int8 weights ("Conv int8"), the QuantizeLinear /
// DequantizeLinear nodes folded into the layer they quantize; qdqNodes: true
// (CLI --qdq-nodes) lists them. Oracles: params and MACs computed by hand for
// a small CNN; the float model's own rows and totals for a corpus model.
import assert from 'node:assert/strict';
import { runChecked, runChild } from './node_child.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import * as nnslim from '../../web/node.js';
import { corpusModelFile } from './corpus_model.js';

const { layers } = nnslim;
const CLI = fileURLToPath(new URL('../../web/cli.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'nnslim-summary-quantized-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

// The rows of a summary table: [name, type, params].
function rows(text) {
  const body = text.split('=\n')[1].split('\n=')[0];
  return body.split('\n').filter((line) => line.trim()).map((line) => {
    const match = /^ (\S+) \((.+?)\)\s+\(.*\)\s+(\d+)$/.exec(line);
    assert.ok(match, `row '${line}'`);
    return [match[1], match[2], Number(match[3])];
  });
}

function totalParams(text) {
  return Number(/Total params: ([\d,]+)/.exec(text)[1].replace(/,/g, ''));
}

test('a quantized small CNN: one row per layer, hand-computed params and MACs, Q/DQ nodes only on request', async () => {
  const model = nnslim.sequential({
    seed: 5,
    layers: [
      layers.conv2d({ name: 'conv', filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [12, 12, 3] }),
      layers.maxPooling2d({ name: 'pool', poolSize: 2, strides: 2 }),
      layers.flatten({ name: 'flatten' }),
      layers.dense({ name: 'head', units: 10 }),
    ],
  });
  const warn = console.warn;
  console.warn = () => {};
  const quantized = await model.quantize().finally(() => { console.warn = warn; });
  const file = await nnslim.loadModel(quantized.toOnnx());
  try {
    const text = file.summary({ printFn: null });
    // conv: 8 * 3 * 3 * 3 weights + 8 biases; head: 6 * 6 * 8 * 10 + 10.
    assert.deepEqual(rows(text), [
      ['conv_input/nchw', 'Transpose', 0],
      ['conv/Conv', 'Conv int8', 8 * 27 + 8],
      ['conv/Relu', 'Relu', 0],
      ['pool/MaxPool', 'MaxPool', 0],
      ['flatten/Transpose', 'Transpose', 0],
      ['flatten/Flatten', 'Flatten', 0],
      ['head/Gemm', 'Gemm int8', 288 * 10 + 10],
    ]);
    assert.equal(totalParams(text), 224 + 2890);
    assert.equal(totalParams(model.summary({ printFn: null })), 224 + 2890);
    // The same rows in profile({ qdqNodes: false }), with MACs:
    // conv 12 * 12 * 8 * 27, head 288 * 10.
    const folded = file.profile({ qdqNodes: false });
    assert.deepEqual(folded.layers.filter((l) => l.macs > 0).map((l) => [l.name, l.params, l.macs]),
      [['conv/Conv', 224, 12 * 12 * 8 * 27], ['head/Gemm', 2890, 288 * 10]]);
    assert.equal(folded.layers.length, 7);
    assert.equal(folded.macs, 12 * 12 * 8 * 27 + 288 * 10);
    assert.equal(folded.macs, model.profile().macs);
    // profile() keeps its per-node rows by default (per-layer timings match them).
    const perNode = file.profile();
    assert.equal(perNode.layers.filter((l) => /^(QuantizeLinear|DequantizeLinear)$/.test(l.type)).length, 14);
    assert.equal(perNode.macs, folded.macs);
    assert.equal(perNode.params.total, folded.params.total);

    // qdqNodes: every QuantizeLinear and DequantizeLinear as a row of its own:
    // 7 quantized activations (the input, the layout Transpose, Relu, MaxPool,
    // Flatten's Transpose and Flatten, the head), each a Q and a DQ.
    const raw = rows(file.summary({ printFn: null, qdqNodes: true }));
    assert.equal(raw.filter(([, type]) => type === 'QuantizeLinear').length, 7);
    assert.equal(raw.filter(([, type]) => type === 'DequantizeLinear').length, 7);
    assert.equal(raw.length, 7 + 14);
  } finally {
    file.dispose();
    quantized.dispose();
    model.dispose();
  }
});

test('nnslim summary of the quantized openWakeWord file: the float file\'s rows and totals, Gemm int8; --qdq-nodes lists the nodes', () => {
  const float = corpusModelFile('hello-deepa');
  const out = join(scratch, 'hello_deepa.int8.onnx');
  runChecked(process.execPath, [CLI, 'quantize', float, '-o', out]);
  const floatText = runChecked(process.execPath, [CLI, 'summary', float]);
  const text = runChecked(process.execPath, [CLI, 'summary', out]);
  const floatRows = rows(floatText);
  const quantizedRows = rows(text);
  // The same layers, in order, with the same params; the Gemms say int8.
  assert.deepEqual(quantizedRows.map(([name, type, params]) => [name, type.replace(/ int8$/, ''), params]), floatRows);
  const gemms = floatRows.filter(([, type]) => type === 'Gemm').map(([name]) => name);
  assert.ok(gemms.length >= 3);
  assert.deepEqual(quantizedRows.filter(([, type]) => type === 'Gemm int8').map(([name]) => name), gemms);
  assert.equal(totalParams(text), totalParams(floatText));
  assert.ok(!/QuantizeLinear|DequantizeLinear/.test(text));

  const raw = rows(runChecked(process.execPath, [CLI, 'summary', out, '--qdq-nodes']));
  assert.ok(raw.filter(([, type]) => type === 'QuantizeLinear').length >= gemms.length);
  assert.equal(raw.length - raw.filter(([, type]) => /QuantizeLinear|DequantizeLinear/.test(type)).length, floatRows.length);
  // The flag is in --help and belongs to summary only.
  assert.match(runChecked(process.execPath, [CLI, '--help']), /--qdq-nodes/);
  const misuse = runChild(process.execPath, [CLI, 'profile', out, '--qdq-nodes']);
  assert.ok(!misuse.hung && misuse.status !== 0 && /--qdq-nodes applies to `nnslim summary` only/.test(misuse.stderr), misuse.stderr);
});
