import { pool } from './figures';
import { cpuPerOperation, cpuSnapshot } from './process-cpu';

export interface Driven {
  /** Steps completed within the counted time. */
  count: number;
  /** Their durations, in milliseconds. */
  latencies: number[];
  /** CPU milliseconds per counted step, by group of processes, over the counted time. */
  cpuMsPerStep: Record<string, number>;
}

/**
 * Runs one loop per lane for `rampMs + countMs` (closed loop: each lane's next step starts when
 * its previous one is answered) and returns the steps completed after the ramp, which is not
 * counted: lanes ramp up there, after another workload has drained.
 */
export async function drive(
  lanes: number,
  rampMs: number,
  countMs: number,
  step: (lane: number, counted: boolean) => Promise<void>,
): Promise<Driven> {
  const countFrom = Date.now() + rampMs;
  const end = countFrom + countMs;
  const latencies: number[] = [];
  let cpuBefore = cpuSnapshot();
  let cpuAfter = cpuBefore;
  const counting = setTimeout(() => (cpuBefore = cpuSnapshot()), rampMs);
  const ending = setTimeout(() => (cpuAfter = cpuSnapshot()), rampMs + countMs);
  await pool(
    Array.from({ length: lanes }, (_, i) => i),
    lanes,
    async (lane) => {
      while (Date.now() < end) {
        const sent = Date.now();
        const inWindow = sent >= countFrom;
        await step(lane, inWindow);
        const done = Date.now();
        if (inWindow && done <= end) latencies.push(done - sent);
      }
    },
  );
  clearTimeout(counting);
  clearTimeout(ending);
  return {
    count: latencies.length,
    latencies,
    cpuMsPerStep: cpuPerOperation(cpuBefore, cpuAfter, Math.max(latencies.length, 1)),
  };
}

/** Two drives of the same workload as one: their steps, and CPU per step weighted by their counts. */
export function combineDriven(first: Driven, second: Driven): Driven {
  const count = first.count + second.count;
  const cpuMsPerStep: Record<string, number> = {};
  for (const driven of [first, second]) {
    for (const [group, ms] of Object.entries(driven.cpuMsPerStep)) {
      cpuMsPerStep[group] = (cpuMsPerStep[group] ?? 0) + (ms * driven.count) / Math.max(count, 1);
    }
  }
  return { count, latencies: [...first.latencies, ...second.latencies], cpuMsPerStep };
}

export interface ComparedRound {
  baseline: Driven;
  subject: Driven;
  /** Subject steps per baseline step over the same counted time. */
  ratio: number;
}

/**
 * One round of an A/B comparison, run as baseline, subject, subject, baseline (ABBA), each for
 * half of `countMs` after its ramp. With A then B, a drift within the round (the host's other
 * tenants, the server's growing database) always fell on B; in this order a drift that is
 * linear over the round weighs on both alike.
 */
export async function driveComparedRound(
  lanes: number,
  rampMs: number,
  countMs: number,
  baseline: (lane: number, counted: boolean) => Promise<void>,
  subject: (lane: number, counted: boolean) => Promise<void>,
): Promise<ComparedRound> {
  const halfMs = countMs / 2;
  const baselineFirst = await drive(lanes, rampMs, halfMs, baseline);
  const subjectFirst = await drive(lanes, rampMs, halfMs, subject);
  const subjectSecond = await drive(lanes, rampMs, halfMs, subject);
  const baselineSecond = await drive(lanes, rampMs, halfMs, baseline);
  const baselineBoth = combineDriven(baselineFirst, baselineSecond);
  const subjectBoth = combineDriven(subjectFirst, subjectSecond);
  return { baseline: baselineBoth, subject: subjectBoth, ratio: subjectBoth.count / Math.max(baselineBoth.count, 1) };
}
