// The comparator every numeric JS test relies on (numeric_match.js) must
// reject what `Math.abs(a - e) > bound` lets through: NaN, infinities and
// errors past the bound, and accept a good match.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { assertClose, describeMismatches, valuesMatch } from './numeric_match.js';

test('valuesMatch: a good match passes, an error past atol + rtol * |expected| fails', () => {
  assert.equal(valuesMatch(2, 2), true);
  assert.equal(valuesMatch(2.0019, 2), true); // bound 1e-7 + 2e-3
  assert.equal(valuesMatch(-2.0019, -2), true);
  assert.equal(valuesMatch(2.0021, 2), false);
  assert.equal(valuesMatch(1.9979, 2), false);
  assert.equal(valuesMatch(5e-8, 0), true);
  assert.equal(valuesMatch(2e-7, 0), false);
  assert.equal(valuesMatch(1, 0, 0, 0), false);
});

test('valuesMatch: NaN fails where a finite value is expected; NaN expected needs NaN', () => {
  assert.equal(valuesMatch(NaN, 1), false);
  assert.equal(valuesMatch(NaN, 0, 1e9, 1e9), false); // no tolerance admits a NaN
  assert.equal(valuesMatch(1, NaN), false);
  assert.equal(valuesMatch(NaN, NaN), true);
  assert.equal(valuesMatch(undefined, 1), false); // a missing element is not a number
});

test('valuesMatch: infinities match only the same infinity', () => {
  assert.equal(valuesMatch(Infinity, Infinity), true);
  assert.equal(valuesMatch(-Infinity, -Infinity), true);
  assert.equal(valuesMatch(-Infinity, Infinity), false);
  assert.equal(valuesMatch(Infinity, 1e300, 1e9, 1e9), false);
  assert.equal(valuesMatch(1e300, Infinity, 1e9, 1e9), false);
  assert.equal(valuesMatch(NaN, Infinity), false);
});

test('describeMismatches / assertClose: an all-NaN output fails and names its first element', () => {
  const expected = new Float32Array([1, -2, 3]);
  const nan = new Float32Array([NaN, NaN, NaN]);
  assert.equal(describeMismatches(nan, expected), '3 of 3 elements differ; first: element 0: got NaN, expected 1 (bound 0.0010001)');
  assert.throws(() => assertClose(nan, expected), /3 of 3 elements differ/);
  assert.throws(() => assertClose([1, -2, 3.1], expected), /1 of 3 elements differ; first: element 2/);
  assert.throws(() => assertClose([1, -2], expected), /2 elements, expected 3/);
  assert.throws(() => assertClose(Infinity, 1), /got Infinity/);
  assertClose(expected, [1, -2, 3]);
  assertClose([NaN, Infinity], [NaN, Infinity]);
  assertClose(1 + 1e-6, 1, 0, 1e-5);
});
