// prune() of a quantized (QDQ) model: its weights are DequantizeLinear
// outputs of int8 constants, not float constants, so nothing can be pruned.
// It used to return an unchanged copy with an empty report; it is an
// INVALID_ARGUMENT error naming a layer and the DequantizeLinear behind its
// weight, and saying to prune the float original first. Model: the corpus'
// openWakeWord classifier (Gemm layers), quantized weight-only and static.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as nnslim from '../../web/node.js';
import { corpusModelFile } from './corpus_model.js';

test('prune() of a quantized corpus model is an INVALID_ARGUMENT error naming the layer; the model stays usable', async () => {
  const model = await nnslim.loadModel(corpusModelFile('hello-deepa'));
  const warn = console.warn;
  console.warn = () => {};
  try {
    for (const activations of ['float32', 'int8']) {
      const quantized = await model.quantize({ activations });
      try {
        await assert.rejects(quantized.prune({ sparsity: 0.5 }), (error) => error instanceof nnslim.NnslimError
          && error.code === 'INVALID_ARGUMENT' && /^prune: the model is quantized \(node '\/layer1\/Gemm' \(Gemm\) reads its weight from node '[^']+' \(DequantizeLinear\)\); prune its float original/.test(error.message),
        activations);
        const input = quantized.inputs[0];
        const feeds = { [input.name]: new nnslim.Tensor('float32', new Float32Array(25 * 96).fill(0.5), input.dims) };
        assert.equal(Object.keys(await quantized.run(feeds)).length, 1);
      } finally {
        quantized.dispose();
      }
    }
    // The float model still prunes.
    const pruned = await model.prune({ sparsity: 0.5 });
    assert.ok(pruned.pruneReport.layers.length > 0);
    pruned.dispose();
  } finally {
    console.warn = warn;
    model.dispose();
  }
});
