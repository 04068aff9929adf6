// How far a variant's outputs are from the original model's, on the same
// sample inputs: the figures nnslim.compare() reports, computed here until
// the package has compare() (the worker prefers the package's when present).
//   SQNR (dB)   = 10 log10( sum ref^2 / sum (ref - cand)^2 )   (+Infinity when equal)
//   cosine      = <ref, cand> / (|ref| |cand|)
//   maxAbsError = max |ref - cand|
//   top-1 agreement = share of rows (the last dim holds the classes) whose
//                     argmax is the same in both
// NaN-aware: a NaN in either side makes SQNR and cosine NaN and counts as a
// disagreement, so a broken variant never looks faithful.

/** Index of the largest value of each row of `data` (rows of `classes` values); NaN rows give -1. */
export function argmaxRows(data, classes) {
  const rows = Math.floor(data.length / classes);
  const result = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = -1;
    let bestValue = -Infinity;
    for (let c = 0; c < classes; c++) {
      const value = data[r * classes + c];
      if (Number.isNaN(value)) { best = -1; break; }
      if (value > bestValue) { bestValue = value; best = c; }
    }
    result[r] = best;
  }
  return result;
}

/** { sqnrDb, cosine, maxAbsError } of cand against ref (equal lengths). */
export function errorStats(ref, cand) {
  if (ref.length !== cand.length) throw new Error(`fidelity: ${ref.length} reference values, ${cand.length} candidate values`);
  let signal = 0;
  let noise = 0;
  let dot = 0;
  let candNorm = 0;
  let maxAbsError = 0;
  for (let i = 0; i < ref.length; i++) {
    const r = ref[i];
    const c = cand[i];
    const e = r - c;
    signal += r * r;
    noise += e * e;
    dot += r * c;
    candNorm += c * c;
    const abs = Math.abs(e);
    if (abs > maxAbsError || Number.isNaN(abs)) maxAbsError = abs;
    if (Number.isNaN(maxAbsError)) break; // NaN stays: the figures are NaN
  }
  const sqnrDb = noise === 0 && !Number.isNaN(signal) ? Infinity : 10 * Math.log10(signal / noise);
  const norms = Math.sqrt(signal) * Math.sqrt(candNorm);
  const cosine = norms === 0 ? (signal === candNorm ? 1 : 0) : dot / norms;
  return { sqnrDb, cosine, maxAbsError };
}

/**
 * One output over every sample: refs[i], cands[i] are that output's data for
 * sample i; `classes` is the size of its last dim.
 * Returns { sqnrDb, cosine, maxAbsError, top1Agreement, rows }.
 */
export function compareOutputs(refs, cands, classes) {
  const ref = concat(refs);
  const cand = concat(cands);
  const stats = errorStats(ref, cand);
  const refTop = argmaxRows(ref, classes);
  const candTop = argmaxRows(cand, classes);
  let agree = 0;
  for (let r = 0; r < refTop.length; r++) if (refTop[r] >= 0 && refTop[r] === candTop[r]) agree++;
  return { ...stats, top1Agreement: refTop.length ? agree / refTop.length : NaN, rows: refTop.length };
}

function concat(arrays) {
  const total = arrays.reduce((n, a) => n + a.length, 0);
  const out = new Float64Array(total);
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}
