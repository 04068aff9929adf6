// model.explain(): per layer, what pruning bought and what the runtime made
// of it: sparsity, dense vs effective MACs (zeros skipped), the kernel the
// compiled plan chose, its measured time, and against a baseline model (the
// unpruned original) the predicted vs the measured speedup.
import { NnslimError } from './errors.js';

// Kernels that skip zero weights: the sparse families ("f32 spmm 16x1", "f32 spgemv x8").
const SPARSE_KERNEL = /sparse|spmm|spgemv|spmv|csr|bsr/i;

function invalid(message) {
  return new NnslimError(`explain: ${message}`, { code: 'INVALID_ARGUMENT' });
}

// Median step times grouped by layer: name -> { ms, kernels }.
async function measureLayers(model, iterations, inputShapes) {
  const { layers: steps } = await model.benchmark({ warmup: 1, iterations, perLayer: true, inputShapes });
  const byLayer = new Map();
  for (const step of steps) {
    const entry = byLayer.get(step.layer) ?? { ms: 0, kernels: [] };
    entry.ms += step.ms;
    if (!entry.kernels.includes(step.kernel)) entry.kernels.push(step.kernel);
    byLayer.set(step.layer, entry);
  }
  return byLayer;
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
  const header = ['Layer', 'Sparsity', 'MACs', 'Effective MACs', 'Kernel', 'ms', 'Predicted', 'Measured'];
  const rows = layers.map((l) => [
    l.name, `${(100 * l.sparsity).toFixed(1)}%`, cell(l.macs), cell(l.effectiveMacs), l.kernel, cell(l.ms, 3),
    l.predictedSpeedup === null ? '-' : `${l.predictedSpeedup.toFixed(2)}x`,
    l.measuredSpeedup === null ? '-' : `${l.measuredSpeedup.toFixed(2)}x`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

export async function explainModel(model, options = {}) {
  if (options === null || typeof options !== 'object') throw invalid('options must be an object');
  const { baseline, iterations = 5, printFn = null, inputShapes } = options;
  if (!Number.isSafeInteger(iterations) || iterations < 1) throw invalid(`iterations must be a positive integer, got ${iterations}`);
  if (baseline !== undefined && (baseline === null || typeof baseline.profile !== 'function')) {
    throw invalid('baseline must be a Model');
  }
  const profile = model.profile({ inputShapes });
  const measured = await measureLayers(model, iterations, inputShapes);
  const baseProfile = baseline ? baseline.profile({ inputShapes }) : null;
  const baseMeasured = baseline ? await measureLayers(baseline, iterations, inputShapes) : null;
  const layers = [];
  for (const layer of profile.layers) {
    const steps = measured.get(layer.name);
    if (layer.macs === 0 && !steps) continue;
    const kernel = steps ? steps.kernels.join(' + ') : '(folded)';
    const computedMacs = SPARSE_KERNEL.test(kernel) ? layer.effectiveMacs : layer.macs;
    const base = baseProfile?.layers.find((l) => l.name === layer.name);
    const baseSteps = baseMeasured?.get(layer.name);
    layers.push({
      name: layer.name,
      type: layer.type,
      sparsity: layer.sparsity,
      macs: layer.macs,
      effectiveMacs: layer.effectiveMacs,
      kernel,
      ms: steps ? steps.ms : 0,
      predictedSpeedup: base ? ratio(base.macs, computedMacs) : null,
      measuredSpeedup: base && baseSteps && steps ? ratio(baseSteps.ms, steps.ms) : null,
    });
  }
  const text = formatTable(layers);
  if (printFn) printFn(text);
  return { layers, text };
}
