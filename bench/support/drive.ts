import { pool } from './figures';

export interface Driven {
  /** Steps completed within the counted time. */
  count: number;
  /** Their durations, in milliseconds. */
  latencies: number[];
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
  return { count: latencies.length, latencies };
}
