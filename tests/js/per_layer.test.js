// Per-layer timing as a user sees it: model.runProfiled() steps, benchmark({
// perLayer }) and `nnslim bench MODEL --per-layer`, which must tell the steps
// that run an op's scalar reference (the slow fallback) from the fast ones.
// The model is a Conv (fast NHWC igemm) feeding a Softsign (an op without a
// fast lowering, run by the reference), written by ONNX's own helper.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import * as nnslim from '../../web/node.js';
import { runChecked, runChild } from './node_child.js';

const CLI = fileURLToPath(new URL('../../web/cli.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'nnslim-per-layer-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const MODEL = join(scratch, 'conv_softsign.onnx');
runChecked('/usr/bin/python3', ['-c', `
import sys, numpy as np, onnx
from onnx import helper, numpy_helper, TensorProto
w = numpy_helper.from_array(np.linspace(-1, 1, 5 * 3 * 3 * 3, dtype=np.float32).reshape(5, 3, 3, 3), 'w')
nodes = [helper.make_node('Conv', ['x', 'w'], ['c'], name='conv_a', pads=[1, 1, 1, 1]),
         helper.make_node('Softsign', ['c'], ['y'], name='softsign_b')]
graph = helper.make_graph(nodes, 'g', [helper.make_tensor_value_info('x', TensorProto.FLOAT, [1, 3, 7, 9])],
                          [helper.make_tensor_value_info('y', TensorProto.FLOAT, [1, 5, 7, 9])], [w])
onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)]), sys.argv[1])
`, MODEL]);

// The steps that compute the ONNX nodes (layout copies aside), by node name.
function nodeSteps(steps) {
  return Object.fromEntries(steps.filter((step) => step.op !== 'layout').map((step) => [step.layer, step]));
}

function assertStepFields(steps) {
  assert.ok(steps.length >= 2);
  for (const step of steps) {
    assert.equal(typeof step.layer, 'string');
    assert.equal(typeof step.op, 'string');
    assert.ok(step.op.length > 0);
    assert.equal(typeof step.kernel, 'string');
    assert.ok(step.kernel.length > 0);
    assert.equal(typeof step.reference, 'boolean');
    assert.ok(Number.isFinite(step.ms) && step.ms >= 0);
  }
  const byNode = nodeSteps(steps);
  assert.deepEqual(Object.keys(byNode).sort(), ['conv_a', 'softsign_b']);
  assert.equal(byNode.conv_a.op, 'Conv');
  assert.equal(byNode.conv_a.reference, false);
  assert.notEqual(byNode.conv_a.kernel, 'reference');
  assert.equal(byNode.softsign_b.op, 'Softsign');
  assert.equal(byNode.softsign_b.reference, true);
  assert.equal(byNode.softsign_b.kernel, 'reference');
}

test('runProfiled: every step with its node, op, kernel and reference flag; outputs as run()', async () => {
  const model = await nnslim.loadModel(MODEL);
  try {
    const data = Float32Array.from({ length: 3 * 7 * 9 }, (_, i) => Math.sin(i));
    const feeds = { x: new nnslim.Tensor('float32', data, [1, 3, 7, 9]) };
    const plain = await model.run(feeds);
    const { outputs, steps } = await model.runProfiled(feeds);
    assertStepFields(steps);
    assert.deepEqual(Array.from(outputs.y.data), Array.from(plain.y.data));
    const softsign = outputs.y.data;
    for (const value of softsign) assert.ok(Math.abs(value) < 1, 'Softsign maps into (-1, 1)');
  } finally {
    model.dispose();
  }
});

test('benchmark({ perLayer }): per-step medians in execution order', async () => {
  const model = await nnslim.loadModel(MODEL);
  try {
    const result = await model.benchmark({ warmup: 1, iterations: 5, perLayer: true });
    assertStepFields(result.layers);
    const plain = await model.benchmark({ warmup: 0, iterations: 1 });
    assert.equal(plain.layers, undefined);
  } finally {
    model.dispose();
  }
});

// The CLI in a child: node_child.js kills a child that hangs at exit (Node
// 20's nodejs/node#54918, seen here once on the debug wasm build) and runs it
// once more; a failure fails with the child's output.
function cli(...args) {
  const result = runChild(process.execPath, [CLI, ...args], { label: `nnslim ${args.join(' ')}` });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, describe: result.describe };
}

test('nnslim bench --per-layer: a step table with REFERENCE marks and the reference total', () => {
  const result = cli('bench', MODEL, '--per-layer', '--warmup', '1', '--iterations', '3');
  assert.equal(result.code, 0, result.describe());
  const lines = result.stdout.split('\n');
  assert.match(lines[0], /^Step\s+Layer\s+Op\s+Kernel\s+ms\s+%$/);
  const rows = lines.slice(2, lines.indexOf(lines[1], 2)); // between the two rules
  assert.ok(rows.length >= 2);
  const row = (layer) => rows.find((line) => new RegExp(`^\\s*\\d+  ${layer} `).test(line)) ?? assert.fail(`no row for ${layer}`);
  assert.match(row('softsign_b'), /\bSoftsign\s+reference\s+[\d.,]+\s+[\d.]+%\s+REFERENCE$/);
  assert.doesNotMatch(row('conv_a'), /REFERENCE/);
  // A step's ms and its share agree: no step with a share of the time reads 0 ms.
  for (const line of rows) {
    const [msText, percentText] = line.replace(/\s+REFERENCE$/, '').trim().split(/\s+/).slice(-2);
    if (Number(percentText.replace('%', '')) > 0) assert.ok(Number(msText.replace(/,/g, '')) > 0, line);
  }
  const referenceRows = rows.filter((line) => line.endsWith('REFERENCE'));
  assert.equal(referenceRows.length, 1);
  assert.match(result.stdout, new RegExp(`^${rows.length} steps, 1 on the reference \\([\\d.,]+ ms, [\\d.]+% of [\\d.,]+ ms`, 'm'));
  assert.match(result.stdout, /Latency: +mean .* p50/);

  const jsonRun = cli('bench', MODEL, '--per-layer', '--json', '--warmup', '0', '--iterations', '2');
  assert.equal(jsonRun.code, 0, jsonRun.describe());
  const json = JSON.parse(jsonRun.stdout);
  assertStepFields(json.layers);

  const misuse = cli('profile', MODEL, '--per-layer');
  assert.equal(misuse.code, 1, misuse.describe());
  assert.match(misuse.stderr, /^nnslim: .*--per-layer apply to `nnslim bench` only/);
});
