// What the rest of the machine did while a run was timed, from Linux's
// /proc/stat: CPU time of other processes (all CPUs' busy time minus this
// process's) and steal time (a VM's vCPUs waiting while the host ran
// something else). A 2-thread run needs both cores; when another process
// or the host takes one, the run shows it and its timing says nothing of
// nnslim. Elsewhere (no /proc/stat) every reading is null.
import { readFileSync } from 'node:fs';

// USER_HZ: /proc/stat counts in 1/100 s on every Linux Node runs on.
export const MS_PER_TICK = 10;

// All CPUs' busy and steal time since boot, in ticks (null without
// /proc/stat); bench/browser/machine_share.mjs reads it too.
export function readStat() {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
    // cpu user nice system idle iowait irq softirq steal guest guest_nice
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    if (![user, nice, system, idle, iowait, irq, softirq, steal].every(Number.isFinite)) return null;
    return { busy: user + nice + system + irq + softirq, steal };
  } catch {
    return null;
  }
}

// Starts a reading; its end() gives { othersMs, stealMs } since the start
// (null without /proc/stat). Ticks are 10 ms: sum over many runs.
export function startReading() {
  const stat = readStat();
  const cpu = process.cpuUsage();
  return {
    end() {
      const now = readStat();
      if (!stat || !now) return null;
      const own = process.cpuUsage(cpu);
      const busyMs = (now.busy - stat.busy) * MS_PER_TICK;
      return {
        othersMs: Math.max(0, busyMs - (own.user + own.system) / 1000),
        stealMs: (now.steal - stat.steal) * MS_PER_TICK,
      };
    },
  };
}
