// Latency and throughput, as the lecture "The art of speed" defines them:
//   latency    = time to process one input (one run() call), in ms
//   throughput = inferences per second = batchSize / mean latency
// The first run (which compiles the plan: shape inference, weight packing,
// memory planning) is reported separately as `coldMs`; warm-up runs are not
// counted; percentiles use the nearest-rank method on the timed runs.

import { NnslimError } from './errors.js';

const now = () => (globalThis.performance ?? { now: () => Date.now() }).now();

// run() settles through microtasks only, so a loop of awaited runs never lets
// the event loop take a message: a Worker could not read a 'cancel' message
// (and its abort()) until the whole benchmark ended. Between runs, outside the
// timed span, give the loop one macrotask turn every YIELD_EVERY_MS of work.
const YIELD_EVERY_MS = 50;
function makeYielder() {
  let last = now();
  return async () => {
    if (now() - last < YIELD_EVERY_MS) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    last = now();
  };
}

/** Nearest-rank percentile of an ascending-sorted array (p in [0, 100]). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Summary statistics of latencies in ms. */
export function summarizeLatencies(samplesMs) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1);
  const variance = sorted.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, sorted.length - 1);
  return {
    mean,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    stddev: Math.sqrt(variance),
  };
}

/**
 * Times `runOnce` (an async function doing one inference of `batchSize` inputs).
 * options: { warmup = 10, iterations = 100, batchSize = 1, onProgress, signal }
 * onProgress({ phase: 'warmup' | 'timed', done, total }) is called after each run.
 */
export async function benchmarkRuns(runOnce, options = {}) {
  const warmup = options.warmup ?? 10;
  const iterations = options.iterations ?? 100;
  const batchSize = options.batchSize ?? 1;
  if (!Number.isInteger(warmup) || warmup < 0) {
    throw new NnslimError(`benchmark: warmup must be an integer >= 0, got ${warmup}`, { code: 'INVALID_ARGUMENT' });
  }
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new NnslimError(`benchmark: iterations must be an integer >= 1, got ${iterations}`, { code: 'INVALID_ARGUMENT' });
  }
  const { onProgress, signal } = options;

  const yieldToEventLoop = makeYielder();
  const coldStart = now();
  await runOnce();
  const coldMs = now() - coldStart;

  for (let i = 0; i < warmup; ++i) {
    await yieldToEventLoop();
    signal?.throwIfAborted?.();
    await runOnce();
    onProgress?.({ phase: 'warmup', done: i + 1, total: warmup });
  }
  const samples = new Array(iterations);
  for (let i = 0; i < iterations; ++i) {
    await yieldToEventLoop();
    signal?.throwIfAborted?.();
    const start = now();
    await runOnce();
    samples[i] = now() - start;
    onProgress?.({ phase: 'timed', done: i + 1, total: iterations });
  }
  const latencyMs = summarizeLatencies(samples);
  return {
    latencyMs,
    throughput: (batchSize * 1000) / latencyMs.mean,
    coldMs,
    batchSize,
    warmup,
    iterations,
    samplesMs: samples,
  };
}

/**
 * Per-step medians of runProfiled() step lists of the same plan (one list per
 * run): every step as the last run reported it, with ms = its median.
 */
export function medianSteps(runs) {
  if (runs.length === 0) return [];
  return runs[runs.length - 1].map((step, index) => {
    const sorted = runs.map((steps) => steps[index].ms).sort((a, b) => a - b);
    return { ...step, ms: percentile(sorted, 50) };
  });
}
