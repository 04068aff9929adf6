// The one numeric comparator of the JS tests: ONNX's backend-test rule
//   |actual - expected| <= atol + rtol * |expected|
// made NaN- and infinity-aware. `Math.abs(a - e) > bound` lets a NaN through
// (every comparison with NaN is false), so an all-NaN output would pass; here:
//   - expected NaN:     actual must be NaN (ONNX's test data holds NaNs);
//   - expected +-inf:   actual must be the same infinity;
//   - expected finite:  actual must be finite and within the bound.
import assert from 'node:assert/strict';

export function valuesMatch(actual, expected, rtol = 1e-3, atol = 1e-7) {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  if (!Number.isFinite(actual)) return false;
  return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
}

// '' when every element matches; else "K of N elements differ; first: ...".
export function describeMismatches(actual, expected, rtol = 1e-3, atol = 1e-7) {
  if (actual.length !== expected.length) return `${actual.length} elements, expected ${expected.length}`;
  let mismatches = 0;
  let first = '';
  for (let i = 0; i < expected.length; ++i) {
    if (valuesMatch(actual[i], expected[i], rtol, atol)) continue;
    if (mismatches++ === 0) {
      first = `element ${i}: got ${actual[i]}, expected ${expected[i]} (bound ${atol + rtol * Math.abs(expected[i])})`;
    }
  }
  return mismatches === 0 ? '' : `${mismatches} of ${expected.length} elements differ; first: ${first}`;
}

// Array-likes (Arrays, typed arrays) element by element; a number as a one-element array.
export function assertClose(actual, expected, rtol = 1e-3, atol = 1e-7) {
  const wrap = (x) => (typeof x === 'number' ? [x] : x);
  const mismatches = describeMismatches(wrap(actual), wrap(expected), rtol, atol);
  if (mismatches) assert.fail(mismatches);
}
