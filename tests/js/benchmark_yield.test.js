// benchmark() must let the event loop run between runs: a Worker reads its
// 'cancel' message (and a page its timers) only in a macrotask turn, so an
// abort requested from a timer has to stop a long benchmark mid-way.
import assert from 'node:assert/strict';
import test from 'node:test';

import { benchmarkRuns } from '../../web/benchmark.js';

// One "inference": 1 ms of busy work that settles through microtasks only, as
// run() does.
async function busyRun() {
  const end = performance.now() + 1;
  while (performance.now() < end) { /* spin */ }
}

test('an abort requested from a timer stops a running benchmark', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 30);
  let runs = 0;
  const started = performance.now();
  await assert.rejects(
    benchmarkRuns(async () => { runs += 1; await busyRun(); }, { warmup: 0, iterations: 3000, signal: controller.signal }),
    { name: 'AbortError' });
  // 3000 runs take >= 3 s; the abort lands after ~30 ms and one yield period.
  assert.ok(runs < 1000, `the benchmark ran ${runs} of 3000 runs before stopping`);
  assert.ok(performance.now() - started < 2000);
});
