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
