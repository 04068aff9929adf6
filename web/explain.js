// model.explain(): per layer, what pruning bought and what the runtime made
// of it: sparsity, dense vs effective MACs (zeros skipped), the kernel the
// compiled plan chose and why (dense or sparse, the sparsity against the
// measured crossover), its measured time, and against a baseline model (the
// unpruned original) the predicted vs the measured speedup.
import { medianSteps } from './benchmark.js';
import { NnslimError } from './errors.js';

function invalid(message) {
  return new NnslimError(`explain: ${message}`, { code: 'INVALID_ARGUMENT' });
}

// Median step times grouped by layer: name -> { ms, kernels, reasons,
// sparseKernel, computedMacs }. steps: medianSteps() of timed runs.
// planSteps (optional): the compiled plan's steps with their weight info
// (the kernel chosen for the weights and why, the MACs it performs), read
// after the timed runs compiled the plan.
function groupByLayer(steps, planSteps) {
  const byLayer = new Map();
  const entryOf = (layer) => {
    if (!byLayer.has(layer)) byLayer.set(layer, { ms: 0, kernels: [], reasons: [], sparseKernel: false, computedMacs: null });
    return byLayer.get(layer);
  };
  for (const step of steps) {
    const entry = entryOf(step.layer);
    entry.ms += step.ms;
    if (!entry.kernels.includes(step.kernel)) entry.kernels.push(step.kernel);
  }
  for (const step of planSteps ? planSteps() : []) {
    const entry = entryOf(step.layer);
    // Every step says why it runs its kernel; weight facts only where it has weights.
    if (step.reason && !entry.reasons.includes(step.reason)) entry.reasons.push(step.reason);
    if (!step.hasWeights) continue;
    entry.sparseKernel ||= step.sparseKernel;
    entry.computedMacs = (entry.computedMacs ?? 0) + step.effectiveMacs;
  }
  return byLayer;
}

// The per-step medians of `iterations` timed runs of each model. One model
// is timed by one benchmark() call. With a baseline the two are timed in
// alternating rounds (one run each), so that load from elsewhere on the
// machine hits both alike: timed one model after the other, BlazeFace
// compared with itself read between 0.10x and 8.65x on single layers, 17
// and 40 of 114 layers outside [0.8, 1.25] in two runs (2 and 6 alternated;
// bench/corpus/explain_self_baseline.mjs).
async function timeSteps(models, iterations, inputShapes) {
  const timed = async (model, warmup, count) =>
    (await model.benchmark({ warmup, iterations: count, perLayer: true, inputShapes })).layers;
  if (models.length === 1) return [await timed(models[0], 1, iterations)];
  const runs = models.map(() => []);
  for (const model of models) await timed(model, 1, 1); // compile and warm up each plan first
  for (let i = 0; i < iterations; i++) {
    for (let m = 0; m < models.length; m++) runs[m].push(await timed(models[m], 0, 1));
  }
  return runs.map(medianSteps);
}

function ratio(numerator, denominator) {
  return denominator > 0 ? numerator / denominator : null;
}

function cell(value, digits = 2) {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'number') return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(digits);
  return String(value);
}

function formatTable(layers) {
  const header = ['Layer', 'Sparsity', 'MACs', 'Effective MACs', 'Kernel', 'ms', 'Predicted', 'Measured', 'Why'];
  const rows = layers.map((l) => [
    l.name, `${(100 * l.sparsity).toFixed(1)}%`, cell(l.macs), cell(l.effectiveMacs), l.kernel, cell(l.ms, 3),
    l.predictedSpeedup === null ? '-' : `${l.predictedSpeedup.toFixed(2)}x`,
    l.measuredSpeedup === null ? '-' : `${l.measuredSpeedup.toFixed(2)}x`, l.why,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 || i === 4 || i === 8 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

export async function explainModel(model, options = {}, planSteps = undefined) {
  if (options === null || typeof options !== 'object') throw invalid('options must be an object');
  const { baseline, iterations = 5, printFn = null, inputShapes } = options;
  if (!Number.isSafeInteger(iterations) || iterations < 1) throw invalid(`iterations must be a positive integer, got ${iterations}`);
  if (baseline !== undefined && (baseline === null || typeof baseline.profile !== 'function')) {
    throw invalid('baseline must be a Model');
  }
  const profile = model.profile({ inputShapes });
  const baseProfile = baseline ? baseline.profile({ inputShapes }) : null;
  const [steps, baseSteps] = await timeSteps(baseline ? [model, baseline] : [model], iterations, inputShapes);
  const measured = groupByLayer(steps, planSteps);
  const baseMeasured = baseline ? groupByLayer(baseSteps) : null;
  const layers = [];
  for (const layer of profile.layers) {
    const steps = measured.get(layer.name);
    if (layer.macs === 0 && !steps) continue;
    const kernel = steps ? steps.kernels.join(' + ') : '(folded)';
    // The MACs the chosen kernel performs: the plan's figure (zeros skipped
    // by a sparse kernel), else the dense MACs.
    const computedMacs = steps?.computedMacs ?? layer.macs;
    const base = baseProfile?.layers.find((l) => l.name === layer.name);
    const baseSteps = baseMeasured?.get(layer.name);
    layers.push({
      name: layer.name,
      type: layer.type,
      sparsity: layer.sparsity,
      macs: layer.macs,
      effectiveMacs: layer.effectiveMacs,
      kernel,
      sparseKernel: steps?.sparseKernel ?? false,
      // A layer with no step of its own was folded at compile time (constant
      // inputs, or fused into the step of a neighbouring layer).
      why: steps ? steps.reasons.join('; ') : 'folded: no step of its own (computed at compile time or fused into a neighbour\'s step)',
      ms: steps ? steps.ms : 0,
      predictedSpeedup: base ? ratio(base.macs, computedMacs) : null,
      measuredSpeedup: base && baseSteps && steps ? ratio(baseSteps.ms, steps.ms) : null,
    });
  }
  const text = formatTable(layers);
  if (printFn) printFn(text);
  return { layers, text };
}
