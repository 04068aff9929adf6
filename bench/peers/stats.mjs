// Summary statistics of timings and the output cross-check.

export function percentile(sorted, p) {
  // Nearest-rank on the sorted samples (p in [0, 100]).
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(samplesMs) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, p90: percentile(sorted, 90), min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

// One output array, or several joined in order (multi-output models are
// cross-checked on all their outputs at once).
export function concatOutputs(arrays) {
  if (arrays.length === 1) return arrays[0];
  const joined = new Float64Array(arrays.reduce((sum, array) => sum + array.length, 0));
  let offset = 0;
  for (const array of arrays) {
    joined.set(array, offset);
    offset += array.length;
  }
  return joined;
}

// Normwise relative error max_i |a_i - b_i| / max_i |b_i|: scale-aware, so an
// output that is near zero does not turn round-off into a huge ratio.
export function maxRelativeError(actual, reference) {
  if (actual.length !== reference.length) {
    throw new Error(`output length ${actual.length} != reference length ${reference.length}`);
  }
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < reference.length; i++) {
    const diff = Math.abs(actual[i] - reference[i]);
    if (!(diff <= maxDiff)) maxDiff = diff; // NaN propagates
    maxRef = Math.max(maxRef, Math.abs(reference[i]));
  }
  return maxRef > 0 ? maxDiff / maxRef : maxDiff;
}
