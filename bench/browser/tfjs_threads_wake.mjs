// Does one runtime's run leave its threads busy and slow the other runtime's
// run timed right after it? The question behind compare_tfjs_threads.mjs's
// settled timing (the Node twin: bench/threads/run_threads.mjs, waitQuiet).
// One page, both runtimes on --threads threads (tfjs_threads_page.mjs),
// headless Chromium. Two measurements, in rotated rounds, each condition
// starting after --idle-ms with nothing running:
//
// 1. Timing: runtime A (untimed), a pause of P ms, then runtime B timed, for
//    every A, B and P in --pauses; and "settled": the other runtime, --settle-ms
//    asleep, an untimed run of B, then B timed (compare_tfjs_threads.mjs's
//    method).
// 2. CPU: the CPU time the browser's threads use from just before a run of
//    runtime A to W ms after it returns (W = 0 and every W in --windows;
//    the difference is the W ms after), summed per thread name (Linux: every
//    thread of this process's child processes, /proc/PID/task/TID/schedstat,
//    ns), and in 100 ms with nothing run (the browser's idle baseline).
//
//   node bench/browser/tfjs_threads_wake.mjs [--threads 2] [--rounds 12]
//        [--pauses 0,5,25,50,100] [--settle-ms 50] [--windows 5,25,50,100,200] [--idle-ms 200]
//        [--nnslim-cores N]
//
// TF.js starts under hardwareConcurrency 2 x threads (it runs half of it),
// nnslim under --nnslim-cores (default max(2, threads): its pool size;
// tfjs_threads_page.mjs says why).
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { startStaticServer } from '../../scripts/static-server.js';
import { summarize } from '../peers/stats.mjs';
import { loadWorkload } from '../peers/workloads.mjs';
import { RUNTIMES, openPage, runOnce } from './tfjs_threads_page.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values: options } = parseArgs({
  options: {
    workload: { type: 'string', default: 'mobilenetv2_b1' },
    threads: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '12' },
    warmup: { type: 'string', default: '15' },
    pauses: { type: 'string', default: '0,5,25,50,100' },
    'settle-ms': { type: 'string', default: '50' },
    windows: { type: 'string', default: '5,25,50,100,200' },
    'idle-ms': { type: 'string', default: '200' },
    'nnslim-cores': { type: 'string' },
  },
});
const threads = Number(options.threads);
const pauses = options.pauses.split(',').map(Number);
const windows = options.windows.split(',').map(Number);
const settleMs = Number(options['settle-ms']);
const idleMs = Number(options['idle-ms']);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// CPU ns per thread name over every thread of this process's descendants.
function descendants() {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch { /* exited */ }
  }
  const found = [];
  const queue = [process.pid];
  while (queue.length > 0) for (const child of children.get(queue.shift()) ?? []) { found.push(child); queue.push(child); }
  return found;
}
let pids = [];
function cpuByThreadName() {
  const totals = new Map();
  for (const pid of pids) {
    let tids;
    try { tids = readdirSync(`/proc/${pid}/task`); } catch { continue; }
    for (const tid of tids) {
      try {
        const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
        const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
        totals.set(name, (totals.get(name) ?? 0) + ns);
      } catch { /* exited */ }
    }
  }
  return totals;
}

const workload = await loadWorkload(options.workload);
const server = await startStaticServer({ mounts: { '/': ROOT } });
const { browser, page, info } = await openPage({
  serverUrl: server.url, workload, threads, hardwareConcurrency: 2 * threads,
  nnslimCores: Number(options['nnslim-cores'] ?? Math.max(2, threads)),
});
pids = descendants();
const timings = new Map(); // label -> ms[]
const cpu = new Map(); // label -> [{ name -> ms }]
const push = (map, key, value) => { if (!map.has(key)) map.set(key, []); map.get(key).push(value); };
const other = (which) => 1 - which;
const conditions = [];
for (const timed of [0, 1]) {
  for (const before of [0, 1]) {
    for (const pause of pauses) {
      conditions.push({
        label: `${RUNTIMES[timed]} timed ${pause} ms after ${RUNTIMES[before]}`,
        async run() {
          await runOnce(page, before);
          if (pause > 0) await sleep(pause);
          push(timings, this.label, await runOnce(page, timed));
        },
      });
    }
  }
  conditions.push({
    label: `${RUNTIMES[timed]} settled: ${RUNTIMES[other(timed)]}, ${settleMs} ms, ${RUNTIMES[timed]} untimed, timed`,
    async run() {
      await runOnce(page, other(timed));
      await sleep(settleMs);
      await runOnce(page, timed);
      push(timings, this.label, await runOnce(page, timed));
    },
  });
}
// CPU: read before the run, so the first milliseconds after it count too
// (the window after = this minus the W = 0 row).
for (const before of [0, 1, null]) {
  for (const window of before === null ? [100] : [0, ...windows]) {
    conditions.push({
      label: `CPU ${before === null ? `${window} ms, nothing run` : `${RUNTIMES[before]} run + ${window} ms`}`,
      async run() {
        const c0 = cpuByThreadName();
        const t0 = performance.now();
        if (before !== null) await runOnce(page, before);
        if (window > 0) await sleep(window);
        const c1 = cpuByThreadName();
        const used = { 'elapsed ms': performance.now() - t0 };
        for (const [name, ns] of c1) used[name] = (ns - (c0.get(name) ?? 0)) / 1e6;
        push(cpu, this.label, used);
      },
    });
  }
}

try {
  for (let i = 0; i < Number(options.warmup); i++) for (const which of [0, 1, 0, 1]) await runOnce(page, which);
  const rounds = Number(options.rounds);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < conditions.length; k++) {
      await sleep(idleMs);
      await conditions[(round * 7 + k) % conditions.length].run();
    }
  }
} finally {
  await browser.close();
  await server.close();
}

console.log(`${workload.name}, ${threads} threads (nnslim's pool: ${info.nnslimMaxThreads}), one page (${info.userAgent}); ${options.rounds} rounds, ` +
  `${idleMs} ms idle before each condition; ${os.cpus().length} cores, load average ` +
  `${os.loadavg().map((x) => x.toFixed(2)).join(' / ')}`);
console.log('Timed runs (ms): median, p90, min');
for (const [label, samples] of timings) {
  const s = summarize(samples);
  console.log(`  ${label.padEnd(62)} ${s.median.toFixed(2).padStart(7)} ${s.p90.toFixed(2).padStart(7)} ${s.min.toFixed(2).padStart(7)}`);
}
console.log("Browser threads' CPU ms from before the run to the window's end (medians over rounds; per thread name where >= 0.05)");
for (const [label, samples] of cpu) {
  const names = new Set(samples.flatMap((s) => Object.keys(s)));
  const medians = [...names].map((name) => [name, summarize(samples.map((s) => s[name] ?? 0)).median]);
  const total = summarize(samples.map((s) => Object.entries(s).reduce((sum, [n, v]) => (n === 'elapsed ms' ? sum : sum + v), 0)));
  const parts = medians.filter(([name, v]) => v >= 0.05).map(([name, v]) => `${name} ${v.toFixed(2)}`);
  console.log(`  ${label.padEnd(28)} all ${total.median.toFixed(2)} (min ${total.min.toFixed(2)}, p90 ${total.p90.toFixed(2)}); ${parts.join(', ')}`);
}
