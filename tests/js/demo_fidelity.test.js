// The demo's own fidelity figures and Pareto front (demo/src), against values
// worked out by hand from their definitions.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { argmaxRows, compareOutputs, errorStats } from '../../demo/src/fidelity.js';
import { paretoFront } from '../../demo/src/pareto.js';

test('SQNR, cosine and max |error| of a known perturbation', () => {
  // signal = 4 x 1 = 4, noise = 4 x 0.1^2 = 0.04: SQNR = 10 log10(100) = 20 dB.
  const ref = [1, -1, 1, -1];
  const cand = [1.1, -0.9, 1.1, -0.9];
  const { sqnrDb, cosine, maxAbsError } = errorStats(ref, cand);
  assert.ok(Math.abs(sqnrDb - 20) < 1e-9, String(sqnrDb));
  // <ref, cand> = 4 (1.1 + 0.9) / 2 = 4; |cand| = sqrt(2 (1.21 + 0.81)) = sqrt(4.04).
  assert.ok(Math.abs(cosine - 4 / (2 * Math.sqrt(4.04))) < 1e-12, String(cosine));
  assert.ok(Math.abs(maxAbsError - 0.1) < 1e-12);
  assert.equal(errorStats(ref, ref).sqnrDb, Infinity);
  assert.throws(() => errorStats([1, 2], [1]), /2 reference values, 1 candidate/);
});

test('NaN never looks faithful', () => {
  const stats = errorStats([1, 2, 3], [1, NaN, 3]);
  assert.ok(Number.isNaN(stats.sqnrDb) && Number.isNaN(stats.cosine) && Number.isNaN(stats.maxAbsError), JSON.stringify(stats));
  assert.deepEqual([...argmaxRows([0.1, 0.9, NaN, 0.5, 0.7, 0.2], 2)], [1, -1, 0]);
  const { top1Agreement } = compareOutputs([[0.1, 0.9], [0.3, 0.7]], [[0.2, 0.8], [NaN, 0.7]], 2);
  assert.equal(top1Agreement, 0.5);
});

test('top-1 agreement over samples and rows', () => {
  // 3 samples of 2 rows x 3 classes: rows 0..5 argmax ref = 2,0,1,1,0,2; cand = 2,0,0,1,2,2: 4 of 6 agree.
  const refs = [[0, 1, 2, 5, 1, 0], [0, 3, 1, 0, 2, 1], [4, 1, 0, 0, 1, 9]];
  const cands = [[0, 1, 2, 5, 1, 0], [3, 1, 1, 0, 2, 1], [1, 1, 4, 0, 1, 9]];
  const result = compareOutputs(refs, cands, 3);
  assert.equal(result.rows, 6);
  assert.ok(Math.abs(result.top1Agreement - 4 / 6) < 1e-12);
});

test('Pareto front: non-dominated points, sorted by latency', () => {
  const points = [
    { id: 'f32', latency: 10, fidelity: 100 },
    { id: 'int8', latency: 4, fidelity: 98 },
    { id: 'bad', latency: 6, fidelity: 90 },     // int8 is faster and better
    { id: 'pruned', latency: 2, fidelity: 70 },
    { id: 'tie', latency: 10, fidelity: 99 },    // f32 is as fast and better
  ];
  const { points: marked, front } = paretoFront(points);
  assert.deepEqual(front.map((p) => p.id), ['pruned', 'int8', 'f32']);
  assert.deepEqual(marked.map((p) => p.onFront), [true, true, false, true, false]);
  const same = paretoFront([{ id: 'a', latency: 1, fidelity: 1 }, { id: 'b', latency: 1, fidelity: 1 }]);
  assert.equal(same.front.length, 2); // equal points do not dominate each other
});
