import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** CPU time used so far, in milliseconds, by group of processes (see `groupOf`). */
export type CpuSnapshot = Map<string, number>;

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** Which part of the stack a process is, from its command line. */
function groupOf(pid: number, command: string): string {
  if (pid === process.pid) return 'bench';
  if (command.includes('dist/apps/api/')) return 'api';
  if (command.includes('apps/worker/')) return 'worker';
  if (command.includes('apps/projector/')) return 'projector';
  if (command.includes('apps/notifier/')) return 'notifier';
  if (command.includes('kafka')) return 'kafka';
  if (command.includes('temporal')) return 'temporal';
  if (command.includes('postgres')) return 'postgres';
  return 'other';
}

/**
 * Every process's user and system CPU time from /proc, summed by group: on a shared 2-core
 * machine, the CPU each workload costs per operation is what its rate ratio comes down to.
 */
export function cpuSnapshot(): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start after its closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
      if (ticks === 0) continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const group = groupOf(Number(entry), command);
      snapshot.set(group, (snapshot.get(group) ?? 0) + (ticks * 1000) / TICKS_PER_SECOND);
    } catch {
      // The process ended while being read.
    }
  }
  return snapshot;
}

/** CPU milliseconds per operation, by group, between two snapshots. */
export function cpuPerOperation(before: CpuSnapshot, after: CpuSnapshot, operations: number): Record<string, number> {
  const perOperation: Record<string, number> = {};
  let total = 0;
  for (const [group, ms] of after) {
    const used = ms - (before.get(group) ?? 0);
    if (used <= 0) continue;
    perOperation[group] = used / operations;
    total += used;
  }
  perOperation['total'] = total / operations;
  return perOperation;
}

/** `total 13.61, temporal 7.66, worker 4.11, …`: the groups by decreasing CPU per operation. */
export const describeCpu = (cpu: Record<string, number>) =>
  Object.entries(cpu)
    .sort(([, a], [, b]) => b - a)
    .map(([group, ms]) => `${group} ${ms.toFixed(2)}`)
    .join(', ');
