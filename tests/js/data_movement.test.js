// The data-movement fast path through the package: ONNX's Gather node test
// model (indices fed at run time) runs on the fast Gather step, matches a
// plain JS gather, and an out-of-range index gets an NnslimError naming the
// node, after which the same model keeps running.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';

import * as nnslim from '../../web/node.js';
import { DATA } from './onnx_cases.js';

const GATHER = `${DATA}/node/test_gather_0/model.onnx`;

// y[i, ...] = data[indices[i], ...] (negative indices count from the end): the oracle.
function gatherAxis0(data, dims, indices) {
  const block = dims.slice(1).reduce((a, b) => a * b, 1);
  const out = new Float32Array(indices.length * block);
  indices.forEach((index, i) => {
    const row = index < 0 ? index + dims[0] : index;
    out.set(data.subarray(row * block, (row + 1) * block), i * block);
  });
  return out;
}

test('Gather with run-time indices: fast step, JS oracle, out-of-range index is an Error naming the node',
  { skip: !existsSync(GATHER) && 'no libonnx-testdata' }, async () => {
    const model = await nnslim.loadModel(GATHER);
    try {
      const [dataInfo, indicesInfo] = model.inputs;
      assert.equal(indicesInfo.type, 'int64');
      const count = dataInfo.dims.reduce((a, b) => a * b, 1);
      const data = Float32Array.from({ length: count }, (_, i) => Math.sin(i) * 10);
      const feeds = (indices) => ({
        [dataInfo.name]: new nnslim.Tensor('float32', data, dataInfo.dims),
        [indicesInfo.name]: new nnslim.Tensor('int64', BigInt64Array.from(indices, BigInt), indicesInfo.dims),
      });
      const good = [4, -5, 1];
      const { outputs, steps } = await model.runProfiled(feeds(good));
      assert.deepEqual([...outputs[model.outputNames[0]].data], [...gatherAxis0(data, dataInfo.dims, good)]);
      assert.ok(steps.some((s) => s.op.startsWith('Gather on axis 0 (indices at run time)')), JSON.stringify(steps));
      assert.ok(!steps.some((s) => s.op.includes('reference')), JSON.stringify(steps));

      for (const bad of [[0, 5, 1], [-6, 0, 0]]) {
        await assert.rejects(model.run(feeds(bad)), (e) => e instanceof nnslim.NnslimError &&
          /node '.*' \(Gather\)/.test(e.message) && /out of range/.test(e.message) && e.message.includes(String(bad.find((i) => i === 5 || i === -6))));
      }
      const again = await model.run(feeds([2, 2, -1]));
      assert.deepEqual([...again[model.outputNames[0]].data], [...gatherAxis0(data, dataInfo.dims, [2, 2, -1])]);
    } finally {
      model.dispose();
    }
  });
