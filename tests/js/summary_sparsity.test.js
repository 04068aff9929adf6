// summary()'s sparsity table on real models: an unpruned model with a few
// exact zeros of its own (PP-OCRv4's detector) is not called pruned, and its
// sparsity matches the zeros numpy counts in the file's conv kernels.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as nnslim from '../../web/node.js';
import { corpusModelFile } from './corpus_model.js';
import { runChecked } from './node_child.js';

// [kernel weights, zero kernel weights] of the file's Conv / ConvTranspose
// weights (Paddle2ONNX writes them as Constant nodes), by numpy.
function numpyKernelZeros(path) {
  const out = runChecked('/usr/bin/python3', ['-c', `
import sys, numpy as np, onnx
from onnx import numpy_helper
g = onnx.load(sys.argv[1]).graph
tensors = {t.name: numpy_helper.to_array(t) for t in g.initializer}
for n in g.node:
    if n.op_type == 'Constant':
        tensors[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
kernels = [tensors[n.input[1]] for n in g.node if n.op_type in ('Conv', 'ConvTranspose')]
print(sum(k.size for k in kernels), sum(int(k.size - np.count_nonzero(k)) for k in kernels))
`, path], { encoding: 'utf8' });
  return out.trim().split(' ').map(Number);
}

test('summary of the unpruned PP-OCRv4 detector: its own zeros, not a "Pruned" row', async () => {
  const path = corpusModelFile('ppocrv4-det');
  const [weights, zeros] = numpyKernelZeros(path);
  assert.ok(zeros > 0, 'the detector holds exact zeros of its own');
  const model = await nnslim.loadModel(path);
  try {
    const text = model.summary({ printFn: null, inputShapes: { x: [1, 3, 320, 320] } });
    assert.doesNotMatch(text, /Pruned/);
    const percent = (100 * zeros / weights).toFixed(1);
    assert.match(text, new RegExp(`^ This model\\s+${percent.replace('.', '\\.')}%`, 'm'));
    const profile = model.profile({ inputShapes: { x: [1, 3, 320, 320] } });
    // Every zero parameter of this model is a conv kernel weight.
    assert.equal(profile.params.total - profile.nonzeroParams, zeros);
    assert.match(text, new RegExp(`^Nonzero params: ${profile.nonzeroParams.toLocaleString('en-US')}$`, 'm'));
  } finally {
    model.dispose();
  }
});
