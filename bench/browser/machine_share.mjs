// What the rest of the machine did while a browser bench timed: CPU time of
// processes other than this one and its descendants (the browsers it
// launched), and the VM's steal time, from Linux's /proc (null elsewhere).
// The browser benches' 2-thread runs need both cores; runs taken while
// another process held part of one say little of either runtime. (On
// 2026-12-06 both runtimes' slow 2-thread runs, their threads waiting 3-8
// ms for a vCPU, came with other processes at ~1% of a core: the host's
// doing, which this VM's /proc/stat steal does not show; docs/benchmarks.md.)
// The Node benches' twin is
// bench/threads/machine_activity.mjs (whose /proc/stat reader this uses),
// which counts only its own process as ours.
import { readdirSync, readFileSync } from 'node:fs';

import { MS_PER_TICK, readStat } from '../threads/machine_activity.mjs';

function machineTicks() {
  const stat = readStat();
  if (!stat) throw new Error('no /proc/stat');
  return stat;
}

// utime + stime of this process and every descendant alive now, in ticks,
// per pid (a child's threads are in its own figures).
function ourTicks() {
  const parent = new Map();
  const ticks = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(entry), Number(fields[1]));
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch { /* exited */ }
  }
  const ours = new Map();
  for (const [pid, t] of ticks) {
    for (let p = pid; p > 1; p = parent.get(p) ?? 0) {
      if (p === process.pid) { ours.set(pid, t); break; }
    }
  }
  return ours;
}

// Starts a reading; end() gives { othersMs, stealMs, elapsedMs } since the
// start, or null off Linux. Ticks are 10 ms: read over seconds, not a run.
export function startReading() {
  let machine;
  let ours;
  try {
    machine = machineTicks();
    ours = ourTicks();
  } catch {
    return { end: () => null };
  }
  const start = performance.now();
  return {
    end() {
      const nowMachine = machineTicks();
      const nowOurs = ourTicks();
      let ourDelta = 0;
      for (const [pid, t] of nowOurs) ourDelta += t - (ours.get(pid) ?? 0);
      return {
        othersMs: Math.max(0, (nowMachine.busy - machine.busy - ourDelta) * MS_PER_TICK),
        stealMs: (nowMachine.steal - machine.steal) * MS_PER_TICK,
        elapsedMs: performance.now() - start,
      };
    },
  };
}
